"""The intake on the record (issue 12, part 1): every answer grouped as the patient saw the
screens, what changed since the evaluation before, the engine's reading in clinician words, and
an examination finding that re-runs the engine as a proposal for the clinician."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import Action, AuditEvent
from backrehab.care import services
from backrehab.care.models import Evaluation, Program, ProgramProposal
from backrehab.clinic.models import Role
from backrehab.clinical.classification import IRRITABILITY_RULES
from backrehab.workspace.intake_record import IRRITABILITY_BASIS, engine_reading, screens
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def clinic_day(library_in_db):
    home = personas.clinic("Home")
    clinician = personas.staff(home, Role.CLINICIAN, "dana")
    alex = personas.patient(home, clinician, "alex", "Alex", "Turner")
    services.evaluate(alex, personas.alex_answers())
    client = Client()
    client.force_login(clinician.user)
    return alex, clinician, client


def _untested(**changes: Any) -> dict[str, Any]:
    answers = personas.alex_answers()
    answers["repeated_movements"] = {"flexion": "not-tested", "extension": "not-tested"}
    answers.update(changes)
    return answers


def test_every_screen_is_shown_with_each_red_flag_question_answered():
    shown = screens(personas.alex_answers())
    titles = [s.title for s in shown]
    assert titles[0] == "About you"
    assert "Safety check: bladder, bowel and feeling" in titles
    assert {"Your pain", "Where you feel it", "How long", "What changes it", "Your routine"} <= set(
        titles
    )
    bladder = next(s for s in shown if s.title == "Safety check: bladder, bowel and feeling")
    assert bladder.red_flags and not bladder.flagged
    assert bladder.answers and {a.answer for a in bladder.answers} == {"No"}
    how_long = next(s for s in shown if s.title == "How long")
    assert how_long.answers[0].answer == "2 · Weeks"


def test_what_changed_since_the_evaluation_before_is_marked_with_the_earlier_answer():
    before = personas.alex_answers()
    now = personas.alex_answers()
    now["pain"] = {**now["pain"], "now": 2}
    shown = screens(now, before)
    pain = next(s for s in shown if s.title == "Your pain")
    changed = [a for a in pain.answers if a.changed]
    assert [(a.answer, a.before) for a in changed] == [("2", "5")]
    assert not next(s for s in shown if s.title == "Where you feel it").changed


def test_the_reading_says_a_tested_preference_is_tested():
    reading = {f.label: f for f in engine_reading(personas.alex_answers(), {})}
    assert reading["Directional preference"].value == "Extension preference, tested"
    assert reading["Stage"].value == "Acute (under 6 weeks)"


def test_a_history_pattern_is_a_suggestion_to_test_not_a_preference():
    answers = _untested(worse_with=["sitting", "bending-forward"], better_with=["walking"])
    reading = {f.label: f for f in engine_reading(answers, {})}
    preference = reading["Directional preference"]
    assert preference.value == "Extension preference suggested by history, not tested"
    assert "Test repeated extension" in preference.note


def test_every_irritability_rule_has_clinician_words():
    assert set(IRRITABILITY_BASIS) == {rule.id for rule in IRRITABILITY_RULES}


def test_the_page_shows_the_answers_and_is_audited(clinic_day):
    alex, _clinician, client = clinic_day
    response = client.get(reverse("evaluation-latest", kwargs={"patient_id": alex.pk}))
    page = response.content.decode()
    assert response.status_code == 200
    assert "The engine's reading" in page and "Safety check: bladder, bowel" in page
    assert "Record an examination finding" in page
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, action=Action.VIEWED, what__startswith="evaluation of"
    ).exists()


def test_a_finding_is_proposed_to_the_clinician_and_the_patient_keeps_the_program(clinic_day):
    alex, _clinician, client = clinic_day
    services.evaluate(alex, _untested())  # the patient had not tested anything
    in_force = Program.objects.get(patient=alex, is_active=True)

    response = client.post(
        reverse("evaluation-finding", kwargs={"patient_id": alex.pk}),
        {"flexion": "peripheralises", "extension": "centralises"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("proposal", kwargs={"patient_id": alex.pk})
    finding = Evaluation.objects.filter(patient=alex).order_by("-taken_at", "-pk").first()
    assert finding.kind == Evaluation.Kind.EXAMINATION
    assert finding.answers["repeated_movements"] == {
        "flexion": "peripheralises",
        "extension": "centralises",
    }
    proposal = ProgramProposal.objects.get(patient=alex, status=ProgramProposal.Status.PENDING)
    assert proposal.evaluation == finding and proposal.program == in_force
    assert Program.objects.get(patient=alex, is_active=True) == in_force
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, action=Action.CHANGED, what__startswith="examination finding"
    ).exists()
    page = client.get(response["Location"]).content.decode()
    assert "The examination finding recorded on" in page


def test_both_directions_centralising_is_refused_with_a_message(clinic_day):
    alex, _clinician, client = clinic_day
    response = client.post(
        reverse("evaluation-finding", kwargs={"patient_id": alex.pk}),
        {"flexion": "centralises", "extension": "centralises"},
    )
    assert response.status_code == 400
    assert "Both directions cannot centralise" in response.content.decode()
    assert not Evaluation.objects.filter(kind=Evaluation.Kind.EXAMINATION).exists()
