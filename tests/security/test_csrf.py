"""Every form and the session-log endpoint refuse a POST without the CSRF token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from tests.clinic.rights_world import person
from tests.personas import World, build_world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def _token(client: Client, page: str) -> str:
    client.get(page)
    return client.cookies["csrftoken"].value


def _requests(world: World) -> list[tuple[User | None, str, dict[str, Any], int, str]]:
    """(who, url, form data or JSON body, is_json, the page the form is on)."""
    subject, admin = person(world, "patient"), person(world, "clinic_admin")
    log = {"client_id": "8a4f0f0e-2f7c-4d8e-9b7a-6a1c2d3e4f50", "program": world.program.pk}
    delete = reverse("patient-delete", kwargs={"patient_id": world.subject.pk})
    sign_in = {"username": "subject", "password": "a-long-test-password"}
    return [
        (None, reverse("login"), sign_in, 0, reverse("login")),
        (subject, reverse("logout"), {}, 0, reverse("today")),
        (subject, reverse("session-log"), {**log, "session": {}}, 1, reverse("session")),
        (subject, reverse("morning-check"), {"pain": "2", "session": world.log.pk}, 0, "/my/"),
        (subject, reverse("reminders"), {"reminder_time": "08:00"}, 0, reverse("reminders")),
        (
            subject,
            reverse("push-unsubscribe"),
            {"endpoint": "https://fcm.googleapis.com/fcm/send/x"},
            1,
            reverse("reminders"),
        ),
        (admin, delete, {"username": "subject"}, 0, delete),
    ]


def _post(client: Client, url: str, data: dict, is_json: int, token: str | None = None):
    headers = {"X-CSRFToken": token} if token else {}
    if is_json:
        return client.post(url, json.dumps(data), content_type="application/json", headers=headers)
    return client.post(url, data, headers=headers)


def test_a_post_without_the_token_is_refused(library_in_db):
    world = build_world()
    refused = {}
    for user, url, data, is_json, _page in _requests(world):
        status = _post(_client(user), url, data, is_json).status_code
        if status != 403:
            refused[url] = status
    assert not refused, f"accepted without a CSRF token: {refused}"
    assert world.subject.__class__.objects.filter(pk=world.subject.pk).exists()


def test_the_same_posts_with_the_token_get_through(library_in_db):
    world = build_world()
    through = {}
    for user, url, data, is_json, page in _requests(world):
        client = _client(user)
        token = _token(client, page)
        status = _post(client, url, data, is_json, token).status_code
        through[url] = status
    assert 403 not in through.values(), through
