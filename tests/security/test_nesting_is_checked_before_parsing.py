"""JSON nested too deeply is refused before the parser sees it (issue 10, Low 12): a RecursionError
inside the parser on CPython 3.11.7 leaves the process's AST recursion counter wrong, and a
later `ast.parse` (pytest's assertion rewriting, for one) then fails with a SystemError."""

from __future__ import annotations

import json

import pytest

from backrehab.json_text import MOST_NESTING, loads, nested_too_deeply


def test_a_real_document_is_not_too_deep():
    assert not nested_too_deeply(json.dumps({"a": [{"b": [1, 2, {"c": "x"}]}]}))


def test_brackets_inside_strings_do_not_count():
    assert not nested_too_deeply(json.dumps({"note": "[" * 1000 + '"\\]' + "{" * 1000}))


def test_one_level_past_the_limit_is_too_deep():
    assert not nested_too_deeply("[" * MOST_NESTING + "]" * MOST_NESTING)
    assert nested_too_deeply("[" * (MOST_NESTING + 1) + "]" * (MOST_NESTING + 1))


def test_loads_refuses_a_deep_body_without_parsing_it(monkeypatch):
    def never(*args: object, **kwargs: object) -> object:
        raise AssertionError("the parser was called")

    monkeypatch.setattr(json, "loads", never)
    with pytest.raises(ValueError, match="nested more than 64 levels"):
        loads("[" * 200_000 + "]" * 200_000)


@pytest.mark.django_db
def test_the_session_log_address_answers_400_to_a_deep_body(client):
    from tests import personas

    patient = personas.patient(personas.clinic("Home"), None, "alex")
    client.force_login(patient.user)
    response = client.post(
        "/my/session/log", "[" * 200_000 + "]" * 200_000, content_type="application/json"
    )
    assert response.status_code == 400
