"""A clinic with a clinician, an admin and a patient who write to each other, and another clinic
whose staff must never reach them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from tests import personas


@dataclass
class Thread:
    clinic: Clinic
    clinician: StaffMember
    admin: StaffMember
    patient: Patient
    other_patient: Patient
    away_clinician: StaffMember
    away_admin: StaffMember

    @property
    def sam(self) -> User:
        return self.clinician.user

    @property
    def alex(self) -> User:
        return self.patient.user


@pytest.fixture
def thread(db) -> Thread:
    clinic = personas.clinic("Riverside Physio", "riverside")
    away = personas.clinic("Hilltop Clinic", "hilltop")
    clinician = personas.staff(clinic, Role.CLINICIAN, "sam", "Sam", "Lee")
    admin = personas.staff(clinic, Role.ADMIN, "ada", "Ada", "Admin")
    for member, address in ((clinician, "sam@riverside.example"), (admin, "ada@riverside.example")):
        member.user.email = address
        member.user.save(update_fields=["email"])
    patient = personas.patient(clinic, clinician, "alex", "Alex", "Rivera")
    patient.user.email = "alex@example.org"
    patient.user.save(update_fields=["email"])
    other = personas.patient(clinic, clinician, "blake", "Blake", "Stone")
    return Thread(
        clinic=clinic,
        clinician=clinician,
        admin=admin,
        patient=patient,
        other_patient=other,
        away_clinician=personas.staff(away, Role.CLINICIAN, "away-sam", "Away", "Clinician"),
        away_admin=personas.staff(away, Role.ADMIN, "away-ada", "Away", "Admin"),
    )
