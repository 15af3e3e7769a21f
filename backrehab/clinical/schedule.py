"""When sessions fall: the weekly pattern behind "today", adherence, reminders and the calendar.

Pure functions of dates, so the Today screen, the calendar feed and the e-mail reminders agree.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass


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


def is_session_day(day: dt.date, sessions_per_week: int) -> bool:
    return day.weekday() in session_weekdays(sessions_per_week)


def next_session_day(after: dt.date, sessions_per_week: int) -> dt.date:
    """The first session day strictly after `after`."""
    day = after + dt.timedelta(days=1)
    while not is_session_day(day, sessions_per_week):
        day += dt.timedelta(days=1)
    return day


def scheduled_days(start: dt.date, end: dt.date, sessions_per_week: int) -> list[dt.date]:
    """Session days from `start` to `end`, both included."""
    days = []
    day = start
    while day <= end:
        if is_session_day(day, sessions_per_week):
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
    done_on: Iterable[dt.date], start: dt.date, end: dt.date, sessions_per_week: int
) -> Adherence:
    """Sessions done against sessions prescribed between two dates (one session a day counts)."""
    prescribed = len(scheduled_days(start, end, sessions_per_week))
    done = len({d for d in done_on if start <= d <= end})
    return Adherence(done=done, prescribed=prescribed)


def streak(done_on: Iterable[dt.date], today: dt.date, sessions_per_week: int) -> int:
    """Session days in a row, back from today, with a session done; rest days do not break it.

    Today not being done yet does not break the streak either: the day is not over.
    """
    done = set(done_on)
    count = 0
    day = today
    if is_session_day(day, sessions_per_week) and day not in done:
        day -= dt.timedelta(days=1)
    for _ in range(366):
        if is_session_day(day, sessions_per_week):
            if day not in done:
                break
            count += 1
        day -= dt.timedelta(days=1)
    return count
