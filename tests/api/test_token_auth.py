"""The API answers only a valid key, or a signed-in session that also sends its CSRF token."""

from __future__ import annotations

import pytest
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from backrehab.api.auth import issue_token, key_hash, revoke_token
from backrehab.api.models import ApiToken
from tests import personas

pytestmark = pytest.mark.django_db


def _patients(headers: dict[str, str]) -> int:
    return int(Client().get("/api/v1/patients", headers=headers).status_code)


def test_a_missing_key_answers_401_in_json(world):
    response = Client().get("/api/v1/patients")
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer br_not-a-key", "Bearer ", "Token br_whatever", "Basic dXNlcjpwYXNz", "br_nothing"],
)
def test_an_unknown_or_malformed_key_answers_401(world, header):
    assert _patients({"Authorization": header}) == 401


def test_a_valid_key_answers_as_its_owner(world, api_as):
    response = api_as("clinician").get("/me")
    assert response.status_code == 200
    assert response.json()["username"] == "clinician"
    assert response.json()["role"] == "clinician"


def test_a_revoked_key_answers_401(world):
    key = issue_token(world.user("clinician"), "phone")
    assert _patients({"Authorization": f"Bearer {key}"}) == 200
    revoke_token(ApiToken.objects.get(key_hash=key_hash(key)))
    assert _patients({"Authorization": f"Bearer {key}"}) == 401


def test_a_key_of_a_deactivated_user_answers_401(world):
    user = world.user("clinician")
    key = issue_token(user, "phone")
    user.is_active = False
    user.save()
    assert _patients({"Authorization": f"Bearer {key}"}) == 401


def test_only_the_hash_of_a_key_is_stored(world):
    key = issue_token(world.user("clinician"), "EHR link")
    token = ApiToken.objects.get(name="EHR link")
    assert key.startswith("br_") and len(key) > 40
    assert token.key_hash == key_hash(key) != key
    assert key.startswith(token.prefix) and len(token.prefix) < 12
    assert not ApiToken.objects.filter(key_hash=key).exists()


def test_using_a_key_notes_when_it_was_last_used(world):
    key = issue_token(world.user("clinician"), "phone")
    assert ApiToken.objects.get().last_used_at is None
    _patients({"Authorization": f"Bearer {key}"})
    assert ApiToken.objects.get().last_used_at is not None


def test_the_web_session_also_works_for_reading(world):
    client = Client()
    client.force_login(world.user("clinician"))
    assert client.get("/api/v1/patients").status_code == 200


def test_a_session_post_needs_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user("clinician"))
    secret = _get_new_csrf_string()
    client.cookies["csrftoken"] = secret
    url = f"/api/v1/alerts/{world.alert.pk}/acknowledge"
    refused = client.post(url)
    world.alert.refresh_from_db()
    assert (refused.status_code, world.alert.acknowledged_at) == (403, None)
    # With the token, as the web app's JavaScript sends it.
    assert client.post(url, headers={"X-CSRFToken": secret}).status_code == 200


def test_a_key_needs_no_csrf_token(world):
    key = issue_token(world.user("clinician"), "EHR")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        f"/api/v1/alerts/{world.alert.pk}/acknowledge", headers={"Authorization": f"Bearer {key}"}
    )
    assert response.status_code == 200


def test_the_admins_revoke_action_stops_a_key(world, rf):
    from django.contrib.admin.sites import site

    from backrehab.api.admin import ApiTokenAdmin

    key = issue_token(world.user("clinician"), "phone")
    request = rf.post("/")
    request.user = personas.superuser("operator")  # the site operator
    ApiTokenAdmin(ApiToken, site).revoke(request, ApiToken.objects.all())
    assert _patients({"Authorization": f"Bearer {key}"}) == 401
