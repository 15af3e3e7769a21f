"""Dose: the starting dose of each chosen exercise, and fitting the session to the time available.

The dose starts from the exercise file's default and is adjusted for irritability, fitness and age
(clinical-rules.md section 5); the session is then trimmed until its estimated length fits the
minutes the person has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from backrehab.clinical.classification import Classification, Irritability
from backrehab.clinical.exercises import Category, Exercise
from backrehab.clinical.focus import TRAINING
from backrehab.clinical.intake import Fitness, Intake
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings


@dataclass
class Prescription:
    """A chosen exercise while the program is being assembled."""

    exercise: Exercise
    phase: int
    score: int
    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    reasons: list[Reason] = field(default_factory=list)
    protected: bool = False  # part of the minimum program; dropped last
    times_per_day: int | None = None  # the directional exercise: repeated through the day
    # The last estimate and the dose it was made for (the session is re-timed very often
    # while it is trimmed and filled; the dose changes far less often).
    _timed: tuple[Any, ...] = field(default=(), repr=False, compare=False)

    @property
    def per_side(self) -> bool:
        return self.exercise.dose.per_side

    def seconds(self, settings: EngineSettings) -> int:
        key = (self.sets, self.reps, self.hold_seconds, self.duration_seconds, settings)
        if self._timed[:5] == key:
            return int(self._timed[5])
        seconds = session_seconds(
            self.sets,
            self.reps,
            self.hold_seconds,
            self.duration_seconds,
            self.per_side,
            self.exercise.dose.rest_seconds,
            settings,
        )
        self._timed = (*key, seconds)
        return seconds


def session_seconds(
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    duration_seconds: int | None,
    per_side: bool,
    rest_seconds: int,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> int:
    """Time estimate: setup + sets x sides x (reps x (hold or ~3 s) or duration) + rests between
    sets (the other side's set is the rest between sides)."""
    if reps is not None:
        work = reps * (hold_seconds or settings.seconds_per_rep)
    else:
        work = duration_seconds or 0
    sides = 2 if per_side else 1
    return settings.setup_seconds + sets * sides * work + (sets - 1) * rest_seconds


MIN_STRENGTH_REPS = 5  # fewer than this no longer trains anything


@dataclass(frozen=True)
class DoseRule:
    id: str
    applies: str
    text: str


DOSE_RULES: dict[str, DoseRule] = {
    r.id: r
    for r in (
        DoseRule(
            "dose-high-irritability",
            "high irritability: one set, holds at most {irritable_max_hold_seconds} s "
            "(stretches excepted), timed exercises x {irritable_duration_factor}",
            "While pain is high: one set, short holds and a shorter walk, to build up from.",
        ),
        DoseRule(
            "dose-low-fitness",
            "low fitness: one set fewer, reps x {low_fitness_reps_factor} (at least "
            f"{MIN_STRENGTH_REPS}) for control and strength exercises",
            "A lighter start to match your current fitness; it goes up as you get stronger.",
        ),
        DoseRule(
            "dose-high-fitness",
            "high fitness and low irritability: one set more (at most {max_sets}) for control "
            "and strength exercises",
            "One set more, as your fitness allows.",
        ),
        DoseRule(
            "dose-older-adult-stretch",
            "age {older_adult_age} or over: stretches held {older_adult_stretch_hold_seconds}-"
            "{max_stretch_hold_seconds} s (ACSM)",
            "Stretches are held a little longer, which works better from our mid-sixties on.",
        ),
        DoseRule(
            "dose-stretch-hold-cap",
            "under {older_adult_age}: stretch holds at most {stretch_hold_seconds} s (ACSM)",
            "Stretches are held for up to 30 seconds, which is all it takes.",
        ),
        DoseRule(
            "dose-full-session",
            "irritability not high and the session well short of the minutes available: one "
            "set more for control and strength exercises (at most {max_sets}), best first",
            "One set more, so the session uses the time you have set aside for it.",
        ),
        DoseRule(
            "dose-full-session-longer",
            "irritability not high and the session still under half the minutes available "
            "with every safe exercise that fits chosen: the walk or ride lengthened up to the "
            "longest its own progression ladder reaches, then reps raised back up to the "
            "file's default, then sets up to the file's default or {max_sets}",
            "A little more of this one, so the session uses the time you have set aside for it.",
        ),
        DoseRule(
            "dose-times-per-day",
            "the directional exercise of a tested preference: repeated through the day, "
            "{directional_times_per_day} times unless its file says otherwise (about 10 "
            "repetitions every 2-3 hours)",
            "Repeat this one little and often: about every two to three hours through the day, "
            "as well as in the session.",
        ),
        DoseRule(
            "dose-time-budget",
            "sets, then walking time, then items, then reps or time reduced until the session "
            "fits the minutes",
            "Shortened so the session fits the time you have.",
        ),
    )
}


def _dose_reason(rule_id: str) -> Reason:
    return reason(rule_id, DOSE_RULES[rule_id].text)


def starting_dose(
    exercise: Exercise, intake: Intake, c: Classification, settings: EngineSettings
) -> tuple[int, int | None, int | None, int | None, list[Reason]]:
    """(sets, reps, hold, duration, reasons): the file's default dose, adjusted."""
    dose = exercise.dose
    sets, reps, hold, duration = dose.sets, dose.reps, dose.hold_seconds, dose.duration_seconds
    reasons: list[Reason] = []
    stretch = exercise.category is Category.STRETCH
    training = exercise.category in TRAINING

    if c.irritability is Irritability.HIGH:
        before = (sets, hold, duration)
        sets = 1
        if hold is not None and not stretch:
            hold = min(hold, settings.irritable_max_hold_seconds)
        if duration is not None:
            duration = max(5, round(duration * settings.irritable_duration_factor))
        if (sets, hold, duration) != before:
            reasons.append(_dose_reason("dose-high-irritability"))
    elif intake.fitness is Fitness.LOW and training:
        before_low = (sets, reps)
        sets = max(1, sets - 1)
        if reps is not None and reps > MIN_STRENGTH_REPS:
            reps = max(MIN_STRENGTH_REPS, math.floor(reps * settings.low_fitness_reps_factor))
        if (sets, reps) != before_low:
            reasons.append(_dose_reason("dose-low-fitness"))
    elif (
        intake.fitness is Fitness.HIGH
        and c.irritability is Irritability.LOW
        and training
        and sets < settings.max_sets
    ):
        sets += 1
        reasons.append(_dose_reason("dose-high-fitness"))

    if stretch and hold is not None:
        if c.older_adult and hold < settings.older_adult_stretch_hold_seconds:
            hold = settings.older_adult_stretch_hold_seconds
            reasons.append(_dose_reason("dose-older-adult-stretch"))
        elif not c.older_adult and hold > settings.stretch_hold_seconds:
            hold = settings.stretch_hold_seconds
            reasons.append(_dose_reason("dose-stretch-hold-cap"))
        hold = min(hold, max(settings.max_stretch_hold_seconds, dose.hold_seconds or 0))
    return sets, reps, hold, duration, reasons


# --- Fitting the time budget -----------------------------------------------------------------


def fit_to_budget(items: list[Prescription], budget: int, settings: EngineSettings) -> None:
    """Shrink the session in place until it fits `budget` seconds.

    Least important first: sets come down to one (lowest-scoring item first), then a long walk
    shortens toward `timed_floor_seconds` (a shorter walk before fewer exercises), then
    unprotected items go (lowest first), then reps or time shrink, and only then protected
    items go.
    """

    def total() -> int:
        return sum(item.seconds(settings) for item in items)

    def by_priority_low_first() -> list[Prescription]:
        return sorted(items, key=lambda p: (p.score, -p.phase, p.exercise.id))

    def mark(item: Prescription) -> None:
        if not any(r.rule == "dose-time-budget" for r in item.reasons):
            item.reasons.append(_dose_reason("dose-time-budget"))

    # The session's length is kept up to date as one item changes at a time.
    length = total()
    if length <= budget:
        return
    for item in by_priority_low_first():
        while length > budget and item.sets > 1:
            before = item.seconds(settings)
            item.sets -= 1
            length += item.seconds(settings) - before
            mark(item)
    for item in by_priority_low_first():
        floor = settings.timed_floor_seconds
        while (
            length > budget
            and item.duration_seconds is not None
            and (item.duration_seconds > floor)
        ):
            before = item.seconds(settings)
            item.duration_seconds = max(floor, item.duration_seconds - 30)
            length += item.seconds(settings) - before
            mark(item)
    for item in by_priority_low_first():
        if total() <= budget:
            return
        if not item.protected and len(items) > 1:
            items.remove(item)
    while total() > budget:
        longest = max(items, key=lambda p: (p.seconds(settings), -p.score, p.exercise.id))
        if longest.reps is not None and longest.reps > 1:
            longest.reps -= 1
        elif longest.duration_seconds is not None and longest.duration_seconds > 5:
            longest.duration_seconds = max(5, longest.duration_seconds - 30)
        elif longest.hold_seconds is not None and longest.hold_seconds > 1:
            longest.hold_seconds -= 1
        elif len(items) > 1:
            items.remove(min(items, key=lambda p: (p.score, -p.phase, p.exercise.id)))
            continue
        else:
            return  # a single minimal item: nothing left to trim
        mark(longest)
