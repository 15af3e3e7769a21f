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


@transaction.atomic
def do_template_from_program(
    program: Program,
    name: str,
    description: str,
    *,
    by: AbstractBaseUser,
    library: Mapping[str, Exercise],
    request: HttpRequest | None = None,
) -> ProgramTemplate:
    """A new clinic template with the items and doses of a patient's program (no patient
    detail is kept: only exercises, doses and the clinician's notes)."""
    clinic = program.patient.clinic
    draft = prescribing.from_program(program)
    template = ProgramTemplate.objects.create(
        clinic=clinic,
        name=prescribing.template_name(clinic, name),
        description=description.strip()[:500],
        items=prescribing.template_items(draft, library),
        created_by=by,  # type: ignore[misc]
    )
    record(
        request,
        Action.CHANGED,
        f"program template '{template.name}' made from a program",
        actor=by,
        clinic=clinic,
    )
    return template


@transaction.atomic
def do_edit_template(
    template: ProgramTemplate,
    description: str,
    draft: prescribing.Draft,
    *,
    by: AbstractBaseUser,
    library: Mapping[str, Exercise],
    request: HttpRequest | None = None,
) -> ProgramTemplate:
    """New items, doses and description for a template; raises PrescriptionInvalid and then
    nothing changes."""
    template = ProgramTemplate.objects.select_for_update().get(pk=template.pk)
    template.items = prescribing.template_items(draft, library)
    template.description = description.strip()[:500]
    template.save(update_fields=["items", "description"])
    record(
        request,
        Action.CHANGED,
        f"program template '{template.name}' edited",
        actor=by,
        clinic=template.clinic,
    )
    return template


@transaction.atomic
def do_rename_template(
    template: ProgramTemplate,
    name: str,
    *,
    by: AbstractBaseUser,
    request: HttpRequest | None = None,
) -> ProgramTemplate:
    template = ProgramTemplate.objects.select_for_update().get(pk=template.pk)
    old = template.name
    template.name = prescribing.template_name(template.clinic, name, keep=template)
    template.save(update_fields=["name"])
    record(
        request,
        Action.CHANGED,
        f"program template '{old}' renamed '{template.name}'"[:200],
        actor=by,
        clinic=template.clinic,
    )
    return template


@transaction.atomic
def do_delete_template(
    template: ProgramTemplate, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> None:
    """Programs started from it are not touched: a template is only a starting point."""
    clinic, name = template.clinic, template.name
    template.delete()
    record(request, Action.DELETED, f"program template '{name}'", actor=by, clinic=clinic)
