"""Every change to a patient's care goes through here (pages, API and commands alike)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from pydantic import ValidationError

from backrehab.care import alerts
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Intake, describe_errors
from backrehab.clinical.program import generate_program
from backrehab.library.services import stored_library


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
    A re-assessment with a program in force ADJUSTS that program instead (keeping its
    progressed doses; larger changes wait for the clinician): care.actions.programs.do_reassess.
    """
    if (
        kind == Evaluation.Kind.REASSESSMENT
        and Program.objects.filter(patient=patient, is_active=True).exists()
    ):
        from backrehab.care.actions.programs import do_reassess

        reassessed = do_reassess(patient, answers, by=by)
        return EvaluationResult(reassessed.evaluation, reassessed.program)
    try:
        intake = Intake.model_validate(answers)
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    plan = generate_program(intake, stored_library())
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
    """Compatibility name (many callers): care.actions.sessions.do_log_session."""
    from backrehab.care.actions.sessions import do_log_session

    return do_log_session(patient, program, client_id, data)


def apply_progression(patient: Patient) -> Program | None:
    """Compatibility name (many callers): care.actions.sessions.do_apply_progression."""
    from backrehab.care.actions.sessions import do_apply_progression

    return do_apply_progression(patient)


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
