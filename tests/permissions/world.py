"""The people and records every permission check runs against.

Two clinics. In the home clinic: the patient whose record is at stake (`subject`), another
patient, a clinician and a clinic admin. In the other clinic: a clinician, an admin and a patient.
URL arguments always point at the home clinic's records, so the other clinic's staff are the
ones "changing an id in a URL".
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User

from backrehab.care import services
from backrehab.care.models import Alert, ClinicianNote, Program, ProgramTemplate, SessionLog
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed

DEMO = Path(__file__).resolve().parents[2] / "backrehab/content/demo"

ROLES = (
    "anonymous",
    "patient",
    "other_patient",
    "clinician",
    "clinic_admin",
    "other_clinician",
    "other_admin",
)


@dataclass
class World:
    home: Clinic
    away: Clinic
    subject: Patient
    users: dict[str, User | None]
    program: Program
    log: SessionLog
    alert: Alert
    note: ClinicianNote
    template: ProgramTemplate
    extra: dict[str, Any] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        return self.users[role]


def _user(username: str) -> User:
    return User.objects.create_user(username, password="a-long-test-password", first_name=username)


def _patient(username: str, clinic: Clinic, clinician: StaffMember | None) -> Patient:
    return Patient.objects.create(
        user=_user(username), clinic=clinic, clinician=clinician, joined_on=dt.date(2026, 11, 1)
    )


def _staff(username: str, clinic: Clinic, role: str) -> StaffMember:
    return StaffMember.objects.create(user=_user(username), clinic=clinic, role=role)


def build_world() -> World:
    """Needs the library in the database (the `library_in_db` fixture)."""
    home = Clinic.objects.create(name="Home Clinic", slug="home")
    away = Clinic.objects.create(name="Away Clinic", slug="away")
    clinician = _staff("clinician", home, Role.CLINICIAN)
    admin = _staff("clinic-admin", home, Role.ADMIN)
    other_clinician = _staff("other-clinician", away, Role.CLINICIAN)
    other_admin = _staff("other-admin", away, Role.ADMIN)
    subject = _patient("subject", home, clinician)
    other = _patient("other-patient", home, clinician)
    _patient("away-patient", away, other_clinician)
    answers = json.loads((DEMO / "alex.json").read_text())
    program = services.evaluate(subject, answers).program
    services.evaluate(other, answers)
    assert program is not None
    item = program.plan["items"][0]
    log, _ = services.record_session(
        subject,
        program,
        uuid.uuid4(),
        {
            "date": "2026-11-03",
            "pain_before": 3,
            "exercises": [done_as_prescribed(item, pain_during=3, effort=5)],
        },
    )
    alert = Alert.objects.create(
        patient=subject, kind=Alert.Kind.NO_SESSION, key="test", detail="No session since 3 Nov."
    )
    note = ClinicianNote.objects.create(patient=subject, author=clinician.user, text="Seen today.")
    template = ProgramTemplate.objects.create(
        clinic=home, name="Starter", items=program.plan["items"][:2], created_by=clinician.user
    )
    return World(
        home=home,
        away=away,
        subject=subject,
        users={
            "anonymous": None,
            "patient": subject.user,
            "other_patient": other.user,
            "clinician": clinician.user,
            "clinic_admin": admin.user,
            "other_clinician": other_clinician.user,
            "other_admin": other_admin.user,
        },
        program=program,
        log=log,
        alert=alert,
        note=note,
        template=template,
    )
