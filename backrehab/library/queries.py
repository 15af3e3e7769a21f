"""Exercises and doses in words, for pages and JSON (the exercises themselves: catalog.py)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.translation import gettext, ngettext

from backrehab.clinical.exercises import Exercise, Step


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
    *,
    compact: bool = False,
    times_per_day: int | None = None,
) -> str:
    """A dose as a patient reads it, the one wording used everywhere (library, program, player,
    handout): '2 sets of 10 repetitions, hold each 3 s, each side; rest 30 s between sets'.

    `compact` is the short form for tables: '2 sets of 10 each side', '12 min' (a walk).
    Rest is only said when there is more than one set.
    """
    if compact:
        text = _compact_dose(sets, reps, hold_seconds, duration_seconds, per_side)
        return text + _through_the_day(times_per_day)
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
    if rest_seconds and sets > 1:
        text += gettext("; rest %(s)d s between sets") % {"s": rest_seconds}
    return text + _through_the_day(times_per_day)


def _through_the_day(times_per_day: int | None) -> str:
    """A directional self-treatment exercise is repeated through the day, not once a session."""
    if not times_per_day or times_per_day < 2:
        return ""
    return ngettext(
        "; %(n)d time a day, spread through the day",
        "; %(n)d times a day, spread through the day",
        times_per_day,
    ) % {"n": times_per_day}


def item_dose_words(
    item: Mapping[str, Any], *, rest_seconds: int = 0, compact: bool = False
) -> str:
    """The dose of a program item (a plan's JSON) in words; see dose_words. The rest the
    clinician chose is said when the item has one; otherwise pass the exercise's default to have
    it said."""
    if item.get("rest_seconds") is not None:
        rest_seconds = int(item["rest_seconds"])
    return dose_words(
        int(item.get("sets") or 1),
        item.get("reps"),
        item.get("hold_seconds"),
        item.get("duration_seconds"),
        bool(item.get("per_side")),
        rest_seconds,
        compact=compact,
        times_per_day=item.get("times_per_day"),
    )


def _compact_dose(
    sets: int,
    reps: int | None,
    hold_seconds: int | None,
    duration_seconds: int | None,
    per_side: bool,
) -> str:
    duration = duration_seconds or 0
    if duration and sets == 1 and not reps:
        parts = [_short_duration(duration)]  # a walk: "12 min", not "1 set of 720 s"
    else:
        if reps:
            parts = [
                ngettext("%(sets)s set of %(reps)s", "%(sets)s sets of %(reps)s", sets)
                % {"sets": sets, "reps": reps}
            ]
        else:
            parts = [ngettext("%(sets)s set", "%(sets)s sets", sets) % {"sets": sets}]
        if duration:
            parts.append(gettext("of %(duration)s") % {"duration": _short_duration(duration)})
    if hold_seconds:
        parts.append(gettext("holding %(seconds)s s") % {"seconds": hold_seconds})
    if per_side:
        parts.append(gettext("each side"))
    return " ".join(parts)


def _short_duration(seconds: int) -> str:
    if seconds >= 120:
        minutes = round(seconds / 60, 1)
        shown = str(int(minutes)) if minutes.is_integer() else formats.number_format(minutes, 1)
        return gettext("%(minutes)s min") % {"minutes": shown}
    return gettext("%(seconds)s s") % {"seconds": seconds}


def dose_text(exercise: Exercise) -> str:
    """The exercise's default dose in words."""
    d = exercise.dose
    return dose_words(
        d.sets,
        d.reps,
        d.hold_seconds,
        d.duration_seconds,
        d.per_side,
        d.rest_seconds,
        times_per_day=d.times_per_day,
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
