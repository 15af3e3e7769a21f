"""A clinic admin sets whether patients may sign up alone and whether a re-assessment's larger
changes apply at once (issue 11: "a clinic setting may allow automatic application")."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import Action, AuditEvent
from backrehab.clinic.models import Clinic, Role
from tests import personas

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client():
    home = personas.clinic("Home")
    admin = personas.staff(home, Role.ADMIN, "morgan")
    client = Client()
    client.force_login(admin.user)
    return home, client


def test_the_admin_turns_on_automatic_application_and_it_is_audited(admin_client):
    home, client = admin_client
    response = client.post(
        reverse("clinic-settings"),
        {"name": "Home Physio", "auto_apply_reassessment": "on"},
    )
    assert response.status_code == 302
    home.refresh_from_db()
    assert (home.name, home.auto_apply_reassessment, home.self_signup) == (
        "Home Physio",
        True,
        False,
    )
    event = AuditEvent.objects.get(clinic_id=home.pk, action=Action.CHANGED)
    assert "re-assessment changes applied at once" in event.what


def test_an_empty_name_is_refused_with_a_message(admin_client):
    home, client = admin_client
    response = client.post(reverse("clinic-settings"), {"name": "  "})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert Clinic.objects.get(pk=home.pk).name == "Home"


def test_a_clinician_cannot_change_the_settings(admin_client):
    home, _client = admin_client
    clinician = personas.staff(home, Role.CLINICIAN, "dana")
    client = Client()
    client.force_login(clinician.user)
    assert client.post(reverse("clinic-settings"), {"name": "Mine now"}).status_code == 403
    assert Clinic.objects.get(pk=home.pk).name == "Home"
