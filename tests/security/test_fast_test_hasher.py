"""The suite hashes passwords fast; the tests marked `argon2` get the real hashers."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import get_hasher
from django.contrib.auth.models import User

pytestmark = pytest.mark.django_db


def test_unmarked_tests_hash_passwords_with_md5():
    user = User.objects.create_user("quick", password="a-long-test-password")
    assert get_hasher().algorithm == "md5"
    assert user.password.startswith("md5$")


@pytest.mark.argon2
def test_a_test_marked_argon2_hashes_with_argon2():
    user = User.objects.create_user("slow", password="a-long-test-password")
    assert user.password.startswith("argon2$argon2id$")
