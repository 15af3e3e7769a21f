"""The exercise library through the API: public, filterable, in the reader's language."""

from __future__ import annotations

import pytest

from tests.api.conftest import ApiClient

pytestmark = pytest.mark.django_db


def test_anyone_can_list_exercises_without_a_key(library_in_db):
    body = ApiClient(None).get("/exercises", limit=200).json()
    assert body["count"] == len(body["items"]) > 10
    assert {"id", "name", "summary", "category", "position", "equipment"} <= set(body["items"][0])


def test_filters_narrow_the_list(library_in_db):
    client = ApiClient(None)
    supine = client.get("/exercises", position="supine", limit=200).json()["items"]
    assert supine and all(e["position"] == "supine" for e in supine)
    mat = client.get("/exercises", equipment="mat", category="strength", limit=200).json()["items"]
    assert all("mat" in e["equipment"] and e["category"] == "strength" for e in mat)


def test_an_unknown_filter_value_answers_422_naming_it(library_in_db):
    response = ApiClient(None).get("/exercises", position="upside-down")
    assert response.status_code == 422
    assert response.json()["errors"][0].startswith("position: ")


def test_one_exercise_has_its_steps_dose_and_precautions(library_in_db):
    client = ApiClient(None)
    first = client.get("/exercises").json()["items"][0]["id"]
    detail = client.get(f"/exercises/{first}").json()
    assert detail["id"] == first
    assert len(detail["steps"]) >= 2
    assert detail["dose"]["sets"] >= 1
    assert detail["dose_text"]


def test_an_unknown_exercise_answers_404(library_in_db):
    response = ApiClient(None).get("/exercises/no-such-thing")
    assert response.status_code == 404
    assert response.json()["detail"] == "No such exercise."


def test_names_come_in_the_readers_language(library_in_db):
    english = ApiClient(None).get("/exercises", q="bird").json()["items"][0]["name"]
    client = ApiClient(None)
    spanish = client.client.get(
        "/api/v1/exercises", {"q": "bird"}, headers={"Accept-Language": "es"}
    ).json()
    assert spanish["items"][0]["name"] != english
