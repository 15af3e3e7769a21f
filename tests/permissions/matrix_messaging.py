"""Messages: a patient reaches only their own thread (/my/messages/ has no id); their clinic's
staff reach it from the workspace and the API; another clinic's admin and staff find nothing (404)
behind the patient's id or a quick reply's id, exactly as for ones that do not exist."""

from __future__ import annotations

from typing import Any

from backrehab.messaging.models import QuickReply
from tests.permissions.matrix import (
    BAD_REQUEST,
    CREATED,
    NOT_FOUND,
    OK,
    PATIENTS_REFUSED,
    REDIRECT,
    UNAUTHORIZED,
    Entry,
    home_staff,
    roles,
    subject_kwargs,
)
from tests.personas import World


def reply_kwargs(world: World) -> dict[str, Any]:
    """A quick reply of the home clinic."""
    reply, _ = QuickReply.objects.get_or_create(
        clinic=world.home, title="Matrix reply", defaults={"body": "Keep going."}
    )
    return {"reply_id": reply.pk}


def message(world: World) -> dict[str, str]:
    return {"body": "How is your back today?"}


def api(url_name: str, expect: dict[str, int], **kwargs: Any) -> Entry:
    return Entry(f"api:{url_name}", expect, auth="token", kwargs=subject_kwargs, **kwargs)


def thread_members(answer: int) -> dict[str, int]:
    """The subject and their clinic's staff get `answer`; everyone else 404 (401 without a key)."""
    return roles(
        NOT_FOUND,
        anonymous=UNAUTHORIZED,
        patient=answer,
        clinician=answer,
        clinic_admin=answer,
    )


ENTRIES = [
    Entry(
        "my-messages",
        roles(REDIRECT, patient=OK, other_patient=OK),
        note="each patient sees their own thread; staff are sent to their dashboard",
    ),
    Entry(
        "my-messages",
        roles(REDIRECT),
        method="post",
        data=message,
        mutates=True,
        note="a patient's message is sent to their own care team, then back to the thread",
    ),
    Entry(
        "my-messages",
        roles(REDIRECT, patient=BAD_REQUEST, other_patient=BAD_REQUEST),
        method="post",
        data=lambda world: {"body": "   "},
        note="an empty message is refused with the reason on the page",
    ),
    home_staff("patient-messages", kwargs=subject_kwargs),
    home_staff("patient-messages", kwargs=subject_kwargs, query="quick=1&page=2"),
    home_staff(
        "patient-messages",
        staff=REDIRECT,
        kwargs=subject_kwargs,
        method="post",
        data=message,
        mutates=True,
        note="another clinic's admin can never message the home clinic's patient",
    ),
    home_staff(
        "patient-messages",
        staff=BAD_REQUEST,
        kwargs=subject_kwargs,
        method="post",
        data=lambda world: {"body": "x" * 2001},
        note="too long: refused with the reason (the other clinic still gets 404 first)",
    ),
    Entry(
        "quick-replies",
        roles(OK, anonymous=REDIRECT, **PATIENTS_REFUSED),
        note="every clinic's staff see their own clinic's list",
    ),
    Entry(
        "quick-replies",
        roles(REDIRECT, **PATIENTS_REFUSED),
        method="post",
        data=lambda world: {"title": "Ice", "body": "Ice for 10 minutes can ease it."},
        mutates=True,
        note="staff add to their own clinic's list",
    ),
    home_staff("quick-reply-edit", kwargs=reply_kwargs),
    home_staff(
        "quick-reply-edit",
        staff=REDIRECT,
        kwargs=reply_kwargs,
        method="post",
        data=lambda world: {"title": "Changed", "body": "Changed text."},
        mutates=True,
    ),
    home_staff(
        "quick-reply-delete",
        staff=REDIRECT,
        kwargs=reply_kwargs,
        method="post",
        mutates=True,
        note="another clinic's staff cannot delete the home clinic's reply",
    ),
    api("patient-messages", thread_members(OK)),
    api(
        "patient-messages",
        thread_members(CREATED),
        method="post",
        json=True,
        data=lambda world: {"text": "Feeling better today."},
        mutates=True,
    ),
    api("patient-messages-read", thread_members(OK), method="post", mutates=True),
]
