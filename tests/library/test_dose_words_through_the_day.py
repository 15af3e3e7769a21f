"""The directional exercise's daily dose is said wherever a dose is said (program, player,
handout)."""

from __future__ import annotations

from django.utils import translation

from backrehab.library.queries import dose_words, item_dose_words


def test_a_times_a_day_dose_is_said_after_the_session_dose():
    item = {"sets": 1, "reps": 10, "per_side": False, "times_per_day": 6}
    assert item_dose_words(item) == (
        "1 set of 10 repetitions; 6 times a day, spread through the day"
    )
    assert item_dose_words(item, compact=True).endswith("; 6 times a day, spread through the day")


def test_an_ordinary_dose_says_nothing_about_the_day():
    assert "a day" not in item_dose_words({"sets": 2, "reps": 10})
    assert "a day" not in dose_words(2, 10, None, None, False, times_per_day=1)


def test_the_daily_dose_is_translated():
    with translation.override("es"):
        assert "6 veces al día" in item_dose_words({"sets": 1, "reps": 10, "times_per_day": 6})
