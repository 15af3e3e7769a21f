"""Signing up without an invitation, only where a clinic allows it."""

from __future__ import annotations

import pytest

from backrehab.clinic.models import Clinic, Patient

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "jo",
    "password1": "quiet-garden-path-81",
    "password2": "quiet-garden-path-81",
}


def test_without_a_self_signup_clinic_the_page_says_to_ask_for_an_invite(client):
    Clinic.objects.create(name="Closed", slug="closed", self_signup=False)
    response = client.get("/join/")
    assert b"Ask your clinic for an invitation" in response.content
    client.post("/join/", SIGNUP)
    assert not Patient.objects.exists()


def test_one_open_clinic_takes_the_patient_without_asking_which(client):
    clinic = Clinic.objects.create(name="Open Door", slug="open", self_signup=True)
    Clinic.objects.create(name="Closed", slug="closed", self_signup=False)
    page = client.get("/join/")
    assert b"Open Door" in page.content
    assert b"Your clinic" not in page.content
    response = client.post("/join/", SIGNUP)
    assert response["Location"] == "/my/evaluation/"
    patient = Patient.objects.get()
    assert patient.clinic == clinic
    assert patient.clinician is None


def test_with_several_open_clinics_the_patient_picks_one(client):
    Clinic.objects.create(name="North", slug="north", self_signup=True)
    south = Clinic.objects.create(name="South", slug="south", self_signup=True)
    closed = Clinic.objects.create(name="Closed", slug="closed", self_signup=False)
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


def test_a_taken_user_name_is_refused(client, django_user_model):
    Clinic.objects.create(name="Open Door", slug="open", self_signup=True)
    django_user_model.objects.create_user("jo", password="x")
    response = client.post("/join/", SIGNUP)
    assert response.status_code == 200
    assert b"already exists" in response.content
    assert not Patient.objects.exists()
