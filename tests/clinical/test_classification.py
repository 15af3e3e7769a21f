"""From findings to stage, irritability, directional preference, subgroup and conditions."""

import pytest

from backrehab.clinical.classification import (
    Irritability,
    Preference,
    Stage,
    Subgroup,
    classify,
    conditions,
    direction_notes,
    irritability,
    preference,
    stage,
)
from backrehab.clinical.scoring import StartBackRisk
from tests.clinical.engine_factories import make_intake


@pytest.mark.parametrize(
    ("weeks", "expected"),
    [
        (0, Stage.ACUTE),
        (5, Stage.ACUTE),
        (6, Stage.SUBACUTE),
        (12, Stage.SUBACUTE),
        (13, Stage.CHRONIC),
        (300, Stage.CHRONIC),
    ],
)
def test_stage_acute_under_6_weeks_chronic_over_12(weeks, expected):
    assert stage(make_intake(history={"duration_weeks": weeks})) is expected


@pytest.mark.parametrize(
    ("now", "worst", "expected"),
    [
        (7, 7, Irritability.HIGH),
        (2, 7, Irritability.HIGH),
        (6, 6, Irritability.MODERATE),
        (2, 4, Irritability.MODERATE),
        (2, 3, Irritability.LOW),
        (0, 0, Irritability.LOW),
    ],
)
def test_irritability_from_pain_now_and_worst(now, worst, expected):
    assert irritability(make_intake(pain={"now": now, "best": 0, "worst": worst})) is expected


EXT, FLEX = Preference.EXTENSION, Preference.FLEXION
SITS_BADLY = {"worse_with": ["sitting", "bending-forward"], "better_with": ["walking"]}
WALKS_BADLY = {"worse_with": ["standing", "walking"], "better_with": ["sitting"]}


@pytest.mark.parametrize(
    ("changes", "tested", "leaning", "to_test", "rule"),
    [
        # Only a repeated-movement test sets a preference that excludes the other direction.
        ({"repeated_movements": {"extension": "centralises"}}, EXT, EXT, None, "-tested"),
        ({"repeated_movements": {"flexion": "centralises"}}, FLEX, FLEX, None, "-tested"),
        # A diagnosis leans the program; its own precautions do the excluding.
        ({"known_conditions": ["stenosis"]}, None, FLEX, None, "-stenosis"),
        # A history pattern is a note to test, nothing more.
        (WALKS_BADLY, None, None, FLEX, "-pattern"),
        (SITS_BADLY, None, None, EXT, "-pattern"),
        # Once a test was done, the history adds nothing (the test answered the question).
        ({**SITS_BADLY, "repeated_movements": {"extension": "no-effect"}}, None, None, None, None),
        ({"worse_with": ["sitting"]}, None, None, None, None),
        ({"repeated_movements": {"flexion": "peripheralises"}}, None, None, None, None),
        ({}, None, None, None, None),
    ],
)
def test_directional_preference_tested_leaning_or_to_test(changes, tested, leaning, to_test, rule):
    c = classify(make_intake(**changes))
    assert (c.preference, c.lean, c.suggested) == (tested, leaning, to_test)
    found = c.suggested_reason or c.lean_reason
    assert (found.rule if found else None) == (
        None if rule is None else f"preference-{(to_test or leaning).value}{rule}"
    )


def test_a_tested_response_outranks_the_history_pattern():
    intake = make_intake(
        repeated_movements={"flexion": "centralises"},
        worse_with=["sitting"],
        better_with=["walking"],
    )
    assert preference(intake)[0] is Preference.FLEXION
    assert classify(intake).suggested is None


def test_an_untested_pattern_is_worded_for_the_clinician_and_asks_for_the_test():
    note = classify(make_intake(**SITS_BADLY)).suggested_reason
    assert note is not None and note.text.startswith("Test this")
    assert "helps your pain" not in note.text


