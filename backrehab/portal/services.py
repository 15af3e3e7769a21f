"""What the patient app shows and changes, in one place (views stay thin)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from backrehab.care.models import (
    Evaluation,
    Program,
    ProgramProposal,
    ReassessmentSchedule,
    SessionLog,
)
from backrehab.care.referrals import standing_referral
from backrehab.care.schedules import DaysInForce, schedule_and_days
from backrehab.clinic.models import Patient
from backrehab.clinical.monitoring import reassessment_due
from backrehab.clinical.schedule import (
    Adherence,
    adherence,
    is_session_day,
    next_session_day,
    streak,
)
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.library.catalog import Catalog
from backrehab.portal.reason_text import reason_texts

REASSESS_AFTER_DAYS = DEFAULT_SETTINGS.reassessment_interval_days  # the clinical core's default


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
    change_pending: bool = False  # a re-assessment's larger change waits for the clinician
    days: DaysInForce | None = None  # the weekdays sessions fall on, and whether to choose again

    @property
    def referral_reasons(self) -> list[str]:
        """Why a doctor should see the patient first, in the reader's language."""
        return reason_texts(self.referral.get("reasons", [])) if self.referral else []


def reassess_every(patient: Patient) -> int | None:
    """The clinician's re-assessment interval for this patient (None: the default)."""
    return (
        ReassessmentSchedule.objects.filter(patient=patient)
        .values_list("every_days", flat=True)
        .first()
    )


def pending_change(patient: Patient) -> bool:
    return ProgramProposal.objects.filter(
        patient=patient, status=ProgramProposal.Status.PENDING
    ).exists()


def active_program(patient: Patient) -> Program | None:
    return Program.objects.filter(patient=patient, is_active=True).first()


def today_for(patient: Patient, date: dt.date) -> Today:
    program = active_program(patient)
    latest = Evaluation.objects.filter(patient=patient).order_by("-taken_at").first()
    if program is None:
        # No program: a referral still stands (see a doctor), or there is none any more (never
        # evaluated, or a clinician cleared it): then the evaluation is next.
        standing = standing_referral(patient)
        return Today(
            date=date,
            program=None,
            referral=standing.referral if standing else None,
            needs_evaluation=standing is None,
            session_day=False,
            done_today=False,
            next_session=None,
            streak=0,
            last_two_weeks=None,
            morning_check=None,
            reassessment_due=False,
        )
    per_week = int(program.plan["sessions_per_week"])
    plan, days = schedule_and_days(patient, per_week)
    done_on = list(
        SessionLog.objects.filter(patient=patient).values_list("performed_on", flat=True)
    )
    # Nothing is due before day one (the schedule knows it), but a session done earlier counts.
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
        session_day=is_session_day(date, plan),
        done_today=date in done_on,
        next_session=next_session_day(date, plan),
        streak=streak(done_on, date, plan),
        last_two_weeks=adherence(done_on, start, date, plan),
        morning_check=pending,
        reassessment_due=latest is not None
        and reassessment_due(latest.taken_at.date(), date, reassess_every(patient)),
        change_pending=pending_change(patient),
        changes=_named(program.changes, patient),
        days=days if per_week > 0 else None,
    )


def _named(changes: list[dict[str, Any]], patient: Patient) -> list[dict[str, Any]]:
    """Progression decisions with the exercise's name and why, in the reader's language, for
    "what changed and why"."""
    if not changes:
        return []
    catalog = Catalog.for_clinic(patient.clinic_id)
    return [
        {
            **c,
            "name": catalog.name(str(c["exercise"])),
            "why": reason_texts(c.get("reasons", []), catalog),
        }
        for c in changes
    ]


def record_morning_check(patient: Patient, log: SessionLog, pain: int) -> SessionLog:
    """The one-tap next-morning pain check (care.actions.sessions.do_record_morning_check)."""
    from backrehab.care.actions.sessions import do_record_morning_check

    return do_record_morning_check(patient, log, pain)
