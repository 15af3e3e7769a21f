"""How often a patient is offered a re-assessment, as their clinician sets it; the weekdays the
patient exercises on, as they or their clinician choose them."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from backrehab.audit.log import Action, record
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Program, ReassessmentSchedule, SessionDays
from backrehab.care.schedules import weekday_names
from backrehab.clinic.models import Patient
from backrehab.clinical.monitoring import reassessment_interval
from backrehab.clinical.schedule import fit_weekdays


@transaction.atomic
def do_set_reassessment_schedule(
    patient: Patient,
    every_days: int,
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> ReassessmentSchedule:
    """Offer a re-assessment every `every_days` days, kept within the clinical range (2-4
    weeks by default: clinical.monitoring)."""
    days = reassessment_interval(every_days)
    schedule, _created = ReassessmentSchedule.objects.update_or_create(  # type: ignore[misc]
        patient=patient,
        defaults={"every_days": days, "set_by": by, "set_at": timezone.now()},
    )
    record(request, Action.CHANGED, f"re-assessment every {days} days", patient, actor=by)
    return schedule


def session_days_problem(weekdays: Iterable[int], sessions_per_week: int) -> str | None:
    """Why these weekdays cannot be the patient's session days (None: they can)."""
    days = list(weekdays)
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in days) or len(set(days)) != len(days):
        return "each weekday once, Monday = 0 to Sunday = 6"
    if len(days) != sessions_per_week:
        return f"choose {sessions_per_week} days: the program has {sessions_per_week} a week"
    return None


@transaction.atomic
def do_set_session_days(
    patient: Patient,
    weekdays: Iterable[int],
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> SessionDays:
    """The weekdays the patient's sessions fall on: as many as the program in force has
    sessions a week. Today, the calendar feed, the e-mail reminders and adherence follow them."""
    program = Program.objects.filter(patient=patient, is_active=True).first()
    if program is None or program.sessions_per_week < 1:
        raise CareInputInvalid(["there is no program in force to choose session days for"])
    days = sorted(weekdays)
    problem = session_days_problem(days, program.sessions_per_week)
    if problem:
        raise CareInputInvalid([problem])
    before = SessionDays.objects.select_for_update().filter(patient=patient).first()
    previous = fit_weekdays(
        before.weekdays if before is not None else [], program.sessions_per_week
    )
    chosen, _created = SessionDays.objects.update_or_create(  # type: ignore[misc]
        patient=patient,
        defaults={
            "weekdays": days,
            "previous": list(previous),
            "set_by": by,
            "set_at": timezone.now(),
        },
    )
    with translation.override("en"):
        names = weekday_names(days)
    record(request, Action.CHANGED, f"session days: {names}", patient, actor=by)
    return chosen
