"""The weekly session pattern: spread out, and counted the same everywhere."""

from __future__ import annotations

import datetime as dt

import pytest

from backrehab.clinical.schedule import (
    adherence,
    is_session_day,
    next_session_day,
    scheduled_days,
    session_weekdays,
    streak,
    times_through_the_day,
)

MONDAY = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("per_week", "days"),
    [(1, [0]), (2, [0, 4]), (3, [0, 2, 5]), (5, [0, 1, 3, 4, 6]), (7, [0, 1, 2, 3, 4, 5, 6])],
)
def test_sessions_are_spread_through_the_week(per_week, days):
    assert session_weekdays(per_week) == days


def test_a_week_has_as_many_session_days_as_prescribed():
    for n in range(1, 8):
        assert len(scheduled_days(MONDAY, MONDAY + dt.timedelta(days=6), n)) == n


def test_the_next_session_skips_rest_days():
    assert next_session_day(MONDAY, 3) == MONDAY + dt.timedelta(days=2)
    assert is_session_day(next_session_day(MONDAY + dt.timedelta(days=5), 3), 3)


def test_adherence_is_sessions_done_over_sessions_prescribed():
    result = adherence(
        [MONDAY, MONDAY + dt.timedelta(days=2)], MONDAY, MONDAY + dt.timedelta(days=13), 3
    )
    assert (result.done, result.prescribed, result.percent) == (2, 6, 33)


def test_two_sessions_on_one_day_count_once():
    assert adherence([MONDAY, MONDAY], MONDAY, MONDAY, 7).done == 1


def test_no_prescribed_sessions_has_no_percentage():
    assert (
        adherence([], MONDAY + dt.timedelta(days=1), MONDAY + dt.timedelta(days=1), 1).percent
        is None
    )


def test_the_streak_counts_session_days_done_and_ignores_rest_days():
    done = [MONDAY, MONDAY + dt.timedelta(days=2), MONDAY + dt.timedelta(days=5)]  # Mon, Wed, Sat
    assert streak(done, MONDAY + dt.timedelta(days=6), 3) == 3


def test_today_not_yet_done_does_not_break_the_streak():
    done = [MONDAY, MONDAY + dt.timedelta(days=2)]
    assert streak(done, MONDAY + dt.timedelta(days=5), 3) == 2


def test_a_missed_session_day_ends_the_streak():
    done = [MONDAY]  # then Wednesday and Saturday were missed
    assert streak(done, MONDAY + dt.timedelta(days=6), 3) == 0


@pytest.mark.parametrize(
    ("times", "expected"),
    [
        (1, ["08:00"]),
        (2, ["08:00", "20:00"]),
        (6, ["08:00", "10:24", "12:48", "15:12", "17:36", "20:00"]),
    ],
)
def test_a_directional_exercise_is_spread_through_the_waking_day(times, expected):
    assert [t.strftime("%H:%M") for t in times_through_the_day(times)] == expected
