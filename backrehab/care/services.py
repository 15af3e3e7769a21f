"""Every change to a patient's care goes through here (pages, API and commands alike)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone
from pydantic import ValidationError

from backrehab.care import alerts

# Re-exported: callers catch services.CareInputInvalid and read services.EvaluationResult.
from backrehab.care.actions.evaluations import EvaluationResult as EvaluationResult
from backrehab.care.actions.evaluations import do_evaluate
from backrehab.care.errors import CareInputInvalid as CareInputInvalid
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import describe_errors
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.progression import Kind, apply_decisions, decisions_json, next_step
from backrehab.clinical.progression import SessionLog as SessionRecord
from backrehab.library.services import stored_library

# A session is logged on the day it was done, or later from the phone's outbox. A date far ahead
# is a typing slip or an attack: stored, it would hide every later session from the weekly pain
# comparison and the quiet-week check. One day ahead is allowed for a phone in a later time zone.
EARLIEST_SESSION_DATE = dt.date(2000, 1, 1)
SESSION_DAYS_AHEAD_ALLOWED = 1


def session_date_problem(day: dt.date, today: dt.date) -> str | None:
    """Why a session cannot be dated `day`, or None when it can."""
    if day < EARLIEST_SESSION_DATE:
        return f"date: must be on or after {EARLIEST_SESSION_DATE.isoformat()}"
    latest = today + dt.timedelta(days=SESSION_DAYS_AHEAD_ALLOWED)
    if day > latest:
        return f"date: cannot be after {latest.isoformat()} (a session is logged once done)"
    return None


def evaluate(
    patient: Patient,
    answers: dict[str, Any],
    *,
    kind: str = Evaluation.Kind.INTAKE,
    by: AbstractBaseUser | None = None,
) -> EvaluationResult:
    """The evaluation action under its older name (the demo and many tests call it)."""
    return do_evaluate(patient, answers, kind=kind, by=by)


def record_session(
    patient: Patient, program: Program, client_id: uuid.UUID, data: dict[str, Any]
) -> tuple[SessionLog, bool]:
    """Store a finished session once, however many times the device sends it.

    Returns the log and whether it was new.
    """
    try:
        record = SessionRecord.model_validate(data)
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    date_problem = session_date_problem(record.date, timezone.localdate())
    if date_problem:
        raise CareInputInvalid([date_problem])
    if program.patient_id != patient.pk:
        raise CareInputInvalid(["program: not this patient's program"])
    existing = SessionLog.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.patient_id != patient.pk:
            raise CareInputInvalid(["client_id: already used for another record"])
        return existing, False
    try:
        with transaction.atomic():
            log = SessionLog.objects.create(
                patient=patient,
                program=program,
                client_id=client_id,
                performed_on=record.date,
                data=record.model_dump(mode="json"),
            )
    except IntegrityError:
        # Two deliveries raced; the other one stored it.
        return SessionLog.objects.get(client_id=client_id), False
    alerts.after_session(log)
    return log, True


@transaction.atomic
def apply_progression(patient: Patient) -> Program | None:
    """Let the engine judge the sessions done on the program in force, and apply its decisions.

    A progress, regress or stop decision makes a new program version (the old one is kept, so
    the history shows who changed what and why); when every exercise holds, nothing changes.
    Returns the new program, or None.
    """
    program = Program.objects.select_for_update().filter(patient=patient, is_active=True).first()
    if program is None:
        return None
    logs = [
        SessionRecord.model_validate(log.data)
        for log in program.session_logs.order_by("performed_on", "received_at")
    ]
    if not logs:
        return None
    current = EngineProgram.model_validate(program.plan)
    decisions = next_step(current, logs, stored_library())
    changed = [d for d in decisions if d.decision != Kind.HOLD]
    if not changed:
        return None
    items = apply_decisions(current, decisions)
    program.is_active = False
    program.save(update_fields=["is_active"])
    new = Program.objects.create(
        patient=patient,
        evaluation=program.evaluation,
        plan={**program.plan, "items": items},
        reason="Adjusted by the progression rules after your recent sessions.",
        changes=decisions_json(changed),
    )
    alerts.after_progression(patient, new, changed)
    return new
