"""The addresses the Reminders page's script sends a phone's push subscription to: only a
patient's, only well-formed subscriptions to a push service, with a clear message otherwise."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from backrehab.audit.models import AuditEvent
from backrehab.clinic.models import Role
from backrehab.messaging import push
from backrehab.messaging.models import PushSubscription
from backrehab.portal.models import CalendarFeed
from tests import personas
from tests.push_service import BrowserKeys

pytestmark = pytest.mark.django_db

SUBSCRIBE = "/my/notifications/subscribe"
UNSUBSCRIBE = "/my/notifications/unsubscribe"
FCM = "https://fcm.googleapis.com/fcm/send/dQw4w9WgXcQ:APA91bExample"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def clinic():
    return personas.clinic("Riverside Physio", "riverside")


@pytest.fixture
def alex(clinic):
    clinician = personas.staff(clinic, Role.CLINICIAN, "sam", "Sam", "Lee")
    return personas.patient(clinic, clinician, "alex", "Alex", "Rivera")


def signed_in(user) -> Client:
    client = Client(headers={"user-agent": ANDROID_CHROME})
    client.force_login(user)
    return client


def subscription(endpoint: str = FCM, keys: BrowserKeys | None = None) -> dict:
    keys = keys or BrowserKeys()
    return {"endpoint": endpoint, "expirationTime": None, "keys": keys.as_json()}


def post(client: Client, url: str, body: object):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_a_patient_switches_notifications_on_for_their_phone(alex):
    client = signed_in(alex.user)
    body = subscription()
    response = post(client, SUBSCRIBE, body)
    assert response.status_code == 201
    assert response.json() == {"subscribed": True, "device": "Chrome · Android"}
    stored = PushSubscription.objects.get(patient=alex)
    assert (stored.endpoint, stored.p256dh, stored.auth) == (
        FCM,
        body["keys"]["p256dh"],
        body["keys"]["auth"],
    )
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, what="notifications switched on for a device (Chrome · Android)"
    ).exists()
    # Reminders need a time: the patient's calendar settings exist from now on.
    assert CalendarFeed.objects.filter(patient=alex).exists()
    # Sent again (the page does on each visit): one row, no new audit event.
    events = AuditEvent.objects.count()
    assert post(client, SUBSCRIBE, body).status_code == 200
    assert PushSubscription.objects.filter(patient=alex).count() == 1
    assert AuditEvent.objects.count() == events


def test_switching_off_removes_only_that_phone(alex):
    client = signed_in(alex.user)
    post(client, SUBSCRIBE, subscription())
    other = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABexample"
    post(client, SUBSCRIBE, subscription(other))
    response = post(client, UNSUBSCRIBE, {"endpoint": FCM})
    assert response.status_code == 200
    assert response.json() == {"subscribed": False, "removed": True}
    assert list(PushSubscription.objects.values_list("endpoint", flat=True)) == [other]
    # Again (a second sign-out): still fine, nothing removed.
    assert post(client, UNSUBSCRIBE, {"endpoint": FCM}).json()["removed"] is False


def test_a_patient_cannot_switch_off_someone_elses_phone(alex, clinic):
    post(signed_in(alex.user), SUBSCRIBE, subscription())
    blake = personas.patient(clinic, None, "blake", "Blake", "Stone")
    response = post(signed_in(blake.user), UNSUBSCRIBE, {"endpoint": FCM})
    assert response.json()["removed"] is False
    assert PushSubscription.objects.get().patient == alex


def test_a_shared_phone_moves_to_whoever_switched_it_on_last(alex, clinic):
    post(signed_in(alex.user), SUBSCRIBE, subscription())
    blake = personas.patient(clinic, None, "blake", "Blake", "Stone")
    assert post(signed_in(blake.user), SUBSCRIBE, subscription()).status_code == 201
    assert PushSubscription.objects.get().patient == blake
    assert AuditEvent.objects.filter(patient_id=alex.pk, what__contains="moved").exists()


@pytest.mark.parametrize(
    ("endpoint", "problem"),
    [
        ("", "endpoint: the push service address is missing"),
        ("http://fcm.googleapis.com/fcm/send/x", "endpoint: must be an https address"),
        ("https://intranet.example.org/hook", "endpoint: intranet.example.org is not a push"),
        ("https://10.0.0.5/push", "endpoint: must name a push service, not an IP address"),
        ("https://fcm.googleapis.com:8443/x", "endpoint: must use the standard https port"),
        ("https://evilfcm.googleapis.com.example.org/x", "is not a push service"),
        ("https://user:pw@fcm.googleapis.com/x", "endpoint: not a valid address"),
        ("https://fcm.googleapis.com/a b", "must not contain spaces or control characters"),
        ("http://127.0.0.1:9/push", "endpoint: must be an https address"),
        ("https://fcm.googleapis.com/" + "x" * 2000, "endpoint: longer than 2000 characters"),
    ],
)
def test_an_address_that_is_not_a_push_service_is_refused(alex, endpoint, problem):
    response = post(signed_in(alex.user), SUBSCRIBE, subscription(endpoint))
    assert response.status_code == 400
    assert any(problem in error for error in response.json()["errors"]), response.json()
    assert not PushSubscription.objects.exists()


def test_this_machine_is_allowed_only_when_the_setting_says_so(alex, settings):
    local = "http://127.0.0.1:9/push/x"
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    assert post(signed_in(alex.user), SUBSCRIBE, subscription(local)).status_code == 201


@pytest.mark.parametrize(
    ("keys", "problem"),
    [
        ({"auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "keys.p256dh: must be base64url"),
        ({"p256dh": "BAAA", "auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "keys.p256dh: must be 65 bytes"),
        ({"p256dh": "B" + "A" * 86, "auth": "AAAAAAAAAAAAAAAAAAAAAA"}, "not a point on the P-256"),
        ({"p256dh": "VALID", "auth": "AAAA"}, "keys.auth: must be 16 bytes (got 3)"),
        ({"p256dh": "VALID", "auth": "no+slash/"}, "keys.auth: must be base64url"),
        ({"p256dh": "VALID", "auth": 16}, "keys.auth: must be base64url"),
    ],
)
def test_keys_of_the_wrong_kind_or_length_are_refused_with_what_is_wrong(alex, keys, problem):
    if keys.get("p256dh") == "VALID":
        keys = {**keys, "p256dh": BrowserKeys().p256dh}
    response = post(signed_in(alex.user), SUBSCRIBE, {"endpoint": FCM, "keys": keys})
    assert response.status_code == 400
    assert any(problem in error for error in response.json()["errors"]), response.json()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"{not json", "The request is not valid JSON."),
        (b"[]", "The request must be a JSON object."),
    ],
)
def test_a_body_that_is_not_a_subscription_is_refused(alex, raw, problem):
    response = signed_in(alex.user).post(SUBSCRIBE, raw, content_type="application/json")
    assert response.status_code == 400 and response.json() == {"errors": [problem]}


def test_visitors_and_staff_are_answered_in_json(clinic):
    body = json.dumps(subscription())
    visitor = Client().post(SUBSCRIBE, body, content_type="application/json")
    assert visitor.status_code == 401 and "Sign in" in visitor.json()["errors"][0]
    admin = personas.staff(clinic, Role.ADMIN, "ada", "Ada", "Admin")
    staff = signed_in(admin.user).post(UNSUBSCRIBE, body, content_type="application/json")
    assert staff.status_code == 403


def test_the_reminders_page_offers_the_switch_with_the_servers_public_key(alex):
    page = signed_in(alex.user).get("/my/reminders/").content.decode()
    assert f'data-push-key="{push.public_key()}"' in page
    assert 'data-subscribe-url="/my/notifications/subscribe"' in page
    assert 'id="push-switch"' in page and "Notifications on this phone" in page
    # Hidden until the script finds a browser that can take push notifications.
    assert 'id="push" aria-labelledby="push-h" hidden' in page


def test_the_switch_speaks_spanish(alex):
    client = signed_in(alex.user)
    client.cookies["django_language"] = "es"
    page = client.get("/my/reminders/").content.decode()
    assert "Avisos en este teléfono" in page
    assert "Activados: este teléfono recibe sus recordatorios" in page


def test_every_patient_page_can_forget_the_phone_on_sign_out(alex):
    page = signed_in(alex.user).get("/my/").content.decode()
    assert 'data-push-unsubscribe="/my/notifications/unsubscribe"' in page
    assert "backrehab/push.js" in page


@pytest.mark.parametrize(
    ("agent", "label"),
    [
        (ANDROID_CHROME, "Chrome · Android"),
        (
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
            "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
            "Safari · iPhone",
        ),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
            "Firefox · Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) "
            "SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36",
            "Samsung Internet · Android",
        ),
        ("curl/8.0", "Browser"),
    ],
)
def test_the_device_is_named_from_the_browser(agent, label):
    assert push.device_label(agent) == label


def test_a_key_file_is_made_on_first_use_readable_by_its_owner_only(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY = ""
    settings.VAPID_KEY_FILE = tmp_path / "data" / "vapid.pem"
    first = push.public_key()
    assert settings.VAPID_KEY_FILE.stat().st_mode & 0o777 == 0o600
    assert push.public_key() == first
    assert len(push.b64url_decode(first)) == 65


def test_a_raw_base64url_key_from_the_environment_is_read(settings):
    keys = BrowserKeys()
    settings.VAPID_PRIVATE_KEY = keys.private_number()
    assert push.public_key() == keys.p256dh


def test_the_subject_defaults_to_the_sender_address(settings):
    settings.VAPID_SUBJECT = ""
    settings.DEFAULT_FROM_EMAIL = "Riverside <rehab@riverside.example>"
    assert push.subject() == "mailto:rehab@riverside.example"
