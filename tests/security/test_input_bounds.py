"""Every input schema is bounded and strict (issue 10, Low 9 and 12): no list or text without a
maximum length (a 20,000-exercise log once made every later record page take 15 s), and no
yes/no answer that takes 0, "off" or "yes" for a boolean."""

from __future__ import annotations

import types
import typing

import annotated_types
import pytest
from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from backrehab.api.main import api
from backrehab.api.schemas import MessageIn, SessionIn
from backrehab.clinical.intake import Intake
from backrehab.clinical.progression.logs import SessionLog

ROOTS: dict[str, type[BaseModel]] = {
    "Intake": Intake,
    "SessionLog": SessionLog,
    "SessionIn": SessionIn,
    "MessageIn": MessageIn,
}


def _flatten(meta: list[object]) -> list[object]:
    flat: list[object] = []
    for item in meta:
        flat.extend(_flatten(list(item.metadata)) if isinstance(item, FieldInfo) else [item])
    return flat


def _problems(annotation: object, meta: list[object], where: str, seen: set[type]) -> list[str]:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    meta = _flatten(meta)
    bounded = any(isinstance(m, annotated_types.MaxLen) for m in meta)
    if origin is typing.Annotated:
        return _problems(args[0], meta + list(args[1:]), where, seen)
    if origin in (typing.Union, types.UnionType):
        return [p for a in args if a is not type(None) for p in _problems(a, meta, where, seen)]
    if origin in (list, set, frozenset, tuple, dict) or annotation is dict:
        found = [] if bounded else [f"{where}: a list with no maximum length"]
        items = [a for a in args if a is not Ellipsis]
        return found + [p for a in items for p in _problems(a, [], f"{where}[]", seen)]
    if annotation is str:
        return [] if bounded else [f"{where}: text with no maximum length"]
    if annotation is bool:
        strict = any(type(m).__name__ == "Strict" for m in meta)
        return [] if strict else [f"{where}: a yes/no answer that is not strict"]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_problems(annotation, where, seen)
    return []


def _model_problems(model: type[BaseModel], where: str, seen: set[type]) -> list[str]:
    if model in seen:
        return []
    seen.add(model)
    return [
        problem
        for name, field in model.model_fields.items()
        for problem in _problems(field.annotation, list(field.metadata), f"{where}.{name}", seen)
    ]


@pytest.mark.parametrize("name", ROOTS)
def test_every_list_and_text_has_a_maximum_and_every_answer_is_strict(name):
    assert _model_problems(ROOTS[name], name, set()) == []


def test_the_roots_cover_every_request_body_of_the_api():
    bodies = {
        list(operation["requestBody"]["content"].values())[0]["schema"]["$ref"].rsplit("/", 1)[1]
        for operations in api.get_openapi_schema()["paths"].values()
        for operation in operations.values()
        if "requestBody" in operation
    }
    assert bodies <= set(ROOTS)


def test_a_log_of_thousands_of_exercises_is_refused():
    entry = {"exercise": "bird-dog", "sets": 1, "reps": 5, "pain_during": 2, "effort": 3}
    with pytest.raises(ValidationError, match="at most 60 items"):
        SessionLog.model_validate(
            {"date": "2026-01-05", "pain_before": 2, "exercises": [entry] * 20_000}
        )


@pytest.mark.parametrize("value", [0, 1, "yes", "off", "true"])
def test_a_yes_no_answer_takes_only_true_or_false(value):
    entry = {"exercise": "bird-dog", "sets": 1, "reps": 5, "pain_during": 2, "effort": 3}
    with pytest.raises(ValidationError, match="peripheralised"):
        SessionLog.model_validate(
            {
                "date": "2026-01-05",
                "pain_before": 2,
                "exercises": [{**entry, "peripheralised": value}],
            }
        )
