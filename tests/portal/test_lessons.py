"""Lessons in the patient app: the evaluation's picks first, then the rest."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.clinical.education import TOPICS
from backrehab.operations.demo import seed_demo_clinic
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    return Patient.objects.get(user__username="demo-alex")


def test_anonymous_visitors_are_asked_to_sign_in(client):
    for url in ("/my/learn/", "/my/learn/lifting/"):
        assert client.get(url)["Location"].startswith("/login/")


def test_the_lessons_the_evaluation_picked_come_first(client, alex):
    program = Program.objects.get(patient=alex, is_active=True)
    picked = [item["topic"] for item in program.plan["education"]]
    assert picked and len(picked) < len(TOPICS)
    text = client.get("/my/learn/").text
    chosen, _, rest = text.partition("More lessons")
    for topic in picked:
        assert f'href="/my/learn/{topic}/"' in chosen
    for topic in set(TOPICS) - set(picked):
        assert f'href="/my/learn/{topic}/"' in rest


def test_without_a_program_every_lesson_is_listed(client):
    clinic = personas.clinic("Clinic", "c")
    newbie = personas.patient(clinic, None, "newbie", joined_on=timezone.localdate())
    client.force_login(newbie.user)
    text = client.get("/my/learn/").text
    assert "All lessons" in text and "Chosen for you" not in text
    assert all(f'href="/my/learn/{t}/"' in text for t in TOPICS)


def test_a_lesson_shows_why_steps_mistakes_and_sources(client, alex):
    text = client.get("/my/learn/transitions-bed/").text
    assert "Getting in and out of bed" in text
    for heading in ("Why it matters", "How to do it", "Common mistakes", "Sources"):
        assert f"<h2>{heading}</h2>" in text
    assert '<ol class="lesson-steps">' in text


def test_a_picked_lesson_says_why_it_was_chosen(client, alex):
    program = Program.objects.get(patient=alex, is_active=True)
    item = program.plan["education"][0]
    text = client.get(f"/my/learn/{item['topic']}/").text
    assert "Why this lesson is for you" in text and item["reasons"][0]["text"] in text


def test_an_unknown_lesson_is_not_found(client, alex):
    assert client.get("/my/learn/juggling/").status_code == 404
