"""When sessions fall: the weekly pattern behind "today", adherence, reminders and the calendar.

Pure functions of dates, so the Today screen, the calendar feed and the e-mail reminders agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any


def session_weekdays(sessions_per_week: int) -> list[int]:
    """Weekdays (Monday = 0) for n sessions a week, spread so rest days fall between them."""
    n = max(1, min(7, sessions_per_week))
    return sorted({round(i * 7 / n) % 7 for i in range(n)})


def times_through_the_day(
    times_per_day: int, first: dt.time = dt.time(8, 0), last: dt.time = dt.time(20, 0)
) -> list[dt.time]:
    """Clock times, evenly spread from `first` to `last`, for an exercise repeated through the
    day (the directional exercise: about every 2-3 waking hours), so the Today page, the
    handout and reminders can say when."""
    if times_per_day <= 1:
        return [first]
    start = first.hour * 60 + first.minute
    span = (last.hour * 60 + last.minute) - start
    minutes = [start + round(i * span / (times_per_day - 1)) for i in range(times_per_day)]
    return [dt.time(m // 60, m % 60) for m in minutes]


# A program that starts before this clinic time has its first session on the same day: a new
# patient can begin at once. Later in the day, the weekly pattern starts the next morning.
EVENING = dt.time(18, 0)


def _min_gap(days: Sequence[int]) -> int:
    """The shortest run from one session weekday to the next, round the week."""
    if len(days) < 2:
        return 7
    ordered = sorted(days)
    return min(b - a for a, b in zip(ordered, [*ordered[1:], ordered[0] + 7], strict=True))


def fit_weekdays(chosen: Iterable[int], sessions_per_week: int) -> tuple[int, ...]:
    """The weekdays sessions fall on: the patient's chosen days when they are as many as the
    sessions prescribed a week; otherwise as many of the chosen days as still fit, with the rest
    of the week's sessions put where they leave the most rest between sessions. With nothing
    chosen, the default spread."""
    n = max(1, min(7, sessions_per_week))
    wanted = {d for d in chosen if isinstance(d, int) and 0 <= d <= 6}
    if not wanted:
        return tuple(session_weekdays(n))
    if len(wanted) == n:
        return tuple(sorted(wanted))
    default = set(session_weekdays(n))
    # Keep the most chosen days, then the most rest between sessions, then the default spread.
    best = max(
        combinations(range(7), n),
        key=lambda days: (len(wanted & set(days)), _min_gap(days), len(default & set(days))),
    )
    return tuple(best)


def chosen_days_fit(chosen: Iterable[int], sessions_per_week: int) -> bool:
    """Whether the patient's chosen days still match the sessions prescribed a week (nothing
    chosen fits: the default spread applies)."""
    wanted = set(chosen)
    return not wanted or len(wanted) == max(1, min(7, sessions_per_week))


@dataclass(frozen=True)
class Schedule:
    """When a patient's sessions fall: weekdays (Monday = 0) from day one on.

    Nothing is scheduled before `day_one`; day one itself is a session day when
    `day_one_is_session` (the program started before the evening), whatever its weekday.
    Days chosen anew apply from `since`: before it, the `earlier` weekdays did, so a change
    of days never turns a past rest day into a missed session.
    """

    weekdays: frozenset[int]
    day_one: dt.date | None = None
    day_one_is_session: bool = False
    since: dt.date | None = None
    earlier: frozenset[int] = frozenset()

    def is_session_day(self, day: dt.date) -> bool:
        if self.day_one is not None:
            if day < self.day_one:
                return False
            if day == self.day_one and self.day_one_is_session:
                return True
        if self.since is not None and day < self.since:
            return day.weekday() in self.earlier
        return day.weekday() in self.weekdays


def schedule(
    sessions_per_week: int,
    chosen: Iterable[int] = (),
    *,
    started_at: dt.datetime | None = None,
    evening: dt.time = EVENING,
    chosen_on: dt.date | None = None,
    chosen_before: Iterable[int] = (),
) -> Schedule:
    """A patient's schedule: their chosen weekdays fitted to the sessions prescribed a week
    (`fit_weekdays`), from the day their first program started (`started_at`, in clinic time).
    With `chosen_on`, the days chosen apply from that day, and `chosen_before` (or the default
    spread) before it."""
    weekdays = frozenset(fit_weekdays(chosen, sessions_per_week))
    changed: dict[str, Any] = {}
    if chosen_on is not None:
        changed = {
            "since": chosen_on,
            "earlier": frozenset(fit_weekdays(chosen_before, sessions_per_week)),
        }
    if started_at is None:
        return Schedule(weekdays, **changed)
    if started_at.time() < evening:
        return Schedule(weekdays, started_at.date(), day_one_is_session=True, **changed)
    return Schedule(weekdays, started_at.date() + dt.timedelta(days=1), **changed)


# The functions below take a Schedule, or a number of sessions a week for the default spread
# with no day one (what a report over many patients without their chosen days can use).
ScheduleLike = Schedule | int


def _as_schedule(plan: ScheduleLike) -> Schedule:
    if isinstance(plan, Schedule):
        return plan
    return Schedule(frozenset(session_weekdays(plan)))


def is_session_day(day: dt.date, plan: ScheduleLike) -> bool:
    return _as_schedule(plan).is_session_day(day)


def next_session_day(after: dt.date, plan: ScheduleLike) -> dt.date:
    """The first session day strictly after `after`."""
    found = _as_schedule(plan)
    day = after + dt.timedelta(days=1)
    if found.day_one is not None and day < found.day_one:
        day = found.day_one
    for _ in range(8):
        if found.is_session_day(day):
            return day
        day += dt.timedelta(days=1)
    raise ValueError("a schedule without session days")


def scheduled_days(start: dt.date, end: dt.date, plan: ScheduleLike) -> list[dt.date]:
    """Session days from `start` to `end`, both included."""
    found = _as_schedule(plan)
    days = []
    day = start
    while day <= end:
        if found.is_session_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


@dataclass(frozen=True)
class Adherence:
    done: int
    prescribed: int

    @property
    def percent(self) -> int | None:
        if self.prescribed == 0:
            return None
        return min(100, round(100 * self.done / self.prescribed))


def adherence(
    done_on: Iterable[dt.date], start: dt.date, end: dt.date, plan: ScheduleLike
) -> Adherence:
    """Sessions done against sessions prescribed between two dates (one session a day counts)."""
    prescribed = len(scheduled_days(start, end, plan))
    done = len({d for d in done_on if start <= d <= end})
    return Adherence(done=done, prescribed=prescribed)


def streak(done_on: Iterable[dt.date], today: dt.date, plan: ScheduleLike) -> int:
    """Sessions in a row, back from today: every day with a session done counts (a rest day's
    too, and one before day one); a session day missed ends the row.

    Today not being done yet does not end it: the day is not over.
    """
    found = _as_schedule(plan)
    done = {d for d in done_on if d <= today}
    if not done:
        return 0
    first = min(done)
    count = 0
    day = today
    while day >= first:
        if day in done:
            count += 1
        elif day != today and found.is_session_day(day):
            break
        day -= dt.timedelta(days=1)
    return count
