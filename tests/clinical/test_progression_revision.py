"""The progression revision (clinical-rules.md section 5, "use everything logged").

Each wrong behaviour issue 11 saw with `backrehab next` on realistic logs is a row or a test here:
the program is the demo patient's after weeks of progression (walking 12 min, prone press-up x12,
bird dog 3x4, McGill curl-up 3x4).
"""

from __future__ import annotations

from typing import Any

import pytest

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.progression import (
    Decision,
    Kind,
    SessionLog,
    clinician_alerts,
    next_step,
    parse_logs,
)
from tests.clinical.engine_factories import done, make_exercise, make_library, make_program, session

WALK = {"exercise": "walking-program", "sets": 1, "duration_seconds": 720}
PRESS_UP = {
    "exercise": "prone-press-up",
    "sets": 1,
    "reps": 12,
    "hold_seconds": 2,
    "reasons": [{"rule": "focus-preference", "text": "Eases your pain in its direction."}],
}
BIRD_DOG = {"exercise": "bird-dog", "sets": 3, "reps": 4, "hold_seconds": 10, "per_side": True}
CURL_UP = {"exercise": "mcgill-curl-up", "sets": 3, "reps": 4, "hold_seconds": 10}
PROGRAM = (WALK, PRESS_UP, BIRD_DOG, CURL_UP)


def as_done(item: dict[str, Any], **values: Any) -> dict[str, Any]:
    return done(
        item["exercise"],
        item["sets"],
        item.get("reps"),
        hold_seconds=item.get("hold_seconds"),
        duration_seconds=item.get("duration_seconds"),
        **values,
    )


def day(
    n: int, *, each: dict[str, Any] | None = None, only: tuple[str, ...] = (), **session_values: Any
) -> SessionLog:
    """The whole program done in one session; `each` sets values on every exercise log, or on
    the exercises named in `only`."""
    logs = [
        as_done(item, **(each or {}) if not only or item["exercise"] in only else {})
        for item in PROGRAM
    ]
    return session(n, *logs, **session_values)


def decide_all(*sessions: SessionLog, library: dict[str, Exercise] | None = None, **kw: Any):
    return next_step(make_program(*PROGRAM), list(sessions), library or make_library(), **kw)


def kinds(decisions: list[Decision]) -> dict[str, Kind]:
    return {d.exercise: d.decision for d in decisions}


def rules_of(decision: Decision) -> list[str]:
    return [r.rule for r in decision.reasons]


def test_the_demo_program_progresses_after_two_good_sessions_a_week_apart():
    decisions = decide_all(day(1), day(8))
    assert set(kinds(decisions).values()) <= {Kind.PROGRESS, Kind.HOLD}
    assert kinds(decisions)["bird-dog"] is Kind.PROGRESS


# --- Pain after the session ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain_after", "progresses"), [(None, True), (5, True), (6, False), (8, False)]
)
def test_pain_after_above_5_blocks_progression(pain_after, progresses):
    decisions = decide_all(day(1), day(8, pain_after=pain_after))
    assert (kinds(decisions)["bird-dog"] is Kind.PROGRESS) is progresses
    if not progresses:
        assert all(d.decision is Kind.HOLD for d in decisions)
        assert rules_of(decisions[2])[0] == "hold-pain-after"


def test_pain_after_above_5_in_the_earlier_session_also_blocks_progression():
    decisions = decide_all(day(1, pain_after=8), day(8))
    assert all(d.decision is Kind.HOLD for d in decisions)


# --- Pain during, judged against the person's own pre-session pain -------------------------------


@pytest.mark.parametrize(
    ("pain_before", "pain_during", "expected"),
    [
        (3, 5, Kind.PROGRESS),  # acceptable
        (3, 6, Kind.REGRESS),  # above 5 for someone who started low
        (7, 6, Kind.PROGRESS),  # started at 7: 6 is below their own pain
        (7, 7, Kind.PROGRESS),  # not above their own pre-session pain
        (7, 8, Kind.REGRESS),  # above their own pain
        (5, 6, Kind.REGRESS),  # a start at 5 is not a high start
    ],
)
def test_pain_during_is_judged_against_the_persons_own_pain_before(
    pain_before, pain_during, expected
):
    logs = [
        day(n, each={"pain_during": pain_during}, pain_before=pain_before, next_morning_pain=3)
        for n in (1, 8)
    ]
    decisions = decide_all(*logs)
    assert kinds(decisions)["bird-dog"] is expected


def test_pain_during_at_the_persons_own_level_is_noted_for_the_patient():
    logs = [day(n, each={"pain_during": 6}, pain_before=7, next_morning_pain=5) for n in (1, 8)]
    assert "monitor-pain-at-baseline" in rules_of(decide_all(*logs)[2])