@pytest.mark.parametrize(
    ("changes", "clash"),
    [
        (
            {"repeated_movements": {"extension": "centralises"}, "known_conditions": ["stenosis"]},
            "clash-extension-stenosis",
        ),
        (
            {
                "repeated_movements": {"extension": "centralises"},
                "known_conditions": ["spondylolisthesis"],
            },
            "clash-extension-spondylolisthesis",
        ),
        (
            {
                "repeated_movements": {"flexion": "centralises"},
                "known_conditions": ["osteoporosis"],
            },
            "clash-flexion-osteoporosis",
        ),
        (
            {"repeated_movements": {"flexion": "centralises"}, "known_conditions": ["stenosis"]},
            None,
        ),
        ({"known_conditions": ["stenosis"]}, None),
    ],
)
def test_a_tested_preference_clashing_with_a_diagnosis_is_shown_to_the_clinician(changes, clash):
    rules = [n.rule for n in direction_notes(classify(make_intake(**changes)))]
    assert rules == ([clash] if clash else [])


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"pain": {"now": 7, "best": 3, "worst": 8}}, Subgroup.SYMPTOM_MODULATION),
        ({"pain": {"now": 3, "best": 1, "worst": 5}}, Subgroup.MOVEMENT_CONTROL),
        (
            {"pain": {"now": 1, "best": 0, "worst": 2}, "deficits": ["movement-control"]},
            Subgroup.MOVEMENT_CONTROL,
        ),
        (
            {"pain": {"now": 1, "best": 0, "worst": 2}, "age": 30, "history": {"recurrence": True}},
            Subgroup.MOVEMENT_CONTROL,
        ),
        (
            {"pain": {"now": 1, "best": 0, "worst": 2}, "age": 50, "history": {"recurrence": True}},
            Subgroup.FUNCTIONAL_OPTIMISATION,
        ),
        ({"pain": {"now": 1, "best": 0, "worst": 2}}, Subgroup.FUNCTIONAL_OPTIMISATION),
    ],
)
def test_treatment_based_subgroup(changes, expected):
    assert classify(make_intake(**changes)).subgroup is expected


@pytest.mark.parametrize(
    ("changes", "condition"),
    [
        ({"known_conditions": ["stenosis"]}, "lumbar-stenosis"),
        ({"known_conditions": ["spondylolisthesis"]}, "spondylolisthesis"),
        ({"known_conditions": ["osteoporosis"]}, "osteoporosis"),
        ({"pregnant": True, "trimester": 1}, "pregnancy-trimester-1"),
        ({"pregnant": True, "trimester": 2}, "pregnancy-trimester-2"),
        ({"pregnant": True, "trimester": 3}, "pregnancy-trimester-3"),
        ({"pain": {"now": 7, "best": 5, "worst": 7}}, "high-irritability"),
        ({"pain": {"now": 3, "best": 1, "worst": 7}}, "high-irritability"),
        (
            {"location": {"area": "below-knee", "sides": "one", "nerve_symptoms": True}},
            "radicular-leg-pain",
        ),
        (
            {"location": {"area": "thigh", "sides": "both", "nerve_symptoms": True}},
            "radicular-leg-pain",
        ),
        ({"repeated_movements": {"flexion": "peripheralises"}}, "flexion-peripheralises"),
        ({"repeated_movements": {"extension": "peripheralises"}}, "extension-peripheralises"),
    ],
)
def test_intake_findings_map_to_precaution_conditions(changes, condition):
    assert condition in conditions(make_intake(**changes))


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"location": {"area": "buttock", "sides": "one", "nerve_symptoms": True}},
        {"location": {"area": "below-knee", "sides": "one", "nerve_symptoms": False}},
        {"pain": {"now": 6, "best": 2, "worst": 6}},
        {"known_conditions": ["disc-herniation", "arthritis", "pregnancy-related"]},
    ],
)
def test_no_condition_without_its_finding(changes):
    assert conditions(make_intake(**changes)) == frozenset()


def test_startback_stratum_is_part_of_the_classification():
    answers = {
        "leg_pain": True,
        "shoulder_or_neck_pain": True,
        "walked_short_distances_only": True,
        "dressed_more_slowly": True,
        "activity_feels_unsafe": True,
        "worrying_thoughts": True,
        "feels_it_will_never_improve": True,
        "lost_enjoyment": False,
        "bothersomeness": "very-much",
    }
    assert classify(make_intake(startback=answers)).stratum is StartBackRisk.HIGH
    assert classify(make_intake()).stratum is None


@pytest.mark.parametrize(("age", "older"), [(64, False), (65, True)])
def test_older_adult_from_65(age, older):
    assert classify(make_intake(age=age, history={"recurrence": True})).older_adult is older
