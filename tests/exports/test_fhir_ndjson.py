"""The clinic's bulk export: one valid FHIR resource per line, only that clinic's patients."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B import get_fhir_model_class

from backrehab.care import services
from backrehab.clinic.models import Role
from backrehab.exports.fhir import clinic_ndjson, resource_id
from tests import personas
from tests.exports.conftest import alex_answers, make_patient, references

pytestmark = pytest.mark.django_db


@pytest.fixture
def away_patient(library_in_db):
    away = personas.clinic("Away Clinic", "away")
    patient = make_patient(away, "morgan")
    services.evaluate(patient, alex_answers())
    return patient


def lines_of(clinic) -> list[dict]:
    chunks = list(clinic_ndjson(clinic))
    assert all(chunk.endswith(b"\n") and chunk.count(b"\n") == 1 for chunk in chunks)
    return [json.loads(chunk) for chunk in chunks]


def test_every_line_is_one_valid_resource(alex):
    resources = lines_of(alex.clinic)
    for resource in resources:
        get_fhir_model_class(resource["resourceType"]).model_validate(resource)
    kinds = {r["resourceType"] for r in resources}
    assert {"Organization", "Practitioner", "Patient", "CarePlan", "Observation"} <= kinds


def test_references_are_relative_and_point_at_exported_resources(alex):
    resources = lines_of(alex.clinic)
    exported = {f"{r['resourceType']}/{r['id']}" for r in resources}
    found = references(resources)
    assert found and set(found) <= exported


def test_only_the_clinics_own_patients_are_exported(alex, away_patient):
    resources = lines_of(alex.clinic)
    patients = {r["id"] for r in resources if r["resourceType"] == "Patient"}
    assert patients == {resource_id("patient", alex.pk)}
    subjects = {r["subject"]["reference"] for r in resources if "subject" in r}
    assert subjects == {f"Patient/{resource_id('patient', alex.pk)}"}


def test_every_staff_member_of_the_clinic_is_a_practitioner(alex):
    personas.staff(alex.clinic, Role.ADMIN, "ada", "Ada", "Admin")
    names = {
        r["name"][0]["text"] for r in lines_of(alex.clinic) if r["resourceType"] == "Practitioner"
    }
    assert names == {"Jo Martinez", "Ada Admin"}


def test_the_export_reads_patients_in_chunks_not_all_at_once(
    alex, clinic, django_assert_max_num_queries
):
    for n in range(5):
        make_patient(clinic, f"extra-{n}")
    # Patients, their evaluations, programs and logs are read with a fixed number of queries per
    # chunk of patients, whatever the number of patients in it.
    with django_assert_max_num_queries(10):
        lines = lines_of(clinic)
    assert sum(1 for r in lines if r["resourceType"] == "Patient") == 6
