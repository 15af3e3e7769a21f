"""Issue 9 prescribing rules, one table per rule family: irritability, directional preference,
stratified pathways, the full session, the directional dose and the special populations.

The fixture library is tagged here (exercises.py Tag) the way the real library tags its files,
plus a few exercises the real library does not have yet (balance, pelvic floor, cycling, flexed
walking), so each rule is shown choosing by tag, never by id.
"""

from __future__ import annotations

from typing import Any

import pytest

from backrehab.clinical.classification import Irritability, irritability, irritability_rule
from backrehab.clinical.exercises import Category, Exercise
from backrehab.clinical.focus import TRAINING
from backrehab.clinical.library import load_library
from backrehab.clinical.pathways import weekly_quotas
from backrehab.clinical.program import Program, generate_program
from backrehab.clinical.settings import DEFAULT_SETTINGS
from tests.clinical.engine_factories import (
    make_exercise,
    make_intake,
    make_library,
    program_seconds,
)

HIGH_RISK = {
    "leg_pain": False,
    "shoulder_or_neck_pain": True,
    "walked_short_distances_only": True,
    "dressed_more_slowly": False,
    "activity_feels_unsafe": True,
    "worrying_thoughts": True,
    "feels_it_will_never_improve": True,
    "lost_enjoyment": True,
    "bothersomeness": "extremely",
}
LOW_RISK = {**HIGH_RISK, **dict.fromkeys(list(HIGH_RISK)[:8], False), "bothersomeness": "slightly"}


def tagged_library(with_special: bool = True) -> dict[str, Exercise]:
    library = make_library()
    tags = {
        "prone-press-up": ["directional"],
        "standing-back-extension": ["directional"],
        "hamstring-stretch-strap": ["end-range-stretch"],
        "hip-flexor-stretch": ["end-range-stretch"],
        "piriformis-stretch": ["end-range-stretch"],
        "knee-to-chest": ["end-range-stretch"],
        "wall-squat": ["pelvic-girdle-friendly"],
        "sit-to-stand": ["pelvic-girdle-friendly"],
    }
    for exercise_id, extra in tags.items():
        library[exercise_id] = library[exercise_id].model_copy(update={"tags": extra})
    if with_special:
        for exercise in (
            make_exercise(
                "single-leg-balance",
                "motor-control",
                "standing",
                dose={"sets": 2, "reps": 3, "hold_seconds": 20, "per_side": True},
                tags=["balance"],
            ),
            make_exercise(
                "pelvic-floor-squeezes",
                "motor-control",
                "seated",
                dose={"sets": 2, "reps": 10, "hold_seconds": 5},
                tags=["pelvic-floor"],
            ),
            make_exercise(
                "prone-back-extensor-hold",
                "strength",
                "quadruped",
                dose={"sets": 2, "reps": 6, "hold_seconds": 5},
                tags=["back-extensor-neutral"],
            ),
            make_exercise(
                "stationary-cycling",
                "aerobic",
                "seated",
                dose={"sets": 1, "duration_seconds": 600, "rest_seconds": 0},
                equipment=["bike"],
                tags=["cycling"],
                progression=[{"dose": {"duration_seconds": 1200}}],
            ),
            make_exercise(
                "flexed-walking-intervals",
                "aerobic",
                "standing",
                bias="flexion",
                dose={"sets": 4, "duration_seconds": 180, "rest_seconds": 90},
                tags=["flexed-walking"],
                progression=[{"dose": {"sets": 5, "duration_seconds": 300}}],
            ),
        ):
            library[exercise.id] = exercise
    return dict(sorted(library.items()))


LIBRARY = tagged_library()


def program(library: dict[str, Exercise] | None = None, **changes: Any) -> Program:
    plan = generate_program(make_intake(**changes), library or LIBRARY)
    assert plan.program is not None, plan.referral
    return plan.program


def rules_of(p: Program) -> set[str]:
    return {r.rule for item in p.items for r in item.reasons}


def notes_of(p: Program) -> set[str]:
    return {n.rule for n in p.clinician_notes}


# --- Irritability (section 3) --------------------------------------------------------------


