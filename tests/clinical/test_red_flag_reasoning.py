"""Section 1b of clinical-rules.md, rule by rule: how red-flag answers combine and are cleared."""

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from backrehab.clinical.program import generate_program
from backrehab.clinical.red_flags import (
    CLEARABLE_RULES,
    RED_FLAG_RULES,
    STOPS_PROGRAM,
    WEAK_RULES,
    Clearance,
    Urgency,
    in_postoperative_window,
    screen,
)
from backrehab.clinical.settings import EngineSettings
from tests.clinical.engine_factories import make_intake

E, U, S, R = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE
LEGS_BOTH = {"area": "below-knee", "sides": "both"}
PREGNANT = {"pregnant": True, "trimester": 3}


def postop(**details: Any) -> dict[str, Any]:
    surgery = {"procedure": "discectomy", "weeks_since": 6} | details
    return {"red_flags": {"recent_spinal_procedure": True}, "surgery": surgery}


# (rule, intake changes, urgency of the referral, whether that rule fires)
RULE_TABLE: list[tuple[str, dict[str, Any], Urgency | None, bool]] = [
    # Always refer at once
    ("ces-bilateral-leg-symptoms", {"location": LEGS_BOTH}, E, True),
    (
        "ces-bilateral-leg-symptoms",
        {"location": LEGS_BOTH | {"nerve_symptoms": True}},
        E,
        True,
    ),
    (
        "ces-bilateral-leg-symptoms",
        {"location": {"area": "below-knee", "sides": "one"}},
        None,
        False,
    ),
    ("ces-bilateral-leg-symptoms", {"location": {"area": "thigh", "sides": "both"}}, None, False),
    (
        "stenosis-both-legs-review",
        {
            "known_conditions": ["stenosis"],
            "location": LEGS_BOTH,
            "history": {"duration_weeks": 30, "seen_doctor": True},
        },
        R,
        True,
    ),
    (
        "ces-bilateral-leg-symptoms",
        {
            "known_conditions": ["stenosis"],
            "location": LEGS_BOTH,
            "history": {"duration_weeks": 30},
        },
        E,
        True,
    ),
    (
        "ces-bilateral-leg-symptoms",
        {
            "known_conditions": ["stenosis"],
            "location": LEGS_BOTH,
            "history": {"duration_weeks": 4, "seen_doctor": True},
        },
        E,
        True,
    ),
    (
        "ces-bilateral-sciatica",
        {
            "known_conditions": ["stenosis"],
            "location": LEGS_BOTH,
            "history": {"duration_weeks": 30, "seen_doctor": True},
            "red_flags": {"sciatica_both_legs": True},
        },
        E,
        True,
    ),
    ("neuro-foot-drop", {"red_flags": {"foot_drop": True}}, U, True),
    ("infection-fever", {"red_flags": {"fever_chills_or_sweats": True}}, U, True),
    ("aneurysm-abdominal-pulsing", {"age": 51, "red_flags": {"abdominal_pulsing": True}}, E, True),
    ("aneurysm-abdominal-pulsing", {"age": 50, "red_flags": {"abdominal_pulsing": True}}, R, False),
    ("abdominal-pulsing-review", {"age": 50, "red_flags": {"abdominal_pulsing": True}}, R, True),
    # Fracture without trauma
    (
        "fracture-fragility",
        {"known_conditions": ["osteoporosis"], "red_flags": {"sudden_severe_central_pain": True}},
        S,
        True,
    ),
    (
        "fracture-fragility",
        {
            "age": 25,
            "red_flags": {"long_term_corticosteroids": True, "sudden_severe_central_pain": True},
        },
        S,
        True,
    ),
    ("fracture-fragility", {"red_flags": {"sudden_severe_central_pain": True}}, None, False),
    (
        "fracture-older-central-pain",
        {
            "age": 71,
            "history": {"recurrence": True},
            "red_flags": {"sudden_severe_central_pain": True},
        },
        S,
        True,
    ),
    ("fracture-major-trauma", {"red_flags": {"major_trauma": True}}, U, True),
    # Infection risk factors
    (
        "infection-risk-with-severe-pain",
        {"red_flags": {"iv_drug_use": True, "new_severe_or_constant_pain": True}},
        S,
        True,
    ),
    (
        "infection-risk-with-severe-pain",
        {"red_flags": {"recent_bacterial_infection": True, "new_severe_or_constant_pain": True}},
        S,
        True,
    ),
    (
        "infection-risk-with-severe-pain",
        {"red_flags": {"new_severe_or_constant_pain": True}},
        None,
        False,
    ),
    (
        "infection-unwell-with-risk",
        {"red_flags": {"feeling_unwell": True, "immunosuppressed": True}},
        U,
        True,
    ),
    ("infection-immunosuppression", {"red_flags": {"immunosuppressed": True}}, R, True),
    # Weak single flags and their combinations
    (
        "malignancy-no-improvement",
        {"red_flags": {"no_improvement_after_4_to_6_weeks_of_care": True}},
        R,
        True,
    ),
    ("malignancy-age-at-onset", {"age": 60, "history": {"duration_weeks": 4}}, R, True),
    ("malignancy-age-at-onset", {"age": 71, "history": {"duration_weeks": 30}}, None, False),
    (
        "malignancy-history-assessed",
        {
            "red_flags": {"history_of_cancer": True},
            "history": {"seen_doctor": True, "doctor_assessed_cancer_history": True},
        },
        R,
        True,
    ),
    ("malignancy-history", {"red_flags": {"history_of_cancer": True}}, S, True),
    (
        "malignancy-history",
        {"red_flags": {"history_of_cancer": True}, "history": {"seen_doctor": True}},
        S,
        True,
    ),
    (
        "malignancy-history-with-symptoms",
        {
            "red_flags": {"history_of_cancer": True, "constant_night_pain": True},
            "history": {"seen_doctor": True, "doctor_assessed_cancer_history": True},
        },
        S,
        True,
    ),
    (
        "weak-flags-combined",
        {
            "red_flags": {
                "immunosuppressed": True,
                "no_improvement_after_4_to_6_weeks_of_care": True,
            }
        },
        S,
        True,
    ),
    (
        "weak-flags-combined",
        {"age": 60, "history": {"duration_weeks": 4}, "red_flags": {"iv_drug_use": True}},
        S,
        True,
    ),
    ("thoracic-pain", {"red_flags": {"thoracic_pain": True}}, S, True),
    # Surgery
    ("postop-awaiting-clearance", postop(), S, True),
    ("postop-awaiting-clearance", {"red_flags": {"recent_spinal_procedure": True}}, S, True),
    ("postop-awaiting-clearance", postop(surgeon_cleared=True), None, False),
    ("postop-complication", postop(surgeon_cleared=True, wound_problem=True), U, True),
    ("postop-complication", postop(new_severe_pain=True), U, True),
    # Pregnancy context
    ("pregnancy-urinary-leaking", PREGNANT | {"red_flags": {"new_urinary_leaking": True}}, R, True),
    ("ces-urinary-leaking", PREGNANT | {"red_flags": {"new_urinary_leaking": True}}, R, False),
    (
        "ces-urinary-leaking",
        PREGNANT | {"red_flags": {"new_urinary_leaking": True, "saddle_numbness": True}},
        E,
        True,
    ),
    (
        "ces-urinary-leaking",
        PREGNANT | {"red_flags": {"new_urinary_leaking": True}, "location": LEGS_BOTH},
        E,
        True,
    ),
    (
        "ces-urinary-leaking",
        PREGNANT
        | {"red_flags": {"new_urinary_leaking": True, "new_bladder_control_difficulty": True}},
        E,
        True,
    ),
    ("ces-urinary-leaking", {"red_flags": {"new_urinary_leaking": True}}, E, True),
]


