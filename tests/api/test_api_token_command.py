"""`backrehab manage api_token <username>` prints a new key that works, once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backrehab.api.models import ApiToken
from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_the_command_prints_a_working_key(world):
    out = StringIO()
    call_command("api_token", "clinician", "--name", "clinic EHR", stdout=out)
    key = out.getvalue().strip()
    token = ApiToken.objects.get(name="clinic EHR")
    assert token.user == world.user("clinician")
    assert ApiClient(key).get("/me").json()["username"] == "clinician"


def test_an_unknown_user_is_named_in_the_error(db):
    with pytest.raises(CommandError, match="No user called 'ghost'"):
        call_command("api_token", "ghost")
