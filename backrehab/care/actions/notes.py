"""A clinician's note on a patient's record."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.care.models import ClinicianNote
from backrehab.clinic.models import Patient


@transaction.atomic
def do_add_note(
    patient: Patient, text: str, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> ClinicianNote:
    note = ClinicianNote.objects.create(patient=patient, author=by, text=text)  # type: ignore[misc]
    record(request, Action.CHANGED, "clinician note added", patient, actor=by)
    return note