@pytest.mark.parametrize(
    ("provocation", "settling", "worst", "level", "rule"),
    [
        ("little", "over-an-hour", 5, Irritability.HIGH, "irritability-high-provoked-slow"),
        ("a-lot", "over-an-hour", 8, Irritability.HIGH, "irritability-high-severe-slow"),
        ("a-lot", "minutes", 8, Irritability.MODERATE, "irritability-moderate-one-sign"),
        ("little", "minutes", 3, Irritability.MODERATE, "irritability-moderate-one-sign"),
        ("moderate", "within-an-hour", 5, Irritability.MODERATE, "irritability-moderate-one-sign"),
        ("moderate", "within-an-hour", 3, Irritability.LOW, "irritability-low-settles"),
        ("a-lot", "minutes", 6, Irritability.LOW, "irritability-low-settles"),
        (None, None, 8, Irritability.HIGH, "irritability-worst-pain-high"),
        ("little", None, 5, Irritability.MODERATE, "irritability-worst-pain-moderate"),
        (None, "minutes", 2, Irritability.LOW, "irritability-worst-pain-low"),
    ],
)
def test_irritability_from_severity_provocation_and_settling(
    provocation, settling, worst, level, rule
):
    intake = make_intake(
        pain={"now": min(worst, 4), "best": 0, "worst": worst},
        provocation=provocation,
        settling=settling,
    )
    assert irritability(intake) is level
    assert irritability_rule(intake).id == rule


def test_the_fear_avoidant_chronic_patient_with_30_minutes_gets_strength_and_walking():
    """Issue 9, item 4: severe worst pain that settles in minutes is not high irritability."""
    p = program(
        pain={"now": 5, "best": 3, "worst": 8},
        provocation="moderate",
        settling="minutes",
        history={"duration_weeks": 40},
        startback=HIGH_RISK,
        worse_with=["bending-forward", "lifting"],
        minutes_per_session=30,
    )
    categories = {LIBRARY[i.exercise].category for i in p.items}
    assert Category.STRENGTH in categories and Category.AEROBIC in categories
    assert p.minutes >= 15


# --- Directional preference --------------------------------------------------------------------


def test_a_history_pattern_excludes_nothing_and_asks_the_clinician_to_test():
    p = program(worse_with=["sitting", "bending-forward"], better_with=["walking"])
    assert not [e for e in p.excluded if e.reasons[0].rule.startswith("avoid-")]
    assert "preference-extension-pattern" in notes_of(p)
    patient_text = " ".join(r.text for i in p.items for r in i.reasons)
    assert "backward" not in patient_text.lower() or "examination" in patient_text


def test_a_tested_preference_gets_its_directional_exercise_repeated_through_the_day():
    p = program(repeated_movements={"extension": "centralises"})
    directional = [i for i in p.items if i.times_per_day is not None]
    assert len(directional) == 1
    assert "directional" in LIBRARY[directional[0].exercise].tags
    assert directional[0].times_per_day == DEFAULT_SETTINGS.directional_times_per_day
    assert {"need-directional", "dose-times-per-day"} <= {r.rule for r in directional[0].reasons}


def test_a_tested_extension_preference_with_stenosis_is_a_clash_for_the_clinician():
    p = program(repeated_movements={"extension": "centralises"}, known_conditions=["stenosis"])
    assert "clash-extension-stenosis" in notes_of(p)
    assert not [i for i in p.items if LIBRARY[i.exercise].bias.value == "extension"]


# --- Stratified pathways ---------------------------------------------------------------------


def test_high_risk_gets_pain_science_first_graded_activity_exposure_and_a_clinician_note():
    p = program(startback=HIGH_RISK, worse_with=["bending-forward"], minutes_per_session=30)
    assert p.pathway is not None and p.pathway.rule == "pathway-high"
    assert p.education[0].topic == "pain-and-activity"
    assert p.education[0].reasons[0].rule == "education-pain-science-first"
    graded = p.pathway.graded_activity
    assert graded is not None and graded.weekly_seconds[0] < graded.weekly_seconds[-1]
    assert [e.movement for e in p.pathway.graded_exposure] == ["bending-forward"]
    exposed = LIBRARY[p.pathway.graded_exposure[0].exercise]
    assert exposed.bias.value == "flexion"
    assert {
        "note-high-risk-psychological-support",
        "note-high-risk-no-activity-goal",
        "note-high-risk-fabq-optional",
    } <= notes_of(p)


def test_high_risk_never_gets_less_exercise_than_medium():
    medium = {**HIGH_RISK, "worrying_thoughts": False, "lost_enjoyment": False}
    high = program(startback=HIGH_RISK, minutes_per_session=30)
    other = program(startback=medium, minutes_per_session=30)
    assert high.minutes >= other.minutes - 2
    assert len(high.items) >= len(other.items) - 1


def test_high_fear_on_the_fabq_brings_graded_exposure_without_high_risk():
    p = program(fabq_pa=[6, 5, 4, 3], worse_with=["lifting"])
    assert "note-high-fear-avoidance" in notes_of(p)
    assert p.pathway is not None and [e.movement for e in p.pathway.graded_exposure] == ["lifting"]


