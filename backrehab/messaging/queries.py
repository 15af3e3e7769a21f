"""What the message pages and the API read: whose side someone writes for, the thread, and the
unread counts (each in one query)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Max, Q, QuerySet

from backrehab.clinic.access import AnyUser, staff_member
from backrehab.clinic.models import Clinic, Patient
from backrehab.messaging.models import Message, QuickReply, Side

MESSAGES_PER_PAGE = 50


def side_of(user: AnyUser, patient: Patient) -> Side:
    """The side `user` writes and reads for in `patient`'s thread: the patient themself, or the
    care team (any staff of the patient's clinic). Anyone else may not take part."""
    if user.is_authenticated and patient.user_id == user.pk:
        return Side.PATIENT
    staff = staff_member(user)
    if staff is not None and staff.clinic_id == patient.clinic_id:
        return Side.TEAM
    raise PermissionError("Only the patient and their care team take part in this thread.")


def unread_for_team() -> Q:
    return Q(author_role=Side.PATIENT, read_by_team_at__isnull=True)


def unread_for_patient() -> Q:
    return Q(author_role=Side.TEAM, read_by_patient_at__isnull=True)


def unread_count(patient: Patient, reader: Side) -> int:
    wanted = unread_for_patient() if reader == Side.PATIENT else unread_for_team()
    return Message.objects.filter(wanted, patient=patient).count()


def team_unread_total(patients: QuerySet[Patient]) -> dict[str, int]:
    """Unread messages from `patients` and how many patients sent them, in one query."""
    totals = Message.objects.filter(unread_for_team(), patient__in=patients).aggregate(
        messages=Count("pk"), patients=Count("patient", distinct=True)
    )
    return {"messages": totals["messages"] or 0, "patients": totals["patients"] or 0}


def thread_page(patient: Patient, page_number: Any) -> tuple[Page[Message], list[Message]]:
    """One page of the thread, newest page first, its messages oldest first (as a chat reads)."""
    messages = Message.objects.filter(patient=patient).order_by("-created_at", "-pk")
    page = Paginator(messages, MESSAGES_PER_PAGE).get_page(page_number)
    return page, list(reversed(page.object_list))


def thread_state(patient: Patient) -> str:
    """What changes when someone writes or reads: the newest message and the read receipts. A
    page showing the thread asks whether this moved before it asks for the thread again."""
    found = Message.objects.filter(patient=patient).aggregate(
        newest=Max("pk"),
        read_by_team=Count("pk", filter=Q(read_by_team_at__isnull=False)),
        read_by_patient=Count("pk", filter=Q(read_by_patient_at__isnull=False)),
    )
    return f"{found['newest'] or 0}.{found['read_by_team']}.{found['read_by_patient']}"


def quick_replies(clinic: Clinic | int) -> QuerySet[QuickReply]:
    clinic_id = clinic if isinstance(clinic, int) else clinic.pk
    return QuickReply.objects.filter(clinic_id=clinic_id).order_by("title", "pk")
