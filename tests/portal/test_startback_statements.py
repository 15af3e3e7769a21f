"""STarT Back in the evaluation: first-person statements under "Do you agree?", in English and
Spanish, in this project's own words (a clinic's licensed wording replaces them)."""

from __future__ import annotations

import pytest

from backrehab.clinic.models import Patient
from backrehab.clinical.intake import StartBack
from backrehab.portal.intake.questionnaires import STARTBACK_ITEMS
from tests import personas
from tests.portal.test_evaluation_wizard import answer_all

pytestmark = pytest.mark.django_db

STEP = "/my/evaluation/how-it-affects-you/"


@pytest.fixture
def patient(db) -> Patient:
    return personas.patient(personas.clinic("Harbour Physio"), None, "robin")


def test_every_item_has_our_wording():
    assert list(STARTBACK_ITEMS) == list(StartBack.model_fields)


def test_the_eight_agree_items_are_first_person_statements():
    statements = [str(STARTBACK_ITEMS[k]) for k in list(StartBack.model_fields)[:8]]
    for text in statements:
        assert text.endswith(".") and "?" not in text
        assert any(f" {w} " in f" {text} " for w in ("I", "my", "My", "me")), text
    assert str(STARTBACK_ITEMS["bothersomeness"]).endswith("?")


def test_the_screen_asks_do_you_agree_above_the_statements(client, patient):
    client.force_login(patient.user)
    answer_all(client, until="how-it-affects-you")
    page = client.get(STEP).text
    assert "Do you agree?" in page
    assert "I feel my back pain is dreadful and will never improve." in page
    assert "Because of my back, I have only been walking short distances." in page
    assert page.count(">Agree<") == 8 and page.count(">Disagree<") == 8


def test_the_screen_in_spanish(client, patient):
    client.force_login(patient.user)
    answer_all(client, until="how-it-affects-you")
    page = client.get(STEP, HTTP_ACCEPT_LANGUAGE="es").text
    assert "¿Está de acuerdo?" in page
    assert "Siento que mi dolor de espalda es horrible y que nunca va a mejorar." in page
    assert "En conjunto, ¿cuánto le ha molestado el dolor de espalda" in page
