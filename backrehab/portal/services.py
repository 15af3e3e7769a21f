"""What the patient app shows and changes, in one place (views stay thin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from backrehab.care import alerts
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.schedule import (
    Adherence,
    adherence,
    is_session_day,
    next_session_day,
    streak,
)
from backrehab.library.localization import localized_names
from backrehab.library.models import ExerciseRecord
from backrehab.portal.reason_text import reason_texts

REASSESS_AFTER_DAYS = 14  # offer a re-assessment every two weeks (issue: every 2-4 weeks)


@dataclass(frozen=True)
class Today:
    """Everything the home screen needs, worked out once."""

    date: dt.date
    program: Program | None
    referral: dict[str, Any] | None
    needs_evaluation: bool
    session_day: bool
    done_today: bool
    next_session: dt.date | None
    streak: int
    last_two_weeks: Adherence | None
    morning_check: SessionLog | None  # yesterday's session still waiting for its pain check
    reassessment_due: bool
    changes: list[dict[str, Any]] = field(default_factory=list)

    @property
    def referral_reasons(self) -> list[str]:
        """Why a doctor should see the patient first, in the reader's language."""
        return reason_texts(self.referral.get("reasons", [])) if self.referral else []


def active_program(patient: Patient) -> Program | None:
    return Program.objects.filter(patient=patient, is_active=True).first()


def today_for(patient: Patient, date: dt.date) -> Today:
    program = active_program(patient)
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at").first()
    if program is None:
        return Today(
            date=date,
            program=None,
            referral=latest.referral if latest else None,
            needs_evaluation=latest is None,
            session_day=False,
            done_today=False,
            next_session=None,
            streak=0,
            last_two_weeks=None,
            morning_check=None,
            reassessment_due=False,
        )
    per_week = int(program.plan["sessions_per_week"])
    done_on = list(
        SessionLog.objects.filter(patient=patient).values_list("performed_on", flat=True)
    )
    start = max(patient.joined_on, date - dt.timedelta(days=13))
    yesterday = date - dt.timedelta(days=1)
    pending = (
        SessionLog.objects.filter(patient=patient, performed_on=yesterday)
        .order_by("-received_at")
        .first()
    )
    if pending is not None and pending.data.get("next_morning_pain") is not None:
        pending = None
    return Today(
        date=date,
        program=program,
        referral=latest.referral if latest else None,
        needs_evaluation=False,
        session_day=is_session_day(date, per_week),
        done_today=date in done_on,
        next_session=next_session_day(date, per_week),
        # A session done today on a rest day counts too: "0 in a row" right after one is wrong.
        streak=streak(done_on, date, per_week)
        + (1 if date in done_on and not is_session_day(date, per_week) else 0),
        last_two_weeks=adherence(done_on, start, date, per_week),
        morning_check=pending,
        reassessment_due=latest is not None
        and (date - latest.taken_at.date()).days >= REASSESS_AFTER_DAYS,
        changes=_named(program.changes),
    )


def _named(changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Progression decisions with the exercise's name and why, in the reader's language, for
    "what changed and why"."""
    names = dict(
        ExerciseRecord.objects.filter(slug__in=[c["exercise"] for c in changes]).values_list(
            "slug", "name"
        )
    )
    names.update({k: name for k, (name, _summary) in localized_names().items() if k in names})
    return [
        {
            **c,
            "name": names.get(c["exercise"], c["exercise"]),
            "why": reason_texts(c.get("reasons", [])),
        }
        for c in changes
    ]


@transaction.atomic
def record_morning_check(patient: Patient, log: SessionLog, pain: int) -> SessionLog:
    """The one-tap next-morning pain check; the progression rules read it."""
    if log.patient_id != patient.pk:
        raise PermissionError("not this patient's session")
    if not 0 <= pain <= 10:
        raise ValueError("pain must be a whole number from 0 to 10")
    log.data = {**log.data, "next_morning_pain": pain}
    log.save(update_fields=["data"])
    # A bad morning may complete a week of rising pain: tell the clinician now, not tomorrow.
    alerts.check_pain_rising(patient)
    return log
