"""New and changed passwords are stored with Argon2."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.contrib.auth.models import User
from django.test import Client

pytestmark = [pytest.mark.django_db, pytest.mark.argon2]


def test_a_new_password_is_hashed_with_argon2():
    user = User.objects.create_user("argon", password="a-long-test-password")
    assert user.password.startswith("argon2$argon2id$")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_an_older_hash_is_upgraded_to_argon2_at_the_next_sign_in():
    user = User.objects.create_user("legacy")
    from django.contrib.auth.hashers import make_password

    user.password = make_password("a-long-test-password", hasher="pbkdf2_sha256")
    user.save()

    response = Client().post("/login/", {"username": "legacy", "password": "a-long-test-password"})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
