"""Re-assessment adjusts the program in force; it never rebuilds it from scratch."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from backrehab.clinical.intake import Intake
from backrehab.clinical.monitoring import (
    no_important_change,
    reassessment_due,
    reassessment_interval,
)
from backrehab.clinical.program import Plan, Program, generate_program
from backrehab.clinical.reassessment import adjust_program, ladder_family
from tests.clinical.engine_factories import intake_data, make_library, make_program
from tests.clinical.engine_strategies import intakes

LIBRARY = make_library()


def plan_for(**changes: Any) -> Plan:
    return generate_program(Intake.model_validate(intake_data(**changes)), LIBRARY)


def progressed(program: Program) -> Program:
    """The program after weeks of progression: one more set and two more reps where possible."""
    items = [
        i.model_copy(update={"sets": i.sets + 1, "reps": None if i.reps is None else i.reps + 2})
        for i in program.items
    ]
    return program.model_copy(update={"items": items})


def test_the_same_findings_keep_every_progressed_dose():
    plan = plan_for()
    assert plan.program is not None
    current = progressed(plan.program)
    adjustment = adjust_program(current, plan, LIBRARY)
    assert adjustment.changes == []
    assert not adjustment.needs_approval
    assert adjustment.now is not None and adjustment.now.items == current.items


def test_a_harder_version_on_the_ladder_counts_as_the_same_exercise():
    assert "glute-bridge-march" in ladder_family("glute-bridge", LIBRARY)
    current = make_program({"exercise": "glute-bridge-march", "sets": 2, "reps": 8})
    plan = Plan.model_validate(
        {
            **plan_for().model_dump(mode="json"),
            "program": make_program({"exercise": "glute-bridge", "sets": 2, "reps": 10}).model_dump(
                mode="json"
            ),
        }
    )
    adjustment = adjust_program(current, plan, LIBRARY)
    assert adjustment.changes == []
    assert adjustment.now is not None
    assert [i.exercise for i in adjustment.now.items] == ["glute-bridge-march"]


def _plan_with(items: list[dict[str, Any]], excluded: list[str] | None = None) -> Plan:
    return Plan.model_validate(
        {
            **plan_for().model_dump(mode="json"),
            "program": make_program(*items, excluded=excluded).model_dump(mode="json"),
        }
    )


BRIDGE = {"exercise": "glute-bridge", "sets": 3, "reps": 14}
CAT = {"exercise": "cat-camel", "sets": 1, "reps": 10}
DEAD_BUG = {"exercise": "dead-bug", "sets": 2, "reps": 8, "per_side": True}
WALK = {"exercise": "walking-program", "sets": 1, "duration_seconds": 600}


def test_one_exercise_in_is_a_minor_change_applied_at_once():
    current = make_program(BRIDGE, CAT)
    adjustment = adjust_program(current, _plan_with([BRIDGE, CAT, WALK]), LIBRARY)
    assert not adjustment.needs_approval
    assert [(c.kind, c.exercise, c.major) for c in adjustment.changes] == [
        ("add", "walking-program", False)
    ]
    assert adjustment.now is not None and len(adjustment.now.items) == 3


def test_several_exercises_in_or_out_wait_for_the_clinician():
    current = make_program(BRIDGE, CAT)
    adjustment = adjust_program(current, _plan_with([BRIDGE, DEAD_BUG, WALK]), LIBRARY)
    assert adjustment.needs_approval
    assert {(c.kind, c.exercise) for c in adjustment.major} == {
        ("add", "dead-bug"),
        ("add", "walking-program"),
        ("remove", "cat-camel"),
    }
    assert adjustment.now is None  # the program in force continues as it is
    assert adjustment.target is not None
    assert adjustment.target.items[0].reps == 14  # the progressed dose is in the proposal too


def test_an_exercise_made_unsafe_goes_at_once_even_when_the_rest_waits():
    current = make_program(BRIDGE, CAT)
    plan = _plan_with([BRIDGE, DEAD_BUG, WALK], excluded=["cat-camel"])
    adjustment = adjust_program(current, plan, LIBRARY)
    assert adjustment.needs_approval
    assert adjustment.now is not None
    assert [i.exercise for i in adjustment.now.items] == ["glute-bridge"]
    safety = [c for c in adjustment.changes if c.reasons[0].rule == "reassess-removed-safety"]
    assert [c.exercise for c in safety] == ["cat-camel"] and not safety[0].major


def test_a_new_pathway_is_a_major_change():
    plan = plan_for()
    assert plan.program is not None
    previous = plan.scores.model_dump(mode="json")
    previous["startback"] = {**(previous["startback"] or {}), "risk": "high"}
    adjustment = adjust_program(plan.program, plan, LIBRARY, previous_scores=previous)
    assert adjustment.needs_approval
    assert [c.kind for c in adjustment.major] == ["pathway"]


def test_a_clinic_may_apply_larger_changes_automatically():
    current = make_program(BRIDGE, CAT)
    plan = _plan_with([BRIDGE, DEAD_BUG, WALK])
    adjustment = adjust_program(current, plan, LIBRARY, auto_apply=True)
    assert not adjustment.needs_approval
    assert adjustment.now == adjustment.target


def test_a_referral_that_stops_the_program_has_no_target():
    plan = plan_for(red_flags={"saddle_numbness": True})
    assert plan.program is None
    adjustment = adjust_program(make_program(BRIDGE), plan, LIBRARY)
    assert adjustment.target is None and adjustment.now is None


@settings(max_examples=60, deadline=None)
@given(first=intakes(), second=intakes())
def test_reassessment_never_loses_a_progressed_dose_of_an_exercise_that_stays(first, second):
    before = generate_program(Intake.model_validate(first), LIBRARY)
    after = generate_program(Intake.model_validate(second), LIBRARY)
    if before.program is None:
        return
    current = progressed(before.program)
    adjustment = adjust_program(current, after, LIBRARY)
    doses = {i.exercise: i for i in current.items}
    for program in (adjustment.target, adjustment.now):
        if program is None:
            continue
        for item in program.items:
            if item.exercise in doses:
                assert item == doses[item.exercise]


# --- Monitoring ---------------------------------------------------------------------------------


def test_reassessment_is_offered_on_the_clinicians_schedule_within_2_to_4_weeks():
    import datetime as dt

    last = dt.date(2025, 3, 1)
    assert not reassessment_due(last, dt.date(2025, 3, 14))
    assert reassessment_due(last, dt.date(2025, 3, 15))
    assert not reassessment_due(last, dt.date(2025, 3, 15), 21)
    assert reassessment_interval(7) == 14 and reassessment_interval(60) == 28


def test_no_important_change_after_4_weeks_escalates():
    baseline = {"nprs": {"now": 5}, "odi": {"percent": 30.0}, "psfs": {"mean": 4.0}}
    same = {"nprs": {"now": 4}, "odi": {"percent": 26.0}, "psfs": {"mean": 5.0}}
    better = {"nprs": {"now": 2}, "odi": {"percent": 26.0}, "psfs": {"mean": 5.0}}
    assert no_important_change(baseline, same, 27) is None  # too early
    outcomes = no_important_change(baseline, same, 28)
    assert outcomes is not None and len(outcomes) == 3
    assert no_important_change(baseline, better, 42) is None


def test_a_ladder_link_counts_from_either_end():
    """Curl-up names front plank as harder; front plank does not name the curl-up back. A
    patient progressed from one to the other is still found by a re-assessment choosing the
    curl-up again, so their progressed dose is kept."""
    from backrehab.clinical.library import load_library
    from backrehab.clinical.reassessment import ladder_distances

    bundled = load_library()
    assert "mcgill-curl-up" not in {s.exercise for s in bundled["front-plank"].regression}
    distance = ladder_distances("front-plank", bundled)
    assert distance["front-plank"] == 0
    assert distance["mcgill-curl-up"] == 1
    assert distance["bird-dog"] == 1
