"""Next step per exercise: the pain-monitoring model and the progression ladder."""

from collections.abc import Mapping
from typing import Any

import pytest

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.progression import (
    Decision,
    Kind,
    SessionLog,
    clinician_alerts,
    next_step,
)
from tests.clinical.engine_factories import done, make_program, session

BRIDGE = {"exercise": "glute-bridge", "sets": 2, "reps": 10, "hold_seconds": 3}


def decide(
    library: Mapping[str, Exercise],
    item: dict[str, Any],
    *sessions: SessionLog,
    excluded: list[str] | None = None,
) -> Decision:
    decisions = next_step(make_program(item, excluded=excluded), list(sessions), library)
    assert len(decisions) == 1
    return decisions[0]


def good(day: int, item: dict[str, Any] = BRIDGE, **values: Any) -> SessionLog:
    """A session that meets the model: full dose, pain 2, effort 5, settled by morning."""
    entry = done(
        item["exercise"],
        item["sets"],
        item.get("reps"),
        hold_seconds=item.get("hold_seconds"),
        duration_seconds=item.get("duration_seconds"),
        **values,
    )
    return session(day, entry)


def rules(decision: Decision) -> list[str]:
    return [r.rule for r in decision.reasons]


def test_without_logs_the_dose_holds(library):
    decision = decide(library, BRIDGE)
    assert decision.decision is Kind.HOLD
    assert decision.dose is not None and decision.dose.reps == 10
    assert rules(decision) == ["hold-no-logs"]


def test_one_good_session_is_not_enough(library):
    decision = decide(library, BRIDGE, good(1))
    assert decision.decision is Kind.HOLD
    assert rules(decision) == ["hold-more-sessions"]


def test_two_good_sessions_add_reps_first(library):
    decision = decide(library, BRIDGE, good(1), good(3))
    assert decision.decision is Kind.PROGRESS
    assert decision.dose is not None
    assert (decision.dose.sets, decision.dose.reps, decision.dose.hold_seconds) == (2, 12, 3)
    assert rules(decision) == ["progress-reps"]


def test_reps_at_the_top_of_the_range_add_a_set_and_restart_the_reps(library):
    item = {**BRIDGE, "reps": 15}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.dose is not None
    assert (decision.dose.sets, decision.dose.reps) == (3, 10)
    assert rules(decision) == ["progress-sets"]


def test_then_the_hold_grows_up_to_the_exercises_own_ladder(library):
    item = {**BRIDGE, "sets": 3, "reps": 15}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.dose is not None and decision.dose.hold_seconds == 5
    assert rules(decision) == ["progress-hold"]


def test_at_the_top_of_the_dose_comes_the_harder_variant(library):
    item = {**BRIDGE, "sets": 3, "reps": 15, "hold_seconds": 5}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.decision is Kind.PROGRESS
    assert decision.replacement == "glute-bridge-march"
    assert decision.dose is not None and decision.dose.per_side is True
    assert rules(decision) == ["progress-variant"]


BIRD_DOG_TOP = {
    "exercise": "bird-dog",
    "sets": 3,
    "reps": 5,
    "hold_seconds": 10,
    "per_side": True,
}


@pytest.fixture(scope="module")
def bundled():
    """The bundled library: the bird dog ladder's top rung holds a weight."""
    from backrehab.clinical.library import load_library

    return load_library()


def top_of_bird_dog(library: Mapping[str, Exercise], equipment: list[str] | None) -> Decision:
    item = BIRD_DOG_TOP
    program = make_program(item, equipment=equipment)
    (decision,) = next_step(program, [good(1, item), good(3, item)], library)
    return decision


def test_the_next_exercise_up_needs_only_what_the_patient_has(bundled):
    with_weight = top_of_bird_dog(bundled, ["mat", "weight"])
    assert with_weight.replacement == "bird-dog-weight"
    assert rules(with_weight) == ["progress-variant"]

    without = top_of_bird_dog(bundled, ["mat"])
    assert without.replacement is None
    assert without.decision is Kind.HOLD
    assert rules(without) == ["hold-top-of-ladder"]


def test_a_program_that_never_recorded_the_equipment_assumes_only_the_households(bundled):
    unknown = top_of_bird_dog(bundled, None)
    assert unknown.replacement is None and unknown.decision is Kind.HOLD


def test_the_engine_keeps_what_the_intake_said_is_at_home(library):
    from backrehab.clinical.program import generate_program
    from tests.clinical.engine_factories import make_intake

    program = generate_program(make_intake(equipment=["mat", "band"]), library).program
    assert program is not None and program.equipment == ["band", "mat"]


def test_a_variant_left_out_for_safety_is_never_the_next_step(library):
    item = {**BRIDGE, "sets": 3, "reps": 15, "hold_seconds": 5}
    decision = decide(
        library,
        item,
        good(1, item),
        good(3, item),
        excluded=["glute-bridge-march", "bridge-with-rotations"],
    )
    assert decision.decision is Kind.HOLD
    assert decision.replacement is None
    assert rules(decision) == ["hold-top-of-ladder"]


