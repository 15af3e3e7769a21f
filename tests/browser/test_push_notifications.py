"""A push reminder on a phone, end to end, without leaving the machine.

The patient turns "Notifications on this phone" on; the app stores the subscription; the reminder
job posts to the push service; the test (playing the push service on 127.0.0.1) decrypts what
arrived with the keys only the phone holds, and hands it to the app's service worker, which shows
a notification saying nothing about the patient's health. Signing out forgets the phone.

Chromium's own pushManager.subscribe() asks Google's push service, which is out of reach here, so
an init script stands in for the browser's PushManager: its subscription names the test's push
service and carries keys the test made. Everything else is the real app and the real browser.
"""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from playwright.sync_api import expect

from backrehab.clinic.models import Patient
from backrehab.messaging.models import PushSubscription
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.actions import do_save_reminder_settings
from backrehab.portal.reminders import send_due_reminders
from tests.portal.test_send_reminders import at, session_day
from tests.push_service import BrowserKeys, PushService

from .conftest import PHONE, screenshot, serious_accessibility_problems, sign_in
from .conftest import while_the_server_is_busy as retrying

pytestmark = pytest.mark.browser

STAND_IN = """
(() => {
  const ENDPOINT = %(endpoint)s;
  const KEYS = %(keys)s;
  const SAVED = "test-push-subscription";
  function subscription(serverKey) {
    return {
      endpoint: ENDPOINT,
      expirationTime: null,
      options: { userVisibleOnly: true, applicationServerKey: serverKey.buffer },
      toJSON() { return { endpoint: ENDPOINT, expirationTime: null, keys: KEYS }; },
      unsubscribe() {
        localStorage.removeItem(SAVED);
        return Promise.resolve(true);
      },
    };
  }
  PushManager.prototype.subscribe = function (options) {
    const key = new Uint8Array(options.applicationServerKey);
    localStorage.setItem(SAVED, JSON.stringify(Array.from(key)));
    return Promise.resolve(subscription(key));
  };
  PushManager.prototype.getSubscription = function () {
    const saved = localStorage.getItem(SAVED);
    return Promise.resolve(saved ? subscription(new Uint8Array(JSON.parse(saved))) : null);
  };
})();
"""

NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data.url }));
}"""


def wait_for(page, check, seconds: float = 10):
    """`check()` once it is truthy (or its last answer); the page's waits let Playwright take
    in the browser's events meanwhile."""
    deadline = time.monotonic() + seconds
    while True:
        found = check()
        if found or time.monotonic() > deadline:
            return found
        page.wait_for_timeout(100)


