"""Checking an exercise document and copying it into a stored record (with its figures).

The changes themselves (saving, deleting, syncing the bundled files) are actions:
library/actions.py.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from backrehab.clinical.exercises import Exercise
from backrehab.figures import RENDERER_VERSION
from backrehab.figures.svg import render_all
from backrehab.library.models import ExerciseRecord


class ExerciseInvalid(ValueError):
    """The exercise document breaks the schema; `problems` name each field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


def validate_document(document: Any) -> Exercise:
    if not isinstance(document, dict):
        raise ExerciseInvalid(["(document): expected a mapping of fields"])
    try:
        return Exercise.model_validate(document)
    except ValidationError as exc:
        raise ExerciseInvalid(
            [
                f"{'.'.join(str(p) for p in err['loc']) or '(document)'}: {err['msg']}"
                for err in exc.errors()
            ]
        ) from exc


def content_hash(exercise: Exercise) -> str:
    canonical = json.dumps(exercise.model_dump(mode="json"), sort_keys=True)
    return hashlib.sha256(f"{RENDERER_VERSION}:{canonical}".encode()).hexdigest()


# Drawing a figure solves inverse kinematics frame by frame; the same content always gives the
# same pictures, so keep them by content hash for the life of the process.
_drawn: dict[str, dict[str, str]] = {}


def _figures(exercise: Exercise, digest: str) -> dict[str, str]:
    if digest not in _drawn:
        _drawn[digest] = render_all(exercise.figure, f"{exercise.name}: demonstration")
    return _drawn[digest]


def fill(record: ExerciseRecord, exercise: Exercise) -> None:
    """Copy the exercise into the record's columns and draw its figures."""
    digest = content_hash(exercise)
    record.name = exercise.name
    record.category = exercise.category.value
    record.position = exercise.position.value
    record.bias = exercise.bias.value
    record.equipment_tags = "," + ",".join(e.value for e in exercise.equipment) + ","
    record.search_text = " ".join([exercise.name, *exercise.aliases]).lower()
    record.document = exercise.model_dump(mode="json")
    if record.content_hash != digest:
        figures = _figures(exercise, digest)
        record.figure_animated = figures["animated"]
        record.figure_start = figures["start"]
        record.figure_peak = figures["peak"]
        record.content_hash = digest


@dataclass
class SyncReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{len(self.created)} added, {len(self.updated)} updated, "
            f"{len(self.unchanged)} unchanged, {len(self.retired)} retired"
            + (
                f", skipped (a clinic exercise has the id): {', '.join(self.conflicts)}"
                if self.conflicts
                else ""
            )
        )
