"""The intake fields of the screening revision (issue 9): strict answers, surgery, irritability,
floor transfer, pregnancy context, FABQ-PA, what can ease pain, and the red-flag screens."""

import pytest
from pydantic import ValidationError

from backrehab.clinical.fabq import fabq_pa_score, high_fear_avoidance
from backrehab.clinical.intake import (
    EASING_ACTIVITIES,
    RED_FLAG_QUESTIONS,
    RED_FLAG_SCREENS,
    Intake,
    KnownCondition,
    Procedure,
    Provocation,
    RedFlags,
    Settling,
    describe_errors,
)
from backrehab.clinical.settings import EngineSettings
from tests.clinical.engine_factories import intake_data, make_intake


def problems(**changes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Intake.model_validate(intake_data(**changes))
    return describe_errors(info.value.errors())


@pytest.mark.parametrize("value", ["yes", "no", "off", "true", 0, 1, None])
@pytest.mark.parametrize("question", ["saddle_numbness", "abdominal_pulsing", "feeling_unwell"])
def test_a_red_flag_answer_must_be_true_or_false(question, value):
    found = problems(red_flags={question: value})
    assert found and found[0].startswith(f"red_flags.{question}: "), found


@pytest.mark.parametrize("value", ["yes", 1])
def test_surgery_and_floor_answers_are_strict_too(value):
    assert problems(floor_transfer=value)[0].startswith("floor_transfer: ")
    surgery = {"procedure": "discectomy", "weeks_since": 6, "surgeon_cleared": value}
    found = problems(red_flags={"recent_spinal_procedure": True}, surgery=surgery)
    assert found[0].startswith("surgery.surgeon_cleared: ")


def test_an_old_intake_means_what_it_meant_before():
    intake = make_intake()
    assert intake.surgery is None
    assert intake.provocation is None and intake.settling is None
    assert intake.floor_transfer is True
    assert intake.pelvic_girdle_pain is False
    assert intake.fabq_pa is None
    assert intake.history.doctor_assessed_cancer_history is False
    assert not any(
        getattr(intake.red_flags, q)
        for q in (
            "abdominal_pulsing",
            "thoracic_pain",
            "feeling_unwell",
            "new_severe_or_constant_pain",
        )
    )


def test_the_sexual_function_question_is_asked_of_every_sex():
    description = RedFlags.model_fields["new_sexual_function_change"].description or ""
    assert "sexual function" in description
    assert "arousal" in description and "erection" in description


def test_surgery_details_are_kept_with_the_procedure_answer():
    intake = make_intake(
        red_flags={"recent_spinal_procedure": True},
        surgery={"procedure": "fusion", "weeks_since": 10, "surgeon_cleared": True},
    )
    assert intake.surgery is not None
    assert intake.surgery.procedure is Procedure.FUSION
    assert intake.surgery.weeks_since == 10
    assert intake.surgery.surgeon_cleared and not intake.surgery.wound_problem


def test_surgery_details_without_a_recent_procedure_contradict():
    found = problems(surgery={"procedure": "discectomy", "weeks_since": 6})
    assert found == [
        "surgery: surgery details given, but red_flags.recent_spinal_procedure is false"
    ]


@pytest.mark.parametrize(
    ("surgery", "path"),
    [
        ({"procedure": "laser", "weeks_since": 6}, "surgery.procedure"),
        ({"procedure": "fusion", "weeks_since": -1}, "surgery.weeks_since"),
        ({"procedure": "fusion"}, "surgery.weeks_since"),
    ],
)
def test_bad_surgery_details_are_named(surgery, path):
    found = problems(red_flags={"recent_spinal_procedure": True}, surgery=surgery)
    assert found[0].startswith(f"{path}: "), found


def test_irritability_is_asked_as_provocation_and_settling():
    intake = make_intake(provocation="little", settling="over-an-hour")
    assert intake.provocation is Provocation.LITTLE
    assert intake.settling is Settling.OVER_AN_HOUR
    assert problems(provocation="some")[0].startswith("provocation: ")
    assert problems(settling="days")[0].startswith("settling: ")


def test_hypermobility_is_a_known_condition():
    intake = make_intake(known_conditions=["hypermobility"])
    assert intake.known_conditions == [KnownCondition.HYPERMOBILITY]


def test_pelvic_girdle_pain_is_asked_in_pregnancy_only():
    intake = make_intake(pregnant=True, trimester=2, pelvic_girdle_pain=True)
    assert intake.pelvic_girdle_pain
    assert problems(pelvic_girdle_pain=True)[0].startswith("pelvic_girdle_pain: ")


@pytest.mark.parametrize(("age", "accepted"), [(45, True), (55, True), (56, False), (70, False)])
def test_a_pregnancy_is_refused_at_an_implausible_age(age, accepted):
    data = intake_data(age=age, pregnant=True, trimester=1)
    if accepted:
        assert Intake.model_validate(data).pregnant
    else:
        assert problems(age=age, pregnant=True, trimester=1)[0].startswith("pregnant: ")


def test_a_trimester_for_a_man_is_refused():
    found = problems(sex="male", pregnant=True, trimester=3)
    assert found[0].startswith("pregnant: ")


def test_the_cancer_history_assessment_needs_the_history_and_a_doctor():
    intake = make_intake(
        red_flags={"history_of_cancer": True},
        history={"seen_doctor": True, "doctor_assessed_cancer_history": True},
    )
    assert intake.history.doctor_assessed_cancer_history
    without_doctor = problems(
        red_flags={"history_of_cancer": True},
        history={"seen_doctor": False, "doctor_assessed_cancer_history": True},
    )
    assert without_doctor[0].startswith("history.doctor_assessed_cancer_history: ")
    without_cancer = problems(history={"seen_doctor": True, "doctor_assessed_cancer_history": True})
    assert without_cancer[0].startswith("history: ")


@pytest.mark.parametrize("easing", ["lifting", "morning-stiffness"])
def test_lifting_and_morning_stiffness_cannot_ease_pain(easing):
    found = problems(better_with=["walking", easing])
    assert found[0].startswith("better_with: ")
    assert "lifting" not in EASING_ACTIVITIES


def test_every_easing_activity_is_accepted():
    intake = make_intake(better_with=list(EASING_ACTIVITIES))
    assert intake.better_with == list(EASING_ACTIVITIES)


def test_fabq_pa_takes_four_answers_from_0_to_6():
    assert make_intake(fabq_pa=[6, 6, 3, 0]).fabq_pa == [6, 6, 3, 0]
    assert problems(fabq_pa=[1, 2, 3])[0].startswith("fabq_pa: ")
    assert problems(fabq_pa=[1, 2, 3, 7])[0].startswith("fabq_pa[3]: ")


@pytest.mark.parametrize(
    ("answers", "score", "high"),
    [
        ([0, 0, 0, 0], 0, False),
        ([4, 4, 3, 3], 14, False),
        ([4, 4, 4, 3], 15, True),
        ([6] * 4, 24, True),
    ],
)
def test_fabq_pa_scores_the_sum_and_marks_high_fear_from_15(answers, score, high):
    assert fabq_pa_score(answers) == score
    assert high_fear_avoidance(answers) is high


def test_fabq_pa_not_asked_gives_no_verdict_and_the_threshold_is_a_setting():
    assert high_fear_avoidance(None) is None
    assert high_fear_avoidance([3, 3, 3, 3], EngineSettings(fabq_pa_high_fear=12)) is True


def test_every_red_flag_question_is_on_exactly_one_screen():
    asked = [q for screen in RED_FLAG_SCREENS for q in screen.questions]
    assert sorted(asked) == sorted(RED_FLAG_QUESTIONS)
    ids = [screen.id for screen in RED_FLAG_SCREENS]
    assert len(ids) == len(set(ids))
    assert {"cauda-equina", "neurological", "infection", "cancer", "fracture"} <= set(ids)
