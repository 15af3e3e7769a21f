"""Reading the stored library for pages and JSON (no writes here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext, ngettext

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
    """A dose step in words, e.g. 'Hold 5 s, 3 sets'."""
    if step.dose is None:
        return ""
    parts = []
    dose = step.dose
    if dose.sets:
        parts.append(ngettext("%(n)d set", "%(n)d sets", dose.sets) % {"n": dose.sets})
    if dose.reps:
        parts.append(
            ngettext("%(n)d repetition", "%(n)d repetitions", dose.reps) % {"n": dose.reps}
        )
    if dose.hold_seconds:
        parts.append(gettext("hold %(s)d s") % {"s": dose.hold_seconds})
    if dose.duration_seconds:
        parts.append(duration_words(dose.duration_seconds))
    return ", ".join(parts).capitalize()


def duration_words(seconds: int) -> str:
    minutes, rest = divmod(seconds, 60)
    if minutes and not rest:
        return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
    if minutes:
        return gettext("%(m)d min %(s)d s") % {"m": minutes, "s": rest}
    return gettext("%(s)d s") % {"s": seconds}


def dose_words(
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    duration_seconds: int | None,
    per_side: bool,
    rest_seconds: int = 0,
) -> str:
    """A dose as a patient reads it: '2 sets of 10 repetitions, hold each 3 s, each side'."""
    if reps:
        amount = ngettext("%(n)d repetition", "%(n)d repetitions", reps) % {"n": reps}
    else:
        amount = duration_words(duration_seconds or 0)
    text = ngettext("%(n)d set of %(amount)s", "%(n)d sets of %(amount)s", sets) % {
        "n": sets,
        "amount": amount,
    }
    if hold_seconds:
        text += gettext(", hold each %(s)d s") % {"s": hold_seconds}
    if per_side:
        text += gettext(", each side")
    if rest_seconds:
        text += gettext("; rest %(s)d s between sets") % {"s": rest_seconds}
    return text


def dose_text(exercise: Exercise) -> str:
    """The exercise's default dose in words."""
    d = exercise.dose
    return dose_words(
        d.sets, d.reps, d.hold_seconds, d.duration_seconds, d.per_side, d.rest_seconds
    )


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
    from backrehab.library.localization import localized_names

    names: dict[str, str] = dict(ExerciseRecord.objects.values_list("slug", "name"))
    names.update({slug: name for slug, (name, _) in localized_names().items()})
    return names
