"""A new message from the care team reaches the patient's phone by Web Push: encrypted for that
phone, signed with the server's VAPID key, saying nothing private. E-mail is the fallback; a
phone the push service no longer knows is forgotten."""

from __future__ import annotations

import socket
import time

import pytest
from django.conf import settings
from django.core import mail

from backrehab.audit.models import AuditEvent
from backrehab.clinic.models import Patient
from backrehab.messaging import notify, push
from backrehab.messaging.actions import do_send_message
from backrehab.messaging.models import PushSubscription
from backrehab.messaging.push_actions import do_subscribe_push
from tests.push_service import BrowserKeys, PushService, vapid_claims

pytestmark = pytest.mark.django_db

PRIVATE = "Your MRI shows a disc bulge at L5; keep the sciatica exercises going."


@pytest.fixture
def service(settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    with PushService() as running:
        yield running


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def sending(patient, body, by):
        with django_capture_on_commit_callbacks(execute=True):
            return do_send_message(patient, body, by=by)

    return sending


def subscribe(
    patient: Patient, service: PushService, name: str = "alex-phone"
) -> tuple[PushSubscription, BrowserKeys]:
    keys = BrowserKeys()
    subscription, _new = do_subscribe_push(
        patient, service.endpoint(name), keys.p256dh, keys.auth, device="Chrome · Android"
    )
    return subscription, keys


def test_the_teams_message_goes_to_the_phone_encrypted_signed_and_without_anything_private(
    thread, service, send
):
    subscription, keys = subscribe(thread.patient, service)
    before = time.time()

    send(thread.patient, PRIVATE, thread.sam)

    assert mail.outbox == [], "a phone took it: no e-mail as well"
    (arrival,) = service.arrivals
    assert arrival.path == "/push/alex-phone"
    payload = keys.decrypt(arrival)
    assert payload == {
        "kind": "message",
        "title": "You have a new message from your care team",
        "body": "Open backrehab to read it.",
        "url": "/my/messages/",
    }
    text = str(payload).lower()
    for private in ("mri", "disc", "l5", "sciatica", "alex", "rivera", "riverside"):
        assert private not in text
    claims = vapid_claims(arrival, push.public_key())
    assert claims["sub"] == "mailto:t@t.test"
    assert claims["aud"] == service.endpoint("x").split("/push/")[0]
    assert before < claims["exp"] <= time.time() + 24 * 3600
    assert arrival.headers["ttl"] == str(push.TTL_SECONDS[push.MESSAGE])
    assert arrival.headers["urgency"] == "normal"
    subscription.refresh_from_db()
    assert subscription.last_sent_at is not None


def test_a_spanish_reader_gets_the_notification_in_spanish(thread, service, send):
    thread.patient.language = "es"
    thread.patient.save(update_fields=["language"])
    _subscription, keys = subscribe(thread.patient, service)

    send(thread.patient, PRIVATE, thread.sam)

    payload = keys.decrypt(service.arrivals[0])
    assert payload["title"] == "Tiene un mensaje nuevo de su equipo de atención"
    assert payload["body"] == "Abra backrehab para leerlo."


def test_every_phone_of_the_patient_gets_it(thread, service, send):
    _first, first_keys = subscribe(thread.patient, service, "phone")
    _second, second_keys = subscribe(thread.patient, service, "tablet")
    subscribe(thread.other_patient, service, "blakes-phone")

    send(thread.patient, PRIVATE, thread.sam)

    assert sorted(a.path for a in service.arrivals) == ["/push/phone", "/push/tablet"]
    by_path = {a.path: a for a in service.arrivals}
    assert first_keys.decrypt(by_path["/push/phone"])["kind"] == "message"
    assert second_keys.decrypt(by_path["/push/tablet"])["kind"] == "message"


@pytest.mark.parametrize("status", [404, 410])
def test_a_phone_the_push_service_no_longer_knows_is_forgotten_and_e_mail_goes_instead(
    thread, service, send, status
):
    subscription, _keys = subscribe(thread.patient, service)
    service.status = status

    send(thread.patient, PRIVATE, thread.sam)

    assert not PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert [m.to for m in mail.outbox] == [["alex@example.org"]]
    assert AuditEvent.objects.filter(
        patient_id=thread.patient.pk, what__contains=f"the push service answered {status}"
    ).exists()


def test_a_push_service_error_keeps_the_phone_and_sends_the_e_mail(thread, service, send):
    subscription, _keys = subscribe(thread.patient, service)
    service.status = 500

    send(thread.patient, PRIVATE, thread.sam)

    assert PushSubscription.objects.filter(pk=subscription.pk).exists()
    assert len(mail.outbox) == 1


def test_an_unreachable_push_service_breaks_nothing(thread, settings, send):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    keys = BrowserKeys()
    do_subscribe_push(thread.patient, f"http://127.0.0.1:{port}/push/x", keys.p256dh, keys.auth)

    message = send(thread.patient, PRIVATE, thread.sam)

    assert message.pk is not None
    assert len(mail.outbox) == 1


def test_without_a_phone_or_an_address_nothing_is_sent(thread):
    thread.patient.user.email = ""
    thread.patient.user.save(update_fields=["email"])
    assert notify.notify_patient(thread.patient) is False
    assert mail.outbox == []


def test_a_phone_without_an_address_still_gets_the_notice(thread, service):
    thread.patient.user.email = ""
    thread.patient.user.save(update_fields=["email"])
    subscribe(thread.patient, service)
    assert notify.notify_patient(thread.patient) is True
    assert len(service.arrivals) == 1


def test_a_broken_server_key_falls_back_to_e_mail(thread, service, settings):
    subscribe(thread.patient, service)
    settings.VAPID_PRIVATE_KEY = "not a key"
    assert notify.notify_patient(thread.patient) is True
    assert service.arrivals == [] and len(mail.outbox) == 1


def test_the_patients_own_message_pushes_nothing_to_them(thread, service, send):
    subscribe(thread.patient, service)
    send(thread.patient, "Hello team", thread.alex)
    assert service.arrivals == []


def test_the_tests_never_use_the_key_file_in_the_data_directory():
    assert settings.VAPID_PRIVATE_KEY.startswith("-----BEGIN PRIVATE KEY-----")
