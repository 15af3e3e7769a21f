"""What stops a program from being saved, and the conditions precautions name, are said in the
clinician's language, naming exercises by their names."""

from __future__ import annotations

import pytest
from django.utils import translation

from backrehab.care import prescribing
from backrehab.clinical.conditions import CONDITIONS
from backrehab.library.catalog import Catalog
from backrehab.library.labels import CONDITION_NAMES, condition_name

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("library_in_db")]


def problems_in(language: str) -> list[str]:
    with translation.override(language):
        library = Catalog.for_clinic(None, language).library()
        draft = prescribing.Draft(
            20,
            [
                prescribing.DraftItem("glute-bridge", sets=12, reps=0),
                prescribing.DraftItem("glute-bridge", sets=1, reps=5, note="x" * 400),
                prescribing.DraftItem("bird-dog", sets=2),
                prescribing.DraftItem("no-such-exercise", sets=1, reps=5),
            ],
        )
        return prescribing.problems(draft, library)


def test_problems_name_the_exercise_and_the_bound_in_english():
    said = problems_in("en")
    assert "Sessions a week must be between 1 and 14." in said
    assert "Exercise 1 (Glute bridge): the number of sets must be at most 10." in said
    assert "Exercise 1 (Glute bridge): the number of repetitions must be at least 1." in said
    assert "Exercise 2 (Glute bridge): already in the program; each exercise once." in said
    assert "Exercise 2 (Glute bridge): the note to the patient is too long." in said
    assert "Exercise 3 (Bird dog): give either repetitions or a time." in said
    assert "Exercise 4 (no-such-exercise): not in the exercise library." in said


def test_problems_are_said_in_spanish():
    said = problems_in("es")
    assert "Las sesiones por semana deben estar entre 1 y 14." in said
    assert any(p.startswith("Ejercicio 1 (") and "como máximo 10" in p for p in said)
    assert any(p.startswith("Ejercicio 3 (") and "repeticiones o un tiempo" in p for p in said)
    assert not any("must be" in p or "already in" in p for p in said)


def test_every_condition_has_a_name_in_every_language():
    assert set(CONDITION_NAMES) == set(CONDITIONS)
    for condition in CONDITIONS.values():
        assert condition_name(condition.id) == condition.label  # English says what the rules say
    with translation.override("es"):
        spanish = {c: condition_name(c) for c in CONDITIONS}
    untranslated = [c for c, name in spanish.items() if name == CONDITIONS[c].label]
    assert untranslated == ["osteoporosis"]  # the same word in both languages


def test_an_unknown_condition_shows_its_id():
    assert condition_name("from-a-later-version") == "from-a-later-version"
