"""The dose ladder: one rung up (reps -> time -> sets -> hold -> harder variant) or one rung
down (the ladder in reverse, then the file's regression steps), within the exercise's ceilings."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.exercises import Category, Exercise
from backrehab.clinical.program import ProgramItem
from backrehab.clinical.progression.rules import Kind, _reason
from backrehab.clinical.reasons import Reason
from backrehab.clinical.settings import EngineSettings


class DoseOut(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool

    @classmethod
    def of(cls, item: ProgramItem) -> Dose:
        return cls(item.sets, item.reps, item.hold_seconds, item.duration_seconds, item.per_side)

    @classmethod
    def default(cls, exercise: Exercise) -> Dose:
        d = exercise.dose
        return cls(d.sets, d.reps, d.hold_seconds, d.duration_seconds, d.per_side)

    def out(self) -> DoseOut:
        return DoseOut(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            duration_seconds=self.duration_seconds,
            per_side=self.per_side,
        )

    def replace(self, **changes: Any) -> Dose:
        values = {**self.__dict__, **changes}
        return Dose(**values)


def _step_values(exercise: Exercise, name: str) -> list[int]:
    return [
        getattr(step.dose, name)
        for step in exercise.progression
        if step.dose is not None and getattr(step.dose, name) is not None
    ]


@dataclass(frozen=True)
class Ceilings:
    reps: int
    sets: int
    hold: int
    duration: int


def ceilings(exercise: Exercise, settings: EngineSettings) -> Ceilings:
    """The top of each rung. Where the exercise file's progression gives dose steps for a
    count, its highest step is the top (the author's ladder); otherwise the settings' range
    for the category. Never below the file's default dose."""
    default = exercise.dose
    if exercise.category is Category.STRETCH:
        reps_top = settings.max_stretch_reps
        sets_top = default.sets  # stretches progress by reps and hold, not sets
        hold_top = settings.stretch_hold_seconds
    elif exercise.category is Category.AEROBIC:
        reps_top = settings.max_strength_reps
        sets_top = default.sets  # walking progresses by time, not by walking twice
        hold_top = 0
    else:
        held = exercise.category is Category.MOTOR_CONTROL and default.hold_seconds
        reps_top = settings.max_held_reps if held else settings.max_strength_reps
        sets_top = settings.max_sets
        hold_top = (
            settings.max_motor_control_hold_seconds
            if exercise.category is Category.MOTOR_CONTROL
            else 0
        )

    def top(name: str, generic: int, start: int | None) -> int:
        steps = _step_values(exercise, name)
        return max([*(steps or [generic]), start or 0])

    return Ceilings(
        reps=top("reps", reps_top, default.reps),
        sets=top("sets", sets_top, default.sets),
        hold=top("hold_seconds", hold_top, default.hold_seconds),
        duration=top("duration_seconds", 0, default.duration_seconds),
    )


def _safe_variant(
    names: Sequence[str | None],
    library: Mapping[str, Exercise],
    blocked: set[str],
) -> Exercise | None:
    for name in names:
        if name is not None and name in library and name not in blocked:
            return library[name]
    return None


def start_dose(variant: Exercise, current: Dose) -> Dose:
    start = Dose.default(variant)
    return start.replace(sets=min(start.sets, current.sets))


def progress(
    item: ProgramItem,
    exercise: Exercise,
    library: Mapping[str, Exercise],
    blocked: set[str],
    settings: EngineSettings,
) -> tuple[Kind, Dose, str | None, Reason]:
    dose = Dose.of(item)
    top = ceilings(exercise, settings)
    default = exercise.dose
    if dose.reps is not None and dose.reps < top.reps:
        # In the 8-15 strength range two reps is one step; held reps and stretches go by one.
        step = 2 if dose.reps >= 8 and top.reps >= settings.max_strength_reps else 1
        return (
            Kind.PROGRESS,
            dose.replace(reps=min(top.reps, dose.reps + step)),
            None,
            _reason("progress-reps"),
        )
    if dose.duration_seconds is not None and dose.duration_seconds < top.duration:
        # Whole minutes once a walk lasts five minutes or more; 5 s steps below that.
        unit = 60 if dose.duration_seconds >= 300 else 5
        step = max(unit, unit * round(dose.duration_seconds * settings.duration_step / unit))
        new = min(top.duration, dose.duration_seconds + step)
        return Kind.PROGRESS, dose.replace(duration_seconds=new), None, _reason("progress-duration")
    if dose.sets < top.sets:
        reps = None if dose.reps is None else min(dose.reps, default.reps or dose.reps)
        return (
            Kind.PROGRESS,
            dose.replace(sets=dose.sets + 1, reps=reps),
            None,
            _reason("progress-sets"),
        )
    if dose.hold_seconds is not None and dose.hold_seconds < top.hold:
        step = 5 if exercise.category is Category.STRETCH else 2
        new_hold = min(top.hold, dose.hold_seconds + step)
        return Kind.PROGRESS, dose.replace(hold_seconds=new_hold), None, _reason("progress-hold")
    variant = _safe_variant([s.exercise for s in exercise.progression], library, blocked)
    if variant is not None:
        return (
            Kind.PROGRESS,
            start_dose(variant, dose),
            variant.id,
            _reason(
                "progress-variant", {"replacement": variant.id}, replacement=variant.name.lower()
            ),
        )
    return Kind.HOLD, dose, None, _reason("hold-top-of-ladder")


def lower_dose(item: ProgramItem, exercise: Exercise) -> Dose | None:
    """One rung back toward the exercise's starting dose (the ladder in reverse: hold or time,
    then sets, then reps); None at or below the starting dose."""
    dose = Dose.of(item)
    default = Dose.default(exercise)
    # Above the starting dose: undo the last rung (the ladder in reverse: hold, sets, reps).
    if (
        dose.hold_seconds is not None
        and default.hold_seconds is not None
        and (dose.hold_seconds > default.hold_seconds)
    ):
        lower = max(default.hold_seconds, dose.hold_seconds - 5)
        return dose.replace(hold_seconds=lower)
    if (
        dose.duration_seconds is not None
        and default.duration_seconds is not None
        and (dose.duration_seconds > default.duration_seconds)
    ):
        lower = max(default.duration_seconds, math.floor(dose.duration_seconds * 5 / 6))
        return dose.replace(duration_seconds=lower)
    if dose.sets > default.sets:
        return dose.replace(sets=dose.sets - 1)
    if dose.reps is not None and default.reps is not None and dose.reps > default.reps:
        lower = max(default.reps, dose.reps - 2)
        return dose.replace(reps=lower)
    return None


def regress(
    item: ProgramItem,
    exercise: Exercise,
    library: Mapping[str, Exercise],
    blocked: set[str],
) -> tuple[Kind, Dose | None, str | None, Reason]:
    dose = Dose.of(item)
    lower = lower_dose(item, exercise)
    if lower is not None:
        return Kind.REGRESS, lower, None, _reason("regress-dose")
    # At or below the starting dose: the file's own regression ladder.
    for step in exercise.regression:
        if step.exercise is not None:
            variant = _safe_variant([step.exercise], library, blocked)
            if variant is not None:
                return (
                    Kind.REGRESS,
                    start_dose(variant, dose),
                    variant.id,
                    _reason(
                        "regress-variant",
                        {"replacement": variant.id},
                        replacement=variant.name.lower(),
                    ),
                )
        elif step.dose is not None:
            lowered = _lower_by_step(dose, step.dose.model_dump(exclude_none=True))
            if lowered != dose:
                return Kind.REGRESS, lowered, None, _reason("regress-step")
    reduced = _reduce(dose)
    if reduced is not None:
        return Kind.REGRESS, reduced, None, _reason("regress-reduce")
    return Kind.STOP, None, None, _reason("stop-no-easier-step")


def _lower_by_step(dose: Dose, change: dict[str, int]) -> Dose:
    """Apply a regression dose step only where it lowers the dose (never raises it)."""
    current: dict[str, int | None] = {
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_seconds": dose.hold_seconds,
        "duration_seconds": dose.duration_seconds,
    }
    updated = {}
    for name, value in change.items():
        now = current[name]
        if now is not None:  # a step cannot add a kind of count the dose does not use
            updated[name] = min(value, now)
    return dose.replace(**updated)


def _reduce(dose: Dose) -> Dose | None:
    if dose.sets > 1:
        return dose.replace(sets=dose.sets - 1)
    if dose.reps is not None and dose.reps > 1:
        return dose.replace(reps=max(1, dose.reps - math.ceil(dose.reps / 3)))
    if dose.hold_seconds is not None and dose.hold_seconds > 1:
        return dose.replace(hold_seconds=max(1, dose.hold_seconds // 2))
    if dose.duration_seconds is not None and dose.duration_seconds > 5:
        return dose.replace(duration_seconds=max(5, dose.duration_seconds * 2 // 3))
    return None
