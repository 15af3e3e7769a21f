"""A patient corrects a session they logged (a wrong count, a pain score tapped by mistake, an
exercise they did but forgot to log), as in wger: the log takes the corrected values and keeps
what it said before in its history, so the clinician sees both."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from backrehab.audit.log import Action, record
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import SessionLog
from backrehab.clinical.intake import describe_errors
from backrehab.clinical.progression import SessionLog as SessionRecord
from backrehab.json_text import nul_problem

CORRECTABLE_DAYS = 7  # a week: later than that, a memory is no better than the log
MOST_CORRECTIONS = 20  # per log; the history stays small


def correctable(log: SessionLog) -> bool:
    return (timezone.localdate() - log.performed_on).days <= CORRECTABLE_DAYS and len(
        log.corrections or []
    ) < MOST_CORRECTIONS


@transaction.atomic
def do_correct_session(
    log: SessionLog,
    data: dict[str, Any],
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> SessionLog:
    """Replace the log's values with `data` (the same schema as a new log; the date stays)."""
    log = SessionLog.objects.select_for_update().get(pk=log.pk)
    if not correctable(log):
        raise CareInputInvalid(
            [f"session: only sessions of the last {CORRECTABLE_DAYS} days can be corrected"]
        )
    if nul := nul_problem(data):
        raise CareInputInvalid([nul])
    try:
        corrected = SessionRecord.model_validate({**data, "date": log.performed_on.isoformat()})
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    new = corrected.model_dump(mode="json")
    if new == log.data:
        return log
    log.corrections = [
        *(log.corrections or []),
        {"at": timezone.now().isoformat(), "by": by.get_username(), "before": log.data},
    ]
    log.data = new
    log.save(update_fields=["data", "corrections"])
    record(
        request,
        Action.CHANGED,
        f"session of {log.performed_on:%Y-%m-%d} corrected",
        log.patient,
        actor=by,
    )
    return log
