"""The demo clinic shows the messages: a thread with Alex, its last message unread by the team,
and the clinic's quick replies."""

from __future__ import annotations

import pytest

from backrehab.messaging.models import Message, QuickReply, Side
from backrehab.messaging.queries import unread_count
from backrehab.operations.demo import seed_demo_clinic

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_thread_with_one_unread_message_and_quick_replies(library_in_db):
    seed_demo_clinic()
    seed_demo_clinic()  # twice adds nothing
    alex = Message.objects.values_list("patient", flat=True).distinct().get()
    assert Message.objects.count() == 3
    patient = Message.objects.filter(patient_id=alex).first().patient
    assert unread_count(patient, Side.TEAM) == 1
    assert unread_count(patient, Side.PATIENT) == 0
    assert QuickReply.objects.count() == 2
