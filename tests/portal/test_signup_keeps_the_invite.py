"""Signing up from an invitation keeps what the clinic already knows: the full name and the
e-mail address fill in the form, and what the patient confirms is stored on their account."""

from __future__ import annotations

import pytest

from backrehab.clinic.models import Patient
from backrehab.portal.models import Invite
from tests import personas

pytestmark = pytest.mark.django_db

PASSWORD = "calm-river-stone-42"


@pytest.fixture
def invite():
    clinic = personas.clinic("Harbour Physio", "harbour")
    dana = personas.staff(clinic, username="dana")
    return Invite.objects.create(
        clinic=clinic, created_by=dana, name="Robin de la Cruz", email="robin@example.org"
    )


def test_the_form_is_filled_in_from_the_invitation(client, invite):
    page = client.get(f"/join/{invite.token}/").content.decode()
    assert 'value="Robin"' in page
    assert 'value="de la Cruz"' in page
    assert 'value="robin@example.org"' in page


def test_the_account_keeps_the_full_name_and_address(client, invite):
    client.post(
        f"/join/{invite.token}/",
        {
            "first_name": "Robin",
            "last_name": "de la Cruz",
            "email": "robin@example.org",
            "username": "robin",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = Patient.objects.get().user
    assert (user.first_name, user.last_name, user.email) == (
        "Robin",
        "de la Cruz",
        "robin@example.org",
    )
    assert user.get_full_name() == "Robin de la Cruz"


def test_the_patient_may_correct_the_address(client, invite):
    client.post(
        f"/join/{invite.token}/",
        {
            "first_name": "Robin",
            "email": "robin.home@example.org",
            "username": "robin",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    assert Patient.objects.get().user.email == "robin.home@example.org"


def test_a_mistyped_address_is_named(client, invite):
    response = client.post(
        f"/join/{invite.token}/",
        {"email": "robin@", "username": "robin", "password1": PASSWORD, "password2": PASSWORD},
    )
    assert response.status_code == 200
    assert "This does not look like an e-mail address." in response.content.decode()
    assert not Patient.objects.exists()


def test_self_signup_takes_an_address_too(client):
    open_door = personas.clinic("Open Door", "open")
    open_door.self_signup = True
    open_door.save()
    client.post(
        "/join/",
        {
            "first_name": "Jo",
            "last_name": "March",
            "email": "jo@example.org",
            "username": "jo",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = Patient.objects.get().user
    assert (user.get_full_name(), user.email) == ("Jo March", "jo@example.org")
