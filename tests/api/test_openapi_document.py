"""The OpenAPI document describes every operation, its answers and its shapes."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.test import Client

EXPECTED = {
    ("get", "/api/v1/exercises"),
    ("get", "/api/v1/exercises/{exercise_id}"),
    ("get", "/api/v1/me"),
    ("get", "/api/v1/patients"),
    ("get", "/api/v1/patients/{patient_id}"),
    ("get", "/api/v1/patients/{patient_id}/evaluations"),
    ("post", "/api/v1/patients/{patient_id}/evaluations"),
    ("get", "/api/v1/patients/{patient_id}/programs"),
    ("get", "/api/v1/patients/{patient_id}/scores"),
    ("get", "/api/v1/patients/{patient_id}/decisions"),
    ("get", "/api/v1/patients/{patient_id}/sessions"),
    ("post", "/api/v1/patients/{patient_id}/sessions"),
    ("get", "/api/v1/alerts"),
    ("post", "/api/v1/alerts/{alert_id}/acknowledge"),
    ("get", "/api/v1/patients/{patient_id}/messages"),
    ("post", "/api/v1/patients/{patient_id}/messages"),
    ("post", "/api/v1/patients/{patient_id}/messages/read"),
}
LISTS = {
    "/api/v1/exercises",
    "/api/v1/patients",
    "/api/v1/patients/{patient_id}/evaluations",
    "/api/v1/patients/{patient_id}/programs",
    "/api/v1/patients/{patient_id}/scores",
    "/api/v1/patients/{patient_id}/decisions",
    "/api/v1/patients/{patient_id}/sessions",
    "/api/v1/alerts",
    "/api/v1/patients/{patient_id}/messages",
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    body: dict[str, Any] = response.json()
    return body


def test_the_document_is_valid_openapi(document):
    # Checked against the OpenAPI 3.1 meta-schema.
    schemathesis.openapi.from_dict(document).validate()
    assert document["openapi"].startswith("3.1")
    assert document["info"] == {
        "title": "backrehab API",
        "version": "1",
        "description": document["info"]["description"],
    }


def test_every_operation_is_described(document):
    found = {(method, path) for path, ops in document["paths"].items() for method in ops}
    assert found == EXPECTED


def test_every_list_is_paged_with_bounded_pages(document):
    for path in LISTS:
        operation = document["paths"][path]["get"]
        params = {p["name"]: p["schema"] for p in operation["parameters"]}
        assert params["limit"]["maximum"] == 200, path
        assert "offset" in params, path
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        assert ref.split("/")[-1].startswith("Paged"), path


def test_errors_and_every_shape_are_components(document):
    schemas = document["components"]["schemas"]
    assert {"Error", "PatientSummary", "ProgramOut", "SessionOut", "AlertOut", "Intake"} <= set(
        schemas
    )
    for path, ops in document["paths"].items():
        for method, operation in ops.items():
            for status, answer in operation["responses"].items():
                if status.startswith(("4", "5")):
                    schema = answer["content"]["application/json"]["schema"]
                    assert schema == {"$ref": "#/components/schemas/Error"}, (method, path)


def test_every_operation_with_a_body_documents_its_400_413_and_422(document):
    with_a_body = [
        (method, path, set(operation["responses"]))
        for path, ops in document["paths"].items()
        for method, operation in ops.items()
        if "requestBody" in operation
    ]
    assert with_a_body
    for method, path, answers in with_a_body:
        assert {"400", "413", "422"} <= answers, (method, path)


def test_operations_other_than_the_library_need_a_key(document):
    assert document["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"
    for path, ops in document["paths"].items():
        for operation in ops.values():
            assert ("security" in operation) != path.startswith("/api/v1/exercises"), path
            if path.startswith("/api/v1/exercises"):
                continue
            assert "401" in operation["responses"], path


def test_the_interactive_docs_use_no_inline_script():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # Only script files from this site, and the settings as a JSON data block (not run).
    for tag in html.split("<script")[1:]:
        opening = tag.split(">", 1)[0]
        assert "src=" in opening or 'type="application/json"' in opening
    assert "cdn" not in html.lower()
