"""Every list is paged, with a bounded page size."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_limit_and_offset_page_through_a_list(library_in_db):
    client = ApiClient(None)
    everything = client.get("/exercises", limit=200).json()
    first = client.get("/exercises", limit=3).json()
    second = client.get("/exercises", limit=3, offset=3).json()
    assert first["count"] == second["count"] == everything["count"]
    assert [e["id"] for e in first["items"] + second["items"]] == [
        e["id"] for e in everything["items"][:6]
    ]


def test_a_page_is_50_unless_asked(library_in_db):
    body = ApiClient(None).get("/exercises").json()
    assert len(body["items"]) == min(50, body["count"])


@pytest.mark.parametrize("query", [{"limit": 201}, {"limit": 0}, {"offset": -1}, {"limit": "x"}])
def test_a_page_size_out_of_bounds_answers_422(library_in_db, query):
    response = ApiClient(None).get("/exercises", **query)
    assert response.status_code == 422
    assert response.json()["errors"]
