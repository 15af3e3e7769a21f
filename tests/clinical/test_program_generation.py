"""Program generation: focus, order, dose, time budget and the JSON contract."""

import json
from collections.abc import Mapping
from typing import Any

import pytest

from backrehab.clinical.dosing import session_seconds
from backrehab.clinical.exercises import Bias, Category, Exercise
from backrehab.clinical.focus import PHASE_OF, PHASES, TRAINING
from backrehab.clinical.program import Program, ProgramItem, generate_program
from backrehab.clinical.settings import DEFAULT_SETTINGS
from tests.clinical.engine_factories import make_intake, make_library, program_seconds

STARTBACK_LOW = {
    "leg_pain": False,
    "shoulder_or_neck_pain": False,
    "walked_short_distances_only": False,
    "dressed_more_slowly": False,
    "activity_feels_unsafe": False,
    "worrying_thoughts": False,
    "feels_it_will_never_improve": False,
    "lost_enjoyment": False,
    "bothersomeness": "slightly",
}
STARTBACK_HIGH = {
    **STARTBACK_LOW,
    "activity_feels_unsafe": True,
    "worrying_thoughts": True,
    "feels_it_will_never_improve": True,
    "lost_enjoyment": True,
}


def program_of(library: Mapping[str, Exercise], **changes: Any) -> Program:
    plan = generate_program(make_intake(**changes), library)
    assert plan.program is not None
    return plan.program


def items_of(library: Mapping[str, Exercise], **changes: Any) -> dict[str, ProgramItem]:
    return {i.exercise: i for i in program_of(library, **changes).items}


def test_the_plan_prints_exactly_the_contract_keys(library):
    plan = json.loads(generate_program(make_intake(), library).to_json())
    assert set(plan) == {"referral", "program", "scores"}
    assert set(plan["program"]) == {
        "sessions_per_week",
        "minutes",
        "items",
        "excluded",
        "education",
        "clinician_notes",  # added in v2 (issue 9); the keys before it are unchanged
        "pathway",
        "equipment",  # added with the library's loaded rungs: what later steps may need
    }
    item = plan["program"]["items"][0]
    assert set(item) == {
        "exercise",
        "sets",
        "reps",
        "hold_seconds",
        "duration_seconds",
        "per_side",
        "times_per_day",
        "rest_seconds",  # added in v3 (issue 12): the clinician's rest and note; the engine
        "note",  # leaves both empty
        "reasons",
    }
    assert item["rest_seconds"] is None and item["note"] is None
    assert set(item["reasons"][0]) == {"rule", "text"}


def test_a_referral_plan_has_no_program_but_still_scores(library):
    plan = json.loads(
        generate_program(make_intake(red_flags={"foot_drop": True}), library).to_json()
    )
    assert plan["program"] is None
    assert plan["referral"]["urgency"] == "urgent"
    assert plan["scores"]["nprs"] == {"now": 4, "best": 2, "worst": 5}


def test_items_run_warm_up_mobility_control_and_strength_then_stretch(library):
    program = program_of(library, pain={"now": 2, "best": 1, "worst": 3})
    phases = [PHASES.index(PHASE_OF[library[i.exercise].category]) for i in program.items]
    assert phases == sorted(phases)
    assert set(phases) == {0, 1, 2, 3}


def test_the_same_intake_gives_the_same_plan(library):
    intake = make_intake(known_conditions=["stenosis"], goals=["walk-further"])
    first = generate_program(intake, library).to_json()
    again = generate_program(intake, dict(reversed(list(library.items())))).to_json()
    assert first == again


def test_the_articles_exercises_are_used_where_suitable(library):
    program = program_of(library)
    assert any(library[i.exercise].from_article for i in program.items)


def test_an_extension_preference_brings_extension_mobility(library):
    items = items_of(library, repeated_movements={"extension": "centralises"})
    mobility = [library[e] for e in items if library[e].category is Category.MOBILITY]
    assert mobility and all(e.bias is Bias.EXTENSION for e in mobility)
    reason_rules = {r.rule for e in items.values() for r in e.reasons}
    assert "focus-preference" in reason_rules


