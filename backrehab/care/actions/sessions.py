"""Session logging and the progression it drives: the log, the morning check, and the new
program version the progression rules make from them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone
from pydantic import ValidationError

from backrehab.audit.log import Action, record
from backrehab.care import alerts
from backrehab.care.activity import recount_activity
from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import describe_errors
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.progression import (
    Kind,
    apply_decisions,
    decisions_json,
    next_step,
    resume_after_break,
)
from backrehab.clinical.progression import SessionLog as SessionRecord
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.json_text import nul_problem
from backrehab.library.catalog import Catalog

Actor = AbstractBaseUser | AnonymousUser | None


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


def _invalid(problems: list[str]) -> Exception:
    from backrehab.care.services import CareInputInvalid

    return CareInputInvalid(problems)


@transaction.atomic
def do_log_session(
    patient: Patient,
    program: Program,
    client_id: uuid.UUID,
    data: dict[str, Any],
    *,
    request: HttpRequest | None = None,
) -> tuple[SessionLog, bool]:
    """Store a finished session once, however many times the device sends it.

    Returns the log and whether it was new. Raises CareInputInvalid naming each bad field.
    """
    if nul := nul_problem(data):  # PostgreSQL cannot store it; SQLite would keep it raw
        raise _invalid([nul])
    try:
        session = SessionRecord.model_validate(data)
    except ValidationError as exc:
        raise _invalid(describe_errors(exc.errors())) from exc
    date_problem = session_date_problem(session.date, timezone.localdate())
    if date_problem:
        raise _invalid([date_problem])
    if program.patient_id != patient.pk:
        raise _invalid(["program: not this patient's program"])
    existing = SessionLog.objects.filter(client_id=client_id).first()
    if existing is not None:
        if existing.patient_id != patient.pk:
            raise _invalid(["client_id: already used for another record"])
        return existing, False
    try:
        # The log, its audit event and the alerts it raises are one change.
        with transaction.atomic():
            log = SessionLog.objects.create(
                patient=patient,
                program=program,
                client_id=client_id,
                performed_on=session.date,
                data=session.model_dump(mode="json"),
            )
            recount_activity(Patient.objects.filter(pk=patient.pk), timezone.localdate())
            record(
                request,
                Action.CHANGED,
                f"session log of {session.date}",
                patient,
                actor=_who(patient),
            )
            alerts.after_session(log)
    except IntegrityError:
        # Two deliveries raced; the other one stored it.
        return SessionLog.objects.get(client_id=client_id), False
    return log, True


@transaction.atomic
def do_record_morning_check(
    patient: Patient, log: SessionLog, pain: int, *, request: HttpRequest | None = None
) -> SessionLog:
    """The one-tap next-morning pain check. The progression rules read it at once, so a
    morning rise of 2 points reaches the clinician the same day."""
    if log.patient_id != patient.pk:
        raise PermissionError("not this patient's session")
    if not 0 <= pain <= 10:
        raise ValueError("pain must be a whole number from 0 to 10")
    log.data = {**log.data, "next_morning_pain": pain}
    log.save(update_fields=["data"])
    record(
        request,
        Action.CHANGED,
        f"next-morning pain after the session of {log.performed_on}",
        patient,
        actor=_who(patient),
    )
    # A bad morning may complete a week of rising pain: tell the clinician now, not tomorrow.
    alerts.check_pain_rising(patient)
    do_apply_progression(patient, request=request)
    return log


@transaction.atomic
def do_apply_progression(
    patient: Patient, *, today: dt.date | None = None, request: HttpRequest | None = None
) -> Program | None:
    """Let the engine judge the sessions done on the program in force, and apply its decisions.

    The engine's alerts reach the clinician whatever it decides. A progress, regress or stop
    decision makes a new program version (the old one is kept, so the history shows who changed
    what and why); when every exercise holds, nothing changes. Returns the new program, or None.
    """
    program = Program.objects.select_for_update().filter(patient=patient, is_active=True).first()
    if program is None:
        return None
    rows = list(program.session_logs.order_by("performed_on", "received_at"))
    if not rows:
        return None
    logs = [SessionRecord.model_validate(row.data) for row in rows]
    current = EngineProgram.model_validate(program.plan)
    decisions = next_step(
        current, logs, Catalog.for_clinic(patient.clinic_id).library(), today=today
    )
    alerts.after_decisions(patient, rows[-1], decisions)
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
        overrides=program.overrides,
    )
    record(request, Action.CHANGED, "program (progression rules)", patient, actor=None)
    alerts.after_progression(patient, new, changed)
    return new


AFTER_BREAK = "Eased by the progression rules after a break in your sessions."
BREAK_RULES = frozenset({"regress-after-gap", "hold-after-gap"})


def _made_since(program: Program, day: dt.date) -> bool:
    """Whether the program version's doses were chosen after `day`: by this rule for the same
    break, or by a clinician prescribing it. (A re-assessment or an approved proposal keeps the
    progressed doses, so a version they made after the break still eases.)"""
    if timezone.localdate(program.created_at) <= day:
        return False
    prescribed = program.created_by_id is not None and not program.changes
    return prescribed or any(
        reason.get("rule") in BREAK_RULES
        for change in program.changes
        if isinstance(change, dict)
        for reason in change.get("reasons", [])
        if isinstance(reason, dict)
    )


def do_resume_after_break(
    patient: Patient, *, today: dt.date | None = None, request: HttpRequest | None = None
) -> Program | None:
    """After a break of two weeks or more, make the first session back one rung easier.

    The patient's last session (on any program version) against `today`: the engine's
    resume_after_break decides, and exercises above their starting dose go one rung back in a
    new program version whose changes say why ("what changed and why"). Once per break, and not
    when a clinician has prescribed the version in force since the last session (they chose its
    doses for the patient as they are now). Returns the new program, or None when nothing
    changes.

    The patient's pages call it on every visit, so without a break it asks one question and
    changes nothing; the change itself is atomic with its audit event.
    """
    today = today or timezone.localdate()
    last = (
        SessionLog.objects.filter(patient=patient, performed_on__lte=today)
        .order_by("-performed_on")
        .values_list("performed_on", flat=True)
        .first()
    )
    if last is None or (today - last).days < DEFAULT_SETTINGS.gap_days_to_resume_lower:
        return None
    with transaction.atomic():
        program = (
            Program.objects.select_for_update().filter(patient=patient, is_active=True).first()
        )
        if program is None or not program.plan.get("items") or _made_since(program, last):
            return None
        current = EngineProgram.model_validate(program.plan)
        decisions = resume_after_break(
            current, last, today, Catalog.for_clinic(patient.clinic_id).library()
        )
        changed = [d for d in decisions if d.decision != Kind.HOLD]
        if not changed:
            return None  # every exercise is at its starting dose: the session stays as it is
        program.is_active = False
        program.save(update_fields=["is_active"])
        new = Program.objects.create(
            patient=patient,
            evaluation=program.evaluation,
            plan={**program.plan, "items": apply_decisions(current, decisions)},
            reason=AFTER_BREAK,
            changes=decisions_json(changed),
            overrides=program.overrides,
        )
        record(
            request,
            Action.CHANGED,
            f"program (progression rules, {(today - last).days} days since the last session)",
            patient,
            actor=None,
        )
        return new


def _who(patient: Patient) -> Actor:
    """The patient records their own sessions (the audit names them, not "system")."""
    return patient.user
