"""Every change to the stored exercise library goes through here (views, admin, commands)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from backrehab.clinic.models import Clinic
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import Library, load_library
from backrehab.figures import RENDERER_VERSION
from backrehab.figures.svg import render_all
from backrehab.library.models import ExerciseRecord, Origin


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


def _fill(record: ExerciseRecord, exercise: Exercise) -> None:
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


@transaction.atomic
def sync_bundled_library(library: Library | None = None) -> SyncReport:
    """Bring the stored library in line with the data files. Safe to run any number of times.

    Clinic-made exercises are never touched; a bundled exercise whose file is gone is retired,
    not deleted, because programs may still point at it.
    """
    library = library if library is not None else load_library()
    report = SyncReport()
    existing = {r.slug: r for r in ExerciseRecord.objects.all()}
    for exercise in library.all():
        record = existing.get(exercise.id)
        if record is not None and record.origin == Origin.CLINIC:
            report.conflicts.append(exercise.id)
            continue
        if record is None:
            record = ExerciseRecord(slug=exercise.id, origin=Origin.LIBRARY, content_hash="")
            _fill(record, exercise)
            record.save()
            report.created.append(exercise.id)
            continue
        before = (record.content_hash, record.retired)
        _fill(record, exercise)
        record.retired = False
        if (
            record.content_hash,
            record.retired,
        ) == before and record.document == exercise.model_dump(mode="json"):
            report.unchanged.append(exercise.id)
        else:
            record.save()
            report.updated.append(exercise.id)
    for slug, record in existing.items():
        if record.origin == Origin.LIBRARY and slug not in library and not record.retired:
            record.retired = True
            record.save(update_fields=["retired", "updated_at"])
            report.retired.append(slug)
    return report


def save_clinic_exercise(
    document: Any, clinic: Clinic | None, record: ExerciseRecord | None = None
) -> ExerciseRecord:
    """Create or update a clinic-made exercise from its document, validated like a data file."""
    exercise = validate_document(document)
    clash = ExerciseRecord.objects.filter(slug=exercise.id)
    if record is not None:
        clash = clash.exclude(pk=record.pk)
    if clash.exists():
        raise ExerciseInvalid([f"id: an exercise with id {exercise.id!r} already exists"])
    missing = [
        s.exercise
        for s in (*exercise.progression, *exercise.regression)
        if s.exercise and not ExerciseRecord.objects.filter(slug=s.exercise).exists()
    ]
    if missing:
        raise ExerciseInvalid(
            [f"progression/regression: no exercise with id {m!r}" for m in missing]
        )
    if record is None:
        record = ExerciseRecord(origin=Origin.CLINIC, content_hash="")
    elif record.origin != Origin.CLINIC:
        raise ExerciseInvalid(["(document): bundled exercises change only through their data file"])
    record.slug = exercise.id
    record.clinic = clinic
    _fill(record, exercise)
    record.save()
    return record


def stored_library() -> Library:
    """The library as the engine sees it: every current exercise, bundled and clinic-made."""
    records = ExerciseRecord.objects.filter(retired=False).only("slug", "document")
    return Library({r.slug: r.exercise for r in records})