def test_a_push_reminder_reaches_the_phone_and_shows_a_notification(browser, site, settings):
    settings.PUSH_ALLOW_LOCAL_ENDPOINTS = True
    seed_demo_clinic()
    alex = Patient.objects.get(user__username="demo-alex")
    do_save_reminder_settings(alex, by_email=False, at=dt.time(8))
    keys = BrowserKeys()
    with PushService() as service:
        endpoint = service.endpoint("alexs-phone")
        context = browser.new_context(viewport=PHONE, device_scale_factor=1)
        context.grant_permissions(["notifications"], origin=site.url)
        context.add_init_script(
            STAND_IN % {"endpoint": json.dumps(endpoint), "keys": json.dumps(keys.as_json())}
        )
        phone = context.new_page()
        phone.viewport_name = "phone"
        sign_in(phone, site.url, "demo-alex", "demo-alex-pass")

        # The switch appears (this browser can take push), off until the patient taps it.
        phone.goto(f"{site.url}/my/reminders/")
        switch = phone.get_by_role("switch", name="Notifications on this phone")
        switch.wait_for()
        state = phone.locator("#push-state")
        expect(state).to_have_text("Off: this phone gets no notifications.")
        assert not switch.is_checked()
        assert PushSubscription.objects.count() == 0

        switch.click()
        expect(state).to_have_text("On: this phone gets your reminders and new-message notices.")
        assert switch.is_checked()
        stored = retrying(lambda: PushSubscription.objects.get(patient=alex))
        assert (stored.endpoint, stored.p256dh, stored.auth) == (endpoint, keys.p256dh, keys.auth)
        assert stored.device == "Chrome · Linux"
        screenshot(phone, "notifications-on")
        assert serious_accessibility_problems(phone) == []
        assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

        # Opened again, the page shows it on.
        phone.reload()
        expect(state).to_contain_text("On:")
        assert switch.is_checked()
        assert "Chrome · Linux" in phone.locator(".devices").inner_text()

        # The reminder job at the patient's hour on a session day: the phone's push service
        # gets it, and only the phone's keys open it.
        assert retrying(lambda: send_due_reminders(at(session_day(alex), 8))) == 1
        (arrival,) = service.arrivals
        payload = keys.decrypt(arrival)
        assert payload == {
            "kind": "reminder",
            "title": "Time for your back exercises",
            "body": "Today is one of your exercise days.",
            "url": "/my/",
        }

        # Handed to the app's service worker as the push service would: a notification.
        cdp = context.new_cdp_session(phone)
        registrations: list[dict] = []
        cdp.on(
            "ServiceWorker.workerRegistrationUpdated",
            lambda event: registrations.extend(event["registrations"]),
        )
        cdp.send("ServiceWorker.enable")
        ours = wait_for(
            phone, lambda: [r for r in registrations if r["scopeURL"] == f"{site.url}/"]
        )
        assert ours, registrations
        cdp.send(
            "ServiceWorker.deliverPushMessage",
            {
                "origin": site.url,
                "registrationId": ours[0]["registrationId"],
                "data": json.dumps(payload),
            },
        )
        shown = wait_for(phone, lambda: phone.evaluate(NOTIFICATIONS))
        assert shown == [
            {
                "title": "Time for your back exercises",
                "body": "Today is one of your exercise days.",
                "tag": "reminder",
                "url": f"{site.url}/my/",
            }
        ]

        # Signing out forgets the phone, on the server and in the browser.
        phone.get_by_role("button", name="Sign out").click()
        phone.wait_for_url(f"{site.url}/")
        assert retrying(lambda: not PushSubscription.objects.filter(patient=alex).exists())
        assert phone.evaluate("localStorage.getItem('test-push-subscription')") is None
        context.close()


def test_the_switch_stays_away_where_the_browser_cannot_take_push(browser, site):
    seed_demo_clinic()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1, locale="es-ES")
    context.add_init_script("delete window.PushManager;")
    phone = context.new_page()
    sign_in(phone, site.url, "demo-alex", "demo-alex-pass")
    phone.goto(f"{site.url}/my/reminders/")
    phone.wait_for_load_state("load")
    assert phone.locator("#push").is_hidden()
    assert "Recordatorios" in phone.locator("h1").inner_text()
    context.close()


def test_permission_is_asked_only_on_the_tap_and_a_refusal_is_explained(browser, site):
    seed_demo_clinic()
    context = browser.new_context(viewport=PHONE, device_scale_factor=1)
    # The browser's permission prompt, answered "Block" by the patient; counted.
    context.add_init_script(
        """
        window.asked = 0;
        Notification.requestPermission = () => {
          window.asked += 1;
          return Promise.resolve("denied");
        };
        """
    )
    phone = context.new_page()
    sign_in(phone, site.url, "demo-alex", "demo-alex-pass")
    phone.goto(f"{site.url}/my/reminders/")
    switch = phone.get_by_role("switch", name="Notifications on this phone")
    expect(phone.locator("#push-state")).to_have_text("Off: this phone gets no notifications.")
    assert phone.evaluate("window.asked") == 0

    switch.click()
    expect(phone.locator("#push-state")).to_have_text(
        "Notifications are blocked for this site. You can allow them in your browser settings."
    )
    assert phone.evaluate("window.asked") == 1
    assert not switch.is_checked() and switch.is_disabled()
    assert retrying(lambda: not PushSubscription.objects.exists())
    context.close()
