"""Guessing passwords: after 5 wrong ones, even the right one is refused for a while."""

from __future__ import annotations

import pytest
from django.test import Client

from tests import personas
from tests.personas import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def user():
    """The patient Alex's account (username "alex", password `PASSWORD`)."""
    return personas.patient(personas.clinic("Home Clinic", "home"), None, "alex").user


def _sign_in(password: str, address: str = "10.0.0.1"):
    return Client(REMOTE_ADDR=address).post("/login/", {"username": "alex", "password": password})


def test_five_wrong_passwords_then_the_right_one_is_refused_with_the_lock_out_page(user):
    for _ in range(5):
        _sign_in("wrong-guess")

    response = _sign_in(PASSWORD)

    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in response.client.session


def test_four_wrong_passwords_still_let_the_right_one_in(user):
    for _ in range(4):
        _sign_in("wrong-guess")

    assert _sign_in(PASSWORD).status_code == 302


def test_a_guesser_elsewhere_does_not_lock_the_patient_out_of_their_own_phone(user):
    for _ in range(5):
        _sign_in("wrong-guess", address="203.0.113.9")

    assert _sign_in("wrong-guess", address="203.0.113.9").status_code == 429
    assert _sign_in(PASSWORD, address="10.0.0.1").status_code == 302
