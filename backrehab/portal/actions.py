"""The online evaluation's state changes: starting (or resuming) it, saving a screen, finishing.

Each is atomic and writes its own audit event. Finishing goes through the care action
(care.actions.evaluations.do_evaluate), which builds the program; the draft only keeps the
answers given so far and which red-flag screens were answered.
"""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from backrehab.audit.log import Action, record
from backrehab.care.actions.evaluations import (
    EvaluationResult,
    do_evaluate,
    do_record_referral,
)
from backrehab.care.actions.schedule import do_set_session_days
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation
from backrehab.clinic.models import Patient
from backrehab.clinical.red_flags import Referral
from backrehab.portal.intake.screens import (
    SCREEN_IDS,
    cross_screen_problems,
    provisional_referral,
)
from backrehab.portal.intake.steps import REFERRAL_STEP, intake_answers
from backrehab.portal.models import REMINDER_STEP_MINUTES, CalendarFeed, IntakeDraft
from backrehab.portal.reminders import feed_for

# Asked afresh at every evaluation: how the back is now, the safety screens, the questionnaires.
# Everything else a check-in carries over from the last complete evaluation (the PSFS activities
# by name, to be rated again) and asks again only when the patient says something has changed.
ASKED_AFRESH = ("pain", "red_flags", "surgery", "startback", "odi", "rmdq", "psfs")


def _carried_over(latest: Evaluation) -> dict[str, Any]:
    answers = {k: v for k, v in latest.answers.items() if k not in ASKED_AFRESH}
    history = answers.get("history")
    if isinstance(history, dict) and isinstance(history.get("duration_weeks"), int):
        # The same bout of pain, older by the time since it was last described.
        weeks = (timezone.now() - latest.taken_at).days // 7
        answers["history"] = {**history, "duration_weeks": history["duration_weeks"] + weeks}
    rows = latest.answers.get("psfs") or []
    answers["psfs"] = [{"activity": row["activity"], "score": None} for row in rows]
    return answers


class DraftGone(LookupError):
    """The draft was finished (or replaced) by another request: a double-submitted last step."""


class EvaluationIncomplete(ValueError):
    """Finishing was asked before every red-flag screen was answered; `screens` are their slugs."""

    def __init__(self, screens: list[str]) -> None:
        self.screens = screens
        super().__init__("red-flag screens not answered: " + ", ".join(screens))


def _kind(draft: IntakeDraft) -> str:
    return draft.kind if draft.kind in Evaluation.Kind.values else Evaluation.Kind.INTAKE


def _locked(draft: IntakeDraft) -> IntakeDraft:
    locked = IntakeDraft.objects.select_for_update().filter(pk=draft.pk).first()
    if locked is None:
        raise DraftGone("the evaluation was finished in another request")
    return locked


def current_draft(user: User) -> IntakeDraft | None:
    return IntakeDraft.objects.filter(user=user).first()


@transaction.atomic
def do_start_evaluation(
    user: User, kind: str | None = None, *, request: HttpRequest | None = None
) -> IntakeDraft:
    """The unfinished evaluation, or a new one. Asking for another kind starts over.

    A patient evaluated before gets a re-assessment, which starts with the answers that do not
    change between evaluations already filled in.
    """
    draft = current_draft(user)
    wanted = kind if kind in Evaluation.Kind.values else None
    if draft is not None and (wanted is None or wanted == draft.kind):
        return draft
    # The last evaluation that was finished (one a red flag stopped part-way has no scores).
    latest = (
        Evaluation.objects.filter(patient__user=user)
        .exclude(scores={})
        .order_by("-taken_at", "-pk")
        .first()
    )
    if wanted is None:
        wanted = Evaluation.Kind.INTAKE if latest is None else Evaluation.Kind.REASSESSMENT
    if wanted == Evaluation.Kind.REASSESSMENT and latest is None:
        wanted = Evaluation.Kind.INTAKE  # nothing to check in against: the full evaluation
    answers: dict[str, Any] = {}
    if wanted == Evaluation.Kind.REASSESSMENT and latest is not None:
        answers = _carried_over(latest)
    draft, _ = IntakeDraft.objects.update_or_create(
        user=user,
        defaults={"answers": answers, "step": "", "kind": wanted, "screens_answered": []},
    )
    patient = getattr(user, "patient", None)
    record(request, Action.CHANGED, f"{wanted} started", patient, actor=user)
    return draft


