"""Every change to a message thread or the clinic's quick replies: one action each, atomic, with
its audit event written in the same transaction. The pages and the API call these."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from backrehab.audit.log import Action, record
from backrehab.care.listing import refresh_patient
from backrehab.clinic.models import Clinic, Patient
from backrehab.messaging import notify
from backrehab.messaging.models import BODY_MAX, TITLE_MAX, Message, QuickReply, Side
from backrehab.messaging.queries import side_of


class MessageInvalid(ValueError):
    """What is wrong with a message or quick reply, in words for the person who wrote it."""


def clean_body(body: str) -> str:
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise MessageInvalid(_("Write a message before sending."))
    if len(text) > BODY_MAX:
        raise MessageInvalid(
            _("The message is %(length)s characters long; the most is %(most)s.")
            % {"length": len(text), "most": BODY_MAX}
        )
    return text


def _unread_for(patient: Patient, reader: Side) -> QuerySet[Message]:
    if reader == Side.PATIENT:
        return Message.objects.filter(
            patient=patient, author_role=Side.TEAM, read_by_patient_at__isnull=True
        )
    return Message.objects.filter(
        patient=patient, author_role=Side.PATIENT, read_by_team_at__isnull=True
    )


@transaction.atomic
def do_send_message(
    patient: Patient, body: str, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> Message:
    """Add a message to the patient's thread, from the patient or from their care team.

    The other side gets an e-mail saying only that a message is waiting, once per unread burst:
    when the thread had nothing unread for them before this message."""
    side = side_of(by, patient)
    text = clean_body(body)
    recipient = Side.TEAM if side == Side.PATIENT else Side.PATIENT
    first_unread = not _unread_for(patient, recipient).exists()
    now = timezone.now()
    message = Message.objects.create(
        patient=patient,
        author=by,  # type: ignore[misc]
        author_role=side,
        author_name=_display_name(by),
        body=text,
        created_at=now,
        # Whoever writes has read their own message.
        read_by_patient_at=now if side == Side.PATIENT else None,
        read_by_team_at=now if side == Side.TEAM else None,
    )
    record(request, Action.CHANGED, f"message {message.pk} sent", patient, actor=by)
    if first_unread:
        notice = notify.notify_team if recipient == Side.TEAM else notify.notify_patient
        transaction.on_commit(lambda: notice(patient))
    return message


@transaction.atomic
def do_mark_thread_read(
    patient: Patient, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> int:
    """`by` read the thread: the other side's unread messages get a read receipt, and the view
    goes to the audit log. Returns how many messages were newly read."""
    side = side_of(by, patient)
    now = timezone.now()
    unread = _unread_for(patient, side)
    if side == Side.PATIENT:
        count = unread.update(read_by_patient_at=now)
    else:
        count = unread.update(read_by_team_at=now)
        if count:  # an UPDATE sends no signals: the dashboard's unread count follows here
            refresh_patient(patient.pk)
    record(request, Action.VIEWED, "message thread", patient, actor=by)
    return count


@transaction.atomic
def note_thread_viewed(
    patient: Patient, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> None:
    """A read of the thread that marks nothing read (the API's list): audited all the same."""
    side_of(by, patient)
    record(request, Action.VIEWED, "message thread", patient, actor=by)


def _display_name(user: AbstractBaseUser) -> str:
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())[:150]


# --- Quick replies --------------------------------------------------------------------------------


def clean_quick_reply(title: str, body: str) -> tuple[str, str]:
    title = (title or "").strip()
    if not title:
        raise MessageInvalid(_("Give the quick reply a short title."))
    if len(title) > TITLE_MAX:
        raise MessageInvalid(
            _("The title is %(length)s characters long; the most is %(most)s.")
            % {"length": len(title), "most": TITLE_MAX}
        )
    try:
        text = clean_body(body)
    except MessageInvalid as exc:
        if not (body or "").strip():
            raise MessageInvalid(_("Write the text of the quick reply.")) from exc
        raise
    return title, text


@transaction.atomic
def do_save_quick_reply(
    clinic: Clinic,
    title: str,
    body: str,
    *,
    by: AbstractBaseUser,
    reply: QuickReply | None = None,
    request: HttpRequest | None = None,
) -> QuickReply:
    """Add a quick reply to the clinic's list, or change `reply` (one of the clinic's)."""
    title, text = clean_quick_reply(title, body)
    if reply is None:
        reply = QuickReply.objects.create(
            clinic=clinic,
            title=title,
            body=text,
            created_by=by,  # type: ignore[misc]
        )
        what = f"quick reply {reply.pk} added"
    else:
        if reply.clinic_id != clinic.pk:
            raise PermissionError("That quick reply belongs to another clinic.")
        reply.title, reply.body, reply.updated_at = title, text, timezone.now()
        reply.save(update_fields=["title", "body", "updated_at"])
        what = f"quick reply {reply.pk} changed"
    record(request, Action.CHANGED, what, actor=by, clinic=clinic)
    return reply


@transaction.atomic
def do_delete_quick_reply(
    reply: QuickReply, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> None:
    clinic = reply.clinic
    pk = reply.pk
    reply.delete()
    record(request, Action.DELETED, f"quick reply {pk} deleted", actor=by, clinic=clinic)
