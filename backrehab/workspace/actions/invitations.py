"""Inviting a patient from the workspace: making an invitation, re-sending it with a new expiry,
withdrawing it. The link is e-mailed when there is an address (after the change is committed)
and is always shown in the clinic as a QR code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from backrehab.audit.log import Action, record
from backrehab.clinic.models import StaffMember
from backrehab.portal.models import INVITE_DAYS, Invite
from backrehab.workspace import mail


class InviteRefused(ValueError):
    """The invitation cannot be changed that way; the message says why."""


@dataclass(frozen=True)
class InviteSent:
    invite: Invite
    # None: there was no address to e-mail; False: sending failed.
    emailed: bool | None


def _email(invite: Invite, request: HttpRequest | None) -> bool | None:
    if not invite.email:
        return None
    sent = mail.send_invite(invite, request)
    if sent:
        invite.sent_at = timezone.now()
        Invite.objects.filter(pk=invite.pk).update(sent_at=invite.sent_at)
    return sent


def do_invite_patient(
    by: StaffMember,
    *,
    name: str,
    email: str = "",
    phone: str = "",
    clinician: StaffMember | None = None,
    language: str = "",
    request: HttpRequest | None = None,
) -> InviteSent:
    """An invitation to `by`'s clinic, for the patient to be seen by `clinician` (`by` unless
    another is named). Needs an e-mail address or a phone number to reach the patient."""
    clinician = clinician or by
    if clinician.clinic_id != by.clinic_id:
        raise InviteRefused(_("Choose a clinician of your clinic."))
    if not clinician.user.is_active:
        raise InviteRefused(_("This clinician's account is deactivated: choose another."))
    if not email.strip() and not phone.strip():
        raise InviteRefused(_("Give an e-mail address or a phone number (or both)."))
    with transaction.atomic():
        invite = Invite.objects.create(
            clinic_id=by.clinic_id,
            created_by=by,
            clinician=clinician,
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            language=language,
        )
        record(
            request,
            Action.CHANGED,
            f"patient invitation #{invite.pk} made",
            clinic=by.clinic,
            actor=by.user,
        )
    return InviteSent(invite, _email(invite, request))


def do_resend_invite(invite: Invite, *, by: User, request: HttpRequest | None = None) -> InviteSent:
    """A fresh expiry (INVITE_DAYS from now), and the e-mail again if there is an address.
    A used or withdrawn invitation cannot be re-sent."""
    with transaction.atomic():
        invite = Invite.objects.select_for_update().select_related("clinic").get(pk=invite.pk)
        if invite.accepted_at is not None:
            raise InviteRefused(_("This invitation has been used: the patient has an account."))
        if invite.withdrawn_at is not None:
            raise InviteRefused(_("This invitation was withdrawn. Make a new one instead."))
        invite.expires_at = timezone.now() + timedelta(days=INVITE_DAYS)
        invite.save(update_fields=["expires_at"])
        record(
            request,
            Action.CHANGED,
            f"patient invitation #{invite.pk} renewed",
            clinic=invite.clinic,
            actor=by,
        )
    return InviteSent(invite, _email(invite, request))


@transaction.atomic
def do_withdraw_invite(invite: Invite, *, by: User, request: HttpRequest | None = None) -> Invite:
    """The link stops working at once; the invitation stays listed as withdrawn."""
    invite = Invite.objects.select_for_update().select_related("clinic").get(pk=invite.pk)
    if invite.accepted_at is not None:
        raise InviteRefused(_("This invitation has been used: the patient has an account."))
    if invite.withdrawn_at is None:
        invite.withdrawn_at = timezone.now()
        invite.save(update_fields=["withdrawn_at"])
        record(
            request,
            Action.CHANGED,
            f"patient invitation #{invite.pk} withdrawn",
            clinic=invite.clinic,
            actor=by,
        )
    return invite
