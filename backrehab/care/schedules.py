"""A patient's session schedule as stored: the weekdays they chose and the day their first
program started, made into the clinical core's Schedule (backrehab.clinical.schedule).

Every page, feed and job that asks "is today a session day?" reads it from here, so they agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db.models import Min
from django.utils import timezone, translation
from django.utils.dates import WEEKDAYS

from backrehab.care.models import SessionDays
from backrehab.clinic.models import Patient
from backrehab.clinical.schedule import Schedule, chosen_days_fit, fit_weekdays, schedule

# Languages that write weekday names in lower case inside a sentence.
LOWER_CASE_WEEKDAYS = ("es",)
SLICE = 900


def chosen_weekdays(patient: Patient) -> list[int]:
    """The weekdays the patient (or their clinician) chose; empty when none were chosen."""
    row = SessionDays.objects.filter(patient=patient).values_list("weekdays", flat=True).first()
    return _clean(row)


def _clean(weekdays: object) -> list[int]:
    if not isinstance(weekdays, list):
        return []
    return sorted({d for d in weekdays if isinstance(d, int) and 0 <= d <= 6})


@dataclass(frozen=True)
class _Stored:
    chosen: list[int]
    previous: list[int]
    chosen_on: dt.date | None
    started: dt.datetime | None

    def schedule(self, sessions_per_week: int) -> Schedule:
        return schedule(
            sessions_per_week,
            self.chosen,
            started_at=self.started,
            chosen_on=self.chosen_on if self.chosen else None,
            chosen_before=self.previous,
        )


NOTHING_STORED = _Stored([], [], None, None)


def _stored(patient_ids: Iterable[int]) -> dict[int, _Stored]:
    """Each patient's chosen weekdays (and the ones before, and since when) and when their
    first program started: one query."""
    rows = (
        Patient.objects.filter(pk__in=list(patient_ids))
        .annotate(first_program=Min("programs__created_at"))
        .values_list(
            "pk",
            "session_days__weekdays",
            "session_days__previous",
            "session_days__set_at",
            "first_program",
        )
    )
    return {
        pk: _Stored(
            _clean(weekdays),
            _clean(previous),
            timezone.localdate(set_at) if set_at is not None else None,
            timezone.localtime(first) if first is not None else None,
        )
        for pk, weekdays, previous, set_at, first in rows
    }


def schedule_of(patient: Patient, sessions_per_week: int) -> Schedule:
    return schedule_and_days(patient, sessions_per_week)[0]


def schedule_and_days(patient: Patient, sessions_per_week: int) -> tuple[Schedule, DaysInForce]:
    """The patient's schedule (day one included) and their days in force, in one query."""
    stored = _stored([patient.pk]).get(patient.pk, NOTHING_STORED)
    days = DaysInForce(
        tuple(stored.chosen), fit_weekdays(stored.chosen, sessions_per_week), sessions_per_week
    )
    return stored.schedule(sessions_per_week), days


def schedules_of(per_week: Mapping[int, int]) -> dict[int, Schedule]:
    """Schedules of many patients at once (patient id -> sessions a week): one query for up to
    SLICE patients."""
    ids = list(per_week)
    stored: dict[int, _Stored] = {}
    # In slices, so a whole clinic's report stays under SQLite's limit on query parameters.
    for first in range(0, len(ids), SLICE):
        stored.update(_stored(ids[first : first + SLICE]))
    return {pk: stored.get(pk, NOTHING_STORED).schedule(n) for pk, n in per_week.items()}


def weekday_names(weekdays: Iterable[int]) -> str:
    """ "Monday, Wednesday, Friday" in the reader's language."""
    text = ", ".join(str(WEEKDAYS[d]) for d in sorted(weekdays))
    # Django's names are capitalised as labels; Spanish writes weekdays in lower case in a sentence.
    return (
        text.lower() if (translation.get_language() or "").startswith(LOWER_CASE_WEEKDAYS) else text
    )


@dataclass(frozen=True)
class DaysInForce:
    """What the patient chose against what applies now, for the pages that show or change it."""

    chosen: tuple[int, ...]  # empty: never chosen
    in_force: tuple[int, ...]  # the weekdays sessions fall on now
    sessions_per_week: int

    @property
    def fits(self) -> bool:
        """False when the prescription changed since the days were chosen: choose again."""
        return chosen_days_fit(self.chosen, self.sessions_per_week)

    @property
    def names(self) -> str:
        return weekday_names(self.in_force)

    @property
    def chosen_names(self) -> str:
        return weekday_names(self.chosen)


def days_in_force(
    patient: Patient, sessions_per_week: int, *, chosen: SessionDays | None = None
) -> DaysInForce:
    """The patient's days (pass `chosen`, their SessionDays row, when it was read already)."""
    days = tuple(_clean(chosen.weekdays) if chosen is not None else chosen_weekdays(patient))
    return DaysInForce(days, fit_weekdays(days, sessions_per_week), sessions_per_week)
