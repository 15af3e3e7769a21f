"""The days a patient chooses, day one, and sessions in a row (clinical.schedule)."""

from __future__ import annotations

import datetime as dt

import pytest

from backrehab.clinical.schedule import (
    adherence,
    chosen_days_fit,
    fit_weekdays,
    next_session_day,
    schedule,
    scheduled_days,
    streak,
)

MONDAY = dt.date(2026, 11, 23)
MON, TUE, WED, THU, FRI, SAT, SUN = range(7)


def day(offset: int) -> dt.date:
    return MONDAY + dt.timedelta(days=offset)


def test_the_chosen_days_are_the_session_days_when_they_match_the_prescription():
    plan = schedule(3, [TUE, THU, SAT])
    assert scheduled_days(MONDAY, day(6), plan) == [day(1), day(3), day(5)]


def test_nothing_chosen_means_the_default_spread():
    assert fit_weekdays([], 3) == (MON, WED, SAT)


def test_fewer_sessions_prescribed_keeps_chosen_days_with_the_most_rest_between():
    # Four chosen days, now three a week: three of the four, not crowded together.
    # Monday and Tuesday back to back: one of them goes (Monday stays, as in the default spread).
    assert fit_weekdays([MON, TUE, THU, SAT], 3) == (MON, THU, SAT)


def test_more_sessions_prescribed_keeps_every_chosen_day_and_adds_rested_ones():
    found = fit_weekdays([TUE, FRI], 3)
    assert {TUE, FRI} < set(found) and len(found) == 3
    assert found == (TUE, FRI, SUN)  # two days' rest before and after the added Sunday


def test_the_fallback_always_has_as_many_days_as_prescribed():
    for chosen in ([MON], [MON, TUE], [MON, TUE, WED, THU, FRI, SAT, SUN], [SAT, SUN]):
        for n in range(1, 8):
            assert len(fit_weekdays(chosen, n)) == n


def test_chosen_days_that_no_longer_match_are_reported():
    assert chosen_days_fit([MON, WED, FRI], 3)
    assert chosen_days_fit([], 4)
    assert not chosen_days_fit([MON, WED, FRI], 2)


def test_out_of_range_weekdays_are_ignored():
    assert fit_weekdays([MON, 9, -1], 1) == (MON,)


@pytest.mark.parametrize("hour", [8, 12, 17])
def test_day_one_is_a_session_day_when_the_program_starts_before_the_evening(hour):
    tuesday = dt.datetime.combine(day(1), dt.time(hour, 30))
    plan = schedule(3, [MON, WED, FRI], started_at=tuesday)
    assert plan.is_session_day(day(1))  # a Tuesday, not one of the chosen days
    assert scheduled_days(MONDAY, day(6), plan) == [day(1), day(2), day(4)]


def test_a_program_started_in_the_evening_begins_its_pattern_the_next_day():
    monday_evening = dt.datetime.combine(MONDAY, dt.time(19, 0))
    plan = schedule(3, [MON, WED, FRI], started_at=monday_evening)
    assert not plan.is_session_day(MONDAY)
    assert next_session_day(MONDAY, plan) == day(2)


def test_nothing_is_scheduled_before_day_one():
    plan = schedule(7, started_at=dt.datetime.combine(day(3), dt.time(9, 0)))
    assert scheduled_days(MONDAY, day(6), plan) == [day(3), day(4), day(5), day(6)]
    assert adherence([], MONDAY, day(2), plan).prescribed == 0


def test_the_next_session_before_day_one_is_day_one():
    plan = schedule(3, [MON], started_at=dt.datetime.combine(day(3), dt.time(9, 0)))
    assert next_session_day(MONDAY, plan) == day(3)


def test_one_session_done_is_one_in_a_row_on_any_day():
    plan = schedule(3, [MON, WED, FRI], started_at=dt.datetime.combine(day(1), dt.time(20, 0)))
    # Started Tuesday evening and did a session at once: 1 in a row that evening and next morning.
    assert streak([day(1)], day(1), plan) == 1
    assert streak([day(1)], day(2), plan) == 1


def test_a_session_on_a_rest_day_adds_to_the_row():
    plan = schedule(3, [MON, WED, FRI])
    assert streak([MONDAY, day(1), day(2)], day(2), plan) == 3


def test_a_missed_session_day_ends_the_row_but_today_is_not_over():
    plan = schedule(3, [MON, WED, FRI])
    assert streak([MONDAY], day(2), plan) == 1  # Wednesday is today: not missed yet
    assert streak([MONDAY], day(3), plan) == 0  # Wednesday was missed
    assert streak([MONDAY, day(3)], day(3), plan) == 1  # a new row from Thursday


def test_no_session_no_row():
    assert streak([], day(3), schedule(3)) == 0


def test_days_chosen_anew_apply_from_that_day_and_the_earlier_ones_before():
    # Monday, Wednesday, Friday until Thursday; then Tuesday, Thursday, Saturday.
    plan = schedule(3, [TUE, THU, SAT], chosen_on=day(3), chosen_before=[MON, WED, FRI])
    assert scheduled_days(MONDAY, day(6), plan) == [MONDAY, day(2), day(3), day(5)]


def test_choosing_new_days_does_not_turn_yesterday_into_a_missed_session():
    done = [MONDAY, day(2)]  # Monday and Wednesday, as planned
    plan = schedule(3, [THU, SAT, SUN], chosen_on=day(3), chosen_before=[MON, WED, FRI])
    assert streak(done, day(3), plan) == 2