# --- The next morning ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("morning", "expected", "alerted"),
    [
        (3, Kind.PROGRESS, False),  # back to the pre-session level
        (2, Kind.PROGRESS, False),  # better
        (4, Kind.HOLD, False),  # a rise of 1: measurement noise, but not settled: no progress
        (5, Kind.REGRESS, True),  # a rise of 2: the NPRS minimal detectable change
        (6, Kind.REGRESS, True),
    ],
)
def test_a_next_morning_rise_counts_from_2_points_and_alerts_the_clinician(
    morning, expected, alerted
):
    decisions = decide_all(day(1), day(8, pain_before=3, next_morning_pain=morning))
    assert set(kinds(decisions).values()) == {expected}
    alerts = [a.rule for _, a in clinician_alerts(decisions)]
    assert ("alert-morning-rise" in alerts) is alerted
    if alerted:
        assert len(alerts) == 1  # one alert for the patient, not one per exercise


# --- Skipped exercises ---------------------------------------------------------------------------


def test_an_exercise_skipped_as_too_painful_regresses_and_the_others_carry_on():
    skipped = [{"exercise": "bird-dog", "reason": "too painful"}]
    logs = [day(1), day(8, skipped=skipped)]
    decisions = {d.exercise: d for d in decide_all(*logs)}
    assert decisions["bird-dog"].decision is Kind.REGRESS
    assert rules_of(decisions["bird-dog"])[0] == "regress-skipped-painful"
    assert decisions["mcgill-curl-up"].decision is Kind.PROGRESS
    assert clinician_alerts(list(decisions.values())) == []


def test_skipped_as_too_painful_twice_alerts_the_clinician():
    skipped = [{"exercise": "bird-dog", "reason": "too painful"}]
    decisions = decide_all(
        day(1, skipped=skipped), day(3, skipped=skipped), day(8, skipped=skipped)
    )
    bird_dog = next(d for d in decisions if d.exercise == "bird-dog")
    assert bird_dog.decision is Kind.REGRESS
    assert "alert-skipped-painful" in rules_of(bird_dog)


def test_a_painful_skip_after_one_that_already_eased_the_exercise_alerts():
    eased = {**BIRD_DOG, "reasons": [{"rule": "regress-skipped-painful", "text": "Eased."}]}
    log = session(8, skipped=[{"exercise": "bird-dog", "reason": "too painful"}])
    decision = next_step(make_program(eased), [log], make_library())[0]
    assert "alert-skipped-painful" in rules_of(decision)


@pytest.mark.parametrize("reason", ["no time", "no equipment", "other", "too hard"])
def test_other_skip_reasons_hold_without_regressing(reason):
    skipped = [{"exercise": "bird-dog", "reason": reason}]
    decisions = decide_all(day(1), day(3), day(8, skipped=skipped))
    bird_dog = next(d for d in decisions if d.exercise == "bird-dog")
    assert bird_dog.decision is Kind.HOLD
    assert rules_of(bird_dog) == ["hold-skipped"]


def test_a_skipped_exercise_is_never_progressed_from_older_logs():
    skipped = [{"exercise": "bird-dog", "reason": "no time"}]
    decisions = decide_all(day(1), day(3), day(8, skipped=skipped), day(10, skipped=skipped))
    assert kinds(decisions)["bird-dog"] is Kind.HOLD


def test_a_rating_sent_with_a_skip_by_an_older_player_does_not_count_as_done():
    skipped = [{"exercise": "bird-dog", "reason": "no time"}]
    decisions = decide_all(day(1), day(8, skipped=skipped))  # day 8 also logs bird dog as done
    assert kinds(decisions)["bird-dog"] is Kind.HOLD


def test_the_players_skip_reason_field_is_read_as_the_reason():
    (log,) = parse_logs(
        [
            {
                "date": "2025-03-08",
                "pain_before": 3,
                "skipped": [{"exercise": "bird-dog", "skip_reason": "too painful"}],
            }
        ]
    )
    assert log.skipped[0].reason == "too painful"
    assert log.model_dump(mode="json")["skipped"] == [
        {"exercise": "bird-dog", "reason": "too painful"}
    ]


# --- A break in the sessions --------------------------------------------------------------------


def test_a_break_of_five_weeks_resumes_one_rung_lower():
    decisions = {d.exercise: d for d in decide_all(day(1), day(3), day(38))}
    bird_dog = decisions["bird-dog"]
    assert bird_dog.decision is Kind.REGRESS
    assert bird_dog.dose is not None and bird_dog.dose.sets == 2
    assert rules_of(bird_dog) == ["regress-after-gap"]
    assert bird_dog.reasons[0].params == {"days": 35}