@pytest.mark.parametrize(("rule", "changes", "urgency", "fires"), RULE_TABLE)
def test_each_section_1b_rule_fires_as_the_table_says(rule, changes, urgency, fires):
    intake = make_intake(**changes)
    referral = screen(intake)
    if urgency is None:
        assert referral is None
        return
    assert referral is not None
    assert referral.urgency is urgency
    assert (rule in [r.rule for r in referral.reasons]) is fires


def test_every_section_1b_rule_is_in_the_table():
    tested = {row[0] for row in RULE_TABLE if row[3]}
    new = {
        "ces-bilateral-leg-symptoms",
        "aneurysm-abdominal-pulsing",
        "abdominal-pulsing-review",
        "fracture-fragility",
        "infection-risk-with-severe-pain",
        "infection-unwell-with-risk",
        "infection-immunosuppression",
        "malignancy-no-improvement",
        "malignancy-age-at-onset",
        "malignancy-history",
        "malignancy-history-assessed",
        "malignancy-history-with-symptoms",
        "weak-flags-combined",
        "thoracic-pain",
        "postop-awaiting-clearance",
        "postop-complication",
        "pregnancy-urinary-leaking",
        "stenosis-both-legs-review",
    }
    assert new <= tested
    assert new <= {r.id for r in RED_FLAG_RULES}


def test_a_single_weak_flag_gives_a_program_and_a_review_note_naming_it(library):
    plan = generate_program(make_intake(red_flags={"immunosuppressed": True}), library)
    assert plan.program is not None and plan.program.items
    assert plan.referral is not None and plan.referral.urgency is Urgency.ROUTINE
    (note,) = plan.referral.reasons
    assert note.rule == "infection-immunosuppression"
    assert "weakened immune system" in note.text
    assert "physical therapist will go over this answer" in note.text


def test_two_weak_flags_refer_soon_and_list_both(library):
    intake = make_intake(
        red_flags={"immunosuppressed": True, "no_improvement_after_4_to_6_weeks_of_care": True}
    )
    plan = generate_program(intake, library)
    assert plan.program is None
    assert plan.referral is not None and plan.referral.urgency is Urgency.SOON
    assert [r.rule for r in plan.referral.reasons] == [
        "weak-flags-combined",
        "malignancy-no-improvement",
        "infection-immunosuppression",
    ]


