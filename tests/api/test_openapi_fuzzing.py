"""schemathesis drives every operation of the OpenAPI document with generated requests: none may
answer with a server error, and every answer must match the document (status code and body)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from backrehab.api.auth import issue_token
from backrehab.clinical.intake import RED_FLAG_QUESTIONS
from tests.api.conftest import intake_answers

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
EVALUATIONS = "POST /api/v1/patients/{patient_id}/evaluations"
# Per operation and per way of choosing ids; small, so the whole run stays well under a minute.
EXAMPLES = 12


@pytest.fixture(autouse=True)
def test_transaction_survives_requests():
    """Requests go straight to the WSGI app, whose end-of-request hook closes a database
    connection older than DB_CONN_MAX_AGE - and with it the test's transaction. Django's test
    client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _whole_numbers(value: Any) -> Any:
    """JSON Schema lets 4.0 stand for an integer; the engine (on purpose) does not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _whole_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_whole_numbers(v) for v in value]
    return value


def _on_program(program_id: int) -> Callable[[Any], Any]:
    """A generated session, sent as done on the patient's real program."""

    def change(case: Any) -> Any:
        if isinstance(case.body, dict):
            case.body = {**_whole_numbers(case.body), "program": program_id}
        return case

    return change


def _every_red_flag_answered(case: Any) -> Any:
    """A generated evaluation whose red-flag questions are all answered: a left-out answer is
    not a "no", so without this almost every generated body is (rightly) refused with 422."""
    if isinstance(case.body, dict):
        stated = case.body.get("red_flags")
        stated = stated if isinstance(stated, dict) else {}
        case.body = {
            **case.body,
            "red_flags": {name: stated.get(name, False) for name in RED_FLAG_QUESTIONS},
        }
    return case


def _fuzz(
    operation: Any,
    key: str,
    path_parameters: dict[str, Any] | None,
    seen: Counter[int],
    program_id: int | None = None,
) -> None:
    strategy = operation.as_strategy(path_parameters=path_parameters)
    if program_id is not None:
        strategy = st.one_of(strategy, strategy.map(_on_program(program_id)))
    if operation.label == EVALUATIONS:
        strategy = st.one_of(strategy, strategy.map(_every_red_flag_answered))

    @given(case=strategy)
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any) -> None:
        response = case.call(headers={"Authorization": f"Bearer {key}"})
        seen[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    run()


@pytest.mark.django_db
def test_every_operation_answers_within_its_documented_schema(world):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    # Keys for a clinician of the clinic (who reads everything there) and for the patient (the
    # only one who records their sessions), so the requests reach real records.
    clinician = issue_token(world.user("clinician"), "fuzz")
    patient = issue_token(world.user("patient"), "fuzz")
    real_ids = {
        "patient_id": world.subject.pk,
        "alert_id": world.alert.pk,
        "exercise_id": world.program.plan["items"][0]["exercise"],
    }
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 14
    answers: dict[str, Counter[int]] = {}
    for operation in operations:
        seen = answers[operation.label] = Counter()
        records_session = operation.label == "POST /api/v1/patients/{patient_id}/sessions"
        key = patient if records_session else clinician
        names = {p.name for p in operation.path_parameters}
        # Generated ids (almost always someone else's or nobody's), then the real record's.
        _fuzz(operation, key, None, seen)
        if names:
            ids = {name: real_ids[name] for name in names}
            _fuzz(operation, key, ids, seen, world.program.pk if records_session else None)
        if operation.label == EVALUATIONS:
            # And the demo intake itself, so the accepted answer is checked against the document
            # whatever the generator happens to draw.
            case = operation.Case(
                path_parameters={"patient_id": world.subject.pk},
                body=intake_answers(),
                media_type="application/json",
            )
            response = case.call(headers={"Authorization": f"Bearer {key}"})
            seen[response.status_code] += 1
            assert response.status_code == 201, response.text
            case.validate_response(response, checks=CHECKS)
    print({label: dict(seen) for label, seen in answers.items()})
    # Not only refusals: every operation was reached with a request it accepted.
    missed = [label for label, seen in answers.items() if not any(200 <= c < 300 for c in seen)]
    assert not missed, answers
