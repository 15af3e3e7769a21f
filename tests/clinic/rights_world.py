"""A patient with something in every table that can hold their data (for the data-rights and
backup tests): the permission-matrix world, plus an invitation, a calendar feed, an unfinished
evaluation, an API key, sign-in sessions and failed sign-ins."""

from __future__ import annotations

import datetime as dt

from axes.models import AccessFailureLog
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from backrehab.api.models import ApiToken
from backrehab.audit import log as audit
from backrehab.audit.models import Action
from backrehab.messaging.actions import do_save_quick_reply, do_send_message
from backrehab.messaging.push_actions import do_subscribe_push
from backrehab.portal.models import CalendarFeed, IntakeDraft, Invite
from tests.personas import PASSWORD, World, build_world
from tests.push_service import BrowserKeys

# Unusual enough that finding them anywhere after deletion means something was kept.
USERNAME = "zq-quillfeather"
EMAIL = "zq.quillfeather@example.org"
FIRST_NAME = "Zephyrine"
PUSH_ENDPOINT = "https://fcm.googleapis.com/fcm/send/zq-device-token"


def rich_world() -> World:
    world = build_world()
    subject = world.subject
    user = subject.user
    user.username, user.email, user.first_name = USERNAME, EMAIL, FIRST_NAME
    user.save()
    clinician = person(world, "clinician")
    Invite.objects.create(
        clinic=world.home,
        created_by=clinician.staff,
        name=f"{FIRST_NAME} Quillfeather",
        email=EMAIL,
        accepted_by=subject,
        accepted_at=timezone.now(),
    )
    # A second, unused invitation to the same address: it names them too.
    Invite.objects.create(clinic=world.home, name=FIRST_NAME, email=EMAIL.upper())
    # Someone else's invitation stays.
    Invite.objects.create(clinic=world.home, name="Somebody Else", email="else@example.org")
    CalendarFeed.objects.create(patient=subject, reminders_by_email=True, reminder_time=dt.time(7))
    # A phone with notifications on.
    keys = BrowserKeys()
    do_subscribe_push(subject, PUSH_ENDPOINT, keys.p256dh, keys.auth, device="Chrome · Android")
    IntakeDraft.objects.create(user=user, answers={"age": 41}, step="pain", kind="reassessment")
    ApiToken.objects.create(user=user, name="my phone", key_hash="f" * 64, prefix="brk_ffff")
    # A thread with their care team (their name in a message, both ways), and a clinic reply.
    do_send_message(subject, f"Hello, this is {FIRST_NAME}. My back is stiff.", by=user)
    do_send_message(subject, f"Thanks {FIRST_NAME}, try the first exercise slower.", by=clinician)
    do_save_quick_reply(world.home, "Slow down", "Try it slower, please.", by=clinician)
    audit.record(None, Action.VIEWED, "patient record", subject, actor=clinician)
    audit.record(None, Action.EXPORTED, "all my data", subject, actor=user)
    # A real sign-in through the log-in page (a session, an axes access log), then a wrong
    # password (axes keeps the attempt; a success would have reset it).
    right = Client()
    response = right.post("/login/", {"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302, "the subject could not sign in"
    Client().post("/login/", {"username": USERNAME, "password": "not-it"})
    # Kept only with AXES_ENABLE_ACCESS_FAILURE_LOG on; made here so deletion is tested for it.
    AccessFailureLog.objects.create(
        username=USERNAME, ip_address="127.0.0.1", user_agent="test", path_info="/login/"
    )
    world.extra["client"] = right
    return world


def person(world: World, role: str) -> User:
    """The signed-in user of `role` (every role but anonymous has one)."""
    user = world.users[role]
    assert user is not None, role
    return user
