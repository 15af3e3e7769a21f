"""Deleting a patient: the one action that removes a person and every trace of them."""

from __future__ import annotations

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Replace
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.audit.models import AuditEvent
from backrehab.clinic.models import Patient
from backrehab.portal.models import IntakeDraft
from backrehab.records.rights import invites_about


def _sessions_of(user_id: int) -> list[str]:
    """Keys of the stored log-in sessions of this user (expired ones too: they hold the id)."""
    wanted = str(user_id)
    keys = []
    for session in Session.objects.iterator(chunk_size=2000):
        if str(session.get_decoded().get("_auth_user_id", "")) == wanted:
            keys.append(session.session_key)
    return keys


def _names_of(user: User) -> list[str]:
    """The ways the person is written in stored descriptions, longest first (so a full name is
    replaced before the first name inside it)."""
    names = {user.get_username(), user.get_full_name().strip(), user.email.strip()}
    return sorted((n for n in names if len(n) >= 3), key=len, reverse=True)


def _forget_the_name(user: User, patient: Patient, keep_event: int) -> None:
    """Earlier audit events and the operator's admin history keep the record number (who looked
    at or changed the record stays accountable) but lose the patient's name."""
    placeholder = f"patient #{patient.pk} (deleted)"
    AuditEvent.objects.filter(Q(actor=user) | Q(actor_name=user.get_username())).exclude(
        pk=keep_event
    ).update(actor=None, actor_name=placeholder)
    admin_rows = LogEntry.objects.filter(
        Q(content_type=ContentType.objects.get_for_model(Patient), object_id=str(patient.pk))
        | Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    )
    admin_rows.update(object_repr=placeholder)
    for name in _names_of(user):
        for event in AuditEvent.objects.filter(what__contains=name).exclude(pk=keep_event):
            AuditEvent.objects.filter(pk=event.pk).update(
                what=Replace("what", Value(name), Value(placeholder))
            )
        LogEntry.objects.filter(object_repr__contains=name).update(
            object_repr=Replace("object_repr", Value(name), Value(placeholder))
        )
        LogEntry.objects.filter(change_message__contains=name).update(
            change_message=Replace("change_message", Value(name), Value(placeholder))
        )


def do_delete_patient(
    patient: Patient,
    by: AbstractBaseUser | AnonymousUser,
    *,
    request: HttpRequest | None = None,
) -> None:
    """Delete `patient`, their user account and every row about them, in one transaction.

    Cascades remove the care records (evaluations, programs, session logs, alerts, notes,
    calendar feed) with the patient and the unfinished evaluation with the account. What does not
    cascade is removed here: invitations naming them, failed log-in records kept by django-axes
    under their user name, and their stored log-in sessions. Earlier audit events and the admin
    history keep the record number but lose the patient's name; a DELETED event with only the
    record number closes the trail.
    """
    user = patient.user
    username = user.get_username()
    with transaction.atomic():
        # Written while the patient still exists, so it carries their clinic and record number.
        event = record(
            request, Action.DELETED, "patient, account and all records", patient, actor=by
        )
        invites_about(patient).delete()
        for model in (AccessAttempt, AccessLog, AccessFailureLog):
            model.objects.filter(username=username).delete()
        Session.objects.filter(session_key__in=_sessions_of(user.pk)).delete()
        _forget_the_name(user, patient, event.pk)
        if hasattr(user, "staff"):
            # The same person also works at a clinic: their staff account stays.
            IntakeDraft.objects.filter(user=user).delete()
            patient.delete()
        else:
            user.delete()
