"""Evaluations, programs and session logs are stored whole, once, and for the right patient."""

from __future__ import annotations

import copy
import uuid
from collections.abc import Callable

import pytest

from backrehab.care import services
from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.progression import done_as_prescribed
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def answers() -> dict:
    return personas.alex_answers()


@pytest.fixture
def make_patient(db) -> Callable[..., Patient]:
    """Patients of one clinic."""
    clinic = personas.clinic("Clinic", "c")

    def make(name: str = "pat") -> Patient:
        return personas.patient(clinic, None, name)

    return make


def program_for(patient: Patient, answers: dict) -> Program:
    return personas.evaluated(patient, answers)


def session(program: Program) -> dict:
    item = program.plan["items"][0]
    return {
        "date": "2026-11-03",
        "pain_before": 4,
        "exercises": [done_as_prescribed(item, pain_during=3, effort=5)],
    }


def test_an_evaluation_builds_and_stores_the_program(library_in_db, answers, make_patient):
    result = services.evaluate(make_patient(), answers)
    assert result.program is not None and result.program.is_active
    assert result.program.plan["items"]
    assert result.evaluation.scores["odi"] is not None


def test_invalid_answers_store_nothing_and_name_the_field(library_in_db, answers, make_patient):
    answers["pain"]["now"] = 11
    with pytest.raises(services.CareInputInvalid) as error:
        services.evaluate(make_patient(), answers)
    assert any("pain.now" in p for p in error.value.problems)
    assert not Evaluation.objects.exists() and not Program.objects.exists()


def test_a_red_flag_stores_the_referral_and_no_program(library_in_db, answers, make_patient):
    flagged = copy.deepcopy(answers)
    flagged["red_flags"] = {"saddle_numbness": True}
    result = services.evaluate(make_patient(), flagged)
    assert result.program is None
    assert result.evaluation.referral is not None
    assert result.evaluation.referral["urgency"] == "emergency"


def test_a_new_program_replaces_the_one_in_force(library_in_db, answers, make_patient):
    patient = make_patient()
    first = services.evaluate(patient, answers).program
    second = services.evaluate(patient, answers, kind=Evaluation.Kind.REASSESSMENT).program
    first.refresh_from_db()
    assert not first.is_active and second.is_active


def test_a_session_sent_twice_is_stored_once(library_in_db, answers, make_patient):
    patient = make_patient()
    program = program_for(patient, answers)
    client_id = uuid.uuid4()
    log, created = services.record_session(patient, program, client_id, session(program))
    again, created_again = services.record_session(patient, program, client_id, session(program))
    assert created and not created_again and log.pk == again.pk
    assert SessionLog.objects.count() == 1


def test_a_session_cannot_be_filed_under_another_patients_program(
    library_in_db, answers, make_patient
):
    program = program_for(make_patient("a"), answers)
    with pytest.raises(services.CareInputInvalid, match="not this patient's program"):
        services.record_session(make_patient("b"), program, uuid.uuid4(), session(program))


def test_an_invalid_session_is_refused_with_the_field_named(library_in_db, answers, make_patient):
    patient = make_patient()
    program = program_for(patient, answers)
    bad = session(program)
    bad["exercises"][0]["pain_during"] = 12
    with pytest.raises(services.CareInputInvalid, match="pain_during"):
        services.record_session(patient, program, uuid.uuid4(), bad)
    assert not SessionLog.objects.exists()


def test_a_device_id_used_by_one_patient_cannot_file_another_patients_session(
    library_in_db, answers, make_patient
):
    alex, sam = make_patient("alex"), make_patient("sam")
    alex_program, sam_program = program_for(alex, answers), program_for(sam, answers)
    client_id = uuid.uuid4()
    services.record_session(alex, alex_program, client_id, session(alex_program))
    with pytest.raises(services.CareInputInvalid, match="client_id"):
        services.record_session(sam, sam_program, client_id, session(sam_program))
