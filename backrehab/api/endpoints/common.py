"""What every endpoint shares: the error answers it may give, and who may ask."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from backrehab.api.schemas import Error
from backrehab.clinic.access import patient_or_404, staff_member
from backrehab.clinic.models import Patient, StaffMember

SIGNED_IN: dict[int, Any] = {401: Error}
ONE_PATIENT: dict[int, Any] = {401: Error, 404: Error, 422: Error}
# What a request with a body can also get: 400 when it is not JSON (or nested too deep to read),
# 413 when it is over 2.5 MB.
WITH_A_BODY: dict[int, Any] = {400: Error, 413: Error}


def patient_for(request: HttpRequest, patient_id: int) -> Patient:
    """The patient if the caller may see them, else 404 (access.py decides, as for the pages)."""
    return patient_or_404(request.user, patient_id)


def staff_or_403(request: HttpRequest) -> StaffMember:
    staff = staff_member(request.user)
    if staff is None:
        raise PermissionDenied("Only clinic staff can do this.")
    return staff