def test_held_reps_progress_by_reps_not_longer_holds(library):
    item = {"exercise": "bird-dog", "sets": 3, "reps": 10, "hold_seconds": 10, "per_side": True}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.decision is Kind.HOLD
    assert rules(decision) == ["hold-top-of-ladder"]


def test_stretches_progress_by_reps_then_hold_not_sets(library):
    item = {"exercise": "knee-to-chest", "sets": 1, "reps": 4, "hold_seconds": 20, "per_side": True}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.dose is not None
    assert (decision.dose.sets, decision.dose.hold_seconds) == (1, 25)


def test_walking_grows_by_a_fifth_after_a_week_at_its_length(library):
    item = {"exercise": "walking-program", "sets": 1, "duration_seconds": 600}
    decision = decide(library, item, good(1, item), good(8, item))
    assert decision.dose is not None and decision.dose.duration_seconds == 720
    assert rules(decision) == ["progress-duration"]


def test_effort_above_7_holds(library):
    decision = decide(library, BRIDGE, good(1), good(3, effort=8))
    assert decision.decision is Kind.HOLD
    assert rules(decision) == ["hold-effort"]
    assert "8/10" in decision.reasons[0].text


def test_an_incomplete_dose_holds(library):
    short = session(3, done("glute-bridge", 1, 10, hold_seconds=3))
    assert rules(decide(library, BRIDGE, good(1), short)) == ["hold-incomplete"]


@pytest.mark.parametrize(("pain", "kind"), [(5, Kind.PROGRESS), (6, Kind.REGRESS)])
def test_pain_during_up_to_5_is_acceptable_above_is_too_much(pain, kind, library):
    decision = decide(library, BRIDGE, good(1, pain_during=pain), good(3, pain_during=pain))
    assert decision.decision is kind


def test_acceptable_pain_is_noted(library):
    decision = decide(library, BRIDGE, good(1, pain_during=4), good(3, pain_during=4))
    assert "monitor-acceptable-pain" in rules(decision)


def test_pain_not_settled_by_next_morning_regresses(library):
    unsettled = session(
        3, done("glute-bridge", 2, 10, hold_seconds=3), pain_before=3, next_morning_pain=5
    )
    decision = decide(library, BRIDGE, good(1), unsettled)
    assert decision.decision is Kind.REGRESS
    assert rules(decision)[0] == "regress-not-settled"


def test_a_per_exercise_morning_check_overrides_the_sessions(library):
    entry = done("glute-bridge", 2, 10, hold_seconds=3, next_morning_pain=6)
    decision = decide(library, BRIDGE, session(3, entry, next_morning_pain=2))
    assert decision.decision is Kind.REGRESS


def test_without_the_morning_check_nothing_changes_yet(library):
    decision = decide(
        library,
        BRIDGE,
        good(1),
        session(3, done("glute-bridge", 2, 10, hold_seconds=3), next_morning_pain=None),
    )
    assert rules(decision) == ["hold-awaiting-morning"]


def test_regression_first_undoes_progress_above_the_starting_dose(library):
    item = {**BRIDGE, "sets": 3, "reps": 12, "hold_seconds": 5}
    decision = decide(library, item, good(1, item, pain_during=7))
    assert decision.decision is Kind.REGRESS
    assert decision.dose is not None
    assert decision.dose.hold_seconds == 3  # back to the file's 3 s
    assert rules(decision) == ["regress-pain-during", "regress-dose"]


def test_at_the_starting_dose_regression_takes_the_files_easier_exercise(library):
    decision = decide(library, BRIDGE, good(1, pain_during=7))
    assert decision.decision is Kind.REGRESS
    assert decision.replacement == "pelvic-tilt"
    assert decision.dose is not None and decision.dose.sets == 2
    assert rules(decision) == ["regress-pain-during", "regress-variant"]


def test_an_easier_exercise_left_out_for_safety_is_skipped(library):
    decision = decide(library, BRIDGE, good(1, pain_during=7), excluded=["pelvic-tilt"])
    assert decision.replacement is None
    assert decision.dose is not None and decision.dose.sets == 1
    assert rules(decision) == ["regress-pain-during", "regress-reduce"]


def test_with_nothing_easier_the_exercise_stops_and_the_clinician_is_alerted(library):
    item = {"exercise": "knee-rotations", "sets": 1, "reps": 1}
    decision = decide(library, item, good(1, item, pain_during=8))
    assert decision.decision is Kind.STOP
    assert decision.dose is None
    assert "alert-no-easier-step" in rules(decision)


def test_peripheralisation_stops_the_exercise_and_alerts(library):
    decision = decide(library, BRIDGE, good(1), good(3, peripheralised=True))
    assert decision.decision is Kind.STOP
    assert decision.dose is None and decision.replacement is None
    assert rules(decision) == ["stop-peripheralisation", "alert-peripheralisation"]


def test_a_new_red_flag_stops_every_exercise_and_alerts(library):
    program = make_program(BRIDGE, {"exercise": "cat-camel", "sets": 1, "reps": 10})
    logs = [good(1), session(3, new_red_flags=["saddle_numbness"])]
    decisions = next_step(program, logs, library)
    assert [d.decision for d in decisions] == [Kind.STOP, Kind.STOP]
    assert rules(decisions[0]) == ["stop-red-flag", "alert-red-flag"]
    assert "emergency department" in decisions[0].reasons[0].text
    assert len(clinician_alerts(decisions)) == 1


