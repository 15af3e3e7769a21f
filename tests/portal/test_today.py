"""The home screen: what to do today, the next session, and how it is going."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from backrehab.care import services as care
from backrehab.care.models import SessionLog
from backrehab.clinic.models import Clinic, Patient
from backrehab.operations.demo import seed_demo_clinic
from tests import personas

pytestmark = pytest.mark.django_db
DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"


def new_patient(client, name: str = "newbie") -> Patient:
    clinic = Clinic.objects.filter(slug="c").first() or personas.clinic("Clinic", "c")
    patient = personas.patient(clinic, None, name, "Robin", joined_on=timezone.localdate())
    client.force_login(patient.user)
    return patient


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get("/my/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_staff_without_a_patient_record_go_to_their_own_pages(client):
    client.force_login(personas.user("pt", is_staff=True))
    assert client.get("/my/")["Location"] == "/admin/"


def test_a_new_patient_is_asked_to_do_the_evaluation_first(client):
    new_patient(client)
    text = client.get("/my/").text
    assert "Hello Robin" in text and "Start the evaluation" in text


def test_a_patient_with_a_program_sees_today_the_streak_and_adherence(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    text = client.get("/my/").text
    assert any(
        s in text
        for s in ("Today: your exercise session", "Today is a rest day", "Today's session is done")
    )
    assert "in a row" in text and "sessions in the last two weeks" in text


def test_a_red_flag_evaluation_shows_see_a_doctor_and_no_session(client, library_in_db):
    patient = new_patient(client)
    answers = json.loads((DEMO / "alex.json").read_text())
    answers["red_flags"] = {"saddle_numbness": True}
    care.evaluate(patient, answers)
    text = client.get("/my/").text
    assert "Please see a doctor before exercising" in text
    assert "Start today" not in text


def test_yesterdays_session_asks_for_the_morning_pain_check_and_records_one_tap(
    client, library_in_db
):
    patient = new_patient(client)
    program = care.evaluate(patient, json.loads((DEMO / "alex.json").read_text())).program
    assert program is not None
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    log, _ = care.record_session(
        patient,
        program,
        uuid.uuid4(),
        {"date": yesterday.isoformat(), "pain_before": 4, "exercises": []},
    )
    assert "How is your back this morning?" in client.get("/my/").text
    response = client.post("/my/morning-check/", {"session": log.pk, "pain": "3"})
    assert response.status_code == 302
    log.refresh_from_db()
    assert log.data["next_morning_pain"] == 3
    assert "How is your back this morning?" not in client.get("/my/").text


def test_a_morning_check_with_no_choice_says_what_is_missing(client, library_in_db):
    patient = new_patient(client)
    program = care.evaluate(patient, json.loads((DEMO / "alex.json").read_text())).program
    assert program is not None
    log, _ = care.record_session(
        patient,
        program,
        uuid.uuid4(),
        {"date": timezone.localdate().isoformat(), "pain_before": 4, "exercises": []},
    )
    response = client.post("/my/morning-check/", {"session": log.pk}, follow=True)
    assert "Choose how much pain you have this morning" in response.text


def test_a_patient_cannot_answer_for_another_patients_session(client):
    seed_demo_clinic()
    alex_log = SessionLog.objects.filter(patient__user__username="demo-alex").first()
    client.force_login(User.objects.get(username="demo-sam"))
    assert (
        client.post("/my/morning-check/", {"session": alex_log.pk, "pain": "2"}).status_code == 404
    )


def test_a_program_wide_change_reads_without_an_empty_exercise_name(client):
    from backrehab.care.models import Program

    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    program = Program.objects.get(patient__user__username="demo-alex", is_active=True)
    program.changes = [
        {
            "exercise": "",
            "decision": "pathway",
            "dose": None,
            "replacement": None,
            "reasons": [
                {
                    "rule": "reassess-pathway",
                    "text": "Your check-in suggests a different kind of program suits you "
                    "better now.",
                }
            ],
        }
    ]
    program.save(update_fields=["changes"])
    text = client.get("/my/").text
    assert "<li>Your check-in suggests a different kind of program suits you better now.</li>" in (
        text
    )
    assert "<strong></strong>" not in text
