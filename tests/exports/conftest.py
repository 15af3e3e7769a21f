from __future__ import annotations

import uuid
from typing import Any

import pytest

from backrehab.care import services
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed
from tests import personas

alex_answers = personas.alex_answers  # the demo intake (other export tests import it from here)


def references(value: Any) -> list[str]:
    """Every Reference.reference anywhere in a resource or list of resources."""
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [ref for item in value.values() for ref in references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in references(item)]
    return []


def make_patient(clinic: Clinic, username: str, clinician: StaffMember | None = None) -> Patient:
    """A patient named after the username, of the Doe family (the handout's file name uses it)."""
    return personas.patient(clinic, clinician, username, username.title(), "Doe")


@pytest.fixture
def clinic(db) -> Clinic:
    return personas.clinic("Riverside Physiotherapy", "riverside")


@pytest.fixture
def clinician(clinic) -> StaffMember:
    return personas.staff(clinic, Role.CLINICIAN, "jo", "Jo", "Martinez")


@pytest.fixture
def alex(library_in_db, clinic, clinician) -> Patient:
    """Alex from the demo, evaluated with the demo intake, with one session done."""
    patient = make_patient(clinic, "alex", clinician)
    program = personas.evaluated(patient)
    item = program.plan["items"][0]
    services.record_session(
        patient,
        program,
        uuid.UUID("00000000-0000-4000-8000-000000000001"),
        {
            "date": "2026-11-03",
            "pain_before": 4,
            "pain_after": 3,
            "note": "Felt easier at the end.",
            "exercises": [done_as_prescribed(item, pain_during=3, effort=5)],
        },
    )
    return patient
