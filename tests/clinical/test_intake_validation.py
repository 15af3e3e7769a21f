"""The intake accepts a complete evaluation and rejects bad input, naming each bad field."""

import json

import pytest
from pydantic import ValidationError

from backrehab.clinical.intake import RED_FLAG_QUESTIONS, Intake, describe_errors
from tests.clinical.engine_factories import intake_data, make_intake


def problems(**changes) -> list[str]:
    with pytest.raises(ValidationError) as info:
        Intake.model_validate(intake_data(**changes))
    return describe_errors(info.value.errors())


def test_a_minimal_intake_is_valid():
    intake = make_intake()
    assert intake.red_flags.positive() == []
    assert intake.minutes_per_session == 20


def test_every_example_intake_but_the_invalid_one_is_valid(examples):
    for path in examples.glob("intake-*.json"):
        data = json.loads(path.read_text())
        if path.stem == "intake-invalid":
            with pytest.raises(ValidationError):
                Intake.model_validate(data)
        else:
            Intake.model_validate(data)


def test_unknown_fields_are_rejected_by_name():
    assert problems(favourite_colour="blue") == ["favourite_colour: unknown field"]
    assert problems(red_flags={"saddle_numbnes": True}) == [
        "red_flags.saddle_numbnes: unknown field"
    ]


@pytest.mark.parametrize(
    ("changes", "path"),
    [
        ({"pain": {"now": 11}}, "pain.now"),
        ({"pain": {"worst": -1}}, "pain.worst"),
        ({"age": 9}, "age"),
        ({"age": 111}, "age"),
        ({"minutes_per_session": 4}, "minutes_per_session"),
        ({"sessions_per_week": 0}, "sessions_per_week"),
        ({"trimester": 4, "pregnant": True}, "trimester"),
        ({"psfs": [{"activity": "Walking", "score": 11}]}, "psfs[0].score"),
        ({"rmdq": [25]}, "rmdq[0]"),
        ({"odi": {"pain_intensity": 6}}, "odi.pain_intensity[0]"),
        ({"history": {"duration_weeks": -1}}, "history.duration_weeks"),
        ({"sex": "robot"}, "sex"),
        ({"worse_with": ["running"]}, "worse_with[0]"),
    ],
)
def test_out_of_range_answers_are_rejected(changes, path):
    found = problems(**changes)
    assert any(line.startswith(f"{path}: ") for line in found), found


@pytest.mark.parametrize(
    "value",
    ["5", True, 5.5],
)
def test_text_booleans_and_fractions_do_not_pass_as_pain_scores(value):
    assert problems(pain={"now": value})[0].startswith("pain.now: ")


def test_a_trimester_without_pregnancy_is_rejected():
    assert problems(trimester=2) == ["trimester: a trimester is given, but pregnant is false"]


def test_pregnancy_needs_a_trimester():
    assert problems(pregnant=True) == ["trimester: required when pregnant (1, 2 or 3)"]


def test_pregnancy_and_male_sex_contradict():
    assert problems(sex="male", pregnant=True, trimester=1)[0].startswith("pregnant: ")


@pytest.mark.parametrize(
    ("pain", "message"),
    [
        ({"now": 3, "best": 4, "worst": 6}, "pain: best in 24 h (4) is higher than pain now (3)"),
        ({"now": 7, "best": 2, "worst": 6}, "pain: pain now (7) is higher than worst in 24 h (6)"),
    ],
)
def test_pain_now_must_lie_between_best_and_worst(pain, message):
    assert problems(pain=pain) == [message]


def test_leg_sides_go_with_leg_pain_only():
    assert problems(location={"area": "back-only", "sides": "one"}) == [
        "location.sides: given, but the pain is in the back only"
    ]
    assert problems(location={"area": "thigh"})[0].startswith("location.sides: say one leg")


def test_nerve_symptoms_need_pain_in_the_leg():
    assert problems(location={"nerve_symptoms": True})[0].startswith("location.nerve_symptoms")


def test_an_activity_cannot_both_worsen_and_ease_the_pain():
    assert problems(worse_with=["sitting"], better_with=["sitting", "walking"]) == [
        "better_with: listed as both making it worse and easing it: sitting"
    ]


def test_both_directions_cannot_centralise():
    found = problems(repeated_movements={"flexion": "centralises", "extension": "centralises"})
    assert found[0].startswith("repeated_movements.extension: ")


def test_repeated_items_are_rejected():
    assert problems(goals=["walk-further", "walk-further"])[0].startswith("goals: ")
    assert problems(rmdq=[3, 3])[0].startswith("rmdq: ")
    psfs = [{"activity": "Walking", "score": 3}, {"activity": "walking ", "score": 4}]
    assert problems(psfs=psfs)[0].startswith("psfs: ")


def test_the_odi_needs_eight_answered_sections():
    found = problems(odi={"pain_intensity": 1, "lifting": 2})
    assert found == ["odi: 2 sections answered; at least 8 are needed for a score"]


def test_an_episode_cannot_be_older_than_the_person():
    assert problems(age=20, history={"duration_weeks": 2000})[0].startswith("history: ")


def test_every_bad_field_is_named_at_once():
    found = problems(trimester=2, pain={"now": 11}, favourite_colour="blue")
    assert [line.split(":")[0] for line in found] == ["trimester", "pain.now", "favourite_colour"]


def test_a_valid_intake_cannot_be_changed_afterwards():
    intake = make_intake()
    with pytest.raises(ValidationError):
        intake.age = 50  # type: ignore[misc]


def test_each_red_flag_question_is_its_own_documented_answer():
    schema = Intake.model_json_schema()
    properties = schema["$defs"]["RedFlags"]["properties"]
    assert list(properties) == list(RED_FLAG_QUESTIONS)
    assert len(RED_FLAG_QUESTIONS) >= 26
    assert all(p["type"] == "boolean" and p["description"] for p in properties.values())


def test_the_schema_forbids_unknown_fields():
    schema = Intake.model_json_schema()
    assert schema["additionalProperties"] is False
    assert {"age", "sex", "pain", "history"} <= set(schema["required"])
