"""Red flags: any positive screen at emergency, urgent or soon refers instead of a program."""

from typing import Any

import pytest

from backrehab.clinical.program import generate_program
from backrehab.clinical.red_flags import (
    RED_FLAG_RULES,
    STOPS_PROGRAM,
    WHAT_TO_DO,
    Urgency,
    question_urgency,
    screen,
)
from backrehab.clinical.settings import EngineSettings
from tests.clinical.engine_factories import make_intake, red_flag

QUESTION_RULES = [(r.id, r.question, r.urgency) for r in RED_FLAG_RULES if r.question]


@pytest.mark.parametrize(("rule", "question", "urgency"), QUESTION_RULES)
def test_each_red_flag_answer_refers_with_its_urgency(rule, question, urgency, library):
    plan = generate_program(red_flag(question), library)
    assert plan.referral is not None
    assert plan.referral.urgency is urgency
    assert [r.rule for r in plan.referral.reasons] == [rule]
    assert (plan.program is None) is (urgency in STOPS_PROGRAM)


@pytest.mark.parametrize(
    ("question", "urgency"),
    [
        ("saddle_numbness", Urgency.EMERGENCY),
        ("bowel_incontinence", Urgency.EMERGENCY),
        ("sciatica_both_legs", Urgency.EMERGENCY),
        ("foot_drop", Urgency.URGENT),
        ("fever_chills_or_sweats", Urgency.URGENT),
        ("iv_drug_use", Urgency.ROUTINE),  # a weak flag alone (1b)
        ("major_trauma", Urgency.URGENT),
        ("history_of_cancer", Urgency.SOON),  # not yet assessed by a doctor
        ("unexplained_weight_loss", Urgency.SOON),
        ("no_improvement_after_4_to_6_weeks_of_care", Urgency.ROUTINE),  # weak alone
        ("thoracic_pain", Urgency.SOON),
    ],
)
def test_urgency_follows_the_suspected_condition(question, urgency):
    referral = screen(red_flag(question))
    assert referral is not None and referral.urgency is urgency


def test_every_cauda_equina_question_is_an_emergency():
    ces = [r for r in RED_FLAG_RULES if r.group == "cauda-equina"]
    assert len(ces) == 11  # the ten questions and leg symptoms below both knees
    assert {r.urgency for r in ces} == {Urgency.EMERGENCY}


def test_the_reason_tells_the_patient_what_to_do_now():
    referral = screen(red_flag("saddle_numbness"))
    assert referral is not None
    text = referral.reasons[0].text
    assert "saddle" in text
    assert "Go to an emergency department now" in text


def test_the_most_urgent_answer_sets_the_urgency_and_comes_first():
    intake = make_intake(
        red_flags={"history_of_cancer": True, "foot_drop": True, "saddle_numbness": True}
    )
    referral = screen(intake)
    assert referral is not None
    assert referral.urgency is Urgency.EMERGENCY
    assert [r.rule for r in referral.reasons] == [
        "ces-saddle-numbness",
        "neuro-foot-drop",
        "malignancy-history",
    ]
    assert referral.reasons[0].text.startswith("Numbness or tingling")


@pytest.mark.parametrize(
    ("age", "weeks", "recurrence", "seen_doctor", "refers"),
    [
        (51, 2, False, False, True),  # a recent first episode starting after 50
        (62, 12, False, False, True),  # began 12 weeks ago: still new
        (71, 30, False, False, False),  # began 30 weeks ago: not new pain any more
        (50, 2, False, False, False),  # onset just under 50
        (19, 2, False, False, True),  # first episode starting before 20
        (21, 2, False, False, False),
        (51, 2, True, False, False),  # not new: a recurrence
        (51, 2, False, True, False),  # a doctor has already assessed it
        (60, 520, False, False, False),  # began at 50, ten years ago
    ],
)
def test_new_pain_over_50_or_under_20_is_a_weak_flag(age, weeks, recurrence, seen_doctor, refers):
    intake = make_intake(
        age=age,
        history={"duration_weeks": weeks, "recurrence": recurrence, "seen_doctor": seen_doctor},
    )
    referral = screen(intake)
    fired = referral is not None and "malignancy-age-at-onset" in [r.rule for r in referral.reasons]
    assert fired is refers
    if refers:
        assert referral is not None and referral.urgency is Urgency.ROUTINE


