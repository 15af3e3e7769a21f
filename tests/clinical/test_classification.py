"""From findings to stage, irritability, directional preference, subgroup and conditions."""

import pytest

from backrehab.clinical.classification import (
    Irritability,
    Preference,
    Stage,
    Subgroup,
    classify,
    conditions,
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


@pytest.mark.parametrize(
    ("changes", "expected", "rule"),
    [
        (
            {"repeated_movements": {"extension": "centralises"}},
            Preference.EXTENSION,
            "preference-extension-tested",
        ),
        (
            {"repeated_movements": {"flexion": "centralises"}},
            Preference.FLEXION,
            "preference-flexion-tested",
        ),
        ({"known_conditions": ["stenosis"]}, Preference.FLEXION, "preference-flexion-stenosis"),
        (
            {"worse_with": ["standing", "walking"], "better_with": ["sitting"]},
            Preference.FLEXION,
            "preference-flexion-pattern",
        ),
        (
            {"worse_with": ["sitting", "bending-forward"], "better_with": ["walking"]},
            Preference.EXTENSION,
            "preference-extension-pattern",
        ),
        ({"worse_with": ["sitting"]}, None, None),
        ({"repeated_movements": {"flexion": "peripheralises"}}, None, None),
        ({}, None, None),
    ],
)
def test_directional_preference(changes, expected, rule):
    found, reason = preference(make_intake(**changes))
    assert found is expected
    assert (reason.rule if reason else None) == rule


def test_a_tested_response_outranks_the_history_pattern():
    intake = make_intake(
        repeated_movements={"flexion": "centralises"},
        worse_with=["sitting"],
        better_with=["walking"],
    )
    assert preference(intake)[0] is Preference.FLEXION


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
