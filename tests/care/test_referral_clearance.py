"""A referral that stopped the program stands until a clinician clears it, with who, when and why
on the record and in the audit log; the evaluation action keeps to that for every caller."""

from __future__ import annotations

import pytest

from backrehab.audit.models import AuditEvent
from backrehab.care.actions.evaluations import ClearanceRefused, do_clear_referral, do_evaluate
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import Evaluation, Program, ReferralClearance
from backrehab.care.referrals import standing_referral
from backrehab.clinic.models import Role
from backrehab.clinical.intake import RedFlags
from tests import personas

pytestmark = pytest.mark.django_db


def answers(**red_flags: bool) -> dict:
    data = personas.alex_answers()
    data["red_flags"] = {**dict.fromkeys(RedFlags.model_fields, False), **red_flags}
    return data


@pytest.fixture
def clinic():
    return personas.clinic("Clinic", "c")


@pytest.fixture
def patient(clinic):
    return personas.patient(clinic, None, "pat")


@pytest.fixture
def clinician(clinic):
    return personas.staff(clinic, Role.CLINICIAN, "dana").user


def test_an_evaluation_with_a_red_flag_question_left_out_builds_no_program(patient, library_in_db):
    partial = answers()
    del partial["red_flags"]["foot_drop"]
    with pytest.raises(CareInputInvalid) as refused:
        do_evaluate(patient, partial)
    assert any(p.startswith("red_flags.foot_drop: not answered") for p in refused.value.problems)
    assert not Evaluation.objects.exists()


def test_a_red_flag_answer_refers_even_when_other_questions_were_not_reached(
    patient, library_in_db
):
    result = do_evaluate(patient, {**answers(), "red_flags": {"saddle_numbness": True}})
    assert result.program is None
    assert (result.evaluation.referral or {})["urgency"] == "emergency"


def test_after_a_stopping_referral_no_program_until_a_clinician_clears_it(
    patient, clinician, library_in_db
):
    referred = do_evaluate(patient, answers(saddle_numbness=True)).evaluation
    held = do_evaluate(patient, answers())
    assert held.program is None
    assert held.held_by == referred
    assert standing_referral(patient) == referred

    clearance = do_clear_referral(patient, by=clinician, reason="Seen in A&E: no CES.")
    assert clearance.evaluation == referred
    assert clearance.cleared_by_name == "dana"
    assert standing_referral(patient) is None
    event = AuditEvent.objects.filter(patient_id=patient.pk, what__endswith=") cleared").get()
    assert event.actor_name == "dana"

    rebuilt = do_evaluate(patient, answers())
    assert rebuilt.program is not None
    assert Program.objects.get(patient=patient, is_active=True) == rebuilt.program


def test_a_red_flag_answered_again_after_clearance_refers_again(patient, clinician, library_in_db):
    do_evaluate(patient, answers(saddle_numbness=True))
    do_clear_referral(patient, by=clinician, reason="Seen in A&E.")
    again = do_evaluate(patient, answers(saddle_numbness=True))
    assert again.program is None
    assert standing_referral(patient) == again.evaluation


def test_a_clearance_needs_a_reason_and_a_referral_to_clear(patient, clinician, library_in_db):
    with pytest.raises(ClearanceRefused):
        do_clear_referral(patient, by=clinician, reason="Nothing to clear.")
    do_evaluate(patient, answers(fever_chills_or_sweats=True))
    with pytest.raises(ClearanceRefused):
        do_clear_referral(patient, by=clinician, reason="   ")
    do_clear_referral(patient, by=clinician, reason="GP: viral, no infection of the spine.")
    with pytest.raises(ClearanceRefused):
        do_clear_referral(patient, by=clinician, reason="Twice.")
    assert ReferralClearance.objects.count() == 1


def test_every_evaluation_is_audited_in_the_same_action(patient, library_in_db):
    do_evaluate(patient, answers())
    assert AuditEvent.objects.filter(
        patient_id=patient.pk, what="intake evaluation recorded; program built"
    ).exists()


def test_the_clinician_clears_a_referral_from_the_record(client, patient, clinician, library_in_db):
    do_evaluate(patient, answers(saddle_numbness=True))
    client.force_login(clinician)
    record = client.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert "No new program is built until you clear this referral." in record
    empty = client.post(f"/clinic/patients/{patient.pk}/referral/clear/", {"reason": ""})
    assert empty.status_code == 302
    assert not ReferralClearance.objects.exists()
    response = client.post(
        f"/clinic/patients/{patient.pk}/referral/clear/",
        {"reason": "Seen in the emergency department: no cauda equina syndrome."},
    )
    assert response["Location"] == f"/clinic/patients/{patient.pk}/#referral"
    record = client.get(f"/clinic/patients/{patient.pk}/").content.decode()
    assert "Seen in the emergency department: no cauda equina syndrome." in record
    assert "No new program is built until you clear this referral." not in record


def test_a_cleared_soon_referral_lets_the_same_answers_build_a_program(
    patient, clinician, library_in_db
):
    referred = do_evaluate(patient, answers(thoracic_pain=True))
    assert referred.program is None
    assert (referred.evaluation.referral or {})["urgency"] == "soon"
    do_clear_referral(patient, by=clinician, reason="GP examined the upper back: mechanical.")
    again = do_evaluate(patient, answers(thoracic_pain=True))
    assert again.program is not None
    rules = [r["rule"] for r in (again.evaluation.referral or {})["reasons"]]
    assert "clearance-recorded" in rules
