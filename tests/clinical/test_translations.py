"""Exercise translations: text only, lined up with the exercise, never changing the dose."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from backrehab.clinical.library import CONTENT_DIR, LibraryError, load_library
from backrehab.clinical.translations import ExerciseText, load_translations, localize

EXAMPLE = CONTENT_DIR / "es" / "glute-bridge.yaml"


@pytest.fixture(scope="module")
def bundled():
    return load_library()


def write(tmp_path: Path, document: dict, name: str = "glute-bridge") -> Path:
    (tmp_path / "es").mkdir(exist_ok=True)
    path = tmp_path / "es" / f"{name}.yaml"
    path.write_text(yaml.safe_dump(document, allow_unicode=True))
    return tmp_path


def test_a_translation_replaces_the_text_and_keeps_the_prescription(bundled):
    text = ExerciseText.model_validate(yaml.safe_load(EXAMPLE.read_text()))
    spanish = localize(bundled["glute-bridge"], text)
    assert spanish.name == "Puente de glúteos"
    assert spanish.steps[0].startswith("Túmbese")
    assert spanish.dose == bundled["glute-bridge"].dose
    assert spanish.figure == bundled["glute-bridge"].figure
    assert [p.action for p in spanish.precautions] == [
        p.action for p in bundled["glute-bridge"].precautions
    ]


def test_a_translation_with_a_missing_step_is_refused(tmp_path, bundled):
    document = yaml.safe_load(EXAMPLE.read_text())
    document["steps"] = document["steps"][:-1]
    with pytest.raises(
        LibraryError, match="es/glute-bridge.yaml: steps: 4 entries, the exercise has 5"
    ):
        load_translations("es", bundled, write(tmp_path, document))


def test_a_translation_must_cover_exactly_the_exercises_precautions(tmp_path, bundled):
    document = yaml.safe_load(EXAMPLE.read_text())
    del document["precautions"]["spondylolisthesis"]
    with pytest.raises(LibraryError, match="precautions"):
        load_translations("es", bundled, write(tmp_path, document))


def test_a_translation_of_no_known_exercise_is_refused(tmp_path, bundled):
    document = yaml.safe_load(EXAMPLE.read_text())
    document["id"] = "moon-walk"
    with pytest.raises(LibraryError, match="no exercise 'moon-walk'"):
        load_translations("es", bundled, write(tmp_path, document, "moon-walk"))
