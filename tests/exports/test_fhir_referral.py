"""A red-flag referral becomes a ServiceRequest whose priority follows the engine's urgency."""

from __future__ import annotations

import pytest

from backrehab.care import services
from backrehab.clinical.red_flags import Urgency
from backrehab.exports.fhir import REFERRAL_PRIORITY, patient_bundle
from tests.exports.conftest import alex_answers, make_patient

pytestmark = pytest.mark.django_db


def referrals(patient) -> list[dict]:
    return [
        e["resource"]
        for e in patient_bundle(patient)["entry"]
        if e["resource"]["resourceType"] == "ServiceRequest"
        and e["resource"]["code"]["coding"][0]["code"] == "3457005"
    ]


@pytest.mark.parametrize(
    ("red_flag", "priority"),
    [
        ("saddle_numbness", "stat"),  # cauda equina: emergency department now
        ("fever_chills_or_sweats", "asap"),  # possible infection: a doctor the same day
        ("history_of_cancer", "urgent"),  # a doctor within days
    ],
)
def test_a_red_flag_answer_is_a_referral_at_the_matching_priority(
    library_in_db, clinic, red_flag, priority
):
    patient = make_patient(clinic, "riley")
    answers = {**alex_answers(), "red_flags": {red_flag: True}}
    result = services.evaluate(patient, answers)
    assert result.program is None
    (referral,) = referrals(patient)
    assert referral["priority"] == priority
    assert referral["subject"]["reference"].startswith("urn:uuid:")
    assert referral["reasonCode"][0]["coding"][0]["code"]
    assert referral["patientInstruction"]


def test_every_engine_urgency_has_a_fhir_priority():
    assert set(REFERRAL_PRIORITY) == set(Urgency)
    assert REFERRAL_PRIORITY[Urgency.ROUTINE] == "routine"
    assert REFERRAL_PRIORITY[Urgency.SOON] == "urgent"


def test_no_referral_without_a_red_flag(alex):
    assert referrals(alex) == []
