"""A clinician prescribes a program version, or keeps a draft as a clinic template.

The checks and the draft itself live in care/prescribing.py; these are the changes that follow,
each atomic with its audit event.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.care import prescribing
from backrehab.care.models import Program, ProgramTemplate
from backrehab.clinic.models import Clinic, Patient
from backrehab.clinical.exercises import Exercise


@transaction.atomic
def do_prescribe(
    patient: Patient,
    draft: prescribing.Draft,
    *,
    by: AbstractBaseUser,
    reason: str,
    overrides: Mapping[str, str],
    library: Mapping[str, Exercise],
    request: HttpRequest | None = None,
) -> Program:
    """Put the draft in force as a new program version (prescribing.save says what is checked);
    raises PrescriptionInvalid, and then nothing is stored."""
    program = prescribing.save(
        patient, draft, by=by, reason=reason, overrides=overrides, library=library
    )
    record(request, Action.CHANGED, f"program prescribed (version {program.pk})", patient, actor=by)
    return program


@transaction.atomic
def do_save_template(
    clinic: Clinic,
    name: str,
    description: str,
    draft: prescribing.Draft,
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> ProgramTemplate:
    """Keep the draft as a clinic template (one of the same name is replaced)."""
    template = prescribing.save_template(clinic, name, description, draft, by=by)
    record(
        request,
        Action.CHANGED,
        f"program template '{template.name}' saved",
        actor=by,
        clinic=clinic,
    )
    return template
