"""The people every test works with, built in code the way the app makes them (no fixture files).

- `clinic(name)`: a clinic (`self_signup=True`: patients may sign up without an invitation).
- `staff(clinic, role, username)`: a clinician or clinic admin as clinics have them: a staff
  account (`is_staff`, so the admin's invitation and exercise pages open) with the permissions
  to curate the clinic's exercises, as `backrehab demo` and the clinic set-up give them.
- `works_at(account, clinic, role)`: an existing account (a patient's) also on a clinic's staff.
- `patient(clinic, clinician, username)`: a patient account and record.
- `evaluated(patient)`: the patient's program, built by an intake evaluation (Alex's answers
  unless others are given), as the evaluation wizard builds it.
- `superuser(username)`: the site operator's account, as `manage.py createsuperuser` makes it.
- `build_world()`: two clinics and seven roles, for the permission matrix and the security
  tests (see `World`).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission, User

from backrehab.care import services
from backrehab.care.models import Alert, ClinicianNote, Program, ProgramTemplate, SessionLog
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed

DEMO = Path(__file__).resolve().parents[1] / "backrehab/content/demo"
PASSWORD = "a-long-test-password"

ROLES = (
    "anonymous",
    "patient",
    "other_patient",
    "clinician",
    "clinic_admin",
    "other_clinician",
    "other_admin",
)


def alex_answers() -> dict[str, Any]:
    """The demo patient Alex's intake answers (a complete, program-building evaluation)."""
    answers: dict[str, Any] = json.loads((DEMO / "alex.json").read_text())
    return copy.deepcopy(answers)


def user(username: str, first: str = "", last: str = "", **extra: Any) -> User:
    return User.objects.create_user(
        username,
        password=PASSWORD,
        first_name=first or username,
        last_name=last,
        **extra,
    )


def superuser(username: str = "operator") -> User:
    return User.objects.create_superuser(username, f"{username}@example.org", PASSWORD)


def clinic(name: str, slug: str | None = None, *, self_signup: bool = False) -> Clinic:
    """A clinic; `self_signup` as its admin sets it on the clinic settings page."""
    return Clinic.objects.create(
        name=name, slug=slug or name.lower().replace(" ", "-"), self_signup=self_signup
    )


def staff(
    clinic: Clinic,
    role: str = Role.CLINICIAN,
    username: str = "clinician",
    first: str = "",
    last: str = "",
) -> StaffMember:
    return works_at(user(username, first, last), clinic, role)


def works_at(account: User, clinic: Clinic, role: str = Role.CLINICIAN) -> StaffMember:
    """`account` (a patient's, say) also works at `clinic`, with the staff access `staff` gives."""
    account.is_staff = True
    account.save(update_fields=["is_staff"])
    account.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="library", codename__endswith="exerciserecord"
        )
    )
    return StaffMember.objects.create(user=account, clinic=clinic, role=role)


def patient(
    clinic: Clinic,
    clinician: StaffMember | None,
    username: str = "patient",
    first: str = "",
    last: str = "",
    joined_on: dt.date | None = None,
) -> Patient:
    return Patient.objects.create(
        user=user(username, first, last),
        clinic=clinic,
        clinician=clinician,
        joined_on=joined_on or dt.date(2026, 11, 1),
    )


def evaluated(patient: Patient, answers: dict[str, Any] | None = None) -> Program:
    """Evaluate the patient (Alex's intake unless `answers` are given); their program in force."""
    program = services.evaluate(patient, alex_answers() if answers is None else answers).program
    assert program is not None, "the evaluation built no program (a referral?)"
    return program


@dataclass
class World:
    """Two clinics. In the home clinic: the patient whose record is at stake (`subject`), another
    patient, a clinician and a clinic admin. In the other clinic: a clinician, an admin and a
    patient. URL arguments point at the home clinic's records, so the other clinic's staff are
    the ones "changing an id in a URL"."""

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


def build_world() -> World:
    """Needs the library in the database (the `library_in_db` fixture)."""
    home = clinic("Home Clinic", "home")
    away = clinic("Away Clinic", "away")
    clinician = staff(home, Role.CLINICIAN, "clinician")
    admin = staff(home, Role.ADMIN, "clinic-admin")
    other_clinician = staff(away, Role.CLINICIAN, "other-clinician")
    other_admin = staff(away, Role.ADMIN, "other-admin")
    subject = patient(home, clinician, "subject")
    other = patient(home, clinician, "other-patient")
    patient(away, other_clinician, "away-patient")
    answers = alex_answers()
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
