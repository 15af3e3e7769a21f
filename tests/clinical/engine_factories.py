"""Build exercises, libraries, intakes and session logs in code for the engine's tests.

The exercise table mirrors the fixed id/category/position/bias classification of the content
brief, with plausible doses and ladders, so the tests do not depend on the content files. Every
exercise gets the `avoid` precautions precautions.py requires, like a valid file would.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from backrehab.clinical.dosing import session_seconds
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import Intake
from backrehab.clinical.precautions import required_avoidances
from backrehab.clinical.program import Program
from backrehab.clinical.progression import SessionLog

FIGURE = {
    "keyframes": [
        {"label": "Start", "pose": {}},
        {"label": "End", "pose": {"hip": 30}},
    ]
}

# id: (category, position, bias, dose, extra fields)
TABLE: dict[str, tuple[str, str, str, dict[str, Any], dict[str, Any]]] = {
    "glute-bridge": (
        "strength",
        "supine",
        "neutral",
        {"sets": 2, "reps": 10, "hold_seconds": 3, "rest_seconds": 45},
        {
            "from_article": True,
            "progression": [
                {"dose": {"hold_seconds": 5}},
                {"dose": {"sets": 3}},
                {"exercise": "glute-bridge-march"},
                {"exercise": "bridge-with-rotations"},
            ],
            "regression": [{"exercise": "pelvic-tilt"}],
            "precautions": [
                {
                    "condition": "spondylolisthesis",
                    "action": "modify",
                    "note": "Stop the lift when hips and shoulders are in line.",
                },
            ],
        },
    ),
    "knee-rotations": (
        "warm-up",
        "supine",
        "rotation",
        {"sets": 1, "reps": 10, "rest_seconds": 0},
        {"from_article": True},
    ),
    "clam-shells": (
        "strength",
        "side-lying",
        "neutral",
        {"sets": 2, "reps": 12, "hold_seconds": 2, "per_side": True, "rest_seconds": 30},
        {"from_article": True, "progression": [{"exercise": "side-lying-hip-abduction"}]},
    ),
    "wall-squat": (
        "strength",
        "standing",
        "neutral",
        {"sets": 2, "reps": 5, "hold_seconds": 10, "rest_seconds": 45},
        {
            "from_article": True,
            "equipment": ["wall"],
            "progression": [{"dose": {"hold_seconds": 30}}],
            "regression": [{"exercise": "sit-to-stand"}],
        },
    ),
    "superman": (
        "strength",
        "prone",
        "extension",
        {"sets": 2, "reps": 8, "hold_seconds": 3, "rest_seconds": 45},
        {"from_article": True, "regression": [{"exercise": "bird-dog"}]},
    ),
    "pelvic-tilt": (
        "motor-control",
        "supine",
        "flexion",
        {"sets": 2, "reps": 10, "hold_seconds": 5, "rest_seconds": 30},
        {"from_article": True, "progression": [{"exercise": "glute-bridge"}]},
    ),
    "knee-to-chest": (
        "stretch",
        "supine",
        "flexion",
        {"sets": 1, "reps": 3, "hold_seconds": 20, "per_side": True, "rest_seconds": 10},
        {"from_article": True},
    ),
    "cat-camel": (
        "mobility",
        "quadruped",
        "neutral",
        {"sets": 1, "reps": 10, "rest_seconds": 0},
        {"from_article": True, "regression": [{"exercise": "quadruped-rocking"}]},
    ),
    "bridge-with-rotations": (
        "strength",
        "supine",
        "rotation",
        {"sets": 2, "reps": 8, "rest_seconds": 45},
        {"regression": [{"exercise": "glute-bridge"}]},
    ),
    "glute-bridge-march": (
        "strength",
        "supine",
        "neutral",
        {"sets": 2, "reps": 8, "per_side": True, "rest_seconds": 45},
        {"regression": [{"exercise": "glute-bridge"}]},
    ),
    "side-lying-hip-abduction": (
        "strength",
        "side-lying",
        "neutral",
        {"sets": 2, "reps": 10, "per_side": True, "rest_seconds": 30},
        {"regression": [{"exercise": "clam-shells"}]},
    ),
    "bird-dog": (
        "motor-control",
        "quadruped",
        "neutral",
        {"sets": 1, "reps": 6, "hold_seconds": 10, "per_side": True, "rest_seconds": 30},
        {"progression": [{"dose": {"reps": 8}}], "regression": [{"exercise": "cat-camel"}]},
    ),
    "dead-bug": (
        "motor-control",
        "supine",
        "neutral",
        {"sets": 2, "reps": 8, "per_side": True, "rest_seconds": 30},
        {},
    ),
    "prone-press-up": (
        "mobility",
        "prone",
        "extension",
        {"sets": 1, "reps": 10, "hold_seconds": 2, "rest_seconds": 0},
        {"regression": [{"exercise": "standing-back-extension"}]},
    ),
    "standing-back-extension": (
        "mobility",
        "standing",
        "extension",
        {"sets": 1, "reps": 10, "rest_seconds": 0},
        {"progression": [{"exercise": "prone-press-up"}]},
    ),
    "side-plank-knees": (
        "motor-control",
        "side-lying",
        "neutral",
        {"sets": 1, "reps": 5, "hold_seconds": 10, "per_side": True, "rest_seconds": 30},
        {"progression": [{"exercise": "side-plank"}]},
    ),
    "side-plank": (
        "strength",
        "side-lying",
        "neutral",
        {"sets": 1, "reps": 5, "hold_seconds": 10, "per_side": True, "rest_seconds": 30},
        {"regression": [{"exercise": "side-plank-knees"}]},
    ),
    "mcgill-curl-up": (
        "motor-control",
        "supine",
        "neutral",
        {"sets": 1, "reps": 6, "hold_seconds": 10, "rest_seconds": 30},
        {
            "precautions": [
                {
                    "condition": "osteoporosis",
                    "action": "avoid",
                    "note": "Lifting the head and shoulders loads the spine in flexion.",
                }
            ]
        },
    ),
    "hamstring-stretch-strap": (
        "stretch",
        "supine",
        "neutral",
        {"sets": 1, "reps": 3, "hold_seconds": 30, "per_side": True, "rest_seconds": 10},
        {
            "equipment": ["strap"],
            "precautions": [
                {
                    "condition": "radicular-leg-pain",
                    "action": "avoid",
                    "note": "Stretching the back of the leg can pull on an irritated nerve.",
                }
            ],
        },
    ),
    "piriformis-stretch": (
        "stretch",
        "supine",
        "neutral",
        {"sets": 1, "reps": 3, "hold_seconds": 30, "per_side": True, "rest_seconds": 10},
        {},
    ),
    "standing-hip-hinge": (
        "motor-control",
        "standing",
        "neutral",
        {"sets": 2, "reps": 10, "rest_seconds": 30},
        {},
    ),
    "hip-flexor-stretch": (
        "stretch",
        "kneeling",
        "neutral",
        {"sets": 1, "reps": 3, "hold_seconds": 30, "per_side": True, "rest_seconds": 10},
        {},
    ),
    "childs-pose": (
        "stretch",
        "kneeling",
        "flexion",
        {"sets": 1, "reps": 3, "hold_seconds": 20, "rest_seconds": 10},
        {},
    ),
    "seated-flexion": (
        "stretch",
        "seated",
        "flexion",
        {"sets": 1, "reps": 3, "hold_seconds": 20, "rest_seconds": 10},
        {"equipment": ["chair"]},
    ),
    "lumbar-rotation-stretch": (
        "stretch",
        "supine",
        "rotation",
        {"sets": 1, "reps": 3, "hold_seconds": 20, "per_side": True, "rest_seconds": 10},
        {},
    ),
    "sit-to-stand": (
        "strength",
        "seated",
        "neutral",
        {"sets": 2, "reps": 10, "rest_seconds": 45},
        {"equipment": ["chair"], "progression": [{"exercise": "wall-squat"}]},
    ),
    "walking-program": (
        "aerobic",
        "standing",
        "neutral",
        {"sets": 1, "duration_seconds": 600, "rest_seconds": 0},
        {"progression": [{"dose": {"duration_seconds": 1800}}]},
    ),
    "quadruped-rocking": (
        "mobility",
        "quadruped",
        "flexion",
        {"sets": 1, "reps": 10, "rest_seconds": 0},
        {"progression": [{"exercise": "cat-camel"}]},
    ),
    "wall-slide": (
        "strength",
        "standing",
        "neutral",
        {"sets": 2, "reps": 8, "rest_seconds": 45},
        {"equipment": ["wall"]},
    ),
    "standing-pelvic-tilt": (
        "motor-control",
        "standing",
        "flexion",
        {"sets": 2, "reps": 10, "hold_seconds": 3, "rest_seconds": 30},
        {"equipment": ["wall"]},
    ),
}


def make_exercise(
    exercise_id: str,
    category: str = "strength",
    position: str = "standing",
    bias: str = "neutral",
    dose: dict[str, Any] | None = None,
    **extra: Any,
) -> Exercise:
    """A valid exercise with filler text; the fields the engine reads are the arguments."""
    data: dict[str, Any] = {
        "id": exercise_id,
        "name": exercise_id.replace("-", " ").capitalize(),
        "summary": f"Summary of {exercise_id}.",
        "purpose": f"Purpose of {exercise_id}.",
        "target_muscles": ["trunk"],
        "category": category,
        "position": position,
        "bias": bias,
        "steps": ["First step.", "Second step."],
        "cues": ["A cue."],
        "mistakes": ["A mistake."],
        "breathing": "Breathe.",
        "dose": dose or {"sets": 2, "reps": 10},
        "sources": [{"citation": "Test source."}],
        "figure": FIGURE,
    }
    data.update(extra)
    exercise = Exercise.model_validate(data)
    # Add the avoidances precautions.py requires, as the library loader insists on.
    listed = {p.condition for p in exercise.precautions}
    missing = [
        {"condition": rule.condition, "action": "avoid", "note": rule.why}
        for rule in required_avoidances(exercise)
        if rule.condition not in listed
    ]
    if missing:
        data["precautions"] = [*data.get("precautions", []), *missing]
        exercise = Exercise.model_validate(data)
    return exercise


def make_library(only: list[str] | None = None) -> dict[str, Exercise]:
    ids = only if only is not None else list(TABLE)
    library = {}
    for exercise_id in ids:
        category, position, bias, dose, extra = TABLE[exercise_id]
        extra = dict(extra)
        if only is not None:  # drop ladder steps that point outside a partial library
            for kind in ("progression", "regression"):
                extra[kind] = [s for s in extra.get(kind, []) if s.get("exercise") in (None, *ids)]
        library[exercise_id] = make_exercise(exercise_id, category, position, bias, dose, **extra)
    return dict(sorted(library.items()))


def intake_data(**changes: Any) -> dict[str, Any]:
    """A plain, valid intake (no red flags, moderate pain, subacute) with changes applied."""
    data: dict[str, Any] = {
        "age": 40,
        "sex": "female",
        "pain": {"now": 4, "best": 2, "worst": 5},
        "history": {"duration_weeks": 8, "recurrence": False, "seen_doctor": False},
        "minutes_per_session": 20,
        "sessions_per_week": 3,
    }
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def make_intake(**changes: Any) -> Intake:
    return Intake.model_validate(intake_data(**changes))


def red_flag(question: str, **changes: Any) -> Intake:
    return make_intake(red_flags={question: True}, **changes)


def session(
    day: int,
    *exercises: dict[str, Any],
    pain_before: int = 3,
    next_morning_pain: int | None = 3,
    new_red_flags: list[str] | None = None,
    **extra: Any,
) -> SessionLog:
    """A session on day `day` (1-31 of March 2025, or a later day counted on from there)."""
    date = dt.date(2025, 3, 1) + dt.timedelta(days=day - 1)
    return SessionLog.model_validate(
        {
            "date": date.isoformat(),
            "pain_before": pain_before,
            "next_morning_pain": next_morning_pain,
            "new_red_flags": new_red_flags or [],
            "exercises": list(exercises),
            **extra,
        }
    )


def done(exercise: str, sets: int, reps: int | None = None, **values: Any) -> dict[str, Any]:
    """An exercise log entry; pain during 2 and effort 5 unless given."""
    entry: dict[str, Any] = {
        "exercise": exercise,
        "sets": sets,
        "reps": reps,
        "pain_during": 2,
        "effort": 5,
    }
    entry.update(values)
    return entry


def make_program(
    *items: dict[str, Any],
    excluded: list[str] | None = None,
    equipment: list[str] | None = None,
) -> Program:
    """A program of the given items ({exercise, sets, reps, ...}); reasons are filled in.
    `equipment`: what the patient has at home (None: not recorded)."""
    return Program.model_validate(
        {
            "sessions_per_week": 3,
            "minutes": 10,
            "items": [
                {
                    "reps": None,
                    "hold_seconds": None,
                    "duration_seconds": None,
                    "per_side": False,
                    "reasons": [{"rule": "test", "text": "Test."}],
                    **item,
                }
                for item in items
            ],
            "excluded": [
                {"exercise": e, "reasons": [{"rule": "test", "text": "Test."}]}
                for e in excluded or []
            ],
            "education": [],
            "equipment": equipment,
        }
    )


def program_seconds(program: Program, library: Any) -> int:
    """How long the program's session takes, by the same estimate the engine budgets with."""
    return sum(
        session_seconds(
            i.sets,
            i.reps,
            i.hold_seconds,
            i.duration_seconds,
            i.per_side,
            library[i.exercise].dose.rest_seconds,
        )
        for i in program.items
    )