def test_a_routine_red_flag_only_alerts(library):
    logs = [
        good(1),
        session(
            3,
            done("glute-bridge", 2, 10, hold_seconds=3),
            new_red_flags=["waking_second_half_of_night"],
        ),
    ]
    decision = next_step(make_program(BRIDGE), logs, library)[0]
    assert decision.decision is Kind.PROGRESS
    assert "alert-red-flag-routine" in rules(decision)


def test_morning_pain_rising_week_on_week_blocks_progress(library):
    logs = [
        session(1, next_morning_pain=2, pain_before=4),
        session(3, next_morning_pain=2, pain_before=4),
        session(
            10, done("glute-bridge", 2, 10, hold_seconds=3), next_morning_pain=4, pain_before=4
        ),
        session(
            12, done("glute-bridge", 2, 10, hold_seconds=3), next_morning_pain=4, pain_before=4
        ),
    ]
    decision = next_step(make_program(BRIDGE), logs, library)[0]
    assert decision.decision is Kind.HOLD
    assert rules(decision) == ["hold-morning-rising"]


def test_logs_are_read_in_date_order(library):
    decision = decide(library, BRIDGE, good(5, pain_during=8), good(1), good(3))
    assert decision.decision is Kind.REGRESS


def test_decisions_follow_program_order(library):
    program = make_program({"exercise": "cat-camel", "sets": 1, "reps": 10}, BRIDGE)
    assert [d.exercise for d in next_step(program, [], library)] == ["cat-camel", "glute-bridge"]


def test_the_files_dose_steps_set_the_top_of_a_count(library):
    # bird-dog's file ladder goes to 8 reps: 10 s holds are not lengthened (McGill).
    item = {"exercise": "bird-dog", "sets": 1, "reps": 8, "hold_seconds": 10, "per_side": True}
    decision = decide(library, item, good(1, item), good(3, item))
    assert decision.dose is not None
    assert (decision.dose.sets, decision.dose.reps, decision.dose.hold_seconds) == (2, 6, 10)


def test_a_files_dose_regression_step_comes_before_an_easier_exercise():
    from tests.clinical.engine_factories import make_exercise

    curl = make_exercise(
        "curl",
        "motor-control",
        "standing",
        dose={"sets": 3, "reps": 3, "hold_seconds": 10},
        regression=[{"dose": {"reps": 2}}, {"exercise": "rock"}],
    )
    rock = make_exercise("rock", "mobility", "standing", dose={"sets": 1, "reps": 10})
    lib = {"curl": curl, "rock": rock}
    item = {"exercise": "curl", "sets": 3, "reps": 3, "hold_seconds": 10}
    first = decide(lib, item, good(1, item, pain_during=6))
    assert first.dose is not None and first.dose.reps == 2
    assert rules(first) == ["regress-pain-during", "regress-step"]
    item = {**item, "reps": 2}
    second = decide(lib, item, good(1, item, pain_during=6))
    assert second.replacement == "rock"


@pytest.mark.parametrize(("start", "next_"), [(600, 720), (720, 840), (840, 1020), (60, 70)])
def test_walks_grow_in_whole_minutes(start, next_, library):
    item = {"exercise": "walking-program", "sets": 1, "duration_seconds": start}
    decision = decide(library, item, good(1, item), good(8, item))
    assert decision.dose is not None and decision.dose.duration_seconds == next_


def test_applying_decisions_changes_doses_swaps_replacements_and_drops_stopped_items():
    from backrehab.clinical.program import Program, ProgramItem
    from backrehab.clinical.progression import Decision, DoseOut, Kind, apply_decisions
    from backrehab.clinical.reasons import Reason

    why = [Reason(rule="phase-mobility", text="Moves the back gently.")]
    program = Program(
        sessions_per_week=3,
        minutes=10,
        excluded=[],
        education=[],
        items=[ProgramItem(exercise=e, sets=2, reps=10, reasons=why) for e in ("a", "b", "c", "d")],
    )
    dose = DoseOut(sets=3, reps=10, hold_seconds=None, duration_seconds=None, per_side=False)
    step = [Reason(rule="progress-sets", text="One more set.")]
    decisions = [
        Decision(exercise="a", decision=Kind.PROGRESS, dose=dose, replacement=None, reasons=step),
        Decision(
            exercise="b", decision=Kind.REGRESS, dose=dose, replacement="b-easy", reasons=step
        ),
        Decision(exercise="c", decision=Kind.STOP, dose=None, replacement=None, reasons=step),
        Decision(exercise="d", decision=Kind.HOLD, dose=None, replacement=None, reasons=step),
    ]
    items = apply_decisions(program, decisions)
    assert [i["exercise"] for i in items] == ["a", "b-easy", "d"]
    assert items[0]["sets"] == 3 and items[0]["reasons"][0]["rule"] == "progress-sets"
    assert items[2] == program.items[3].model_dump(mode="json")
