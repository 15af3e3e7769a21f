"""What the guided session player needs, worked out on the server once.

The player runs in the browser and may lose the network half way, so the plan carries everything
it shows: the words, the dose, the rest between sets, why each exercise was chosen, and (beside
it, in the page) each exercise's animated figure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypedDict

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext, pgettext

from backrehab.care.models import Program
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.progression.decisions import DIRECTIONAL_RULES
from backrehab.figures.spec import FigureSpec
from backrehab.library.catalog import Catalog
from backrehab.library.queries import dose_text
from backrehab.motion.model import tracking_model
from backrehab.portal.reason_text import reason_texts


class PlayerItem(TypedDict):
    exercise: str
    name: str
    steps: list[str]
    cues: list[str]
    breathing: str
    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool
    rest_seconds: int
    note: str  # the clinician's note to the patient about this exercise ("" when none)
    dose_text: str
    why: list[str]
    peak_at: float
    directional: bool  # chosen for the directional preference: the player asks about centralising


class CoachAssets(TypedDict):
    """Where the browser finds the pose model's files (each file name of @mediapipe/pose and
    its URL among this site's static files, hashed names in production) and the tracking models
    of the program's exercises (fetched once the patient opts in)."""

    files: dict[str, str]
    models: str


class PlayerPlan(TypedDict):
    program: int
    minutes: int
    items: list[PlayerItem]
    words: dict[str, str]
    coach: CoachAssets | None  # None: the pose model is not installed, no camera is offered


def player_words() -> dict[str, str]:
    """Everything the player says or shows, in the patient's language.

    %(name)s-style placeholders are filled in by player.js.
    """
    return {
        "sound_on": gettext("Sound on"),
        "sound_off": gettext("Sound off"),
        "exercise_of": gettext("Exercise %(n)s of %(total)s"),
        "starting_position": gettext("Get into the starting position."),
        "pause": gettext("Pause"),
        "resume": gettext("Resume"),
        "set_of": gettext("Set %(n)s of %(total)s"),
        "get_ready": gettext("Get ready"),
        "now_left": gettext("Now the left side"),
        "now_right": gettext("Now the right side"),
        "left_side": gettext("left side"),
        "right_side": gettext("right side"),
        "rest": gettext("Rest"),
        "sets_done": gettext("Sets done: %(n)s of %(total)s"),
        "rest_cue": gettext("Breathe easily and let your back relax."),
        "keep_going": gettext("Keep going"),
        "hold": gettext("Hold"),
        "relax": gettext("Relax"),
        "count_for_me": gettext("Count for me"),
        "count_myself": gettext("I will count myself"),
        "tap_each": gettext("Tap the button after each repetition"),
        "into_position": gettext("Move into position"),
        "move_slowly": gettext("Move slowly"),
        "and_back": gettext("…and back"),
        "per_repetition": gettext("%(seconds)s s per repetition"),
        "repetition_of": gettext("repetition %(n)s of %(total)s"),
        "how_did_it_feel": gettext("Well done. How did that feel?"),
        "how_did": gettext("How did %(name)s feel?"),
        "rate_missing": gettext("Please choose a number for pain and for how hard it was."),
        "earlier_today": gettext(
            "You did %(done)s of %(total)s exercises earlier today. Those answers are kept."
        ),
        "all_done": gettext("All exercises done"),
        "whole_session": gettext("Well done. That is the whole session."),
        "paused": gettext("Paused"),
        "paused_long": gettext("Paused. Take your time."),
        "carry_on": gettext("Carry on"),
        "skipped": gettext("You skipped %(name)s. How did it feel?"),
        "overview": gettext("%(count)s exercises, about %(minutes)s minutes"),
        **coach_words(),
    }


PART = "camera coach: a body part out of the camera's view"


def coach_words() -> dict[str, str]:
    """What the camera coach shows and says."""
    return {
        "coach_setup": gettext("Where to put the phone"),
        "coach_loading": gettext("Starting the camera…"),
        "coach_framing": gettext("Waiting until the phone sees all of you…"),
        "coach_ready": gettext("The phone sees you. Let's start."),
        "coach_counting": gettext("The camera counts your repetitions"),
        "coach_counting_hold": gettext("Hold each one %(seconds)s seconds at the end position"),
        "coach_timing_holds": gettext(
            "Each hold's clock runs while the camera sees you at the end position"
        ),
        "coach_hold_back": gettext("Back into the hold"),
        "coach_hold_clock": gettext("The camera lost sight of you: the clock times the holds now."),
        "coach_refused": gettext(
            "The camera could not be used. The session carries on as usual, without it."
        ),
        "coach_off": gettext("Carry on without the camera"),
        "coach_missing": gettext("The phone cannot see your %(parts)s."),
        "coach_back": gettext("Good, the phone sees you again."),
        "coach_part_head": pgettext(PART, "head"),
        "coach_part_shoulders": pgettext(PART, "shoulders"),
        "coach_part_arms": pgettext(PART, "arms"),
        "coach_part_hips": pgettext(PART, "hips"),
        "coach_part_knees": pgettext(PART, "knees"),
        "coach_part_feet": pgettext(PART, "feet"),
        "coach_and": pgettext("camera coach: the last of a list of body parts", "and"),
        "coach_summary": gettext("Repetitions the camera counted: %(reps)s."),
        "coach_full_range": gettext("%(full)s of %(reps)s reached full range."),
        "coach_most_common": gettext("Something to work on: %(cue)s"),
        "coach_correct": gettext("Repetitions you did (change it if the count is wrong)"),
        "coach_fewer": gettext("One fewer"),
        "coach_more": gettext("One more"),
    }


