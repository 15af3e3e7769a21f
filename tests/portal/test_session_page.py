"""The guided session page: the player and everything it needs to run offline, in one page."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.library.models import ExerciseRecord
from backrehab.operations.demo import seed_demo_clinic
from tests import personas

pytestmark = pytest.mark.django_db


def plan_in(text: str) -> dict:
    match = re.search(
        r'<script id="session-plan" type="application/json">(.*?)</script>', text, re.S
    )
    assert match, "the page embeds the session plan"
    return json.loads(match.group(1))


@pytest.fixture
def sam(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-sam"))
    return Patient.objects.get(user__username="demo-sam")


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get("/my/session/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_patient_without_a_program_goes_back_to_today(client):
    newbie = personas.patient(
        personas.clinic("Clinic", "c"), None, "newbie", joined_on=timezone.localdate()
    )
    client.force_login(newbie.user)
    response = client.get("/my/session/")
    assert response.status_code == 302 and response["Location"] == "/my/"


def test_the_page_embeds_the_plan_of_the_program_in_force(client, sam):
    program = Program.objects.get(patient=sam, is_active=True)
    plan = plan_in(client.get("/my/session/").text)
    assert plan["program"] == program.pk
    assert [i["exercise"] for i in plan["items"]] == [i["exercise"] for i in program.plan["items"]]


def test_each_item_carries_words_dose_rest_and_why_it_was_chosen(client, sam):
    program = Program.objects.get(patient=sam, is_active=True)
    plan = plan_in(client.get("/my/session/").text)
    for item, prescribed in zip(plan["items"], program.plan["items"], strict=True):
        exercise = ExerciseRecord.objects.get(slug=item["exercise"]).exercise
        assert item["name"] == exercise.name
        assert item["steps"] == exercise.steps and item["cues"] == exercise.cues
        assert item["breathing"] == exercise.breathing
        for key in ("sets", "reps", "hold_seconds", "duration_seconds", "per_side"):
            assert item[key] == prescribed[key], key
        assert item["rest_seconds"] == exercise.dose.rest_seconds
        assert item["why"] == [r["text"] for r in prescribed["reasons"]]
        assert item["dose_text"]


def test_the_dose_is_the_programs_not_the_library_default(client, sam):
    program = Program.objects.get(patient=sam, is_active=True)
    program.plan["items"][0]["sets"] = 4
    program.save()
    plan = plan_in(client.get("/my/session/").text)
    assert plan["items"][0]["sets"] == 4
    assert plan["items"][0]["dose_text"].startswith("4 sets")


def test_every_exercise_figure_is_in_the_page_for_offline_use(client, sam):
    text = client.get("/my/session/").text
    for item in plan_in(text)["items"]:
        record = ExerciseRecord.objects.get(slug=item["exercise"])
        assert f'data-figure-for="{record.slug}"' in text
        assert record.figure_animated in text


def test_the_page_loads_the_player_and_outbox_and_no_inline_code(client, sam):
    text = client.get("/my/session/").text
    assert "backrehab/player.js" in text and "backrehab/outbox.js" in text
    assert "backrehab/player.css" in text
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", text, re.S)
    for attrs, body in scripts:
        assert "src=" in attrs or 'type="application/json"' in attrs, body[:80]


def test_the_page_carries_a_csrf_token_and_the_log_address(client, sam):
    response = client.get("/my/session/")
    assert 'data-log-url="/my/session/log"' in response.text
    assert re.search(r'data-csrf="[A-Za-z0-9]{32,}"', response.text)
    assert "csrftoken" in response.cookies


def test_without_javascript_the_steps_are_listed(client, sam):
    text = client.get("/my/session/").text
    first = plan_in(text)["items"][0]
    assert "The guided timer needs JavaScript" in text
    assert first["steps"][0].replace("'", "&#x27;") in text


def test_the_directional_exercise_is_marked_so_the_player_asks_about_centralising(client, sam):
    program = Program.objects.get(patient=sam, is_active=True)
    items = program.plan["items"]
    items[0]["reasons"] = [
        {"rule": "focus-preference", "text": "Eases your pain in its direction."},
        *[r for r in items[0]["reasons"] if r["rule"] not in ("focus-preference",)],
    ]
    for item in items[1:]:
        item["reasons"] = [
            r
            for r in item["reasons"]
            if r["rule"] not in ("focus-preference", "focus-preference-training")
        ]
    program.save(update_fields=["plan"])
    plan = plan_in(client.get("/my/session/").text)
    assert [i["directional"] for i in plan["items"]] == [True] + [False] * (len(items) - 1)


def test_the_directional_exercise_says_its_times_a_day_in_the_player(client, sam):
    """Issue 9, item 7: the times-per-day dose reaches the player, not only the program."""
    program = Program.objects.get(patient=sam, is_active=True)
    program.plan["items"][0]["times_per_day"] = 6
    program.save()
    plan = plan_in(client.get("/my/session/").text)
    assert plan["items"][0]["dose_text"].endswith("; 6 times a day, spread through the day")
    assert "a day" not in plan["items"][1]["dose_text"]
