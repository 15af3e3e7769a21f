"""Every change to the stored exercise library, one function each (Zulip's `do_*` style).

Each is atomic and writes its audit event in the same transaction; the admin, the commands and
any page call these, nothing else writes exercise rows. A clinic's exercise is changed only by
that clinic's staff (or a site superuser): the check is here, so no caller can forget it.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from backrehab.audit.log import Action, record
from backrehab.clinic.models import Clinic
from backrehab.clinical.library import Library, load_library
from backrehab.library.catalog import scope
from backrehab.library.models import ExerciseRecord, Origin
from backrehab.library.services import ExerciseInvalid, SyncReport, fill, validate_document

Actor = AbstractBaseUser | AnonymousUser


def may_curate(user: Actor | None, clinic_id: int | None) -> bool:
    """Whether `user` may add, change or delete exercises of the clinic."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    staff = getattr(user, "staff", None)
    return staff is not None and clinic_id is not None and staff.clinic_id == clinic_id


@transaction.atomic
def do_save_clinic_exercise(
    document: Any,
    clinic: Clinic | None,
    *,
    by: Actor,
    record_to_change: ExerciseRecord | None = None,
    request: HttpRequest | None = None,
) -> ExerciseRecord:
    """Add a clinic exercise, or change one, from its document (validated like a data file).

    Raises ExerciseInvalid naming what is wrong, PermissionDenied when `by` is not staff of the
    clinic (nor a superuser).
    """
    exercise = validate_document(document)
    if clinic is None:
        raise ExerciseInvalid(["clinic: a clinic exercise belongs to a clinic; choose one"])
    changing = record_to_change
    if changing is not None and changing.origin != Origin.CLINIC:
        raise ExerciseInvalid(["(document): bundled exercises change only through their data file"])
    if not may_curate(by, clinic.pk) or (
        changing is not None and not may_curate(by, changing.clinic_id)
    ):
        raise PermissionDenied("Only the clinic's own staff may change its exercises.")
    clash = ExerciseRecord.objects.filter(slug=exercise.id)
    if changing is not None:
        clash = clash.exclude(pk=changing.pk)
    if clash.exists():
        raise ExerciseInvalid([f"id: an exercise with id {exercise.id!r} already exists"])
    # Steps may only lead to exercises this clinic can read (the bundled ones and its own).
    linked = {s.exercise for s in (*exercise.progression, *exercise.regression) if s.exercise}
    known = set(
        ExerciseRecord.objects.filter(scope(clinic), slug__in=linked).values_list("slug", flat=True)
    )
    missing = sorted(linked - known - {exercise.id})
    if missing:
        raise ExerciseInvalid(
            [f"progression/regression: no exercise with id {m!r}" for m in missing]
        )
    moved_from = changing.clinic if changing is not None else None
    target = changing if changing is not None else ExerciseRecord(origin=Origin.CLINIC)
    target.slug = exercise.id
    target.clinic = clinic
    fill(target, exercise)
    target.save()
    what = f"clinic exercise {target.slug}: {'changed' if changing else 'added'}"
    record(request, Action.CHANGED, what, actor=by, clinic=clinic)
    if moved_from is not None and moved_from.pk != clinic.pk:
        record(request, Action.CHANGED, f"{what}, moved to {clinic}", actor=by, clinic=moved_from)
    return target


@transaction.atomic
def do_delete_clinic_exercise(
    exercise: ExerciseRecord, *, by: Actor, request: HttpRequest | None = None
) -> None:
    """Delete a clinic exercise. Programs that used it keep their items; pages leave it out."""
    if exercise.origin != Origin.CLINIC:
        raise ExerciseInvalid(["(document): bundled exercises are retired, not deleted"])
    if not may_curate(by, exercise.clinic_id):
        raise PermissionDenied("Only the clinic's own staff may delete its exercises.")
    clinic = exercise.clinic
    what = f"clinic exercise {exercise.slug} ({exercise.name}): deleted"
    exercise.delete()
    record(request, Action.DELETED, what, actor=by, clinic=clinic)


@transaction.atomic
def do_sync_bundled_library(library: Library | None = None) -> SyncReport:
    """Bring the stored library in line with the data files. Safe to run any number of times.

    Clinic-made exercises are never touched; a bundled exercise whose file is gone is retired,
    not deleted, because programs may still point at it. No audit event: this is a deployment
    step over shared content (no clinic's or patient's data), reported by `backrehab
    load-library` itself.
    """
    library = library if library is not None else load_library()
    report = SyncReport()
    existing = {r.slug: r for r in ExerciseRecord.objects.all()}
    for exercise in library.all():
        stored = existing.get(exercise.id)
        if stored is not None and stored.origin == Origin.CLINIC:
            report.conflicts.append(exercise.id)
            continue
        if stored is None:
            stored = ExerciseRecord(slug=exercise.id, origin=Origin.LIBRARY, content_hash="")
            fill(stored, exercise)
            stored.save()
            report.created.append(exercise.id)
            continue
        before = (stored.content_hash, stored.retired)
        fill(stored, exercise)
        stored.retired = False
        if (
            stored.content_hash,
            stored.retired,
        ) == before and stored.document == exercise.model_dump(mode="json"):
            report.unchanged.append(exercise.id)
        else:
            stored.save()
            report.updated.append(exercise.id)
    for slug, stored in existing.items():
        if stored.origin == Origin.LIBRARY and slug not in library and not stored.retired:
            stored.retired = True
            stored.save(update_fields=["retired", "updated_at"])
            report.retired.append(slug)
    return report
