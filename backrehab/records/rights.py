"""A patient's rights over their data: a copy of all of it, and deletion of all of it.

`patient_data` gathers every row the system keeps about one patient into one JSON-ready dict
(the patient's download); `records.actions.do_delete_patient` removes the patient, their account
and every one of those rows. The two walk the same tables, so what a patient can download is what
deletion removes. The audit trail is the exception: it says who looked at the record and must
outlive it, so it keeps the record number and loses the patient's name.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, User
from django.db.models import Q, QuerySet
from django.utils import timezone

from backrehab.api.models import ApiToken
from backrehab.audit.models import AuditEvent
from backrehab.care import patient_copy
from backrehab.care.models import (
    Alert,
    ClinicianNote,
    Evaluation,
    Program,
    SessionLog,
    TimeEntry,
)
from backrehab.clinic.models import Patient
from backrehab.messaging.models import Message, PushSubscription
from backrehab.portal.models import CalendarFeed, IntakeDraft, Invite

FORMAT = "backrehab-patient-data"
FORMAT_VERSION = 2  # 2: calendar.reminder_time ("07:30") took the place of reminder_hour


def _when(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _name(user: AbstractBaseUser | None) -> str | None:
    """How a clinician is named in the patient's copy: full name, else user name."""
    if user is None:
        return None
    assert isinstance(user, User)
    return user.get_full_name() or user.get_username()


def invites_about(patient: Patient) -> QuerySet[Invite]:
    """The invitations that name this patient: the one they accepted, and any other invitation
    to their clinic sent to their e-mail address (it holds their name and address too)."""
    email = patient.user.email.strip()
    naming = Q(accepted_by=patient)
    if email:
        naming |= Q(clinic_id=patient.clinic_id, email__iexact=email)
    return Invite.objects.filter(naming)


