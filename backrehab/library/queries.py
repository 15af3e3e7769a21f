"""Reading the stored library for pages and JSON (no writes here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from backrehab.clinical.exercises import Exercise, Step
from backrehab.library.models import ExerciseRecord


def filtered(filters: dict[str, Any]) -> QuerySet[ExerciseRecord]:
    records = ExerciseRecord.objects.filter(retired=False).defer(
        "figure_animated", "figure_start", "figure_peak"
    )
    for name in ("category", "position", "bias"):
        if filters.get(name):
            records = records.filter(**{name: filters[name]})
    if filters.get("equipment"):
        records = records.filter(equipment_tags__contains=f",{filters['equipment']},")
    for word in str(filters.get("q") or "").lower().split():
        records = records.filter(Q(search_text__contains=word) | Q(slug__contains=word))
    return records


def step_text(step: Step) -> str:
    """A dose step in words, e.g. 'hold 5 s, 3 sets'."""
    if step.dose is None:
        return ""
    parts = []
    dose = step.dose
    if dose.sets:
        parts.append(f"{dose.sets} sets")
    if dose.reps:
        parts.append(f"{dose.reps} repetitions")
    if dose.hold_seconds:
        parts.append(f"hold {dose.hold_seconds} s")
    if dose.duration_seconds:
        parts.append(_duration(dose.duration_seconds))
    return ", ".join(parts).capitalize()


def _duration(seconds: int) -> str:
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} s"


def dose_text(exercise: Exercise) -> str:
    """The default dose as a patient reads it: '2 sets of 10, hold 3 s, each side'."""
    dose = exercise.dose
    amount = f"{dose.reps} repetitions" if dose.reps else _duration(dose.duration_seconds or 0)
    text = f"{dose.sets} set{'s' if dose.sets != 1 else ''} of {amount}"
    if dose.hold_seconds:
        text += f", hold each {dose.hold_seconds} s"
    if dose.per_side:
        text += ", each side"
    if dose.rest_seconds:
        text += f"; rest {dose.rest_seconds} s between sets"
    return text


def chain(exercise: Exercise, names: dict[str, str]) -> dict[str, list[dict[str, str]]]:
    """Progression and regression steps with readable labels and links."""

    def describe(step: Step) -> dict[str, str]:
        if step.exercise:
            return {
                "exercise": step.exercise,
                "label": names.get(step.exercise, step.exercise),
                "note": step.note or "",
            }
        return {"exercise": "", "label": step_text(step), "note": step.note or ""}

    return {
        "progression": [describe(s) for s in exercise.progression],
        "regression": [describe(s) for s in exercise.regression],
    }


def names_by_slug() -> dict[str, str]:
    return dict(ExerciseRecord.objects.values_list("slug", "name"))