def test_low_risk_gets_self_management_and_a_simple_program():
    p = program(startback=LOW_RISK, minutes_per_session=30)
    assert p.pathway is not None and p.pathway.rule == "pathway-low"
    topics = {r.rule for e in p.education for r in e.reasons}
    assert "education-self-management" in topics
    training = [i for i in p.items if LIBRARY[i.exercise].category in TRAINING]
    assert len(training) <= DEFAULT_SETTINGS.full_session_training_items


def test_graded_activity_quotas_rise_on_a_schedule_and_stop_at_the_cap():
    weeks = weekly_quotas(300)
    assert weeks[:3] == [300, 330, 363]
    assert len(weeks) == DEFAULT_SETTINGS.graded_activity_weeks
    assert max(weekly_quotas(1700)) == DEFAULT_SETTINGS.graded_activity_max_seconds


# --- The full session ------------------------------------------------------------------------


def test_a_fit_33_year_old_with_30_minutes_gets_a_full_session_with_strength():
    """Issue 9, item 7: 4 items in 9 minutes and no strength exercise was the complaint."""
    p = program(
        age=33,
        sex="male",
        pain={"now": 2, "best": 1, "worst": 3},
        history={"duration_weeks": 30, "recurrence": True},
        fitness="high",
        minutes_per_session=30,
    )
    categories = [LIBRARY[i.exercise].category for i in p.items]
    assert 15 <= p.minutes <= 30
    assert Category.STRENGTH in categories and Category.AEROBIC in categories
    assert sum(1 for c in categories if c in TRAINING) >= 3


CALM_CHRONIC = {
    "pain": {"now": 1, "best": 0, "worst": 3},
    "provocation": "a-lot",
    "settling": "minutes",
    "history": {"duration_weeks": 40},
    "minutes_per_session": 40,
}


def few_exercises(walk_ladder: list[int]) -> dict[str, Exercise]:
    """A library with little that is safe to add: two strength exercises and a walk."""
    return {
        e.id: e
        for e in (
            make_exercise("sit-to-stand", "strength", "standing", dose={"sets": 2, "reps": 8}),
            make_exercise("wall-squat", "strength", "standing", dose={"sets": 2, "reps": 10}),
            make_exercise(
                "walking-program",
                "aerobic",
                "standing",
                dose={"sets": 1, "duration_seconds": 600, "rest_seconds": 0},
                progression=[{"dose": {"duration_seconds": s}} for s in walk_ladder],
            ),
        )
    }


def test_a_session_still_under_half_the_time_walks_longer_within_the_walks_own_ladder():
    """Every safe exercise is chosen and every set added, and the session is still short of
    half of 40 minutes: the walk grows up its own ladder (10 -> 15 -> 30 minutes) until the
    session reaches half, never past the minutes."""
    library = few_exercises([900, 1800])
    p = program(library, **CALM_CHRONIC)
    assert 40 * 60 / 2 <= program_seconds(p, library) <= 40 * 60
    walk = next(i for i in p.items if i.exercise == "walking-program")
    assert "dose-full-session-longer" in {r.rule for r in walk.reasons}
    assert 600 < (walk.duration_seconds or 0) <= 1800
    assert "gap-full-session" not in notes_of(p)


def test_the_last_resort_never_goes_beyond_the_exercises_own_limits():
    library = few_exercises([700])
    p = program(library, **CALM_CHRONIC)
    doses = {i.exercise: i for i in p.items}
    assert (doses["walking-program"].sets, doses["walking-program"].duration_seconds) == (1, 700)
    assert doses["sit-to-stand"].reps == 8
    assert doses["sit-to-stand"].sets == DEFAULT_SETTINGS.max_sets
    # the library holds no more: the session is left short rather than overdosed, and the
    # clinician is told
    assert program_seconds(p, library) < 40 * 60 / 2
    assert "gap-full-session" in notes_of(p)


@pytest.mark.parametrize(
    ("changes", "form"),
    [
        ({"pregnant": True, "trimester": 2}, "walking-program"),
        ({}, "walking-program"),
        ({"known_conditions": ["stenosis"], "age": 70}, "flexed-walking-intervals"),
        (
            {"repeated_movements": {"flexion": "centralises", "extension": "not-tested"}},
            "flexed-walking-intervals",
        ),
    ],
)
def test_flexed_walking_is_kept_for_stenosis_and_a_tested_flexion_preference(changes, form):
    chosen = {i.exercise for i in program(better_with=["walking"], worse_with=[], **changes).items}
    assert form in chosen
    if form == "walking-program":
        assert "flexed-walking-intervals" not in chosen


