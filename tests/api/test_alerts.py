"""Alerts through the API: staff list their clinic's and acknowledge them; patients cannot."""

from __future__ import annotations

import pytest

from backrehab.audit.models import AuditEvent
from backrehab.care.models import Alert

pytestmark = pytest.mark.django_db


def test_staff_see_open_alerts_of_their_clinic(world, api_as):
    body = api_as("clinic_admin").get("/alerts").json()
    assert body["count"] == 1
    alert = body["items"][0]
    assert (alert["id"], alert["kind"], alert["patient_name"]) == (
        world.alert.pk,
        "no_session",
        "subject",
    )
    assert alert["acknowledged_at"] is None


def test_another_clinics_staff_see_none_of_them(world, api_as):
    assert api_as("other_clinician").get("/alerts").json() == {"items": [], "count": 0}


def test_patients_are_refused_the_alert_list(world, api_as):
    response = api_as("patient").get("/alerts")
    assert response.status_code == 403
    assert "staff" in response.json()["detail"]


def test_acknowledging_records_who_and_moves_it_out_of_the_open_list(world, api_as):
    client = api_as("clinician")
    response = client.post(f"/alerts/{world.alert.pk}/acknowledge")
    assert response.status_code == 200
    assert response.json()["acknowledged_by"] == "clinician"
    world.alert.refresh_from_db()
    assert world.alert.acknowledged_by == world.user("clinician")
    assert client.get("/alerts").json()["count"] == 0
    assert client.get("/alerts", status="all").json()["count"] == 1
    assert AuditEvent.objects.filter(patient_id=world.subject.pk, action="changed").exists()


def test_acknowledging_twice_keeps_the_first(world, api_as):
    api_as("clinician").post(f"/alerts/{world.alert.pk}/acknowledge")
    second = api_as("clinic_admin").post(f"/alerts/{world.alert.pk}/acknowledge")
    assert second.json()["acknowledged_by"] == "clinician"


def test_another_clinics_alert_answers_404(world, api_as):
    response = api_as("other_admin").post(f"/alerts/{world.alert.pk}/acknowledge")
    assert response.status_code == 404
    assert Alert.objects.get(pk=world.alert.pk).acknowledged_at is None


def test_alerts_can_be_narrowed_to_one_patient(world, api_as):
    other = world.user("other_patient").patient
    Alert.objects.create(patient=other, kind=Alert.Kind.PAIN_RISING, key="k", detail="Pain up.")
    client = api_as("clinician")
    assert client.get("/alerts").json()["count"] == 2
    only = client.get("/alerts", patient=other.pk).json()
    assert [a["patient_id"] for a in only["items"]] == [other.pk]


@pytest.mark.parametrize("kind", [k.value for k in Alert.Kind])
def test_every_kind_of_alert_can_be_listed(world, api_as, kind):
    Alert.objects.create(patient=world.subject, kind=kind, key="api-kinds", detail="Detail.")
    body = api_as("clinic_admin").get("/alerts").json()
    assert kind in {item["kind"] for item in body["items"]}
