"""The optional fear-of-activity questions (FABQ physical-activity subscale) in the evaluation:
asked after STarT Back for high risk or on request, skippable, and read by the engine."""

from __future__ import annotations

from typing import Any

import pytest

from backrehab.care.models import Evaluation, Program
from backrehab.clinic.models import Patient
from backrehab.portal.intake import steps_for
from backrehab.portal.models import IntakeDraft
from tests import personas
from tests.portal.test_evaluation_wizard import answer_all, screen_answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(db) -> Patient:
    return personas.patient(personas.clinic("Harbour Physio"), None, "robin")


@pytest.fixture
def signed_in(client, patient):
    client.force_login(patient.user)
    return client


FABQ = "/my/evaluation/activity-and-your-back/"
HIGH_RISK = {
    "startback__leg_pain": "yes",
    "startback__shoulder_or_neck_pain": "yes",
    "startback__walked_short_distances_only": "yes",
    "startback__dressed_more_slowly": "yes",
    "startback__activity_feels_unsafe": "yes",
    "startback__worrying_thoughts": "yes",
    "startback__feels_it_will_never_improve": "yes",
    "startback__lost_enjoyment": "yes",
    "startback__bothersomeness": "extremely",
}
FEARFUL = {"fabq_1": "5", "fabq_2": "4", "fabq_3": "6", "fabq_4": "3"}  # 18 of 24: high fear


def up_to_startback(client, startback: dict[str, str]) -> Any:
    """Every screen up to and including STarT Back, with these STarT Back answers."""
    answer_all(client, until="how-it-affects-you")
    return client.post("/my/evaluation/how-it-affects-you/", startback)


def finish(client) -> Any:
    """The screens after the questionnaires."""
    response = None
    after = ("activities", "goals", "routine")
    for slug, data in screen_answers().items():
        if slug in after:
            response = client.post(f"/my/evaluation/{slug}/", data)
            assert response.status_code == 302, (slug, response.content.decode()[:2000])
    return response


def test_high_risk_is_asked_the_fear_questions_in_plain_words(signed_in):
    response = up_to_startback(signed_in, HIGH_RISK)
    assert response["Location"] == FABQ
    page = signed_in.get(FABQ).content.decode()
    assert "Activity and your back (optional)" in page
    assert "When I am physically active, my back pain gets worse" in page
    assert "I am not able to do activities that might make my back pain worse" in page
    assert "0 - completely disagree" in page and "6 - completely agree" in page
    assert 'name="skip"' in page and "Skip these questions" in page


def test_low_risk_is_not_asked_unless_the_patient_opts_in(signed_in, patient):
    low = screen_answers()["how-it-affects-you"]
    response = up_to_startback(signed_in, low)
    assert response["Location"] == "/my/evaluation/activities/"
    draft = IntakeDraft.objects.get(user=patient.user)
    assert "activity-and-your-back" not in [s.slug for s in steps_for("intake", draft.answers)]

    response = signed_in.post("/my/evaluation/how-it-affects-you/", {**low, "fabq_opt_in": "yes"})
    assert response["Location"] == FABQ


def test_the_answers_reach_the_intake_the_pathway_and_the_clinician_note(
    signed_in, patient, library_in_db
):
    up_to_startback(signed_in, HIGH_RISK)
    response = signed_in.post(FABQ, FEARFUL)
    assert response["Location"] == "/my/evaluation/activities/"
    assert finish(signed_in)["Location"] == "/my/program/"

    evaluation = Evaluation.objects.get(patient=patient)
    assert evaluation.answers["fabq_pa"] == [5, 4, 6, 3]
    assert "fabq_opt_in" not in evaluation.answers  # the wizard's own answer stays out
    plan = Program.objects.get(patient=patient, is_active=True).plan
    assert plan["pathway"]["fabq_pa_score"] == 18
    notes = {n["rule"] for n in plan["clinician_notes"]}
    assert "note-high-fear-avoidance" in notes
    assert "note-high-risk-fabq-optional" not in notes


def test_skipping_leaves_the_questions_unanswered(signed_in, patient, library_in_db):
    up_to_startback(signed_in, HIGH_RISK)
    # Some answers given, then "Skip these questions": nothing is kept.
    response = signed_in.post(FABQ, {"fabq_1": "6", "skip": "1"})
    assert response["Location"] == "/my/evaluation/activities/"
    assert finish(signed_in)["Location"] == "/my/program/"

    evaluation = Evaluation.objects.get(patient=patient)
    assert evaluation.answers.get("fabq_pa") is None
    plan = Program.objects.get(patient=patient, is_active=True).plan
    assert plan["pathway"]["fabq_pa_score"] is None
    assert "note-high-risk-fabq-optional" in {n["rule"] for n in plan["clinician_notes"]}


def test_leaving_all_four_blank_skips_too_but_half_an_answer_is_refused(signed_in, patient):
    up_to_startback(signed_in, HIGH_RISK)
    response = signed_in.post(FABQ, {"fabq_1": "2", "fabq_2": "3"})
    assert response.status_code == 200
    assert "Please answer all four statements, or leave all four blank" in (
        response.content.decode()
    )
    response = signed_in.post(FABQ, {})
    assert response["Location"] == "/my/evaluation/activities/"
    assert "fabq_pa" not in IntakeDraft.objects.get(user=patient.user).answers


def test_the_fear_questions_are_in_spanish(signed_in):
    up_to_startback(signed_in, HIGH_RISK)
    page = signed_in.get(FABQ, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert "La actividad y su espalda (opcional)" in page
    assert "Cuando hago actividad física, el dolor de espalda empeora" in page
    assert "Saltar estas preguntas" in page