def patient_data(patient: Patient) -> dict[str, Any]:
    """Everything kept about `patient`, as one JSON-ready dict (dates as ISO 8601 text)."""
    user = patient.user
    clinician = patient.clinician.user if patient.clinician is not None else None
    draft = IntakeDraft.objects.filter(user=user).first()
    calendar = CalendarFeed.objects.filter(patient=patient).first()
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "username": user.get_username(),
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "date_joined": _when(user.date_joined),
            "last_login": _when(user.last_login),
            "active": user.is_active,
        },
        # Keys for apps that read the record through the API (the keys themselves are not kept).
        "api_keys": [
            {
                "name": token.name,
                "starts_with": token.prefix,
                "created_at": _when(token.created_at),
                "last_used_at": _when(token.last_used_at),
                "revoked_at": _when(token.revoked_at),
            }
            for token in ApiToken.objects.filter(user=user).order_by("created_at", "pk")
        ],
        "patient": {
            "record_number": patient.pk,
            "clinic": patient.clinic.name,
            "clinician": _name(clinician),
            "joined_on": _when(patient.joined_on),
            "language": patient.language,
        },
        "evaluations": [
            {
                "id": evaluation.pk,
                "kind": evaluation.kind,
                "taken_at": _when(evaluation.taken_at),
                "answers": evaluation.answers,
                "scores": evaluation.scores,
                "referral": evaluation.referral,
            }
            for evaluation in Evaluation.objects.filter(patient=patient).order_by("taken_at", "pk")
        ],
        "unfinished_evaluation": (
            {
                "kind": draft.kind,
                "step": draft.step,
                "answers": draft.answers,
                "updated_at": _when(draft.updated_at),
            }
            if draft is not None
            else None
        ),
        "programs": [
            {
                "id": program.pk,
                "created_at": _when(program.created_at),
                "created_by": _name(program.created_by),
                "from_evaluation": program.evaluation_id,
                "in_force": program.is_active,
                "reason": program.reason,
                "plan": program.plan,
                "changes": program.changes,
                "overrides": program.overrides,
            }
            for program in Program.objects.filter(patient=patient)
            .select_related("created_by")
            .order_by("created_at", "pk")
        ],
        "sessions": [
            {
                "id": log.pk,
                "program": log.program_id,
                "client_id": str(log.client_id),
                "performed_on": _when(log.performed_on),
                "received_at": _when(log.received_at),
                "data": log.data,
            }
            for log in SessionLog.objects.filter(patient=patient).order_by("performed_on", "pk")
        ],
        "alerts": [
            {
                "kind": alert.kind,
                "raised_at": _when(alert.raised_at),
                "detail": alert.detail,
                "acknowledged_by": _name(alert.acknowledged_by),
                "acknowledged_at": _when(alert.acknowledged_at),
            }
            for alert in Alert.objects.filter(patient=patient)
            .select_related("acknowledged_by")
            .order_by("raised_at", "pk")
        ],
        "clinician_notes": [
            {"written_at": _when(note.written_at), "author": _name(note.author), "text": note.text}
            for note in ClinicianNote.objects.filter(patient=patient)
            .select_related("author")
            .order_by("written_at", "pk")
        ],
        "clinician_time": [
            {
                "started_at": _when(entry.started_at),
                "minutes": entry.minutes,
                "clinician": _name(entry.clinician),
                "note": entry.note,
            }
            for entry in TimeEntry.objects.filter(patient=patient)
            .select_related("clinician")
            .order_by("started_at", "pk")
        ],
        "messages": [
            {
                "id": message.pk,
                "from": message.author_role,
                "author": message.author_name,
                "sent_at": _when(message.created_at),
                "text": message.body,
                "read_by_patient_at": _when(message.read_by_patient_at),
                "read_by_team_at": _when(message.read_by_team_at),
            }
            for message in Message.objects.filter(patient=patient).order_by("created_at", "pk")
        ],
        "invitations": [
            {
                "name": invite.name,
                "email": invite.email,
                "created_at": _when(invite.created_at),
                "expires_at": _when(invite.expires_at),
                "accepted_at": _when(invite.accepted_at),
            }
            for invite in invites_about(patient).order_by("created_at", "pk")
        ],
        # The feed's address is left out on purpose: it is a key, and a downloaded file is
        # easily shared. The patient sees it on their Reminders page.
        "calendar": (
            {
                "reminders_by_email": calendar.reminders_by_email,
                "reminder_time": f"{calendar.reminder_time:%H:%M}",
                "last_reminder_on": _when(calendar.last_reminder_on),
            }
            if calendar is not None
            else None
        ),
        # The phones that get notifications. Their push address and keys are left out like the
        # calendar's: with them, anyone could send to the phone.
        "notification_devices": [
            {
                "device": subscription.device,
                "since": _when(subscription.created_at),
                "last_sent_at": _when(subscription.last_sent_at),
            }
            for subscription in PushSubscription.objects.filter(patient=patient)
        ],
        "program_proposals": patient_copy.proposals(patient),
        "reassessment_schedule": patient_copy.reassessment_schedule(patient),
        "session_days": patient_copy.session_days(patient),
        "record_access": [
            {
                "at": _when(event.at),
                "by": event.actor_name,
                "action": event.action,
                "what": event.what,
            }
            for event in AuditEvent.objects.filter(patient_id=patient.pk).order_by("at", "pk")
        ],
    }


@dataclass(frozen=True)
class Footprint:
    """How much a deletion removes, shown before the clinic admin confirms."""

    evaluations: int
    programs: int
    sessions: int
    alerts: int
    notes: int
    messages: int
    invitations: int


def footprint(patient: Patient) -> Footprint:
    return Footprint(
        evaluations=Evaluation.objects.filter(patient=patient).count(),
        programs=Program.objects.filter(patient=patient).count(),
        sessions=SessionLog.objects.filter(patient=patient).count(),
        alerts=Alert.objects.filter(patient=patient).count(),
        notes=ClinicianNote.objects.filter(patient=patient).count(),
        messages=Message.objects.filter(patient=patient).count(),
        invitations=invites_about(patient).count(),
    )
