"""Evaluations and referrals: recording an evaluation (and the program built from it), keeping a
referral that stopped an evaluation part-way, and a clinician's clearance of a referral.

Two safety rules hold here, for the pages, the API and the commands alike:
- a program is built only when every red-flag question was answered in this evaluation (an
  answer left out is not a "no"); a referral found on the answers given still counts at once;
- after a referral that stopped the program, no new program is built until a clinician has
  cleared it (recorded: who, when, why). A new evaluation is still stored and scored.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext
from pydantic import ValidationError

from backrehab.audit.log import Action, record
from backrehab.care import alerts
from backrehab.care.errors import CareInputInvalid
from backrehab.care.listing import refresh_patient
from backrehab.care.locking import lock_patient
from backrehab.care.models import Evaluation, Program, ReferralClearance
from backrehab.care.referrals import (
    latest_clearance,
    latest_stopping_referral,
    standing_referral,
    stops_program,
    unanswered_red_flags,
)
from backrehab.clinic.models import Patient
from backrehab.clinical.intake import Intake, describe_errors
from backrehab.clinical.program import generate_program
from backrehab.clinical.red_flags import CLEARABLE_RULES, Clearance
from backrehab.json_text import nul_problem
from backrehab.library.catalog import Catalog

Actor = AbstractBaseUser | AnonymousUser | None

CLEARANCE_REASON_MAX = 1000


class ClearanceRefused(ValueError):
    """The referral cannot be cleared (none stands, already cleared, or no reason given)."""


@dataclass(frozen=True)
class EvaluationResult:
    evaluation: Evaluation
    program: Program | None  # None when a red flag stops the program
    # The earlier referral that keeps this evaluation from building a program until a clinician
    # clears it (None when nothing was held back).
    held_by: Evaluation | None = None


def engine_clearance(patient: Patient) -> Clearance | None:
    """The patient's latest clearance as the engine reads it: the soon and weak-flag rules of the
    cleared referral no longer stop a program (emergency and urgent ones are never lifted: the
    new answers are screened afresh)."""
    clearance = latest_clearance(patient)
    if clearance is None:
        return None
    reasons = (clearance.evaluation.referral or {}).get("reasons", [])
    rules = [r["rule"] for r in reasons if r.get("rule") in CLEARABLE_RULES]
    if not rules:
        return None
    try:
        return Clearance(
            by=clearance.cleared_by_name,
            on=clearance.cleared_at.date(),
            why=clearance.reason[:500],
            rules=rules,
        )
    except ValidationError:
        return None  # a name or reason too short for the engine: nothing lifted


def _stop_program_in_force(patient: Patient) -> None:
    Program.objects.filter(patient=patient, is_active=True).update(is_active=False)
    refresh_patient(patient.pk)  # an UPDATE sends no signals: no sessions a week any more


@transaction.atomic
def do_evaluate(
    patient: Patient,
    answers: dict[str, Any],
    *,
    kind: str = Evaluation.Kind.INTAKE,
    by: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
) -> EvaluationResult:
    """Store an evaluation and, unless a red flag stops it, the program built from it.

    All or nothing: invalid answers (or unanswered red-flag questions when no referral stops the
    program anyway) raise CareInputInvalid and store nothing; a new program replaces the one in
    force. `by` is the staff member who recorded it (None for the patient); the audit event names
    the signed-in user of `request`, or `by`.
    """
    if nul := nul_problem(answers):  # PostgreSQL cannot store it; SQLite would keep it raw
        raise CareInputInvalid([nul])
    lock_patient(patient)  # a second evaluation for this patient waits for this one
    if (
        kind == Evaluation.Kind.REASSESSMENT
        and Program.objects.filter(patient=patient, is_active=True).exists()
    ):
        # A re-assessment ADJUSTS the program in force (keeping its progressed doses; larger
        # changes wait for the clinician) instead of building a new one.
        from backrehab.care.actions.programs import do_reassess

        missing = unanswered_red_flags(answers)
        flagged = any(v is True for v in (answers.get("red_flags") or {}).values())
        if missing and not flagged:  # a "yes" given is judged at once, as at a first evaluation
            raise CareInputInvalid(
                [
                    f"red_flags.{name}: not answered; every red-flag question must be answered "
                    "at a re-assessment too"
                    for name in missing
                ]
            )
        reassessed = do_reassess(patient, answers, by=by, request=request)
        return EvaluationResult(reassessed.evaluation, reassessed.program)
    try:
        intake = Intake.model_validate(answers)
    except ValidationError as exc:
        raise CareInputInvalid(describe_errors(exc.errors())) from exc
    plan = generate_program(
        intake, Catalog.for_clinic(patient.clinic_id).library(), clearance=engine_clearance(patient)
    )
    referral = plan.referral.model_dump(mode="json") if plan.referral else None
    if plan.program is not None:
        missing = unanswered_red_flags(answers)
        if missing:
            raise CareInputInvalid(
                [
                    f"red_flags.{name}: not answered; every red-flag question must be answered "
                    "before a program is built"
                    for name in missing
                ]
            )
    held_by = standing_referral(patient) if plan.program is not None else None
    evaluation = Evaluation.objects.create(
        patient=patient,
        kind=kind,
        answers=intake.model_dump(mode="json"),
        scores=plan.scores.model_dump(mode="json"),
        referral=referral,
    )
    alerts.after_evaluation(evaluation)
    actor = by if request is None else None
    if plan.program is None or held_by is not None:
        _stop_program_in_force(patient)
        what = (
            f"{kind} evaluation recorded; no program: the referral of "
            f"{held_by.taken_at:%Y-%m-%d} is not cleared yet"
            if held_by is not None
            else f"{kind} evaluation recorded; referred ({referral and referral['urgency']})"
        )
        record(request, Action.CHANGED, what, patient, actor=actor)
        return EvaluationResult(evaluation, None, held_by)
    _stop_program_in_force(patient)
    program = Program.objects.create(
        patient=patient,
        evaluation=evaluation,
        created_by=by,  # type: ignore[misc]
        plan=plan.program.model_dump(mode="json"),
        reason=f"Built by the program engine from the {evaluation.get_kind_display().lower()}.",
    )
    record(
        request, Action.CHANGED, f"{kind} evaluation recorded; program built", patient, actor=actor
    )
    return EvaluationResult(evaluation, program)


@transaction.atomic
def do_record_referral(
    patient: Patient,
    answers: dict[str, Any],
    referral: dict[str, Any],
    *,
    kind: str = Evaluation.Kind.INTAKE,
    request: HttpRequest | None = None,
    actor: Actor = None,
) -> Evaluation:
    """Keep an evaluation that a red-flag answer stopped part-way, so the clinician sees it.

    The answers are incomplete (the patient was sent to a doctor before finishing), so there
    are no scores; any program in force stops until a clinician has looked at it.
    """
    _stop_program_in_force(patient)
    evaluation = Evaluation.objects.create(
        patient=patient, kind=kind, answers=answers, scores={}, referral=referral
    )
    alerts.after_evaluation(evaluation)
    record(
        request,
        Action.CHANGED,
        f"{kind} stopped by a red-flag answer; referred ({referral.get('urgency')})",
        patient,
        actor=actor,
    )
    return evaluation


@transaction.atomic
def do_clear_referral(
    patient: Patient,
    *,
    by: AbstractBaseUser,
    reason: str,
    request: HttpRequest | None = None,
) -> ReferralClearance:
    """Record that a clinician has cleared the patient's standing referral, and why.

    From then on a new evaluation may build a program again. It still screens the new answers:
    a red flag answered again refers again. Clearing lifts only what stops the program until a
    clinician has looked; it never turns an emergency answer given now into a program.
    """
    reason = reason.strip()
    if not reason:
        raise ClearanceRefused(
            "Please say why it is safe to go on (for example what the doctor found)."
        )
    if len(reason) > CLEARANCE_REASON_MAX:
        raise ClearanceRefused(
            f"Please keep the reason to {CLEARANCE_REASON_MAX} characters or fewer."
        )
    # Lock the patient's newest referral so two clinicians clearing at once record it once.
    latest = latest_stopping_referral(patient)
    if latest is None:
        raise ClearanceRefused(gettext("There is no referral to clear."))
    latest = Evaluation.objects.select_for_update().get(pk=latest.pk)
    if ReferralClearance.objects.filter(evaluation=latest).exists():
        raise ClearanceRefused(gettext("This referral has already been cleared."))
    if not stops_program(latest.referral):
        raise ClearanceRefused(gettext("There is no referral to clear."))
    clearance = ReferralClearance.objects.create(
        evaluation=latest,
        patient=patient,
        cleared_by=by,  # type: ignore[misc]
        cleared_by_name=by.get_username(),
        reason=reason,
    )
    record(
        request,
        Action.CHANGED,
        f"referral of {latest.taken_at:%Y-%m-%d} ({latest.referral['urgency']}) cleared",  # type: ignore[index]
        patient,
        actor=by if request is None else None,
    )
    return clearance
