"""Signing up without an invitation, only where a clinic allows it."""

from __future__ import annotations

import pytest

from backrehab.clinic.models import Patient
from tests import personas

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "jo",
    "password1": "quiet-garden-path-81",
    "password2": "quiet-garden-path-81",
}


def test_without_a_self_signup_clinic_the_page_says_to_ask_for_an_invite(client):
    personas.clinic("Closed", "closed")
    response = client.get("/join/")
    assert b"Ask your clinic for an invitation" in response.content
    client.post("/join/", SIGNUP)
    assert not Patient.objects.exists()


def test_one_open_clinic_takes_the_patient_without_asking_which(client):
    clinic = personas.clinic("Open Door", "open", self_signup=True)
    personas.clinic("Closed", "closed")
    page = client.get("/join/")
    assert b"Open Door" in page.content
    assert b"Your clinic" not in page.content
    response = client.post("/join/", SIGNUP)
    assert response["Location"] == "/my/evaluation/"
    patient = Patient.objects.get()
    assert patient.clinic == clinic
    assert patient.clinician is None


def test_with_several_open_clinics_the_patient_picks_one(client):
    personas.clinic("North", self_signup=True)
    south = personas.clinic("South", self_signup=True)
    closed = personas.clinic("Closed", "closed")
    page = client.get("/join/")
    assert b"Your clinic" in page.content
    assert b"Closed" not in page.content
    refused = client.post("/join/", {**SIGNUP, "clinic": closed.pk})
    assert refused.status_code == 200
    assert not Patient.objects.exists()
    missing = client.post("/join/", SIGNUP)
    assert b"Please choose your clinic." in missing.content
    client.post("/join/", {**SIGNUP, "clinic": south.pk})
    assert Patient.objects.get().clinic == south


def test_a_taken_user_name_is_refused(client):
    personas.clinic("Open Door", "open", self_signup=True)
    personas.user("jo")
    response = client.post("/join/", SIGNUP)
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert not Patient.objects.exists()
