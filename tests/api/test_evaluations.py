"""Recording an intake through the API runs the engine, and bad answers say what is wrong."""

from __future__ import annotations

import pytest

from backrehab.care.models import Evaluation, Program
from tests.api.conftest import intake_answers

pytestmark = pytest.mark.django_db


def test_an_intake_is_scored_and_replaces_the_program_in_force(world, api_as):
    response = api_as("clinician").post(
        f"/patients/{world.subject.pk}/evaluations", intake_answers()
    )
    assert response.status_code == 201
    body = response.json()
    new_program = Program.objects.get(patient=world.subject, is_active=True)
    assert body["program_id"] == new_program.pk != world.program.pk
    assert body["evaluation"]["scores"]["nprs"] == {"now": 5, "best": 3, "worst": 6}
    assert body["evaluation"]["referral"] is None
    assert new_program.created_by == world.user("clinician")


def test_a_reassessment_is_recorded_as_one(world, api_as):
    response = api_as("patient").post(
        f"/patients/{world.subject.pk}/evaluations", intake_answers(), kind="reassessment"
    )
    assert response.status_code == 201
    assert response.json()["evaluation"]["kind"] == "reassessment"


def test_a_red_flag_answer_gives_a_referral_and_no_program(world, api_as):
    answers = intake_answers(red_flags={"saddle_numbness": True})
    response = api_as("clinician").post(f"/patients/{world.subject.pk}/evaluations", answers)
    assert response.status_code == 201
    body = response.json()
    assert body["program_id"] is None
    assert body["evaluation"]["referral"]["urgency"] == "emergency"
    assert not Program.objects.filter(patient=world.subject, is_active=True).exists()


def test_invalid_answers_answer_422_naming_each_field_and_store_nothing(world, api_as):
    before = Evaluation.objects.count()
    answers = intake_answers(age=5, pain={"now": 11, "best": 3, "worst": 6}, colour="blue")
    response = api_as("clinician").post(f"/patients/{world.subject.pk}/evaluations", answers)
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert any(e.startswith("age: ") for e in errors)
    assert any(e.startswith("pain.now: ") for e in errors)
    assert "colour: unknown field" in errors
    assert Evaluation.objects.count() == before


def test_contradicting_answers_are_explained(world, api_as):
    answers = intake_answers(worse_with=["sitting"], better_with=["sitting"])
    response = api_as("clinician").post(f"/patients/{world.subject.pk}/evaluations", answers)
    assert response.status_code == 422
    assert any("both making it worse and easing it" in e for e in response.json()["errors"])


def test_the_evaluation_list_shows_scores_referral_and_the_program_built(world, api_as):
    items = api_as("patient").get(f"/patients/{world.subject.pk}/evaluations").json()["items"]
    assert len(items) == 1
    assert items[0]["program_id"] == world.program.pk
    assert items[0]["scores"]["startback"]["risk"] == "low"


def test_scores_over_time_judge_change_against_the_first_evaluation(world, api_as):
    better = intake_answers(pain={"now": 1, "best": 0, "worst": 2})
    api_as("patient").post(f"/patients/{world.subject.pk}/evaluations", better, kind="reassessment")
    points = api_as("clinician").get(f"/patients/{world.subject.pk}/scores").json()["items"]
    latest, first = points
    assert latest["kind"] == "reassessment"
    nprs = next(c for c in latest["changes"] if c["measure"] == "nprs")
    assert (nprs["baseline"], nprs["value"], nprs["verdict"]) == (5, 1, "improved")
    assert all(c["verdict"] == "no-important-change" for c in first["changes"])
