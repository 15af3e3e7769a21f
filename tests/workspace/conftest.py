"""People and records for the workspace specs, built in code (no fixtures files)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from backrehab.care import services
from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed

DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"


def alex_answers() -> dict[str, Any]:
    return copy.deepcopy(json.loads((DEMO / "alex.json").read_text()))


@dataclass
class People:
    clinic: Clinic
    me: StaffMember
    colleague: StaffMember
    admin: StaffMember
    other_clinic: Clinic
    stranger: StaffMember  # a clinician of another clinic


def make_user(username: str, first: str = "", last: str = "") -> User:
    return User.objects.create_user(
        username, password="a-long-test-password", first_name=first, last_name=last
    )


def make_patient(
    clinic: Clinic, clinician: StaffMember | None, username: str, first: str = "", last: str = ""
) -> Patient:
    return Patient.objects.create(
        user=make_user(username, first, last),
        clinic=clinic,
        clinician=clinician,
        joined_on=dt.date.today() - dt.timedelta(days=30),
    )


def log_session(
    patient: Patient,
    program: Program,
    day: dt.date,
    pain_before: int = 3,
    *,
    morning: int | None = None,
    peripheralised: bool = False,
    red_flags: list[str] | None = None,
    pain_during: int = 2,
) -> SessionLog:
    item = program.plan["items"][0]
    data: dict[str, Any] = {
        "date": day.isoformat(),
        "pain_before": pain_before,
        "new_red_flags": red_flags or [],
        "exercises": [
            done_as_prescribed(
                item, pain_during=pain_during, effort=4, peripheralised=peripheralised
            )
        ],
    }
    if morning is not None:
        data["next_morning_pain"] = morning
    log, _ = services.record_session(patient, program, uuid.uuid4(), data)
    return log


@pytest.fixture
def people(library_in_db) -> People:
    clinic = Clinic.objects.create(name="Home Clinic", slug="home")
    other = Clinic.objects.create(name="Away Clinic", slug="away")
    return People(
        clinic=clinic,
        me=StaffMember.objects.create(user=make_user("me", "Dana", "Okafor"), clinic=clinic),
        colleague=StaffMember.objects.create(
            user=make_user("colleague", "Lee", "Chen"), clinic=clinic
        ),
        admin=StaffMember.objects.create(
            user=make_user("admin", "Morgan", "Reyes"), clinic=clinic, role=Role.ADMIN
        ),
        other_clinic=other,
        stranger=StaffMember.objects.create(user=make_user("stranger"), clinic=other),
    )


@pytest.fixture
def alex(people: People) -> Patient:
    """My patient, with the demo intake and its program."""
    patient = make_patient(people.clinic, people.me, "alex", "Alex", "Turner")
    services.evaluate(patient, alex_answers())
    return patient


def active_program(patient: Patient) -> Program:
    return Program.objects.get(patient=patient, is_active=True)