def test_a_break_before_the_next_session_resumes_lower_too():
    import datetime as dt

    decisions = decide_all(day(1), day(3), today=dt.date(2025, 3, 24))
    assert kinds(decisions)["bird-dog"] is Kind.REGRESS


def test_at_the_starting_dose_a_break_restarts_there():
    start = {"exercise": "bird-dog", "sets": 1, "reps": 6, "hold_seconds": 10, "per_side": True}
    logs = [session(n, as_done(start)) for n in (1, 3, 30)]
    decision = next_step(make_program(start), logs, make_library())[0]
    assert decision.decision is Kind.HOLD
    assert rules_of(decision) == ["hold-after-gap"]


def test_sessions_before_a_break_do_not_count_toward_progress():
    from backrehab.clinical.settings import EngineSettings

    three = EngineSettings(sessions_to_progress=3)
    decisions = decide_all(day(1), day(3), day(30), day(32), settings=three)
    bird_dog = next(d for d in decisions if d.exercise == "bird-dog")
    assert rules_of(bird_dog) == ["hold-more-sessions"]


def test_a_break_of_13_days_is_not_a_break():
    assert kinds(decide_all(day(1), day(14)))["bird-dog"] is Kind.PROGRESS


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (13, {}),
        (
            14,
            {
                "walking-program": (Kind.REGRESS, "regress-after-gap"),
                "prone-press-up": (Kind.REGRESS, "regress-after-gap"),
                "bird-dog": (Kind.REGRESS, "regress-after-gap"),
                "mcgill-curl-up": (Kind.REGRESS, "regress-after-gap"),
            },
        ),
    ],
)
def test_before_the_first_session_back_every_progressed_exercise_goes_one_rung_down(days, expected):
    import datetime as dt

    from backrehab.clinical.progression import resume_after_break

    last = dt.date(2025, 3, 3)
    decisions = resume_after_break(
        make_program(*PROGRAM), last, last + dt.timedelta(days=days), make_library()
    )
    assert {d.exercise: (d.decision, rules_of(d)[0]) for d in decisions} == expected
    for d in decisions:
        assert d.reasons[0].params == {"days": days}
    by_name = {d.exercise: d.dose for d in decisions}
    if by_name:
        assert by_name["bird-dog"] is not None and by_name["bird-dog"].sets == 2
        assert by_name["walking-program"] is not None
        assert by_name["walking-program"].duration_seconds == 600  # 12 min -> 10 min


def test_before_the_first_session_back_an_exercise_at_its_start_restarts_there():
    import datetime as dt

    from backrehab.clinical.progression import resume_after_break

    start = {"exercise": "bird-dog", "sets": 1, "reps": 6, "hold_seconds": 10, "per_side": True}
    decision = resume_after_break(
        make_program(start), dt.date(2025, 3, 1), dt.date(2025, 4, 1), make_library()
    )[0]
    assert decision.decision is Kind.HOLD and rules_of(decision) == ["hold-after-gap"]
    assert decision.dose is not None and decision.dose.sets == 1


# --- Spreading leg pain (peripheralisation) -----------------------------------------------------


def test_spreading_pain_in_one_exercise_holds_every_other_exercise():
    logs = [day(1), day(8, each={"peripheralised": True}, only=("bird-dog",))]
    decisions = {d.exercise: d for d in decide_all(*logs)}
    assert decisions["bird-dog"].decision is Kind.STOP
    for other in ("walking-program", "prone-press-up", "mcgill-curl-up"):
        assert decisions[other].decision is Kind.HOLD
        assert rules_of(decisions[other]) == ["hold-peripheralisation-elsewhere"]
    assert [a.rule for _, a in clinician_alerts(list(decisions.values()))] == [
        "alert-peripheralisation"
    ]


def test_the_directional_exercise_is_replaced_in_its_direction_never_dropped():
    logs = [day(1), day(8, each={"peripheralised": True}, only=("prone-press-up",))]
    press_up = next(d for d in decide_all(*logs) if d.exercise == "prone-press-up")
    assert press_up.decision is Kind.STOP
    assert press_up.replacement == "standing-back-extension"
    assert press_up.dose is not None
    assert rules_of(press_up) == [
        "stop-peripheralisation",
        "alert-peripheralisation",
        "replace-directional",
    ]


def test_a_directional_exercise_without_an_easier_one_alerts_that_it_needs_a_replacement():
    library = make_library()
    library["prone-press-up"] = make_exercise(
        "prone-press-up", "mobility", "prone", "extension", {"sets": 1, "reps": 10}
    )
    logs = [day(1), day(8, each={"peripheralised": True}, only=("prone-press-up",))]
    press_up = next(d for d in decide_all(*logs, library=library) if d.exercise == "prone-press-up")
    assert press_up.decision is Kind.STOP
    assert "alert-directional-no-replacement" in rules_of(press_up)


