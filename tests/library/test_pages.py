"""Library pages: browse, filter, search, detail, figures; each with a JSON twin."""

from __future__ import annotations

import pytest

from backrehab.library import actions

from .factories import clinic_staff, document, make_library, save_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def small_library():
    actions.do_sync_bundled_library(
        make_library(
            document("glute-bridge"),
            document(
                "wall-squat",
                name="Wall squat",
                aliases=["Wall sit"],
                category="strength",
                position="standing",
                equipment=["wall"],
            ),
            document(
                "cat-camel",
                name="Cat-camel",
                aliases=["Cat-cow"],
                category="mobility",
                position="quadruped",
                equipment=[],
                precautions=[],
                progression=[
                    {"exercise": "glute-bridge", "note": "Then bridges."},
                    {"dose": {"hold_seconds": 5}},
                ],
            ),
        )
    )


def names(response) -> list[str]:
    return [e["name"] for e in response.json()["exercises"]]


def test_the_library_lists_every_exercise(client):
    response = client.get("/exercises/")
    assert response.status_code == 200
    for name in ("Glute bridge", "Wall squat", "Cat-camel"):
        assert name in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("category=mobility", ["Cat-camel"]),
        ("position=standing", ["Wall squat"]),
        ("equipment=wall", ["Wall squat"]),
        ("bias=neutral", ["Cat-camel", "Glute bridge", "Wall squat"]),
        ("q=wall+sit", ["Wall squat"]),
        ("q=cow", ["Cat-camel"]),
        ("q=BRIDGE", ["Glute bridge"]),
        ("category=strength&position=supine", ["Glute bridge"]),
    ],
)
def test_filters_and_search_narrow_the_list(client, query, expected):
    assert names(client.get(f"/exercises.json?{query}")) == expected


def test_the_html_list_and_its_json_twin_agree(client):
    html = client.get("/exercises/?position=standing").text
    data = client.get("/exercises.json?position=standing").json()
    assert data["count"] == 1 and "Wall squat" in html and "Glute bridge" not in html


def test_a_bad_filter_value_is_named_and_the_list_still_shows(client):
    response = client.get("/exercises/?category=juggling")
    assert response.status_code == 200
    assert "Category: Select a valid choice" in response.text
    assert "Glute bridge" in response.text
    assert "category" in client.get("/exercises.json?category=juggling").json()["errors"]


def test_no_match_says_so_with_a_way_back(client):
    response = client.get("/exercises/?q=trampoline")
    assert "No exercise matches these filters" in response.text


def test_the_detail_page_shows_the_animation_steps_dose_and_ladder(client):
    response = client.get("/exercises/cat-camel/")
    assert response.status_code == 200
    text = response.text
    assert "<animate" in text
    assert "2 sets of 10 repetitions, hold each 3 s" in text
    assert 'href="/exercises/glute-bridge/"' in text  # progression to another exercise
    assert "Hold 5 s" in text  # a dose step in words
    for step in document()["steps"]:
        assert step.replace("'", "&#x27;") in text


def test_the_detail_json_twin_has_the_whole_exercise(client):
    data = client.get("/exercises/glute-bridge.json").json()
    for field in (
        "id",
        "name",
        "category",
        "position",
        "bias",
        "equipment",
        "steps",
        "dose",
        "progression",
        "regression",
        "precautions",
        "figures",
    ):
        assert field in data
    assert data["figures"]["start"].endswith("/exercises/glute-bridge/start.svg")


def test_precautions_are_shown_in_plain_words(client):
    text = client.get("/exercises/glute-bridge/").text
    assert "High irritability (pain 7/10 or more)" in text and "not advised" in text


@pytest.mark.parametrize("kind", ["figure", "start", "peak"])
def test_figures_are_served_as_svg(client, kind):
    response = client.get(f"/exercises/glute-bridge/{kind}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


@pytest.mark.parametrize(
    "url",
    ["/exercises/moon-walk/", "/exercises/moon-walk.json", "/exercises/glute-bridge/sideways.svg"],
)
def test_unknown_exercises_and_figures_are_404(client, url):
    assert client.get(url).status_code == 404


def test_pages_refuse_to_be_posted_to(client):
    assert client.post("/exercises/").status_code == 405


@pytest.fixture
def clinic_exercises():
    """Each of two clinics has an exercise of its own."""
    home, away = clinic_staff("home"), clinic_staff("away")
    save_for(home, document("home-bridge", name="Home bridge"))
    save_for(away, document("away-bridge", name="Away bridge"))
    return home, away


def test_the_public_library_lists_bundled_exercises_only(client, clinic_exercises):
    listed = names(client.get("/exercises.json"))
    assert listed == ["Cat-camel", "Glute bridge", "Wall squat"]
    assert "Home bridge" not in client.get("/exercises/").text
    api = client.get("/api/v1/exercises").json()
    assert [e["name"] for e in api["items"]] == listed


@pytest.mark.parametrize(
    "url",
    [
        "/exercises/home-bridge/",
        "/exercises/home-bridge.json",
        "/exercises/home-bridge/peak.svg",
        "/api/v1/exercises/home-bridge",
    ],
)
def test_a_clinics_own_exercise_is_not_public(client, clinic_exercises, url):
    assert client.get(url).status_code == 404


def test_a_clinics_staff_see_their_own_exercises_and_never_another_clinics(
    client, clinic_exercises
):
    home, _away = clinic_exercises
    client.force_login(home.user)
    listed = names(client.get("/exercises.json"))
    assert "Home bridge" in listed and "Away bridge" not in listed
    assert client.get("/exercises/home-bridge/").status_code == 200
    assert client.get("/exercises/away-bridge/").status_code == 404
    assert client.get("/exercises/away-bridge/figure.svg").status_code == 404
    api = [e["name"] for e in client.get("/api/v1/exercises").json()["items"]]
    assert "Home bridge" in api and "Away bridge" not in api
    assert client.get("/api/v1/exercises/away-bridge").status_code == 404


def test_a_clinics_own_figure_is_not_kept_by_shared_caches(client, clinic_exercises):
    home, _away = clinic_exercises
    client.force_login(home.user)
    assert client.get("/exercises/home-bridge/peak.svg")["Cache-Control"].startswith("private")
    assert client.get("/exercises/glute-bridge/peak.svg")["Cache-Control"].startswith("public")