def test_pelvic_girdle_pain_is_assessed_apart_from_the_lumbar_pain():
    p = program(pregnant=True, trimester=2, pelvic_girdle_pain=True)
    assert "note-pelvic-girdle-pain" in notes_of(p)
    assert "note-pelvic-girdle-pain" not in notes_of(program(pregnant=True, trimester=2))


def test_high_irritability_is_not_filled_up():
    p = program(pain={"now": 8, "best": 5, "worst": 9}, minutes_per_session=60)
    assert "fill-full-session" not in rules_of(p)


# --- Special populations (chosen by tag) -------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "need", "tag"),
    [
        ({"known_conditions": ["stenosis"]}, "need-stenosis-flexed-walking", "flexed-walking"),
        (
            {"known_conditions": ["stenosis"], "equipment": ["bike"]},
            "need-stenosis-cycling",
            "cycling",
        ),
        ({"known_conditions": ["osteoporosis"], "age": 68}, "need-osteoporosis-balance", "balance"),
        (
            {"known_conditions": ["osteoporosis"], "age": 68},
            "need-osteoporosis-back-extensors",
            "back-extensor-neutral",
        ),
        ({"pregnant": True, "trimester": 2}, "need-pregnancy-pelvic-floor", "pelvic-floor"),
        (
            {"known_conditions": ["pregnancy-related"]},  # after the birth
            "need-pregnancy-pelvic-floor",
            "pelvic-floor",
        ),
        (
            {"pregnant": True, "trimester": 1, "pelvic_girdle_pain": True},
            "need-pelvic-girdle-friendly",
            "pelvic-girdle-friendly",
        ),
    ],
)
def test_a_special_population_gets_its_tagged_exercise(changes, need, tag):
    p = program(**changes)
    chosen = [i for i in p.items if need in {r.rule for r in i.reasons}]
    assert chosen, f"{need} chose nothing"
    assert tag in LIBRARY[chosen[0].exercise].tags


@pytest.mark.parametrize(
    ("changes", "gap"),
    [
        ({"known_conditions": ["osteoporosis"], "age": 68}, "gap-need-osteoporosis-balance"),
        ({"pregnant": True, "trimester": 2}, "gap-need-pregnancy-pelvic-floor"),
        ({"known_conditions": ["stenosis"]}, "gap-need-stenosis-cycling"),
    ],
)
def test_a_library_without_the_tag_tells_the_clinician(changes, gap):
    p = program(tagged_library(with_special=False), **changes)
    assert gap in notes_of(p)


@pytest.mark.parametrize(
    ("changes", "rule", "forbidden"),
    [
        ({"floor_transfer": False}, "exclude-no-floor-transfer", lambda e: e.needs_floor),
        (
            {"known_conditions": ["hypermobility"]},
            "exclude-hypermobility-end-range",
            lambda e: "end-range-stretch" in e.tags,
        ),
        (
            {"pregnant": True, "trimester": 1, "pelvic_girdle_pain": True},
            "exclude-pelvic-girdle-one-leg",
            lambda e: e.dose.per_side and e.position.value in ("standing", "kneeling"),
        ),
        (
            {
                "red_flags": {"recent_spinal_procedure": True},
                "surgery": {"procedure": "discectomy", "weeks_since": 6, "surgeon_cleared": True},
            },
            "exclude-post-operative-flexion-twisting",
            lambda e: e.bias.value == "rotation",
        ),
    ],
)
def test_a_special_population_leaves_out_what_does_not_suit_it(changes, rule, forbidden):
    p = program(**changes)
    assert not [i.exercise for i in p.items if forbidden(LIBRARY[i.exercise])]
    left_out = {e.exercise: {r.rule for r in e.reasons} for e in p.excluded}
    assert any(rule in rules for rules in left_out.values())


def test_the_side_plank_waits_from_the_second_trimester():
    plan = generate_program(make_intake(pregnant=True, trimester=2), load_library())
    assert plan.program is not None
    assert "side-plank" in {e.exercise for e in plan.program.excluded}


@pytest.mark.parametrize("trimester", [2, 3])
def test_the_side_plank_on_knees_carries_its_pregnancy_precaution(trimester):
    library = load_library()
    plan = generate_program(
        make_intake(pregnant=True, trimester=trimester, deficits=["trunk-endurance"]), library
    )
    assert plan.program is not None
    item = next(i for i in plan.program.items if i.exercise == "side-plank-knees")
    assert f"modify-pregnancy-trimester-{trimester}" in {r.rule for r in item.reasons}