@transaction.atomic
def do_save_step(
    draft: IntakeDraft,
    step_slug: str,
    answers: dict[str, Any],
    *,
    screen: str | None = None,
    request: HttpRequest | None = None,
) -> Referral | None:
    """Store one screen's answers. A red-flag screen that calls for a doctor ends the
    evaluation at once: the referral it returns is what the patient must do now."""
    locked = _locked(draft)
    locked.answers = answers
    if screen is not None and screen not in locked.screens_answered:
        locked.screens_answered = [*locked.screens_answered, screen]
    # Screened after every screen, not only the red-flag ones: a changed age or where the pain
    # reaches can matter, and an answer corrected after a referral is screened again.
    referral = provisional_referral(answers)
    if referral is not None and not referral.stops_program:
        referral = None
    newly_referred = referral is not None and locked.step != REFERRAL_STEP
    locked.step = REFERRAL_STEP if referral is not None else step_slug
    locked.save(update_fields=["answers", "step", "screens_answered", "updated_at"])
    draft.answers, draft.step = locked.answers, locked.step
    draft.screens_answered = locked.screens_answered
    patient = getattr(locked.user, "patient", None)
    record(
        request,
        Action.CHANGED,
        f"{_kind(locked)} answers saved ({step_slug})",
        patient,
        actor=locked.user,
    )
    if newly_referred and referral is not None and patient is not None:
        # The clinician must learn of it now, not when (or if) the patient finishes.
        do_record_referral(
            patient,
            answers,
            referral.model_dump(mode="json"),
            kind=_kind(locked),
            request=request,
            actor=locked.user,
        )
    return referral


@transaction.atomic
def do_finish_evaluation(
    draft: IntakeDraft, *, request: HttpRequest | None = None
) -> EvaluationResult:
    """Turn the finished draft into an evaluation (and a program unless a red flag stops it).

    Raises EvaluationIncomplete naming the red-flag screens (clinical.intake.RED_FLAG_SCREENS
    ids) not answered in this evaluation, and
    care.errors.CareInputInvalid with one "path: problem" line per bad answer; the draft is kept
    so the patient can correct it. Raises DraftGone when another request finished it first.
    """
    locked = _locked(draft)
    missing = [screen for screen in SCREEN_IDS if screen not in locked.screens_answered]
    if missing:
        raise EvaluationIncomplete(missing)
    answers = intake_answers(locked.answers)
    problems = cross_screen_problems(answers)
    if problems:
        raise CareInputInvalid(problems)
    patient = locked.user.patient
    result = do_evaluate(patient, answers, kind=_kind(locked), request=request)
    locked.delete()
    return result


@transaction.atomic
def do_save_reminder_settings(
    patient: Patient,
    *,
    request: HttpRequest | None = None,
    by_email: bool,
    at: dt.time,
    email: str | None = None,
    language: str | None = None,
) -> CalendarFeed:
    """The reminder switch and time of day; with `email` or `language`, the patient's e-mail
    address (User.email) and the language their e-mails go out in (Patient.language) too."""
    _check_reminder_time(at)
    if language is not None and language not in {code for code, _name in settings.LANGUAGES}:
        raise ValueError(f"no e-mails in language {language!r}")
    if email is not None and email != patient.user.email:
        patient.user.email = email
        patient.user.save(update_fields=["email"])
    if language is not None and language != patient.language:
        patient.language = language
        patient.save(update_fields=["language"])
    feed = feed_for(patient)
    feed.reminders_by_email = by_email
    feed.reminder_time = at
    feed.save(update_fields=["reminders_by_email", "reminder_time"])
    record(request, Action.CHANGED, "reminder settings", patient, actor=patient.user)
    return feed


@transaction.atomic
def do_choose_session_days(
    patient: Patient,
    weekdays: list[int],
    at: dt.time,
    *,
    request: HttpRequest | None = None,
) -> CalendarFeed:
    """The patient's own session days (as many as the program has a week) and the time of day
    their reminders and calendar events come at."""
    _check_reminder_time(at)
    do_set_session_days(patient, weekdays, by=patient.user, request=request)
    feed = feed_for(patient)
    if feed.reminder_time != at:
        feed.reminder_time = at
        feed.save(update_fields=["reminder_time"])
        record(request, Action.CHANGED, f"reminder time {at:%H:%M}", patient, actor=patient.user)
    return feed


def _check_reminder_time(at: dt.time) -> None:
    if at.minute % REMINDER_STEP_MINUTES or at.second or at.microsecond or at.tzinfo:
        raise ValueError(
            f"a reminder time is a clinic-time hour and minute in steps of "
            f"{REMINDER_STEP_MINUTES} minutes"
        )


@transaction.atomic
def do_renew_calendar_address(
    patient: Patient, *, request: HttpRequest | None = None
) -> CalendarFeed:
    """A new secret address; the old one stops working (for a link shared by mistake)."""
    feed = feed_for(patient)
    feed.token = secrets.token_urlsafe(24)
    feed.save(update_fields=["token"])
    record(request, Action.CHANGED, "calendar address renewed", patient, actor=patient.user)
    return feed
