"""Properties of the progression revision, over random logs (hypothesis)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backrehab.clinical.progression import Kind, ceilings, next_step, parse_logs
from backrehab.clinical.settings import DEFAULT_SETTINGS
from tests.clinical.engine_factories import make_library, make_program

LIBRARY = make_library()
EXERCISES = ["walking-program", "prone-press-up", "bird-dog", "mcgill-curl-up", "glute-bridge"]
DIRECTIONAL = [{"rule": "focus-preference", "text": "Eases your pain in its direction."}]
SETTINGS = settings(max_examples=150, deadline=None)


@st.composite
def items(draw: st.DrawFn) -> list[dict[str, Any]]:
    """Program items within each exercise's ladder (a program progressed for some weeks)."""
    chosen = []
    for name in EXERCISES:
        exercise = LIBRARY[name]
        top = ceilings(exercise, DEFAULT_SETTINGS)
        dose = exercise.dose
        item: dict[str, Any] = {
            "exercise": name,
            "sets": draw(st.integers(dose.sets, top.sets)),
            "per_side": dose.per_side,
        }
        if dose.reps is not None:
            item["reps"] = draw(st.integers(dose.reps, top.reps))
        if dose.hold_seconds is not None:
            item["hold_seconds"] = draw(st.integers(dose.hold_seconds, top.hold))
        if dose.duration_seconds is not None:
            item["duration_seconds"] = draw(st.integers(dose.duration_seconds, top.duration))
        if name == "prone-press-up":
            item["reasons"] = DIRECTIONAL
        chosen.append(item)
    return chosen


@st.composite
def logs(draw: st.DrawFn, program: list[dict[str, Any]]) -> list[dict[str, Any]]:
    sessions = []
    for day in sorted(draw(st.lists(st.integers(1, 40), unique=True, min_size=1, max_size=5))):
        names = [i["exercise"] for i in program]
        skipped = draw(st.lists(st.sampled_from(names), unique=True, max_size=2))
        exercises = []
        for item in program:
            if item["exercise"] in skipped:
                continue
            exercises.append(
                {
                    "exercise": item["exercise"],
                    "sets": item["sets"],
                    "reps": item.get("reps"),
                    "hold_seconds": item.get("hold_seconds"),
                    "duration_seconds": item.get("duration_seconds"),
                    "pain_during": draw(st.integers(0, 10)),
                    "effort": draw(st.integers(0, 10)),
                    "peripheralised": draw(st.booleans()) and draw(st.booleans()),
                    "centralised": draw(st.booleans()),
                }
            )
        date = f"2025-{3 + (day - 1) // 31:02d}-{(day - 1) % 31 + 1:02d}"
        sessions.append(
            {
                "date": date,
                "pain_before": draw(st.integers(0, 10)),
                "pain_after": draw(st.one_of(st.none(), st.integers(0, 10))),
                "next_morning_pain": draw(st.one_of(st.none(), st.integers(0, 10))),
                "exercises": exercises,
                "skipped": [
                    {
                        "exercise": name,
                        "reason": draw(st.sampled_from(["too painful", "no time", "other"])),
                    }
                    for name in skipped
                ],
            }
        )
    return sessions


@SETTINGS
@given(st.data())
def test_no_progression_when_pain_after_or_next_morning_pain_says_no(data):
    program = data.draw(items())
    sessions = parse_logs(data.draw(logs(program)))
    latest = max(sessions, key=lambda s: s.date)
    pain_after_no = latest.pain_after is not None and latest.pain_after > 5
    morning_no = latest.next_morning_pain is None or latest.next_morning_pain > latest.pain_before
    decisions = next_step(make_program(*program), sessions, LIBRARY)
    if pain_after_no or morning_no:
        assert all(d.decision is not Kind.PROGRESS for d in decisions)


@SETTINGS
@given(st.data())
def test_a_stop_for_spreading_pain_holds_every_other_exercise(data):
    program = data.draw(items())
    sessions = parse_logs(data.draw(logs(program)))
    latest = max(sessions, key=lambda s: s.date)
    spread = {e.exercise for e in latest.exercises if e.peripheralised}
    decisions = next_step(make_program(*program), sessions, LIBRARY)
    if spread:
        for decision in decisions:
            if decision.exercise in spread:
                assert decision.decision is Kind.STOP
            else:
                assert decision.decision is not Kind.PROGRESS


@SETTINGS
@given(st.data())
def test_a_progressed_dose_never_exceeds_the_exercises_ladder(data):
    program = data.draw(items())
    sessions = parse_logs(data.draw(logs(program)))
    for decision in next_step(make_program(*program), sessions, LIBRARY):
        if decision.dose is None:
            continue
        exercise = LIBRARY[decision.replacement or decision.exercise]
        top = ceilings(exercise, DEFAULT_SETTINGS)
        dose = decision.dose
        assert dose.sets <= top.sets
        assert dose.reps is None or dose.reps <= top.reps
        assert dose.hold_seconds is None or dose.hold_seconds <= top.hold
        assert dose.duration_seconds is None or dose.duration_seconds <= top.duration


@SETTINGS
@given(st.data())
def test_the_directional_exercise_is_never_dropped_without_a_replacement_or_an_alert(data):
    program = data.draw(items())
    sessions = parse_logs(data.draw(logs(program)))
    decisions = next_step(make_program(*program), sessions, LIBRARY)
    press_up = next(d for d in decisions if d.exercise == "prone-press-up")
    if press_up.decision is Kind.STOP and not any(
        r.rule == "stop-red-flag" for r in press_up.reasons
    ):
        assert press_up.replacement is not None or any(
            r.rule == "alert-directional-no-replacement" for r in press_up.reasons
        )
    assert press_up.replacement != "superman"
