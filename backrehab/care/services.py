"""Every change to a patient's care goes through here (pages, API and commands alike)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from backrehab.care import alerts

# Re-exported: callers catch services.CareInputInvalid and read services.EvaluationResult.
from backrehab.care.actions.evaluations import EvaluationResult as EvaluationResult
from backrehab.care.actions.evaluations import do_evaluate

# Re-exported: the session-date rule lives with the action that logs sessions.
from backrehab.care.actions.sessions import (  # noqa: E402
    EARLIEST_SESSION_DATE as EARLIEST_SESSION_DATE,
)
from backrehab.care.actions.sessions import session_date_problem as session_date_problem  # noqa: E402
from backrehab.care.errors import CareInputInvalid as CareInputInvalid
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient


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
