"""The program page never contradicts itself, and says when a change waits for the clinician."""

from __future__ import annotations

from pathlib import Path

import pytest

from backrehab.care.models import Evaluation, ProgramProposal
from tests import personas

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"


@pytest.fixture
def signed_in(library_in_db, client):
    patient = personas.patient(personas.clinic("Clinic", "c"), None, "p")
    program = personas.evaluated(patient)
    client.force_login(patient.user)
    return patient, program


def test_an_exercise_chosen_against_a_warning_is_not_listed_as_left_out(signed_in, client):
    _, program = signed_in
    chosen = program.plan["excluded"][0]
    program.plan = {
        **program.plan,
        "items": [
            *program.plan["items"],
            {**program.plan["items"][0], "exercise": chosen["exercise"]},
        ],
    }
    program.save()
    page = client.get("/my/program/").content.decode()
    left_out = page.split("Left out to keep you safe")[-1]
    assert "Child" not in left_out  # childs-pose is in the program now


def test_a_lesson_never_recommends_an_exercise_the_program_left_out(signed_in, client):
    _, program = signed_in
    lesson = {
        "topic": "bending",
        "title": "Bending",
        "summary": "Practise the hip hinge when you bend down.",
        "reasons": [{"rule": "education-pain-default", "text": "Knowing helps."}],
    }
    excluded = [
        *program.plan["excluded"],
        {"exercise": "standing-hip-hinge", "reasons": program.plan["excluded"][0]["reasons"]},
    ]
    program.plan = {**program.plan, "education": [lesson], "excluded": excluded}
    program.save()
    page = client.get("/my/program/").content.decode()
    assert "Your program leaves out standing hip hinge for now" in page


def test_a_pending_change_is_shown_on_today_and_the_program(signed_in, client):
    patient, program = signed_in
    evaluation = Evaluation.objects.get(patient=patient)
    ProgramProposal.objects.create(
        patient=patient, evaluation=evaluation, program=program, plan=program.plan
    )
    for url in ("/my/", "/my/program/"):
        assert "A change to your program is pending" in client.get(url).content.decode()
