"""A patient's message thread with their care team: read it, write in it, mark it read.

The same people as on the pages: the patient (their own thread) and the staff of the patient's
clinic; anyone else gets 404, as for a patient who does not exist. Every read and write is in
the audit log.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Router, Status
from ninja.pagination import paginate

from backrehab.api.endpoints.common import ONE_PATIENT, WITH_A_BODY, patient_for
from backrehab.api.errors import Invalid
from backrehab.api.pagination import Mapped, Paged
from backrehab.api.schemas import Error, Id, MessageIn, MessageOut, ThreadRead
from backrehab.clinic.models import Patient
from backrehab.messaging.actions import (
    MessageInvalid,
    do_mark_thread_read,
    do_send_message,
    note_thread_viewed,
)
from backrehab.messaging.models import Message
from backrehab.messaging.queries import side_of, unread_count

router = Router(tags=["messages"])


def message(row: Message) -> dict[str, Any]:
    return {
        "id": row.pk,
        "patient_id": row.patient_id,
        "author_role": row.author_role,
        "author": row.author_name,
        "text": row.body,
        "sent_at": row.created_at,
        "read_by_patient_at": row.read_by_patient_at,
        "read_by_team_at": row.read_by_team_at,
    }


def _thread_member(request: HttpRequest, patient_id: int) -> Patient:
    patient = patient_for(request, patient_id)
    try:
        side_of(request.user, patient)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from exc
    return patient


@router.get(
    "/patients/{patient_id}/messages",
    response={200: list[MessageOut], 403: Error, **ONE_PATIENT},
    url_name="patient-messages",
    summary="A patient's messages with their care team",
)
@paginate(Paged)
def message_list(request: HttpRequest, patient_id: Id) -> Any:
    """Newest first, with read receipts. Reading does not mark messages read: post to
    `/messages/read` for that (as opening the thread in the app does)."""
    patient = _thread_member(request, patient_id)
    note_thread_viewed(patient, by=request.user, request=request)  # type: ignore[arg-type]
    rows = Message.objects.filter(patient=patient).order_by("-created_at", "-pk")
    return Mapped(rows, message)


@router.post(
    "/patients/{patient_id}/messages",
    response={201: MessageOut, 403: Error, **ONE_PATIENT, **WITH_A_BODY},
    url_name="patient-messages",
    summary="Send a message",
)
def message_send(request: HttpRequest, patient_id: Id, payload: MessageIn) -> Any:
    """From the patient to their care team, or from the team to the patient. The other side gets
    an e-mail that says only that a message is waiting (never its text), once until they read
    the thread."""
    patient = _thread_member(request, patient_id)
    try:
        sent = do_send_message(
            patient,
            payload.text,
            by=request.user,  # type: ignore[arg-type]
            request=request,
        )
    except MessageInvalid as exc:
        raise Invalid([f"text: {exc}"]) from exc
    return Status(201, message(sent))


@router.post(
    "/patients/{patient_id}/messages/read",
    response={200: ThreadRead, 403: Error, **ONE_PATIENT},
    url_name="patient-messages-read",
    summary="Mark the thread read",
)
def message_read(request: HttpRequest, patient_id: Id) -> Any:
    """Gives the other side's unread messages a read receipt (now), for the caller's side."""
    patient = _thread_member(request, patient_id)
    newly = do_mark_thread_read(patient, by=request.user, request=request)  # type: ignore[arg-type]
    return {"newly_read": newly, "unread": unread_count(patient, side_of(request.user, patient))}