# --- Centralisation -----------------------------------------------------------------------------


def test_centralisation_in_the_directional_exercise_is_good_even_when_back_pain_rises():
    logs = [
        day(n, each={"pain_during": 7, "centralised": True}, only=("prone-press-up",))
        for n in (1, 8)
    ]
    press_up = next(d for d in decide_all(*logs) if d.exercise == "prone-press-up")
    assert press_up.decision is Kind.PROGRESS
    assert "monitor-centralising" in rules_of(press_up)


def test_centralisation_does_not_excuse_pain_in_an_exercise_that_is_not_directional():
    logs = [
        day(n, each={"pain_during": 7, "centralised": True}, only=("bird-dog",)) for n in (1, 8)
    ]
    assert kinds(decide_all(*logs))["bird-dog"] is Kind.REGRESS


# --- Walking and the directional exercise on the ladder -----------------------------------------


@pytest.mark.parametrize(
    ("days", "expected"), [((1, 3), Kind.HOLD), ((1, 3, 5), Kind.HOLD), ((1, 8), Kind.PROGRESS)]
)
def test_walking_grows_at_most_once_a_week_however_many_sessions(days, expected):
    decisions = decide_all(*(day(n) for n in days))
    walk = next(d for d in decisions if d.exercise == "walking-program")
    assert walk.decision is expected
    if expected is Kind.HOLD:
        assert rules_of(walk) == ["hold-walking-weekly"]
    else:
        assert walk.dose is not None and walk.dose.duration_seconds <= 720 * 1.2


def test_walks_done_at_the_old_length_do_not_count_toward_the_week():
    short = {**WALK, "duration_seconds": 600}
    logs = [session(1, as_done(short)), session(5, as_done(WALK)), session(9, as_done(WALK))]
    decision = next_step(make_program(WALK), logs, make_library())[0]
    assert rules_of(decision) == ["hold-walking-weekly"]


def test_the_directional_exercise_is_never_swapped_for_the_superman():
    library = make_library()
    library["prone-press-up"] = make_exercise(
        "prone-press-up",
        "mobility",
        "prone",
        "extension",
        {"sets": 1, "reps": 10, "hold_seconds": 2},
        progression=[{"exercise": "superman"}],
        regression=[{"exercise": "standing-back-extension"}],
    )
    top = {**PRESS_UP, "sets": 3, "reps": 15}
    logs = [session(n, as_done(top)) for n in (1, 8)]
    decision = next_step(make_program(top), logs, library)[0]
    assert decision.decision is Kind.HOLD
    assert decision.replacement is None
    assert rules_of(decision) == ["hold-directional-kept"]


def test_an_exercise_that_is_not_directional_still_moves_on_to_its_harder_variant():
    item = {"exercise": "glute-bridge", "sets": 3, "reps": 15, "hold_seconds": 5}
    logs = [session(n, as_done(item)) for n in (1, 8)]
    decision = next_step(make_program(item), logs, make_library())[0]
    assert decision.replacement == "glute-bridge-march"


# --- Logs in today's format stay valid -----------------------------------------------------------


def test_a_log_in_the_old_format_is_read_as_before(examples):
    import json

    logs = parse_logs(json.loads((examples / "session-logs.json").read_text()))
    assert logs and all(not e.centralised for s in logs for e in s.exercises)


def test_applying_a_directional_replacement_swaps_it_in_instead_of_dropping_it():
    from backrehab.clinical.progression import apply_decisions

    logs = [day(1), day(8, each={"peripheralised": True}, only=("prone-press-up",))]
    program = make_program(*PROGRAM)
    items = apply_decisions(program, next_step(program, logs, make_library()))
    names = [i["exercise"] for i in items]
    assert "standing-back-extension" in names and "prone-press-up" not in names
    assert len(items) == len(PROGRAM)


def test_a_changed_dose_keeps_how_many_times_a_day_the_directional_exercise_is_done():
    from backrehab.clinical.progression import apply_decisions

    often = {**PRESS_UP, "times_per_day": 4}
    program = make_program(WALK, often, BIRD_DOG, CURL_UP)
    logs = [day(1), day(38)]  # a break: every progressed exercise goes a rung down
    items = {
        i["exercise"]: i for i in apply_decisions(program, next_step(program, logs, make_library()))
    }
    assert items["prone-press-up"]["reps"] < PRESS_UP["reps"]
    assert items["prone-press-up"]["times_per_day"] == 4
    assert items["bird-dog"]["times_per_day"] is None
