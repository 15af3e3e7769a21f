"""Properties over generated intakes: safety, referral, dose bounds, time, determinism."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backrehab.clinical.classification import classify
from backrehab.clinical.exercises import Dose
from backrehab.clinical.intake import Intake
from backrehab.clinical.precautions import contraindicated
from backrehab.clinical.program import DIRECTION_RULES, dose_ceiling, generate_program
from backrehab.clinical.progression import ExerciseLog, Kind, next_step
from backrehab.clinical.red_flags import (
    CLEARABLE_RULES,
    STOPS_PROGRAM,
    Clearance,
    Urgency,
    positive_rules,
)
from backrehab.clinical.settings import DEFAULT_SETTINGS
from tests.clinical.engine_factories import make_library, program_seconds
from tests.clinical.engine_strategies import PROPERTY_SETTINGS as SETTINGS
from tests.clinical.engine_strategies import intakes, planned, subset

LIBRARY = make_library()


@SETTINGS
@given(intakes())
def test_no_contraindicated_exercise_ever(data):
    intake, program = planned(data, LIBRARY)
    if program is None:
        return
    c = classify(intake)
    for item in program.items:
        exercise = LIBRARY[item.exercise]
        assert contraindicated(exercise, set(c.conditions)) == []
        for rule in DIRECTION_RULES:
            assert not (c.preference is rule.preference and exercise.bias is rule.bias)


@SETTINGS
@given(intakes())
def test_no_patient_sentence_claims_a_repeated_movement_test_that_was_not_recorded(data):
    """Issue 9, item 6: "bending this way eased your symptoms" only after a recorded test."""
    intake, program = planned(data, LIBRARY)
    if program is None:
        return
    eased = {"centralises"}
    moves = intake.repeated_movements
    if moves.flexion in eased or moves.extension in eased:
        return
    told = [
        r for part in (*program.items, *program.excluded, *program.education) for r in part.reasons
    ]
    claims = [r.rule for r in told if "eased your symptoms" in r.text or r.rule.endswith("-tested")]
    assert claims == []


@SETTINGS
@given(intakes())
def test_red_flags_always_refer(data):
    intake = Intake.model_validate(data)
    plan = generate_program(intake, LIBRARY)
    fired = positive_rules(intake)
    if any(rule.urgency in STOPS_PROGRAM for rule in fired):
        assert plan.program is None
        assert plan.referral is not None and plan.referral.urgency in STOPS_PROGRAM
    elif fired:
        assert plan.referral is not None and plan.program is not None
    else:
        assert plan.referral is None and plan.program is not None
    if any(q in ("saddle_numbness", "bowel_incontinence") for q in intake.red_flags.positive()) or (
        intake.red_flags.new_urinary_leaking and not intake.pregnant
    ):
        assert plan.referral is not None and plan.referral.urgency.value == "emergency"


CAUDA_EQUINA_SIGNS = [
    "saddle_numbness",
    "altered_feeling_when_wiping",
    "new_bladder_control_difficulty",
    "loss_of_sensation_passing_urine",
    "bladder_fullness_unaware",
    "bowel_incontinence",
    "loss_of_sensation_passing_motion",
    "new_sexual_function_change",
    "sciatica_both_legs",
]


@SETTINGS
@given(intakes(), st.sampled_from([*CAUDA_EQUINA_SIGNS, "legs-below-both-knees"]))
def test_every_cauda_equina_sign_refers_as_an_emergency(data, sign):
    if sign == "legs-below-both-knees":
        nerve = data["location"].get("nerve_symptoms", False)
        data["location"] = {"area": "below-knee", "sides": "both", "nerve_symptoms": nerve}
    else:
        data["red_flags"][sign] = True
    intake = Intake.model_validate(data)
    plan = generate_program(intake, LIBRARY)
    known_stenosis = (
        sign == "legs-below-both-knees"
        and "stenosis" in intake.known_conditions
        and intake.history.seen_doctor
        and intake.history.duration_weeks > DEFAULT_SETTINGS.chronic_weeks_over
    )
    if known_stenosis:  # the one design exception: a routine note that names the pattern
        assert plan.referral is not None
        assert "stenosis-both-legs-review" in [r.rule for r in plan.referral.reasons]
        return
    assert plan.program is None
    assert plan.referral is not None and plan.referral.urgency is Urgency.EMERGENCY


@SETTINGS
@given(intakes(), st.sampled_from(["osteoporosis", "steroids"]))
def test_fragile_bone_with_sudden_severe_pain_always_refers(data, fragile):
    data["red_flags"]["sudden_severe_central_pain"] = True
    if fragile == "osteoporosis":
        data["known_conditions"] = [*data["known_conditions"], "osteoporosis"]
        data["known_conditions"] = list(dict.fromkeys(data["known_conditions"]))
    else:
        data["red_flags"]["long_term_corticosteroids"] = True
    plan = generate_program(Intake.model_validate(data), LIBRARY)
    assert plan.program is None
    assert plan.referral is not None and plan.referral.urgency in STOPS_PROGRAM


@SETTINGS
@given(intakes())
def test_a_clearance_never_lifts_an_emergency_or_urgent_referral(data):
    intake = Intake.model_validate(data)
    fired = positive_rules(intake)
    everything = Clearance(
        by="A clinician",
        on=date(2026, 1, 5),
        why="cleared for the test",
        rules=sorted(CLEARABLE_RULES),
    )
    plan = generate_program(intake, LIBRARY, clearance=everything)
    if any(r.urgency in (Urgency.EMERGENCY, Urgency.URGENT) for r in fired):
        assert plan.program is None
        assert plan.referral is not None
        assert plan.referral.urgency in (Urgency.EMERGENCY, Urgency.URGENT)
    else:
        assert plan.program is not None


@SETTINGS
@given(intakes())
def test_doses_stay_within_bounds(data):
    plan = generate_program(Intake.model_validate(data), LIBRARY)
    if plan.program is None:
        return
    for item in plan.program.items:
        default = LIBRARY[item.exercise].dose
        Dose(
            sets=item.sets,
            reps=item.reps,
            hold_seconds=item.hold_seconds,
            duration_seconds=item.duration_seconds,
            per_side=item.per_side,
        )
        assert 1 <= item.sets <= max(DEFAULT_SETTINGS.max_sets, default.sets)
        assert item.per_side == default.per_side
        if item.reps is not None:
            assert default.reps is not None and 1 <= item.reps <= default.reps
        if item.hold_seconds is not None:
            assert default.hold_seconds is not None
            assert item.hold_seconds <= max(
                default.hold_seconds, DEFAULT_SETTINGS.max_stretch_hold_seconds
            )
        if item.duration_seconds is not None:
            assert default.duration_seconds is not None
            longest = default.duration_seconds
            if any(r.rule == "dose-full-session-longer" for r in item.reasons):
                # a session still under half the time: the walk or ride may grow up its own
                # progression ladder, never beyond it
                longest = dose_ceiling(LIBRARY[item.exercise]).duration_seconds or longest
            assert item.duration_seconds <= longest


@SETTINGS
@given(intakes())
def test_the_time_budget_is_respected(data):
    intake = Intake.model_validate(data)
    plan = generate_program(intake, LIBRARY)
    if plan.program is None:
        return
    total = program_seconds(plan.program, LIBRARY)
    assert total <= intake.minutes_per_session * 60
    assert plan.program.minutes <= intake.minutes_per_session
    assert plan.program.sessions_per_week == intake.sessions_per_week


@SETTINGS
@given(intakes())
def test_the_same_input_gives_the_same_output(data):
    first = generate_program(Intake.model_validate(data), LIBRARY).to_json()
    again = generate_program(
        Intake.model_validate(json.loads(json.dumps(data))), make_library()
    ).to_json()
    assert first == again


@SETTINGS
@given(intakes())
def test_everything_chosen_or_left_out_carries_reasons(data):
    plan = generate_program(Intake.model_validate(data), LIBRARY)
    if plan.referral is not None:
        assert plan.referral.reasons
    if plan.program is None:
        return
    assert plan.program.education
    for entry in [*plan.program.items, *plan.program.excluded, *plan.program.education]:
        assert entry.reasons and all(r.rule and r.text for r in entry.reasons)
    chosen = [i.exercise for i in plan.program.items]
    assert len(chosen) == len(set(chosen))
    assert not set(chosen) & {e.exercise for e in plan.program.excluded}


@st.composite
def logs_for(draw: st.DrawFn, exercises: list[str]) -> list[dict[str, Any]]:
    sessions = []
    for day in sorted(draw(st.lists(st.integers(1, 28), unique=True, max_size=5))):
        entries = [
            {
                "exercise": name,
                "sets": draw(st.integers(0, 4)),
                "reps": draw(st.one_of(st.none(), st.integers(0, 20))),
                "hold_seconds": draw(st.one_of(st.none(), st.integers(0, 40))),
                "duration_seconds": draw(st.one_of(st.none(), st.integers(0, 1200))),
                "pain_during": draw(st.integers(0, 10)),
                "effort": draw(st.integers(0, 10)),
                "next_morning_pain": draw(st.one_of(st.none(), st.integers(0, 10))),
                "peripheralised": draw(st.booleans()) and draw(st.booleans()),
            }
            for name in draw(subset(exercises))
        ]
        sessions.append(
            {
                "date": f"2025-02-{day:02d}",
                "pain_before": draw(st.integers(0, 10)),
                "next_morning_pain": draw(st.one_of(st.none(), st.integers(0, 10))),
                "exercises": entries,
            }
        )
    return sessions


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_next_steps_are_safe_and_complete(data):
    intake = Intake.model_validate(data.draw(intakes()))
    plan = generate_program(intake, LIBRARY)
    if plan.program is None or not plan.program.items:
        return
    from backrehab.clinical.progression import parse_logs

    program = plan.program
    logs = parse_logs(data.draw(logs_for([i.exercise for i in program.items])))
    decisions = next_step(program, logs, LIBRARY)
    assert [d.exercise for d in decisions] == [i.exercise for i in program.items]
    excluded = {e.exercise for e in program.excluded}
    latest: dict[str, tuple[ExerciseLog, int]] = {}
    ordered = sorted(logs, key=lambda s: s.date)
    for session in ordered:
        for log in session.exercises:
            latest[log.exercise] = (log, session.pain_before)
    spread = {e.exercise for e in ordered[-1].exercises if e.peripheralised} if ordered else set()
    for decision in decisions:
        assert decision.reasons
        assert decision.replacement not in excluded
        if decision.decision is Kind.STOP:
            # Stopped, unless the directional exercise is replaced in its own direction.
            assert (decision.dose is None) is (decision.replacement is None)
        else:
            assert decision.dose is not None
            Dose(**decision.dose.model_dump())
        last, before = latest.get(decision.exercise, (None, 0))
        if last is not None and last.peripheralised:
            assert decision.decision is Kind.STOP
        elif spread:
            assert decision.decision is Kind.HOLD
        elif last is not None and last.pain_during > max(5, before if before >= 6 else 5):
            assert decision.decision in (Kind.REGRESS, Kind.STOP)
    assert next_step(program, logs, LIBRARY) == decisions