def test_a_flexion_preference_brings_flexion_work_for_stenosis(library):
    items = items_of(library, known_conditions=["stenosis"], age=70, history={"recurrence": True})
    biases = {library[e].bias for e in items}
    assert Bias.FLEXION in biases
    assert Bias.EXTENSION not in biases


def test_high_irritability_starts_with_gentle_movement_and_walking(library):
    items = items_of(library, pain={"now": 8, "best": 5, "worst": 9})
    assert "walking-program" in items
    assert all(i.sets == 1 for i in items.values())
    for exercise_id, item in items.items():
        if library[exercise_id].category is not Category.STRETCH and item.hold_seconds:
            assert item.hold_seconds <= DEFAULT_SETTINGS.irritable_max_hold_seconds
    walk = items["walking-program"]
    assert walk.duration_seconds == 300  # half the usual 10 minutes
    assert "dose-high-irritability" in [r.rule for r in walk.reasons]


def test_walking_is_not_pushed_when_it_aggravates(library):
    items = items_of(library, pain={"now": 8, "best": 5, "worst": 9}, worse_with=["walking"])
    assert "walking-program" not in items


def test_older_adults_hold_stretches_30_seconds_or_more(library):
    items = items_of(library, age=70, history={"recurrence": True})
    stretches = [i for e, i in items.items() if library[e].category is Category.STRETCH]
    assert stretches
    assert all(i.hold_seconds is not None and i.hold_seconds >= 30 for i in stretches)


def test_low_fitness_starts_with_fewer_sets_and_reps(library):
    normal = items_of(library, pain={"now": 1, "best": 0, "worst": 2})
    low = items_of(library, pain={"now": 1, "best": 0, "worst": 2}, fitness="low")
    for exercise_id in set(normal) & set(low):
        if library[exercise_id].category in (Category.STRENGTH, Category.MOTOR_CONTROL):
            assert low[exercise_id].sets <= normal[exercise_id].sets
            low_reps, normal_reps = low[exercise_id].reps, normal[exercise_id].reps
            if low_reps is not None and normal_reps is not None:
                assert low_reps <= normal_reps


def test_high_fitness_with_calm_pain_adds_a_set(library):
    items = items_of(
        library,
        pain={"now": 1, "best": 0, "worst": 2},
        fitness="high",
        history={"duration_weeks": 30},
        minutes_per_session=60,
    )
    training = [
        i
        for e, i in items.items()
        if library[e].category in (Category.STRENGTH, Category.MOTOR_CONTROL)
    ]
    assert any("dose-high-fitness" in [r.rule for r in i.reasons] for i in training)
    assert all(i.sets <= max(3, library[i.exercise].dose.sets) for i in training)


def test_deficits_and_goals_choose_exercises_and_say_so(library):
    items = items_of(
        library,
        deficits=["hip-weakness"],
        goals=["lift-and-carry"],
        pain={"now": 1, "best": 0, "worst": 2},
    )
    rules = {r.rule for i in items.values() for r in i.reasons}
    assert "focus-deficit-hip-weakness" in rules
    assert "focus-goal-lift-and-carry" in rules


def test_one_rung_of_a_ladder_and_one_version_of_a_movement(library):
    items = items_of(
        library, pain={"now": 1, "best": 0, "worst": 2}, fitness="high", minutes_per_session=60
    )
    assert not {"glute-bridge", "glute-bridge-march"} <= set(items)
    assert not {"pelvic-tilt", "standing-pelvic-tilt"} <= set(items)
    assert not {"side-plank", "side-plank-knees"} <= set(items)


def test_harder_variants_wait_unless_fit_and_calm(library):
    assert "side-plank" not in items_of(library, deficits=["trunk-endurance"])


