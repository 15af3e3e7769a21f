"""Loading exercise files: a bad file fails with a message naming the file and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backrehab.clinical.library import LibraryError, load_library, parse_exercise

EXAMPLE = Path(__file__).resolve().parents[2] / "backrehab/content/exercises/glute-bridge.yaml"


def write(tmp_path: Path, name: str, document: dict) -> Path:
    path = tmp_path / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, sort_keys=False))
    return path


@pytest.fixture
def bridge() -> dict:
    document = yaml.safe_load(EXAMPLE.read_text())
    document["progression"] = []
    document["regression"] = []
    return document


def test_a_valid_file_loads(tmp_path, bridge):
    exercise = parse_exercise(write(tmp_path, "glute-bridge", bridge))
    assert exercise.id == "glute-bridge"
    assert exercise.dose.reps == 10


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "cardio"}, "category"),
        ({"position": "hanging"}, "position"),
        ({"bias": "sideways"}, "bias"),
        ({"equipment": ["trampoline"]}, "equipment.0"),
        ({"dose": {"sets": 0, "reps": 10}}, "dose.sets"),
        ({"dose": {"sets": 2}}, "dose"),
        ({"steps": ["only one step"]}, "steps"),
        (
            {"precautions": [{"condition": "broken-toe", "action": "avoid", "note": "no"}]},
            "precautions.0.condition",
        ),
        ({"progression": [{"exercise": "x", "dose": {"sets": 3}}]}, "progression.0"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_a_bad_field_is_named_with_its_file(tmp_path, bridge, change, field):
    bridge.update(change)
    with pytest.raises(LibraryError) as error:
        parse_exercise(write(tmp_path, "glute-bridge", bridge))
    assert f"glute-bridge.yaml: {field}" in str(error.value)


def test_a_missing_field_is_named(tmp_path, bridge):
    del bridge["purpose"]
    with pytest.raises(LibraryError, match="glute-bridge.yaml: purpose: Field required"):
        parse_exercise(write(tmp_path, "glute-bridge", bridge))


def test_the_id_must_match_the_file_name(tmp_path, bridge):
    with pytest.raises(LibraryError, match="other.yaml: id"):
        parse_exercise(write(tmp_path, "other", bridge))


def test_broken_yaml_is_reported_not_raised_raw(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n")
    with pytest.raises(LibraryError, match="broken.yaml: not valid YAML"):
        parse_exercise(path)


def test_a_step_naming_an_unknown_exercise_fails_the_library(tmp_path, bridge):
    bridge["progression"] = [{"exercise": "moon-walk"}]
    write(tmp_path, "glute-bridge", bridge)
    with pytest.raises(
        LibraryError, match="progression.0.exercise: no exercise with id 'moon-walk'"
    ):
        load_library(tmp_path)


def test_a_missing_required_precaution_fails_the_library(tmp_path, bridge):
    bridge["precautions"] = [
        p for p in bridge["precautions"] if p["condition"] != "high-irritability"
    ]
    write(tmp_path, "glute-bridge", bridge)
    with pytest.raises(LibraryError, match="strength exercises must list 'high-irritability'"):
        load_library(tmp_path)


def test_every_problem_in_every_file_is_reported_at_once(tmp_path, bridge):
    write(tmp_path, "glute-bridge", {**bridge, "category": "cardio"})
    write(tmp_path, "other", {**bridge, "id": "other", "bias": "sideways"})
    with pytest.raises(LibraryError) as error:
        load_library(tmp_path)
    assert len(error.value.problems) == 2
