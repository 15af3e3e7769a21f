"""Sign-up and the online evaluation: every state change of those pages lives here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from backrehab.care import services as care
from backrehab.care.models import Evaluation
from backrehab.clinic.models import Clinic, Patient, StaffMember
from backrehab.clinical.intake import Intake
from backrehab.clinical.red_flags import Referral, screen
from backrehab.portal.intake_steps import REFERRAL_STEP
from backrehab.portal.models import IntakeDraft, Invite


class SignupRefused(ValueError):
    """The invite cannot be used (any more), or the clinic takes no self sign-ups."""


# Answers that stay true from one evaluation to the next, so a re-assessment starts with them
# filled in; pain, function and red flags are asked afresh.
CARRIED_INTO_REASSESSMENT = (
    "age",
    "sex",
    "known_conditions",
    "goals",
    "goal_notes",
    "deficits",
    "minutes_per_session",
    "sessions_per_week",
    "equipment",
    "fitness",
)


def _create_patient(
    clinic: Clinic, clinician: StaffMember | None, username: str, password: str, first_name: str
) -> Patient:
    user = User(username=username, first_name=first_name)
    user.set_password(password)
    user.save()
    return Patient.objects.create(
        user=user, clinic=clinic, clinician=clinician, joined_on=timezone.localdate()
    )


@transaction.atomic
def accept_invite(invite: Invite, username: str, password: str, first_name: str = "") -> Patient:
    """One account per invite: the patient joins the invite's clinic and clinician."""
    # Lock the row so two tabs submitting the same link cannot both create an account.
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    if not invite.usable:
        raise SignupRefused("this invitation has been used or has expired")
    patient = _create_patient(invite.clinic, invite.created_by, username, password, first_name)
    invite.accepted_by = patient
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_by", "accepted_at"])
    return patient


@transaction.atomic
def self_signup(clinic: Clinic, username: str, password: str, first_name: str = "") -> Patient:
    """A patient signs up without an invitation, where the clinic allows it."""
    if not clinic.self_signup:
        raise SignupRefused("this clinic does not take sign-ups without an invitation")
    return _create_patient(clinic, None, username, password, first_name)


def start_evaluation(user: User, kind: str | None = None) -> IntakeDraft:
    """The unfinished evaluation, or a new one. Asking for another kind starts over.

    A patient evaluated before gets a re-assessment, which starts with the answers that do not
    change between evaluations already filled in.
    """
    draft = IntakeDraft.objects.filter(user=user).first()
    wanted = kind if kind in Evaluation.Kind.values else None
    if draft is not None and (wanted is None or wanted == draft.kind):
        return draft
    latest = Evaluation.objects.filter(patient__user=user).order_by("-taken_at").first()
    if wanted is None:
        wanted = Evaluation.Kind.INTAKE if latest is None else Evaluation.Kind.REASSESSMENT
    answers: dict[str, Any] = {}
    if wanted == Evaluation.Kind.REASSESSMENT and latest is not None:
        answers = {k: latest.answers[k] for k in CARRIED_INTO_REASSESSMENT if k in latest.answers}
    draft, _ = IntakeDraft.objects.update_or_create(
        user=user,
        defaults={
            "answers": answers,
            "step": "",
            "kind": wanted,
        },
    )
    return draft


def provisional_referral(answers: dict[str, Any]) -> Referral | None:
    """The red-flag screen on what is known so far, before pain and history are asked.

    Unknown required answers get neutral stand-ins that fire no rule on their own (no pain, a
    recurrent episode that began this week), so only what the patient has said counts.
    """
    stand_in: dict[str, Any] = {
        "age": 40,
        "sex": "not-stated",
        "pain": {"now": 0, "best": 0, "worst": 0},
        "history": {"duration_weeks": 0, "recurrence": True},
    }
    known = {
        key: answers[key]
        for key in ("age", "sex", "pregnant", "trimester", "red_flags")
        if key in answers
    }
    try:
        intake = Intake.model_validate({**stand_in, **known})
    except ValidationError:
        intake = Intake.model_validate({**stand_in, "red_flags": answers.get("red_flags", {})})
    return screen(intake)


@transaction.atomic
def save_step(draft: IntakeDraft, step_slug: str, answers: dict[str, Any]) -> Referral | None:
    """Store one screen's answers. A red-flag screen that calls for a doctor ends the
    evaluation at once: the referral it returns is what the patient must do now."""
    draft.answers = answers
    # Screened after every screen, not only the red-flag ones: a changed age can matter, and
    # an answer corrected after a referral must be screened again before the patient goes on.
    referral = provisional_referral(answers)
    if referral is not None and not referral.stops_program:
        referral = None
    newly_referred = referral is not None and draft.step != REFERRAL_STEP
    draft.step = REFERRAL_STEP if referral is not None else step_slug
    draft.save(update_fields=["answers", "step", "updated_at"])
    patient = getattr(draft.user, "patient", None)
    if newly_referred and referral is not None and patient is not None:
        # The clinician must learn of it now, not when (or if) the patient finishes.
        kind = draft.kind if draft.kind in Evaluation.Kind.values else Evaluation.Kind.INTAKE
        care.record_referral(patient, answers, referral.model_dump(mode="json"), kind=kind)
    return referral


@transaction.atomic
def finish_evaluation(patient: Patient, draft: IntakeDraft) -> care.EvaluationResult:
    """Turn the finished draft into an evaluation (and a program unless a red flag stops it).

    Raises care.CareInputInvalid with one "path: problem" line per bad answer; the draft is kept
    so the patient can correct it.
    """
    kind = draft.kind if draft.kind in Evaluation.Kind.values else Evaluation.Kind.INTAKE
    result = care.evaluate(patient, draft.answers, kind=kind)
    draft.delete()
    return result