def test_a_step_back_up_from_an_easier_version_does_not_make_a_harder_variant():
    # Leg reach -> bird dog climbs back to where most people start; it must not push the bird
    # dog down the ranking the way a real harder variant (bird dog -> loaded) is.
    from backrehab.clinical.program import _build_index
    from tests.clinical.engine_factories import make_exercise

    def ladder(returns: bool) -> dict[str, Exercise]:
        back = {"exercise": "bird-dog", "returns": returns}
        return {
            "leg-reach": make_exercise(
                "leg-reach", "motor-control", "quadruped", progression=[back]
            ),
            "bird-dog": make_exercise(
                "bird-dog",
                "motor-control",
                "quadruped",
                progression=[{"exercise": "loaded-bird-dog"}],
                regression=[{"exercise": "leg-reach"}],
            ),
            "loaded-bird-dog": make_exercise("loaded-bird-dog", "strength", "quadruped"),
        }

    assert _build_index(ladder(returns=True)).advanced == {"loaded-bird-dog"}
    assert _build_index(ladder(returns=False)).advanced == {"bird-dog", "loaded-bird-dog"}


def test_only_a_step_naming_an_exercise_can_return_to_it():
    from pydantic import ValidationError

    from backrehab.clinical.exercises import Step

    with pytest.raises(ValidationError, match="only a step naming an exercise"):
        Step.model_validate({"dose": {"reps": 5}, "returns": True})


def test_startback_low_risk_gets_a_short_simple_program(library):
    low = program_of(library, startback=STARTBACK_LOW, minutes_per_session=30)
    high = program_of(library, startback=STARTBACK_HIGH, minutes_per_session=30)
    assert len(low.items) < len(high.items)
    training = [i for i in low.items if library[i.exercise].category in TRAINING]
    assert len(training) == DEFAULT_SETTINGS.simple_program_training_items


def test_startback_high_risk_brings_walking_and_pain_education(library):
    program = program_of(library, startback=STARTBACK_HIGH)
    assert "walking-program" in [i.exercise for i in program.items]
    assert "pain-and-activity" in [e.topic for e in program.education]


def test_sessions_per_week_come_from_the_intake(library):
    assert program_of(library, sessions_per_week=5).sessions_per_week == 5


@pytest.mark.parametrize("minutes", [5, 6, 8, 10, 15, 20, 30, 60])
def test_the_session_fits_the_minutes_available(minutes, library):
    program = program_of(library, minutes_per_session=minutes)
    total = program_seconds(program, library)
    assert total <= minutes * 60
    assert program.minutes <= minutes
    assert program.minutes * 60 >= total


def test_a_tight_budget_trims_sets_first_and_keeps_a_minimum(library):
    program = program_of(library, minutes_per_session=5)
    categories = {library[i.exercise].category for i in program.items}
    assert categories & {Category.MOTOR_CONTROL, Category.STRENGTH}
    assert len(program.items) >= 2
    assert any("dose-time-budget" in [r.rule for r in i.reasons] for i in program.items)


def test_time_estimate_counts_sides_holds_and_rests():
    # setup 15 + 2 sets x 2 sides x 10 reps x 5 s hold + 1 rest of 30 s
    assert session_seconds(2, 10, 5, None, True, 30) == 15 + 2 * 2 * 10 * 5 + 30
    # setup 15 + 1 set of 10 reps x 3 s
    assert session_seconds(1, 10, None, None, False, 0) == 45
    assert session_seconds(1, None, None, 600, False, 0) == 615


def test_every_item_and_every_exclusion_explains_itself(library):
    program = program_of(library, known_conditions=["osteoporosis"], pregnant=True, trimester=2)
    assert program.items and program.excluded
    for entry in [*program.items, *program.excluded]:
        assert entry.reasons
        for reason in entry.reasons:
            assert reason.rule and reason.text and reason.text[0].isupper()


def test_unavailable_equipment_leaves_an_exercise_out_quietly():
    lib = make_library(["hamstring-stretch-strap", "cat-camel", "bird-dog", "knee-rotations"])
    without = program_of(lib, deficits=["hamstring-tightness"])
    assert "hamstring-stretch-strap" not in [i.exercise for i in without.items]
    assert "hamstring-stretch-strap" not in [e.exercise for e in without.excluded]
    with_strap = program_of(lib, deficits=["hamstring-tightness"], equipment=["strap"])
    assert "hamstring-stretch-strap" in [i.exercise for i in with_strap.items]


def test_an_empty_library_gives_an_empty_program():
    program = program_of({})
    assert program.items == [] and program.minutes == 0