def test_the_age_flag_can_ignore_a_doctors_assessment():
    intake = make_intake(age=55, history={"duration_weeks": 1, "seen_doctor": True})
    assert screen(intake) is None
    assert screen(intake, EngineSettings(age_flag_waived_when_doctor_assessed=False)) is not None


@pytest.mark.parametrize(
    ("changes", "refers"),
    [
        ({"red_flags": {"minor_trauma_or_strain": True}}, False),
        (
            {"red_flags": {"minor_trauma_or_strain": True}, "known_conditions": ["osteoporosis"]},
            True,
        ),
        ({"red_flags": {"minor_trauma_or_strain": True, "long_term_corticosteroids": True}}, True),
        ({"red_flags": {"long_term_corticosteroids": True}}, False),
    ],
)
def test_minor_trauma_refers_with_fragile_bones(changes, refers):
    referral = screen(make_intake(**changes))
    assert (referral is not None) is refers
    if refers:
        assert referral is not None and referral.urgency is Urgency.SOON


@pytest.mark.parametrize(("age", "refers"), [(70, False), (71, True)])
def test_sudden_severe_central_pain_refers_over_70(age, refers):
    intake = make_intake(
        age=age,
        red_flags={"sudden_severe_central_pain": True},
        history={"duration_weeks": 1, "recurrence": True},
    )
    assert (screen(intake) is not None) is refers


def test_major_trauma_is_urgent_not_soon():
    referral = screen(red_flag("major_trauma"))
    assert referral is not None and referral.urgency is Urgency.URGENT


INFLAMMATORY: dict[str, Any] = {
    "age": 30,
    "history": {"duration_weeks": 20, "recurrence": True},
    "red_flags": {"morning_stiffness_over_30_min_easing_with_movement": True},
}


def test_an_inflammatory_pattern_refers_routinely_and_keeps_the_program(library):
    plan = generate_program(make_intake(**INFLAMMATORY), library)
    assert plan.referral is not None
    assert plan.referral.urgency is Urgency.ROUTINE
    assert [r.rule for r in plan.referral.reasons] == ["inflammatory-pattern"]
    assert plan.program is not None and plan.program.items


@pytest.mark.parametrize(
    ("changes", "refers"),
    [
        ({}, True),
        ({"age": 50}, False),  # onset after 45
        ({"history": {"duration_weeks": 13}}, False),  # not more than 3 months
        ({"red_flags": {"morning_stiffness_over_30_min_easing_with_movement": False}}, False),
        (
            {
                "red_flags": {
                    "morning_stiffness_over_30_min_easing_with_movement": False,
                    "waking_second_half_of_night": True,
                }
            },
            True,
        ),
        ({"known_conditions": ["inflammatory"]}, False),  # already diagnosed
    ],
)
def test_the_inflammatory_pattern_needs_young_onset_duration_and_a_feature(changes, refers):
    data = {**INFLAMMATORY}
    for key, value in changes.items():
        data[key] = {**data[key], **value} if isinstance(value, dict) else value
    assert (screen(make_intake(**data)) is not None) is refers


def test_no_red_flag_no_referral(library):
    plan = generate_program(make_intake(), library)
    assert plan.referral is None
    assert plan.program is not None


def test_every_rule_has_an_action_and_a_unique_id():
    ids = [r.id for r in RED_FLAG_RULES]
    assert len(ids) == len(set(ids))
    assert all(r.group in WHAT_TO_DO for r in RED_FLAG_RULES)


def test_a_later_yes_to_a_combination_question_still_has_an_urgency():
    assert question_urgency("minor_trauma_or_strain") is Urgency.SOON
    assert question_urgency("waking_second_half_of_night") is Urgency.ROUTINE
    assert question_urgency("saddle_numbness") is Urgency.EMERGENCY
