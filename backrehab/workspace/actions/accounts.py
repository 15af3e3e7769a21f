"""A clinic admin's account actions: adding staff, deactivating and reactivating them,
moving patients between clinicians, and e-mailing someone a link to choose a password.

Each is atomic with its audit event. The rules that protect the clinic live here, not in the
pages: nobody deactivates themselves, a clinic always keeps an active admin, and patients move
only to an active clinician of their own clinic.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from backrehab.audit.log import Action, record
from backrehab.care.listing import refresh_patient
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.portal.reminders import email_language
from backrehab.workspace import mail


class AccountChangeRefused(ValueError):
    """The change would break a rule; the message says which, in the reader's language."""


@dataclass(frozen=True)
class Emailed:
    """The result of an action that also sends an e-mail."""

    sent: bool
    staff: StaffMember | None = None


def email_taken(email: str) -> bool:
    """Whether an account already signs in with, or is reached at, this address."""
    email = email.strip()
    return (
        User.objects.filter(username__iexact=email).exists()
        or User.objects.filter(email__iexact=email).exists()
    )


def do_add_staff_member(
    clinic: Clinic,
    *,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    by: User,
    request: HttpRequest | None = None,
) -> Emailed:
    """A new clinician or admin of `clinic`, signing in with their e-mail address. The account
    has no password until they choose one from the welcome e-mail."""
    if role not in Role.values:
        raise AccountChangeRefused(_("Choose a role: clinician or clinic admin."))
    email = email.strip().lower()
    with transaction.atomic():
        if email_taken(email):
            raise AccountChangeRefused(
                _("Someone already has an account with this e-mail address.")
            )
        user = User(
            username=email,
            email=email,
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            is_staff=True,  # the clinic's exercises are curated in the admin
        )
        user.set_unusable_password()
        user.save()
        user.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="library", codename__endswith="exerciserecord"
            )
        )
        staff = StaffMember.objects.create(user=user, clinic=clinic, role=role)
        record(
            request,
            Action.CHANGED,
            f"staff account #{staff.pk} added ({role})",
            clinic=clinic,
            actor=by,
        )
    sent = mail.send_password_link(user, clinic, request, welcome=True)
    return Emailed(sent=sent, staff=staff)


def _other_active_admins(member: StaffMember) -> int:
    admins = (
        StaffMember.objects.select_for_update()
        .filter(clinic_id=member.clinic_id, role=Role.ADMIN, user__is_active=True)
        .exclude(pk=member.pk)
    )
    return len(list(admins))


def _check_receiver(receiver: StaffMember, clinic_id: int) -> None:
    if receiver.clinic_id != clinic_id:
        raise AccountChangeRefused(_("Patients can only move to a clinician of your clinic."))
    if not receiver.user.is_active:
        raise AccountChangeRefused(
            _("%(name)s is deactivated: choose an active clinician.") % {"name": _name(receiver)}
        )


def _name(member: StaffMember) -> str:
    return member.user.get_full_name() or member.user.get_username()


@transaction.atomic
def do_deactivate_staff_member(
    member: StaffMember,
    *,
    by: User,
    reassign_to: StaffMember | None = None,
    request: HttpRequest | None = None,
) -> int:
    """Stop `member` signing in (their records and history stay). With `reassign_to`, their
    patients move to that clinician first. Returns how many patients moved."""
    if member.user_id == by.pk:
        raise AccountChangeRefused(_("You cannot deactivate your own account."))
    if member.role == Role.ADMIN and _other_active_admins(member) == 0:
        raise AccountChangeRefused(
            _("%(name)s is the clinic's only active admin. Make someone else an admin first.")
            % {"name": _name(member)}
        )
    moved = 0
    if reassign_to is not None:
        if reassign_to.pk == member.pk:
            raise AccountChangeRefused(_("Choose another clinician to take over the patients."))
        moved = _reassign(
            Patient.objects.filter(clinician=member), reassign_to, by=by, request=request
        )
    user = member.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    record(
        request,
        Action.CHANGED,
        f"staff account #{member.pk} deactivated",
        clinic=member.clinic,
        actor=by,
    )
    return moved


