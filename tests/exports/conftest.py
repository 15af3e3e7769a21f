from __future__ import annotations

import datetime as dt
import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from backrehab.care import services
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed

DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"


def alex_answers() -> dict:
    return json.loads((DEMO / "alex.json").read_text())


def references(value: Any) -> list[str]:
    """Every Reference.reference anywhere in a resource or list of resources."""
    if isinstance(value, dict):
        own = [value["reference"]] if isinstance(value.get("reference"), str) else []
        return own + [ref for item in value.values() for ref in references(item)]
    if isinstance(value, list):
        return [ref for item in value for ref in references(item)]
    return []


def make_patient(clinic: Clinic, username: str, clinician: StaffMember | None = None) -> Patient:
    user = User.objects.create_user(
        username, password="a-long-test-password", first_name=username.title(), last_name="Doe"
    )
    return Patient.objects.create(
        user=user, clinic=clinic, clinician=clinician, joined_on=dt.date(2026, 11, 1)
    )


@pytest.fixture
def clinic(db) -> Clinic:
    return Clinic.objects.create(name="Riverside Physiotherapy", slug="riverside")


@pytest.fixture
def clinician(clinic) -> StaffMember:
    user = User.objects.create_user(
        "jo", password="a-long-test-password", first_name="Jo", last_name="Martinez"
    )
    return StaffMember.objects.create(user=user, clinic=clinic, role=Role.CLINICIAN)


@pytest.fixture
def alex(library_in_db, clinic, clinician) -> Patient:
    """Alex from the demo, evaluated with the demo intake, with one session done."""
    patient = make_patient(clinic, "alex", clinician)
    program = services.evaluate(patient, alex_answers()).program
    assert program is not None
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
