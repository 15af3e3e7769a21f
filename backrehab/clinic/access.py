"""Who may see which patient. Every page, export and API endpoint asks here, nowhere else.

Roles: a patient sees only their own record; a clinician and a clinic admin see their own
clinic's patients (a clinic admin also manages the clinic: staff, invitations, deletion). A
record outside what someone may see answers 404, exactly like one that does not exist, so ids
in URLs reveal nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

from backrehab.clinic.models import Patient, Role, StaffMember

AnyUser = AbstractBaseUser | AnonymousUser
View = Callable[..., HttpResponseBase]


class Access(StrEnum):
    ANONYMOUS = "anonymous"
    PATIENT = "patient"
    CLINICIAN = "clinician"
    CLINIC_ADMIN = "clinic_admin"
    OTHER = "other"  # signed in, but neither staff of a clinic nor a patient


def staff_member(user: AnyUser) -> StaffMember | None:
    # A missing one-to-one raises an AttributeError subclass, so getattr's default applies.
    staff: StaffMember | None = getattr(user, "staff", None)
    return staff


def own_patient(user: AnyUser) -> Patient | None:
    patient: Patient | None = getattr(user, "patient", None)
    return patient


def access_of(user: AnyUser) -> Access:
    if not user.is_authenticated:
        return Access.ANONYMOUS
    staff = staff_member(user)
    if staff is not None:
        return Access.CLINIC_ADMIN if staff.role == Role.ADMIN else Access.CLINICIAN
    if own_patient(user) is not None:
        return Access.PATIENT
    return Access.OTHER


def visible_patients(user: AnyUser) -> QuerySet[Patient]:
    """The patients `user` may see: their clinic's for staff, themselves for a patient."""
    staff = staff_member(user)
    if staff is not None:
        return Patient.objects.filter(clinic_id=staff.clinic_id)
    patient = own_patient(user)
    if patient is not None:
        return Patient.objects.filter(pk=patient.pk)
    return Patient.objects.none()


def patient_or_404(user: AnyUser, patient_id: Any) -> Patient:
    """The patient with this id if `user` may see them; otherwise 404 (never 403: no hint)."""
    try:
        return visible_patients(user).select_related("user", "clinic").get(pk=int(patient_id))
    except (Patient.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such patient.") from exc


def colleagues(user: AnyUser) -> QuerySet[StaffMember]:
    """The staff of `user`'s clinic (none for anyone who is not staff)."""
    staff = staff_member(user)
    if staff is None:
        return StaffMember.objects.none()
    return StaffMember.objects.filter(clinic_id=staff.clinic_id)


def colleague_or_404(user: AnyUser, staff_id: Any) -> StaffMember:
    """A staff member of `user`'s own clinic by id; another clinic's answers 404."""
    try:
        return colleagues(user).select_related("user", "clinic").get(pk=int(staff_id))
    except (StaffMember.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such staff member.") from exc


def staff_required(view: View) -> View:
    """Clinicians and clinic admins only; others are sent to sign in or refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if staff_member(request.user) is None:
            raise PermissionDenied("This page is for clinic staff.")
        return view(request, *args, **kwargs)

    return wrapper


def clinic_admin_required(view: View) -> View:
    """Clinic admins only (staff management, deleting a patient, the audit log)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if access_of(request.user) is not Access.CLINIC_ADMIN:
            raise PermissionDenied("This page is for clinic admins.")
        return view(request, *args, **kwargs)

    return wrapper