@transaction.atomic
def do_change_staff_role(
    member: StaffMember, role: str, *, by: User, request: HttpRequest | None = None
) -> bool:
    """Make `member` a clinician or a clinic admin. A clinic keeps at least one active admin.
    False when the role was already that."""
    if role not in Role.values:
        raise AccountChangeRefused(_("Choose a role: clinician or clinic admin."))
    if member.role == role:
        return False
    if member.role == Role.ADMIN and member.user.is_active and _other_active_admins(member) == 0:
        raise AccountChangeRefused(
            _("%(name)s is the clinic's only active admin. Make someone else an admin first.")
            % {"name": _name(member)}
        )
    member.role = role
    member.save(update_fields=["role"])
    record(
        request,
        Action.CHANGED,
        f"staff account #{member.pk} role set to {role}",
        clinic=member.clinic,
        actor=by,
    )
    return True


@transaction.atomic
def do_reactivate_staff_member(
    member: StaffMember, *, by: User, request: HttpRequest | None = None
) -> None:
    user = member.user
    user.is_active = True
    user.save(update_fields=["is_active"])
    record(
        request,
        Action.CHANGED,
        f"staff account #{member.pk} reactivated",
        clinic=member.clinic,
        actor=by,
    )


def _reassign(
    patients: Iterable[Patient],
    to: StaffMember,
    *,
    by: User,
    request: HttpRequest | None,
) -> int:
    moved = 0
    for patient in patients:
        _check_receiver(to, patient.clinic_id)
        if patient.clinician_id == to.pk:
            continue
        Patient.objects.filter(pk=patient.pk).update(clinician=to)
        refresh_patient(patient.pk)  # an UPDATE sends no signals: the clinician sort follows
        patient.clinician = to
        record(request, Action.CHANGED, f"clinician changed to staff #{to.pk}", patient, actor=by)
        moved += 1
    return moved


@transaction.atomic
def do_reassign_patient(
    patient: Patient, to: StaffMember, *, by: User, request: HttpRequest | None = None
) -> bool:
    """Give `patient` a new clinician (of their clinic). False when it was already theirs."""
    _check_receiver(to, patient.clinic_id)
    return _reassign([patient], to, by=by, request=request) == 1


@transaction.atomic
def do_reassign_caseload(
    member: StaffMember, to: StaffMember, *, by: User, request: HttpRequest | None = None
) -> int:
    """Move all of `member`'s patients to `to`; returns how many moved."""
    if to.pk == member.pk:
        raise AccountChangeRefused(_("Choose another clinician to take over the patients."))
    _check_receiver(to, member.clinic_id)
    patients = Patient.objects.select_for_update().filter(clinician=member)
    return _reassign(patients, to, by=by, request=request)


def do_send_password_link(
    user: User,
    clinic: Clinic,
    *,
    by: User,
    patient: Patient | None = None,
    request: HttpRequest | None = None,
) -> bool:
    """E-mail `user` a one-time link to choose a password (a welcome if they never set one).
    Refused without an e-mail address or for a deactivated account; False if sending failed.
    The audit event is written once the e-mail has gone."""
    if not user.email:
        raise AccountChangeRefused(
            _("There is no e-mail address on this account, so no link can be sent.")
        )
    if not user.is_active:
        raise AccountChangeRefused(_("This account is deactivated: reactivate it first."))
    welcome = not user.has_usable_password()
    if patient is not None:
        language: str | None = email_language(patient)
    else:
        member = getattr(user, "staff", None)
        language = (member.language or None) if member is not None else None
    sent = mail.send_password_link(user, clinic, request, welcome=welcome, language=language)
    if sent:
        with transaction.atomic():
            what = f"password link e-mailed to user #{user.pk}"
            if patient is not None:
                record(request, Action.CHANGED, what, patient, actor=by)
            else:
                record(request, Action.CHANGED, what, clinic=clinic, actor=by)
    return sent


def do_set_staff_language(member: StaffMember, language: str) -> bool:
    """Keep the language `member` works in, for the e-mails sent to them (a colleague's link, a
    patient's new message). Called at each sign-in with the page's language; True if it changed."""
    known = {code for code, _name in settings.LANGUAGES}
    if language not in known or (member.language or settings.LANGUAGE_CODE) == language:
        return False
    with transaction.atomic():
        StaffMember.objects.filter(pk=member.pk).update(language=language)
        member.language = language
        record(
            None,
            Action.CHANGED,
            f"staff account #{member.pk} e-mail language set to {language}",
            clinic=member.clinic,
            actor=member.user,
        )
    return True