@dataclass(frozen=True)
class Figure:
    exercise: str
    svg: str


@dataclass(frozen=True)
class SessionPlan:
    data: PlayerPlan
    figures: list[Figure]


def coach_assets() -> CoachAssets | None:
    """The pose model's files among the static files, or None when it is not installed."""
    prefix = settings.MEDIAPIPE_POSE_PREFIX
    found = finders.find(f"{prefix}/pose.js")
    if not found:
        return None
    folder = Path(str(found)).parent
    names = sorted(
        p.name for p in folder.iterdir() if p.is_file() and p.suffix not in {".md", ".ts", ".json"}
    )
    return CoachAssets(
        files={name: static(f"{prefix}/{name}") for name in names},
        models=reverse("session-motion"),
    )


def session_plan(
    program: Program, catalog: Catalog, coach: CoachAssets | None = None
) -> SessionPlan:
    """The program in force, as the player steps through it, from the patient's clinic's
    `catalog`.

    The dose comes from the program item (it changes as the patient progresses); the rest between
    sets is the clinician's when the item has one, else the exercise's default.
    """
    plan_items: list[dict[str, Any]] = list(program.plan.get("items", []))
    slugs = [str(item["exercise"]) for item in plan_items]
    drawn = catalog.figures(slugs, "figure")
    items: list[PlayerItem] = []
    figures: list[Figure] = []
    for item in plan_items:
        slug = str(item["exercise"])
        found = catalog.exercise(slug)
        if found is None:
            # An exercise deleted from the library: nothing safe to show, leave it out.
            continue
        exercise = _with_dose(found, item)
        items.append(
            PlayerItem(
                exercise=slug,
                name=exercise.name,
                steps=list(exercise.steps),
                cues=list(exercise.cues),
                breathing=exercise.breathing,
                sets=exercise.dose.sets,
                reps=exercise.dose.reps,
                hold_seconds=exercise.dose.hold_seconds,
                duration_seconds=exercise.dose.duration_seconds,
                per_side=exercise.dose.per_side,
                rest_seconds=exercise.dose.rest_seconds,
                note=str(item.get("note") or ""),
                dose_text=dose_text(exercise),
                why=reason_texts(item.get("reasons", []), catalog),
                peak_at=peak_at(exercise.figure),
                directional=_directional(item),
            )
        )
        if all(f.exercise != slug for f in figures) and slug in drawn:
            figures.append(Figure(slug, drawn[slug]["figure"]))
    data = PlayerPlan(
        program=program.pk,
        minutes=int(program.plan.get("minutes", 0)),
        items=items,
        words=player_words(),
        coach=coach,
    )
    return SessionPlan(data=data, figures=figures)


def peak_at(figure: FigureSpec) -> float:
    """Where in one cycle of the figure's animation (0-1) it shows the peak pose, so the player
    can hold the figure still there during a hold (the same timeline as figures.animation)."""
    time = 0.0
    at: float | None = None
    targets = list(figure.keyframes) + ([figure.keyframes[0]] if figure.loop else [])
    for index, keyframe in enumerate(targets):
        if index > 0:
            time += keyframe.move
        is_last = index == len(targets) - 1
        holds = keyframe.hold > 0 and not (figure.loop and is_last)
        if index == figure.peak and at is None:
            at = time + (keyframe.hold / 2 if holds else 0.0)
        if holds:
            time += keyframe.hold
    duration = max(time, 0.1)
    return round(min(0.99, max(0.01, (at or 0.0) / duration)), 3)


def motion_models(program: Program, catalog: Catalog) -> dict[str, dict[str, Any]]:
    """exercise id -> what the camera coach tracks in it (backrehab.motion.model.tracking_model,
    at the program's dose), for the exercises of `program` the camera can count."""
    models: dict[str, dict[str, Any]] = {}
    for item in program.plan.get("items", []):
        slug = str(item["exercise"])
        found = catalog.exercise(slug)
        if found is None or slug in models:
            continue
        model = tracking_model(_with_dose(found, item))
        if model["counted"]:
            models[slug] = model
    return models


def _directional(item: dict[str, Any]) -> bool:
    """Whether the item is the exercise chosen for the person's directional preference."""
    return any(
        isinstance(r, dict) and r.get("rule") in DIRECTIONAL_RULES for r in item.get("reasons", [])
    )


def _with_dose(exercise: Exercise, item: dict[str, Any]) -> Exercise:
    """The exercise with the program's dose in place of its default (and the clinician's rest
    between sets, when the item has one)."""
    keys = ("reps", "hold_seconds", "duration_seconds")
    update: dict[str, Any] = {key: item.get(key) for key in keys}
    update["sets"] = int(item["sets"])
    update["per_side"] = bool(item.get("per_side", False))
    update["times_per_day"] = item.get("times_per_day")
    if item.get("rest_seconds") is not None:
        update["rest_seconds"] = int(item["rest_seconds"])
    dose = exercise.dose.model_copy(update=update)
    return exercise.model_copy(update={"dose": dose})
