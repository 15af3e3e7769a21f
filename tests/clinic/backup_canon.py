"""A canonical, id-free picture of the database, to compare before a backup and after a restore.

Each row becomes its field values with every reference replaced by a description of the row it
points to (users by user name, clinics by slug, and so on, recursively), so the picture does not
depend on the ids a restore hands out. Written independently of backrehab.operations.backup.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.contrib.auth.models import User
from django.db import models

from backrehab.audit.models import AuditEvent
from backrehab.care.models import (
    Alert,
    ClinicianNote,
    Evaluation,
    Program,
    ProgramTemplate,
    SessionLog,
)
from backrehab.clinic.models import Clinic, Patient, StaffMember
from backrehab.library.models import ExerciseRecord
from backrehab.messaging.models import Message, QuickReply
from backrehab.portal.models import CalendarFeed, IntakeDraft, Invite

MODELS: list[type[models.Model]] = [
    User,
    Clinic,
    StaffMember,
    Patient,
    ExerciseRecord,
    Evaluation,
    Program,
    SessionLog,
    Alert,
    ClinicianNote,
    ProgramTemplate,
    Message,
    QuickReply,
    Invite,
    IntakeDraft,
    CalendarFeed,
    AuditEvent,
]


def _value(value: Any) -> Any:
    if isinstance(value, str) and len(value) > 200:
        return hashlib.sha256(value.encode()).hexdigest()  # the figures' SVG text
    return value


def describe(obj: models.Model) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key:
            continue
        if field.is_relation:
            related = getattr(obj, field.name)
            out[field.name] = describe(related) if related is not None else None
        else:
            out[field.name] = _value(getattr(obj, field.attname))
    if isinstance(obj, User):
        out["permissions"] = sorted(
            obj.user_permissions.values_list("content_type__app_label", "codename")
        )
    if isinstance(obj, AuditEvent):
        # Plain numbers that name rows: compare what they name.
        clinic = Clinic.objects.filter(pk=obj.clinic_id or 0).first()
        patient = Patient.objects.filter(pk=obj.patient_id or 0).select_related("user").first()
        out["clinic_id"] = clinic.slug if clinic else obj.clinic_id
        out["patient_id"] = patient.user.username if patient else obj.patient_id
    return out


def canonical() -> dict[str, list[str]]:
    return {
        model._meta.label: sorted(
            json.dumps(describe(obj), sort_keys=True, default=str)
            for obj in model._default_manager.all()
        )
        for model in MODELS
    }
