"""People and records for the workspace specs, built in code (no fixtures files)."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from backrehab.care import services
from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed
from tests import personas

alex_answers = personas.alex_answers  # the demo intake (the workspace specs import it from here)


@dataclass
class People:
    clinic: Clinic
    me: StaffMember
    colleague: StaffMember
    admin: StaffMember
    other_clinic: Clinic
    stranger: StaffMember  # a clinician of another clinic


def make_user(username: str, first: str = "", last: str = "") -> User:
    return personas.user(username, first, last)


def make_patient(
    clinic: Clinic, clinician: StaffMember | None, username: str, first: str = "", last: str = ""
) -> Patient:
    """A patient who joined 30 days ago."""
    return personas.patient(
        clinic, clinician, username, first, last, joined_on=dt.date.today() - dt.timedelta(days=30)
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
    clinic = personas.clinic("Home Clinic", "home")
    other = personas.clinic("Away Clinic", "away")
    return People(
        clinic=clinic,
        me=personas.staff(clinic, Role.CLINICIAN, "me", "Dana", "Okafor"),
        colleague=personas.staff(clinic, Role.CLINICIAN, "colleague", "Lee", "Chen"),
        admin=personas.staff(clinic, Role.ADMIN, "admin", "Morgan", "Reyes"),
        other_clinic=other,
        stranger=personas.staff(other, Role.CLINICIAN, "stranger"),
    )


@pytest.fixture
def alex(people: People) -> Patient:
    """My patient, with the demo intake and its program."""
    patient = make_patient(people.clinic, people.me, "alex", "Alex", "Turner")
    personas.evaluated(patient)
    return patient


def active_program(patient: Patient) -> Program:
    return Program.objects.get(patient=patient, is_active=True)
