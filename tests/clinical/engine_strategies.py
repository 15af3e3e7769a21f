"""Hypothesis strategies for the engine's property tests: valid intakes of every kind."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import (
    EASING_ACTIVITIES,
    RED_FLAG_QUESTIONS,
    Activity,
    Deficit,
    Goal,
    Intake,
    KnownCondition,
    PainArea,
    Procedure,
    Provocation,
    Settling,
)
from backrehab.clinical.program import Program, generate_program

EQUIPMENT = ["mat", "wall", "chair", "strap", "pillow", "step", "band", "wedge"]

# The examples each engine property tries (a whole program per example: keep it quick).
PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def subset(values: list[Any], max_size: int | None = None) -> st.SearchStrategy[list[Any]]:
    if not values:
        return st.just([])
    return st.lists(st.sampled_from(values), unique=True, max_size=max_size or len(values))


@st.composite
def intakes(draw: st.DrawFn) -> dict[str, Any]:
    age = draw(st.integers(12, 110))
    sex = draw(st.sampled_from(["female", "male", "intersex", "not-stated"]))
    data: dict[str, Any] = {"age": age, "sex": sex}
    if sex != "male" and 14 <= age <= 50 and draw(st.booleans()):
        data["pregnant"] = True
        data["trimester"] = draw(st.sampled_from([1, 2, 3]))
        data["pelvic_girdle_pain"] = draw(st.booleans())
    flags = draw(st.one_of(st.just([]), subset(list(RED_FLAG_QUESTIONS), 3)))
    data["red_flags"] = {q: True for q in flags}
    if "recent_spinal_procedure" in flags and draw(st.booleans()):
        data["surgery"] = {
            "procedure": draw(st.sampled_from([p.value for p in Procedure])),
            "weeks_since": draw(st.integers(0, 60)),
            "surgeon_cleared": draw(st.booleans()),
            "wound_problem": draw(st.booleans()),
            "new_severe_pain": draw(st.booleans()),
        }
    best, now, worst = sorted(draw(st.lists(st.integers(0, 10), min_size=3, max_size=3)))
    data["pain"] = {"now": now, "best": best, "worst": worst}
    area = draw(st.sampled_from([a.value for a in PainArea]))
    location: dict[str, Any] = {"area": area}
    if area != "back-only":
        location["sides"] = draw(st.sampled_from(["one", "both"]))
        location["nerve_symptoms"] = draw(st.booleans())
    data["location"] = location
    data["history"] = {
        "duration_weeks": draw(st.integers(0, min(age * 52, 1500))),
        "recurrence": draw(st.booleans()),
        "seen_doctor": draw(st.booleans()),
    }
    if "history_of_cancer" in flags and data["history"]["seen_doctor"]:
        data["history"]["doctor_assessed_cancer_history"] = draw(st.booleans())
    data["provocation"] = draw(st.none() | st.sampled_from([p.value for p in Provocation]))
    data["settling"] = draw(st.none() | st.sampled_from([s.value for s in Settling]))
    activities = [a.value for a in Activity]
    worse = draw(subset(activities))
    data["worse_with"] = worse
    data["better_with"] = draw(subset([a.value for a in EASING_ACTIVITIES if a.value not in worse]))
    flexion = draw(st.sampled_from(["centralises", "peripheralises", "no-effect", "not-tested"]))
    extension = draw(st.sampled_from(["centralises", "peripheralises", "no-effect", "not-tested"]))
    if flexion == extension == "centralises":
        extension = "no-effect"
    data["repeated_movements"] = {"flexion": flexion, "extension": extension}
    conditions = [c.value for c in KnownCondition]
    if sex == "male":
        conditions.remove("pregnancy-related")
    data["known_conditions"] = draw(subset(conditions, 4))
    if draw(st.booleans()):
        answers = draw(st.lists(st.booleans(), min_size=8, max_size=8))
        names = [
            "leg_pain",
            "shoulder_or_neck_pain",
            "walked_short_distances_only",
            "dressed_more_slowly",
            "activity_feels_unsafe",
            "worrying_thoughts",
            "feels_it_will_never_improve",
            "lost_enjoyment",
        ]
        data["startback"] = dict(zip(names, answers, strict=True)) | {
            "bothersomeness": draw(
                st.sampled_from(["not-at-all", "slightly", "moderately", "very-much", "extremely"])
            )
        }
    data["goals"] = draw(subset([g.value for g in Goal], 3))
    data["deficits"] = draw(subset([d.value for d in Deficit], 3))
    data["minutes_per_session"] = draw(st.integers(5, 120))
    data["sessions_per_week"] = draw(st.integers(1, 14))
    data["equipment"] = draw(subset(EQUIPMENT))
    data["fitness"] = draw(st.sampled_from(["low", "moderate", "high"]))
    data["floor_transfer"] = draw(st.booleans())
    if draw(st.booleans()):
        data["fabq_pa"] = draw(st.lists(st.integers(0, 6), min_size=4, max_size=4))
    return data


def planned(data: dict[str, Any], library: Mapping[str, Exercise]) -> tuple[Intake, Program | None]:
    """The generated intake and the program the engine gives it (None: a referral stops it)."""
    intake = Intake.model_validate(data)
    return intake, generate_program(intake, library).program
