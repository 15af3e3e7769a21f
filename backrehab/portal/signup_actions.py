"""Sign-up: every state change of those pages lives here (the evaluation's are in
portal.actions). Each is atomic and audited: a new account is a change to the clinic's records."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation

from backrehab.audit.log import Action, record
from backrehab.clinic.models import Clinic, Patient, StaffMember
from backrehab.portal.models import Invite


class SignupRefused(ValueError):
    """The invite cannot be used (any more), or the clinic takes no self sign-ups."""


def _create_patient(
    clinic: Clinic,
    clinician: StaffMember | None,
    username: str,
    password: str,
    first_name: str,
    last_name: str = "",
    email: str = "",
    language: str = "",
) -> Patient:
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    user.set_password(password)
    user.save()
    return Patient.objects.create(
        user=user,
        clinic=clinic,
        clinician=clinician,
        joined_on=timezone.localdate(),
        language=_known(language) or _known(translation.get_language() or ""),
    )


def _known(language: str) -> str:
    return language if language in {code for code, _name in settings.LANGUAGES} else ""


@transaction.atomic
def do_accept_invite(
    invite: Invite,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    *,
    request: HttpRequest | None = None,
) -> Patient:
    """One account per invite: the patient joins the invite's clinic and clinician (the one
    chosen on the invitation, else the one who made it), under the name and e-mail address they
    confirmed (the invite's, unless they changed them). Their language is the one they joined
    in (the page's)."""
    # Lock the row so two tabs submitting the same link cannot both create an account.
    invite = Invite.objects.select_for_update().get(pk=invite.pk)
    if not invite.usable:
        raise SignupRefused("this invitation has been used or has expired")
    patient = _create_patient(
        invite.clinic,
        invite.assigned_clinician,
        username,
        password,
        first_name,
        last_name,
        email,
    )
    invite.accepted_by = patient
    invite.accepted_at = timezone.now()
    invite.save(update_fields=["accepted_by", "accepted_at"])
    record(
        request,
        Action.CHANGED,
        f"patient account made from invitation #{invite.pk}",
        patient,
        actor=patient.user,
    )
    return patient


@transaction.atomic
def do_self_signup(
    clinic: Clinic,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    *,
    request: HttpRequest | None = None,
) -> Patient:
    """A patient signs up without an invitation, where the clinic allows it."""
    if not clinic.self_signup:
        raise SignupRefused("this clinic does not take sign-ups without an invitation")
    patient = _create_patient(clinic, None, username, password, first_name, last_name, email)
    record(
        request, Action.CHANGED, "patient account made by self sign-up", patient, actor=patient.user
    )
    return patient
