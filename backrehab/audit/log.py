"""One call to note an access to a patient's record: `audit.log.record(request, ...)`."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.http import HttpRequest

from backrehab.audit.models import Action, AuditEvent
from backrehab.client_address import client_ip
from backrehab.clinic.models import Clinic, Patient

__all__ = ["Action", "record"]


def record(
    request: HttpRequest | None,
    action: Action | str,
    what: str,
    patient: Patient | None = None,
    *,
    actor: AbstractBaseUser | AnonymousUser | None = None,
    clinic: Clinic | None = None,
) -> AuditEvent:
    """Store who did `action` to `what` of `patient`. Pages and the API pass the request;
    commands pass `actor` (or nothing, for the system). Clinic-wide events (a bulk export)
    name the `clinic` instead of a patient."""
    user = actor if actor is not None else (request.user if request is not None else None)
    signed_in = user is not None and user.is_authenticated
    return AuditEvent.objects.create(
        actor=user if signed_in else None,  # type: ignore[misc]
        actor_name=user.get_username() if signed_in and user is not None else "system",
        clinic_id=patient.clinic_id if patient is not None else (clinic.pk if clinic else None),
        patient_id=patient.pk if patient is not None else None,
        action=str(action),
        what=what[:200],
        path=request.get_full_path()[:300] if request is not None else "",
        ip=client_ip(request) if request is not None else None,
    )
