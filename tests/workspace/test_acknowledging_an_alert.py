"""One click acknowledges an alert: who and when are recorded, and the audit log says so."""

from __future__ import annotations

import pytest
from django.urls import reverse

from backrehab.audit.models import AuditEvent
from backrehab.care.models import Alert

pytestmark = pytest.mark.django_db


@pytest.fixture
def alert(alex):
    return Alert.objects.create(patient=alex, kind="no_session", key="k", detail="Quiet week.")


def test_it_records_who_and_when_and_goes_back(client, people, alert):
    client.force_login(people.colleague.user)
    url = reverse("alert-acknowledge", kwargs={"alert_id": alert.pk})
    response = client.post(url, {"next": "/clinic/?scope=clinic"})
    assert response.status_code == 302 and response["Location"] == "/clinic/?scope=clinic"
    alert.refresh_from_db()
    assert alert.acknowledged_by == people.colleague.user and alert.acknowledged_at is not None
    event = AuditEvent.objects.get(action="changed", what__startswith="acknowledged")
    assert event.patient_id == alert.patient_id


def test_acknowledging_again_keeps_the_first(client, people, alert):
    url = reverse("alert-acknowledge", kwargs={"alert_id": alert.pk})
    client.force_login(people.me.user)
    client.post(url)
    first = Alert.objects.get(pk=alert.pk).acknowledged_at
    client.force_login(people.colleague.user)
    client.post(url)
    alert.refresh_from_db()
    assert alert.acknowledged_by == people.me.user and alert.acknowledged_at == first


def test_it_does_not_follow_a_next_address_off_the_site(client, people, alert):
    client.force_login(people.me.user)
    response = client.post(
        reverse("alert-acknowledge", kwargs={"alert_id": alert.pk}), {"next": "https://evil.test/"}
    )
    assert response["Location"] == reverse("dashboard")


def test_another_clinics_clinician_gets_404_and_changes_nothing(client, people, alert):
    client.force_login(people.stranger.user)
    response = client.post(reverse("alert-acknowledge", kwargs={"alert_id": alert.pk}))
    assert response.status_code == 404
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


def test_it_only_accepts_post(client, people, alert):
    client.force_login(people.me.user)
    response = client.get(reverse("alert-acknowledge", kwargs={"alert_id": alert.pk}))
    assert response.status_code == 405
