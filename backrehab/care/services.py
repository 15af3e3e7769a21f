"""Every change to a patient's care goes through here (pages, API and commands alike)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from pydantic import ValidationError

from backrehab.care import alerts
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Intake, describe_errors
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.program import generate_program
from backrehab.clinical.progression import Kind, apply_decisions, decisions_json, next_step
from backrehab.clinical.progression import SessionLog as SessionRecord
from backrehab.library.catalog import Catalog


class CareInputInvalid(ValueError):
    """The answers or the log break the engine's schema; `problems` name each field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    program: Program | None  # None when a red flag stops the program


@transaction.atomic
def evaluate(
    patient: Patient,
    answers: dict[str, Any],
    *,
    kind: str = Evaluation.Kind.INTAKE,
    by: AbstractBaseUser | None = None,
) -> EvaluationResult:
    """Store an evaluation and, unless a red flag stops it, the program built from it.

    All or nothing: invalid answers store nothing; a new program replaces the one in force.
    """
    try:
        intake = Intake.model_validate(answers)
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    # Only this clinic's exercises (and the bundled ones) may go into its patient's program.
    plan = generate_program(intake, Catalog.for_clinic(patient.clinic_id).library())
    evaluation = Evaluation.objects.create(
        patient=patient,
        kind=kind,
        answers=intake.model_dump(mode="json"),
        scores=plan.scores.model_dump(mode="json"),
        referral=plan.referral.model_dump(mode="json") if plan.referral else None,
    )
    alerts.after_evaluation(evaluation)
    if plan.program is None:
        Program.objects.filter(patient=patient, is_active=True).update(is_active=False)
        return EvaluationResult(evaluation, None)
    Program.objects.filter(patient=patient, is_active=True).update(is_active=False)
    program = Program.objects.create(
        patient=patient,
        evaluation=evaluation,
        created_by=by,  # type: ignore[misc]
        plan=plan.program.model_dump(mode="json"),
        reason=f"Built by the program engine from the {evaluation.get_kind_display().lower()}.",
    )
    return EvaluationResult(evaluation, program)


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
    decisions = next_step(current, logs, Catalog.for_clinic(patient.clinic_id).library())
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


@transaction.atomic
def record_referral(
    patient: Patient,
    answers: dict[str, Any],
    referral: dict[str, Any],
    *,
    kind: str = Evaluation.Kind.INTAKE,
) -> Evaluation:
    """Keep an evaluation that a red-flag answer stopped part-way, so the clinician sees it.

    The answers are incomplete (the patient was sent to a doctor before finishing), so there
    are no scores; any program in force stops until a clinician has looked at it.
    """
    Program.objects.filter(patient=patient, is_active=True).update(is_active=False)
    evaluation = Evaluation.objects.create(
        patient=patient, kind=kind, answers=answers, scores={}, referral=referral
    )
    alerts.after_evaluation(evaluation)
    return evaluation
