"""The download addresses: what they answer, and that each download is in the audit log."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse
from fhir.resources.R4B.bundle import Bundle

from backrehab.audit.models import AuditEvent
from backrehab.care.models import Program
from backrehab.clinic.models import Role
from tests import personas
from tests.exports.conftest import make_patient

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin(clinic):
    return personas.staff(clinic, Role.ADMIN, "ada", "Ada", "Admin").user


def test_staff_download_the_handout_as_a_pdf_and_it_is_audited(alex, clinician):
    url = reverse("patient-handout", args=[alex.pk])
    response = signed_in(clinician.user).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('inline; filename="exercise-program-alex-doe')
    assert response.content.startswith(b"%PDF")
    event = AuditEvent.objects.get(patient_id=alex.pk, action="exported")
    assert event.actor == clinician.user and "handout" in event.what


def test_a_patient_downloads_their_own_handout(alex):
    response = signed_in(alex.user).get(reverse("my-handout"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(patient_id=alex.pk, action="exported").count() == 1


def test_a_patient_without_a_program_gets_not_found(clinic):
    patient = make_patient(clinic, "new")
    assert signed_in(patient.user).get(reverse("my-handout")).status_code == 404


def test_the_handout_of_a_patient_without_a_program_is_not_found(alex, clinician):
    Program.objects.filter(patient=alex).update(is_active=False)
    url = reverse("patient-handout", args=[alex.pk])
    assert signed_in(clinician.user).get(url).status_code == 404


def test_staff_download_the_fhir_bundle_as_fhir_json_and_it_is_audited(alex, clinician):
    response = signed_in(clinician.user).get(reverse("patient-fhir", args=[alex.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/fhir+json"
    Bundle.model_validate(json.loads(response.content))
    assert AuditEvent.objects.filter(
        patient_id=alex.pk, action="exported", what="FHIR bundle"
    ).exists()


def test_the_clinic_admin_streams_the_clinic_as_ndjson_and_it_is_audited(alex, admin):
    response = signed_in(admin).get(reverse("clinic-fhir-ndjson"))
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/fhir+ndjson"
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert {json.loads(line)["resourceType"] for line in lines} >= {"Patient", "CarePlan"}
    event = AuditEvent.objects.get(action="exported")
    assert event.clinic_id == alex.clinic_id and event.actor == admin


def test_a_clinician_may_not_bulk_export(alex, clinician):
    assert signed_in(clinician.user).get(reverse("clinic-fhir-ndjson")).status_code == 403
    assert not AuditEvent.objects.filter(action="exported").exists()
