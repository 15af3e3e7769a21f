"""Small hardening of the API and the private pages (issue 10, Low 12)."""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError
from django.db.models import QuerySet
from django.test import Client

from backrehab.api.auth import issue_token
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(library_in_db) -> personas.World:
    return personas.build_world()


def bearer(world: personas.World, role: str = "patient") -> dict[str, str]:
    return {"Authorization": f"Bearer {issue_token(world.users[role], 'phone')}"}  # type: ignore[arg-type]


def test_record_pages_my_pages_and_the_api_are_never_stored_by_caches(world):
    clinician = Client()
    clinician.force_login(world.users["clinician"])
    patient = Client()
    patient.force_login(world.users["patient"])
    answers = [
        clinician.get(f"/clinic/patients/{world.subject.pk}/"),
        patient.get("/my/"),
        Client().get("/api/v1/me", headers=bearer(world)),
    ]
    assert [a["Cache-Control"] for a in answers] == ["no-store"] * 3


def test_public_pages_may_still_be_cached():
    assert Client().get("/healthz").get("Cache-Control") != "no-store"


def test_a_3_mb_api_body_gets_the_documented_json_error(world):
    body = json.dumps({"client_id": "x", "session": {"note": "x" * 3_000_000}})
    response = Client().post(
        f"/api/v1/patients/{world.subject.pk}/sessions",
        body,
        content_type="application/json",
        headers=bearer(world),
    )
    assert response.status_code == 413
    assert response.json()["detail"].startswith("The request body is too large")


def test_json_nested_too_deeply_gets_a_400_json_error_not_a_traceback(world):
    body = "[" * 200_000 + "]" * 200_000
    response = Client().post(
        f"/api/v1/patients/{world.subject.pk}/sessions",
        body,
        content_type="application/json",
        headers=bearer(world),
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "Cannot parse request body"


def test_me_answers_when_the_database_refuses_writes(world, monkeypatch):
    def read_only(self: QuerySet, **values: object) -> int:
        raise DatabaseError("cannot execute UPDATE in a read-only transaction")

    monkeypatch.setattr(QuerySet, "update", read_only)
    response = Client().get("/api/v1/me", headers=bearer(world))
    assert response.status_code == 200
    assert response.json()["username"] == "subject"


def test_a_nul_character_in_the_phones_session_log_is_refused(world):
    client = Client()
    client.force_login(world.users["patient"])
    body = {
        "client_id": "6f1c5a3e-1d2b-4c3a-9e8f-0a1b2c3d4e5f",
        "program": world.program.pk,
        "session": {"date": "2026-11-20", "pain_before": 2, "note": "bad\u0000note"},
    }
    response = client.post("/my/session/log", json.dumps(body), content_type="application/json")
    assert response.status_code == 422
    assert "session.note" in response.json()["errors"][0]
