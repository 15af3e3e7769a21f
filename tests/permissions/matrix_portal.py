"""The patient app: each patient reaches only their own pages; staff are sent to theirs.

`/my/...` URLs carry no id: whoever is signed in sees their own record, so there is no
other patient's record to reach by editing the address.
"""

from __future__ import annotations

from tests.permissions.matrix import (
    BAD_REQUEST,
    FORBIDDEN,
    GONE,
    NOT_FOUND,
    OK,
    REDIRECT,
    UNAUTHORIZED,
    Entry,
    roles,
)


def patient_page(url_name: str, **kwargs) -> Entry:
    """Signed-in patients see their own page; visitors sign in; staff go to their dashboard."""
    return Entry(url_name, roles(REDIRECT, patient=OK, other_patient=OK), **kwargs)


ENTRIES = [
    Entry("login", roles(REDIRECT, anonymous=OK)),
    Entry("logout", roles(REDIRECT), method="post"),
    patient_page("today"),
    patient_page("program"),
    patient_page("session"),
    patient_page("session-motion", note="the camera coach's tracking models, as JSON"),
    patient_page("progress"),
    patient_page("learn"),
    patient_page("lesson", kwargs=lambda world: {"slug": "pain-and-activity"}),
    patient_page("reminders"),
    patient_page("my-sessions"),
    Entry(
        "correct-session",
        roles(REDIRECT, other_patient=NOT_FOUND),
        kwargs=lambda world: {"log_id": world.log.pk},
        note="the world's log (the subject's, 3 Nov 2026) is over a week old: the patient is "
        "sent back to their sessions with a message; another patient finds nothing",
    ),
    patient_page("session-days"),
    Entry("evaluation", roles(REDIRECT), note="patients are sent on to the step they are at"),
    patient_page("evaluation-step", kwargs=lambda world: {"step": "pain"}),
    Entry("referral", roles(REDIRECT), note="without a referral a patient is sent to Today"),
    Entry(
        "morning-check",
        roles(REDIRECT, other_patient=NOT_FOUND),
        method="post",
        data=lambda world: {"pain": "3", "session": world.log.pk},
        note="the session named is the subject's: another patient cannot rate it",
    ),
    Entry(
        "session-log",
        roles(FORBIDDEN, anonymous=UNAUTHORIZED, patient=BAD_REQUEST, other_patient=BAD_REQUEST),
        method="post",
        json=True,
        data=lambda world: {},
        note="anonymous and staff are refused before the body is read",
    ),
    Entry(
        "push-subscribe",
        roles(FORBIDDEN, anonymous=UNAUTHORIZED, patient=BAD_REQUEST, other_patient=BAD_REQUEST),
        method="post",
        json=True,
        data=lambda world: {},
        note="a patient's own phone only (an empty body is refused); JSON answers, so anonymous "
        "and staff get 401/403 rather than a redirect",
    ),
    Entry(
        "push-unsubscribe",
        roles(FORBIDDEN, anonymous=UNAUTHORIZED, patient=OK, other_patient=OK),
        method="post",
        json=True,
        data=lambda world: {"endpoint": "https://fcm.googleapis.com/fcm/send/not-stored"},
        note="removes only the signed-in patient's own subscription with that address",
    ),
    Entry("self-signup", roles(OK), note="lists the clinics that accept self-guided sign-up"),
    Entry("join", roles(GONE), kwargs=lambda world: {"token": "nope"}),
    Entry(
        "calendar-feed",
        roles(NOT_FOUND),
        kwargs=lambda world: {"token": "not-a-real-token"},
        note="the feed's token is its key: a wrong one answers 404 whoever asks",
    ),
    Entry("manifest", roles(OK), note="the installable app's manifest: no personal data"),
    Entry("service-worker", roles(OK), note="the offline worker's code: no personal data"),
    Entry("favicon", roles(REDIRECT), note="sends to the icon among the static files"),
]
