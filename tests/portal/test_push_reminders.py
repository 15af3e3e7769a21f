"""The session reminder goes to the patient's phones by Web Push at their time; e-mail is the
fallback when they have no phone with notifications on or no phone took it. The notification
names no exercise, no pain, nothing about their health."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from backrehab.care.models import Program
from backrehab.clinic.models import Patient
from backrehab.library.catalog import Catalog
from backrehab.messaging import push
from backrehab.messaging.models import PushSubscription
from backrehab.messaging.push_actions import do_subscribe_push
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.actions import do_save_reminder_settings
from backrehab.portal.models import CalendarFeed
from backrehab.portal.reminders import send_due_reminders
from tests.portal.test_send_reminders import at, session_day
from tests.push_service import BrowserKeys, PushService, vapid_claims

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    with PushService() as running:
        yield running


@pytest.fixture
def alex(library_in_db):
    seed_demo_clinic()
    patient = Patient.objects.get(user__username="demo-alex")
    patient.user.email = "alex@example.org"
    patient.user.save()
    do_save_reminder_settings(patient, by_email=False, at=dt.time(8))
    return patient


def phone(patient: Patient, service: PushService, name: str = "phone") -> BrowserKeys:
    keys = BrowserKeys()
    do_subscribe_push(patient, service.endpoint(name), keys.p256dh, keys.auth, device="Chrome")
    return keys


def health_words(patient: Patient) -> set[str]:
    """Everything a notification must not say: the exercises, the program, the patient."""
    program = Program.objects.get(patient=patient, is_active=True)
    words = {"pain", "sciatica", "minutes", patient.user.first_name.lower()}
    for language in ("en", "es"):
        catalog = Catalog.for_clinic(patient.clinic_id, language)
        for item in program.plan["items"]:
            words |= {item["exercise"].lower(), catalog.name(item["exercise"]).lower()}
    return words


def test_a_phone_with_notifications_on_is_reminded_at_the_patients_hour(alex, service):
    keys = phone(alex, service)
    day = session_day(alex)

    assert send_due_reminders(at(day, 7)) == 0 and service.arrivals == []
    assert send_due_reminders(at(day, 8)) == 1

    (arrival,) = service.arrivals
    payload = keys.decrypt(arrival)
    assert payload == {
        "kind": "reminder",
        "title": "Time for your back exercises",
        "body": "Today is one of your exercise days.",
        "url": "/my/",
    }
    text = " ".join(str(v) for v in payload.values()).lower()
    assert [w for w in health_words(alex) if w in text] == []
    assert vapid_claims(arrival, push.public_key())["sub"] == "mailto:t@t.test"
    assert arrival.headers["ttl"] == str(push.TTL_SECONDS[push.REMINDER])
    assert mail.outbox == []
    # Once a day: the next hourly run sends nothing.
    assert send_due_reminders(at(day, 9)) == 0 and len(service.arrivals) == 1


def test_with_a_phone_the_e_mail_is_not_sent_as_well(alex, service):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8))
    phone(alex, service)
    assert send_due_reminders(at(session_day(alex), 8)) == 1
    assert len(service.arrivals) == 1 and mail.outbox == []


def test_when_every_push_fails_the_e_mail_goes(alex, service):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8))
    phone(alex, service, "one")
    phone(alex, service, "two")
    service.status = 503
    assert send_due_reminders(at(session_day(alex), 8)) == 1
    assert len(service.arrivals) == 2
    assert [m.to for m in mail.outbox] == [["alex@example.org"]]
    assert PushSubscription.objects.filter(patient=alex).count() == 2


def test_a_dropped_phone_is_forgotten_and_the_e_mail_goes(alex, service):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8))
    phone(alex, service)
    service.status = 410
    assert send_due_reminders(at(session_day(alex), 8)) == 1
    assert not PushSubscription.objects.filter(patient=alex).exists()
    assert len(mail.outbox) == 1


def test_a_failed_push_without_e_mail_is_tried_again_next_hour(alex, service):
    phone(alex, service)
    day = session_day(alex)
    service.status = 500
    assert send_due_reminders(at(day, 8)) == 0
    assert CalendarFeed.objects.get(patient=alex).last_reminder_on is None
    service.status = 201
    assert send_due_reminders(at(day, 9)) == 1
    assert len(service.arrivals) == 2 and mail.outbox == []


def test_without_a_phone_the_e_mail_reminder_is_unchanged(alex, service):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8))
    assert send_due_reminders(at(session_day(alex), 8)) == 1
    assert service.arrivals == [] and len(mail.outbox) == 1


def test_the_reminder_is_in_the_patients_language(alex, service):
    do_save_reminder_settings(alex, by_email=False, at=dt.time(8), language="es")
    keys = phone(alex, service)
    send_due_reminders(at(session_day(alex), 8))
    payload = keys.decrypt(service.arrivals[0])
    assert payload["title"] == "Es hora de sus ejercicios para la espalda"
    assert payload["body"] == "Hoy es uno de sus días de ejercicio."


def test_an_inactive_account_gets_nothing(alex, service):
    phone(alex, service)
    alex.user.is_active = False
    alex.user.save()
    assert send_due_reminders(at(session_day(alex), 8)) == 0 and service.arrivals == []
