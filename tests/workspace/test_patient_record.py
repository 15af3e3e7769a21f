"""The patient record: evaluations with change against the MCID, program history, sessions,
decisions, notes; every look is in the audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from backrehab.care import services
from backrehab.care.models import ClinicianNote, Evaluation
from tests.workspace.conftest import active_program, alex_answers, log_session

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def signed_in(client, people):
    client.force_login(people.me.user)
    return client


def record_url(patient: Any) -> str:
    return reverse("patient-record", kwargs={"patient_id": patient.pk})


def test_it_shows_the_header_evaluations_and_change_against_the_mcid(signed_in, alex):
    worse = alex_answers()
    worse["pain"]["now"] = 9
    worse["pain"]["worst"] = 9
    services.evaluate(alex, worse, kind=Evaluation.Kind.REASSESSMENT)
    body = signed_in.get(record_url(alex)).content.decode()
    assert "Alex Turner" in body and "34" in body and "Dana Okafor" in body
    assert "Re-assessment" in body and "First evaluation" in body
    assert "Pain now</strong> 5 → 9: worse" in body


def test_it_shows_sessions_and_the_engines_decisions_with_reasons(signed_in, alex):
    program = active_program(alex)
    log_session(alex, program, TODAY, pain_during=8, morning=3)
    services.apply_progression(alex)
    body = signed_in.get(record_url(alex)).content.decode()
    assert "Progression rules" in body and "Progression decisions" in body
    assert "Pain during the exercise reached 8/10" in body
    assert "pain during 8/10" in body


def test_a_session_shows_leg_pain_moving_back_during_the_directional_exercise(signed_in, alex):
    program = active_program(alex)
    log = log_session(alex, program, TODAY, pain_during=6)
    centralising = "leg pain moved back toward the spine (centralising)"
    assert centralising not in signed_in.get(record_url(alex)).content.decode()
    log.data["exercises"][0]["centralised"] = True
    log.save(update_fields=["data"])
    assert centralising in signed_in.get(record_url(alex)).content.decode()


def test_viewing_is_audited(signed_in, people, alex):
    signed_in.get(record_url(alex))
    event = AuditEvent.objects.get(action="viewed")
    assert event.patient_id == alex.pk and event.actor == people.me.user


def test_a_note_is_saved_with_its_author_and_audited(signed_in, people, alex):
    url = reverse("patient-note-add", kwargs={"patient_id": alex.pk})
    response = signed_in.post(url, {"text": "Discussed pacing at work."})
    assert response.status_code == 302
    note = ClinicianNote.objects.get(patient=alex)
    assert note.author == people.me.user
    assert AuditEvent.objects.filter(action="changed", what="clinician note added").exists()
    assert "Discussed pacing at work." in signed_in.get(record_url(alex)).content.decode()


def test_an_empty_note_is_refused_with_a_message(signed_in, alex):
    url = reverse("patient-note-add", kwargs={"patient_id": alex.pk})
    response = signed_in.post(url, {"text": ""})
    assert response.status_code == 400
    assert "Write the note before saving it." in response.content.decode()
    assert not ClinicianNote.objects.exists()


def test_another_clinics_clinician_gets_404(client, people, alex):
    client.force_login(people.stranger.user)
    assert client.get(record_url(alex)).status_code == 404
    note = reverse("patient-note-add", kwargs={"patient_id": alex.pk})
    assert client.post(note, {"text": "x"}).status_code == 404
    assert not ClinicianNote.objects.exists()


def test_the_history_speaks_the_clinicians_language(client, people, alex):
    from backrehab.care.models import Program

    client.force_login(people.me.user)
    client.cookies["django_language"] = "es"
    page = client.get(reverse("patient-record", kwargs={"patient_id": alex.pk})).content.decode()
    assert "Primer programa." in page and "First program." not in page
    first = Program.objects.filter(patient=alex).order_by("created_at", "pk").first()
    assert first is not None
    assert first.reason == "Built by the program engine from the first evaluation."
    assert "Creado por el motor de programas a partir de la primera evaluación." in page