def test_how_many_weak_flags_refer_is_a_setting():
    intake = make_intake(
        red_flags={"immunosuppressed": True, "no_improvement_after_4_to_6_weeks_of_care": True}
    )
    referral = screen(intake, EngineSettings(weak_flags_to_refer=3))
    assert referral is not None and referral.urgency is Urgency.ROUTINE


def test_known_stenosis_explaining_both_legs_is_a_setting():
    intake = make_intake(
        known_conditions=["stenosis"],
        location=LEGS_BOTH,
        history={"duration_weeks": 30, "seen_doctor": True},
    )
    strict = screen(intake, EngineSettings(known_stenosis_explains_both_legs=False))
    assert strict is not None and strict.urgency is Urgency.EMERGENCY


def test_only_routine_rules_are_weak():
    assert WEAK_RULES
    assert {r.urgency for r in WEAK_RULES} == {Urgency.ROUTINE}


def test_post_operative_precautions_apply_in_the_first_weeks_only():
    assert in_postoperative_window(make_intake(**postop(weeks_since=11, surgeon_cleared=True)))
    assert not in_postoperative_window(make_intake(**postop(weeks_since=12, surgeon_cleared=True)))
    assert not in_postoperative_window(make_intake(red_flags={"recent_spinal_procedure": True}))
    longer = EngineSettings(postop_precaution_weeks=16)
    assert in_postoperative_window(make_intake(**postop(weeks_since=12)), longer)


def test_a_cleared_surgery_gives_a_program(library):
    plan = generate_program(make_intake(**postop(surgeon_cleared=True)), library)
    assert plan.referral is None
    assert plan.program is not None and plan.program.items


# --- Clearance ----------------------------------------------------------------------------------


def clearance(*rules: str) -> Clearance:
    return Clearance(
        by="Ana Ruiz, PT",
        on=date(2026, 3, 4),
        why="GP assessed this episode on 2 March; X-ray normal",
        rules=list(rules),
    )


def test_a_clinicians_clearance_lifts_a_soon_referral_and_says_who_and_when(library):
    intake = make_intake(red_flags={"history_of_cancer": True})
    assert generate_program(intake, library).program is None
    plan = generate_program(intake, library, clearance=clearance("malignancy-history"))
    assert plan.program is not None and plan.program.items
    assert plan.referral is not None and plan.referral.urgency is Urgency.ROUTINE
    (note,) = plan.referral.reasons
    assert note.rule == "clearance-recorded"
    assert note.params == {"by": "Ana Ruiz, PT", "on": "2026-03-04"}
    assert note.text.startswith("Ana Ruiz, PT recorded on 2026-03-04 that you can start")


def test_a_clearance_lifts_only_the_rules_it_names():
    intake = make_intake(red_flags={"history_of_cancer": True, "thoracic_pain": True})
    referral = screen(intake, clearance=clearance("malignancy-history"))
    assert referral is not None and referral.urgency is Urgency.SOON
    assert [r.rule for r in referral.reasons] == ["thoracic-pain", "clearance-recorded"]


def test_a_clearance_for_rules_that_did_not_fire_changes_nothing():
    assert screen(make_intake(), clearance=clearance("thoracic-pain")) is None


def test_a_clearance_lifts_the_surgeons_clearance_wait(library):
    intake = make_intake(**postop())
    plan = generate_program(intake, library, clearance=clearance("postop-awaiting-clearance"))
    assert plan.program is not None


@pytest.mark.parametrize(
    "rule", ["ces-saddle-numbness", "infection-fever", "postop-complication", "neuro-foot-drop"]
)
def test_emergency_and_urgent_rules_can_never_be_cleared(rule):
    with pytest.raises(ValidationError, match="cannot be cleared"):
        clearance(rule)
    assert rule not in CLEARABLE_RULES


def test_a_clearance_must_name_real_rules_and_say_who_and_why():
    with pytest.raises(ValidationError, match="no such red-flag rule"):
        clearance("not-a-rule")
    with pytest.raises(ValidationError):
        Clearance(by="", on=date(2026, 3, 4), why="ok, seen", rules=["thoracic-pain"])
    with pytest.raises(ValidationError):
        Clearance(by="Ana", on=date(2026, 3, 4), why="", rules=["thoracic-pain"])
    with pytest.raises(ValidationError):
        Clearance(by="Ana", on=date(2026, 3, 4), why="seen by GP", rules=[])


def test_every_stopping_rule_below_urgent_is_clearable_and_no_urgent_one_is():
    for rule in RED_FLAG_RULES:
        clearable = rule.urgency in (Urgency.SOON, Urgency.ROUTINE)
        assert (rule.id in CLEARABLE_RULES) is clearable
        if rule.urgency in STOPS_PROGRAM and not clearable:
            assert rule.urgency in (Urgency.EMERGENCY, Urgency.URGENT)


def test_every_rule_names_its_source():
    assert all(rule.source for rule in RED_FLAG_RULES)
