"""Questionnaire forms work without licensed text and load the clinic's own file."""

import json

import pytest
import yaml

from backrehab.clinical.intake import Odi, StartBack
from backrehab.clinical.questionnaires import (
    ODI_SECTIONS,
    QuestionnaireTextError,
    load_licensed_text,
    odi_form,
    rmdq_form,
    startback_form,
)

LICENSED = {
    "licence": "Licensed to Example Clinic for testing",
    "odi": {key: [f"{key} statement {n}" for n in range(6)] for key in ODI_SECTIONS},
    "rmdq": [f"RMDQ statement {n}" for n in range(1, 25)],
    "startback": [f"STarT item {n}" for n in range(1, 10)],
}


def test_odi_sections_match_the_intake_and_ship_only_titles():
    assert list(ODI_SECTIONS) == list(Odi.model_fields)
    form = odi_form()
    assert [item.title for item in form][:2] == [
        "Pain intensity",
        "Personal care (washing, dressing, etc.)",
    ]
    assert all(item.statements is None for item in form)


def test_without_licensed_text_the_forms_still_work():
    assert [item.title for item in rmdq_form()][0] == "Statement 1"
    assert len(rmdq_form()) == 24
    startback = startback_form()
    assert [item.key for item in startback] == list(StartBack.model_fields)
    assert startback[-1].statements == [
        "Not at all",
        "Slightly",
        "Moderately",
        "Very much",
        "Extremely",
    ]


def test_no_path_means_no_licensed_text():
    assert load_licensed_text(None) is None


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_the_clinics_file_supplies_the_item_text(tmp_path, suffix):
    path = tmp_path / f"licensed{suffix}"
    path.write_text(json.dumps(LICENSED) if suffix == ".json" else yaml.safe_dump(LICENSED))
    text = load_licensed_text(path)
    assert text is not None
    assert odi_form(text)[0].statements == [f"pain_intensity statement {n}" for n in range(6)]
    assert rmdq_form(text)[23].title == "RMDQ statement 24"
    assert startback_form(text)[0].title == "STarT item 1"


def test_a_partial_file_leaves_the_rest_as_titles(tmp_path):
    path = tmp_path / "licensed.yaml"
    path.write_text(yaml.safe_dump({"licence": "RMDQ only", "rmdq": LICENSED["rmdq"]}))
    text = load_licensed_text(path)
    assert odi_form(text)[0].statements is None
    assert rmdq_form(text)[0].title == "RMDQ statement 1"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ({"odi": LICENSED["odi"]}, "licence"),
        ({**LICENSED, "rmdq": ["too few"]}, "rmdq"),
        ({**LICENSED, "odi": {"pain_intensity": ["a"] * 6}}, "missing"),
        ({**LICENSED, "extra": 1}, "extra"),
    ],
)
def test_a_malformed_file_is_reported_by_field(tmp_path, content, message):
    path = tmp_path / "licensed.json"
    path.write_text(json.dumps(content))
    with pytest.raises(QuestionnaireTextError) as info:
        load_licensed_text(path)
    assert message in str(info.value)


def test_an_unreadable_file_is_reported(tmp_path):
    with pytest.raises(QuestionnaireTextError, match="cannot read"):
        load_licensed_text(tmp_path / "missing.yaml")
