"""Two clinics (tests/personas.py) and a client that calls the API with a role's key."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from django.test import Client

from backrehab.api.auth import issue_token
from tests.personas import DEMO, World, build_world


class ApiClient:
    """Calls /api/v1/ as one person, with a bearer key made for them."""

    def __init__(self, key: str | None) -> None:
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path: str, **query: Any) -> Any:
        return self.client.get(f"/api/v1{path}", query, headers=self.headers)

    def post(self, path: str, body: Any = None, **query: Any) -> Any:
        url = f"/api/v1{path}"
        if query:
            url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
        return self.client.post(
            url,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers,
        )


@pytest.fixture
def world(library_in_db) -> World:
    return build_world()


@pytest.fixture
def api_as(world):
    """api_as("clinician") -> an ApiClient with that role's key; "anonymous" sends none."""

    def make(role: str) -> ApiClient:
        user = world.user(role)
        return ApiClient(issue_token(user, "test") if user is not None else None)

    return make


def session_body(world: World, **changes: Any) -> dict[str, Any]:
    """A well-formed session of the subject's first program item, as the app sends it."""
    item = world.program.plan["items"][0]
    done = {
        "exercise": item["exercise"],
        "sets": item["sets"],
        "reps": item["reps"],
        "hold_seconds": item["hold_seconds"],
        "duration_seconds": item["duration_seconds"],
        "pain_during": 2,
        "effort": 4,
    }
    done.update(changes.pop("exercise", {}))
    return {
        "client_id": str(uuid.uuid4()),
        "program": world.program.pk,
        "session": {"date": "2026-11-05", "pain_before": 2, "exercises": [done], **changes},
    }


def intake_answers(**changes: Any) -> dict[str, Any]:
    answers: dict[str, Any] = json.loads((DEMO / "alex.json").read_text())
    answers.update(changes)
    return answers
