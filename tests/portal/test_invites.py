"""Invite links: one account per link, in the inviting clinician's clinic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from backrehab.clinic.models import Patient, Role
from backrehab.portal.models import Invite
from tests import personas

pytestmark = pytest.mark.django_db

SIGNUP = {
    "first_name": "Robin",
    "username": "robin",
    "password1": "calm-river-stone-42",
    "password2": "calm-river-stone-42",
}


@pytest.fixture
def clinician():
    return personas.staff(personas.clinic("Harbour Physio", "harbour"), Role.CLINICIAN, "dana")


@pytest.fixture
def invite(clinician):
    return Invite.objects.create(clinic=clinician.clinic, created_by=clinician, name="Robin Shaw")


def test_the_invite_page_asks_for_a_user_name_and_password(client, invite):
    response = client.get(f"/join/{invite.token}/")
    assert response.status_code == 200
    assert b"Harbour Physio" in response.content
    assert b"Choose a user name" in response.content
    assert b'value="Robin"' in response.content  # first name from the invite


def test_accepting_creates_one_patient_in_the_clinic_logs_in_and_uses_the_invite(
    client, invite, clinician
):
    response = client.post(f"/join/{invite.token}/", SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == "/my/evaluation/"
    patient = Patient.objects.get()
    assert patient.user.username == "robin"
    assert patient.user.first_name == "Robin"
    assert patient.clinic == clinician.clinic
    assert patient.clinician == clinician
    assert patient.joined_on == timezone.localdate()
    invite.refresh_from_db()
    assert invite.accepted_by == patient
    assert invite.accepted_at is not None
    assert client.session["_auth_user_id"] == str(patient.user.pk)


def test_a_weak_password_is_refused_with_django_password_validation(client, invite):
    data = {**SIGNUP, "password1": "12345678", "password2": "12345678"}
    response = client.post(f"/join/{invite.token}/", data)
    assert response.status_code == 200
    assert b"too common" in response.content or b"entirely numeric" in response.content
    assert not Patient.objects.exists()


def test_mismatched_passwords_are_refused(client, invite):
    response = client.post(f"/join/{invite.token}/", {**SIGNUP, "password2": "other-words-99"})
    assert response.status_code == 200
    assert not Patient.objects.exists()


def test_a_used_invite_is_refused_kindly_and_makes_no_account(client, invite):
    client.post(f"/join/{invite.token}/", SIGNUP)
    client.logout()
    response = client.post(f"/join/{invite.token}/", {**SIGNUP, "username": "second"})
    assert response.status_code == 410
    assert b"already been used" in response.content
    assert Patient.objects.count() == 1
    assert not User.objects.filter(username="second").exists()


def test_an_expired_invite_is_refused_kindly(client, clinician):
    old = Invite.objects.create(
        clinic=clinician.clinic,
        created_by=clinician,
        created_at=timezone.now() - timedelta(days=40),
    )
    assert old.expires_at < timezone.now()
    response = client.get(f"/join/{old.token}/")
    assert response.status_code == 410
    assert b"expired" in response.content
    response = client.post(f"/join/{old.token}/", SIGNUP)
    assert response.status_code == 410
    assert not Patient.objects.exists()


def test_an_unknown_token_shows_a_friendly_page(client, db):
    response = client.get("/join/not-a-real-token/")
    assert response.status_code == 410
    assert b"could not find this invitation" in response.content


def test_staff_see_only_their_clinics_invites_in_the_admin(client, invite, clinician):
    other_clinic = personas.clinic("Elsewhere")
    other = Invite.objects.create(clinic=other_clinic, name="Not yours")
    client.force_login(clinician.user)
    listing = client.get("/admin/portal/invite/")
    assert listing.status_code == 200
    assert b"Robin Shaw" in listing.content
    assert b"Not yours" not in listing.content
    assert client.get(f"/admin/portal/invite/{other.pk}/change/").status_code == 302


def test_a_clinician_creates_an_invite_and_sees_its_full_link(client, clinician):
    client.force_login(clinician.user)
    response = client.post("/admin/portal/invite/add/", {"name": "Kim Park", "email": ""})
    invite = Invite.objects.get()
    assert invite.clinic == clinician.clinic
    assert invite.created_by == clinician
    assert response.status_code == 302
    assert response["Location"] == f"/admin/portal/invite/{invite.pk}/change/"
    page = client.get(response["Location"])
    assert f"http://testserver/join/{invite.token}/".encode() in page.content
