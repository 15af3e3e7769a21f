"""English and Spanish: chosen by the browser's language or the switch in the footer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytestmark = pytest.mark.django_db
PO = Path(__file__).resolve().parents[1] / "backrehab/locale/es/LC_MESSAGES/django.po"


def test_english_is_the_default(client):
    assert "Exercise that fits your back" in client.get("/").text


def test_a_spanish_browser_gets_spanish(client):
    text = client.get("/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").text
    assert "Ejercicio a la medida de su espalda" in text
    assert '<html lang="es">' in text


def test_the_language_switch_remembers_the_choice(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/exercises/"})
    assert response.status_code == 302
    assert "Biblioteca de ejercicios" in client.get("/exercises/").text


def test_every_message_has_a_spanish_translation():
    text = PO.read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n")[1:] if "msgid" in e and not e.startswith("#~")]
    untranslated = [
        e
        for e in entries
        if "#, fuzzy" in e or re.search(r'^msgstr(\[\d\])? ""\n(?!")', e + "\n", re.M)
    ]
    assert untranslated == []


def test_exercise_pages_are_in_spanish_for_a_spanish_reader(client, library_in_db):
    text = client.get("/exercises/glute-bridge/", HTTP_ACCEPT_LANGUAGE="es").text
    assert "Puente de glúteos" in text and "Empuje con los talones" in text
    assert "Puente de glúteos" in client.get("/exercises/", HTTP_ACCEPT_LANGUAGE="es").text


def test_an_untranslated_exercise_falls_back_to_english(client, library_in_db):
    from tests.library.factories import clinic_staff, document, save_for

    staff = clinic_staff("home")
    save_for(staff, document("towel-bridge", name="Towel bridge"))
    client.force_login(staff.user)
    assert "Towel bridge" in client.get("/exercises/towel-bridge/", HTTP_ACCEPT_LANGUAGE="es").text


def test_every_exercise_has_a_spanish_translation_that_lines_up(library):
    from backrehab.clinical.translations import load_translations

    assert set(load_translations("es", library)) == set(library)
