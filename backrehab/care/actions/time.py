"""Clinician time on a patient's remote care: a timer started and stopped on the record, or a
manual entry, each with a note (what remote-monitoring billing asks a clinic to document)."""

from __future__ import annotations

import datetime as dt
import math

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from backrehab.audit.log import Action, record
from backrehab.care.errors import CareInputInvalid
from backrehab.care.models import TimeEntry
from backrehab.clinic.models import Patient

MOST_MINUTES = 600  # one entry covers at most ten hours: a longer one is a forgotten timer


def running_timer(patient: Patient, by: AbstractBaseUser) -> TimeEntry | None:
    return TimeEntry.objects.filter(
        patient=patient, clinician_id=by.pk, minutes__isnull=True
    ).first()


@transaction.atomic
def do_start_timer(
    patient: Patient, *, by: AbstractBaseUser, request: HttpRequest | None = None
) -> TimeEntry:
    """Start timing this clinician's work on the patient (a running timer is kept)."""
    running = running_timer(patient, by)
    if running is not None:
        return running
    try:
        with transaction.atomic():
            entry = TimeEntry.objects.create(patient=patient, clinician=by, by_timer=True)  # type: ignore[misc]
    except IntegrityError:  # started at the same moment in another tab
        entry = running_timer(patient, by)  # type: ignore[assignment]
        assert entry is not None
        return entry
    record(request, Action.CHANGED, "clinician time: timer started", patient, actor=by)
    return entry


@transaction.atomic
def do_stop_timer(
    patient: Patient,
    *,
    by: AbstractBaseUser,
    note: str,
    now: dt.datetime | None = None,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """Stop the running timer; the minutes are rounded up (a started minute counts)."""
    entry = (
        TimeEntry.objects.select_for_update()
        .filter(patient=patient, clinician_id=by.pk, minutes__isnull=True)
        .first()
    )
    if entry is None:
        raise CareInputInvalid(["timer: no timer is running for this patient"])
    if not note.strip():
        raise CareInputInvalid(["note: say what the time was spent on"])
    seconds = ((now or timezone.now()) - entry.started_at).total_seconds()
    entry.minutes = max(1, min(MOST_MINUTES, math.ceil(seconds / 60)))
    entry.note = note.strip()[:500]
    entry.save(update_fields=["minutes", "note"])
    record(
        request, Action.CHANGED, f"clinician time: {entry.minutes} min (timer)", patient, actor=by
    )
    return entry


@transaction.atomic
def do_add_time(
    patient: Patient,
    *,
    by: AbstractBaseUser,
    day: dt.date,
    minutes: int,
    note: str,
    request: HttpRequest | None = None,
) -> TimeEntry:
    """A manual entry: time spent on `day` (not in the future)."""
    problems = []
    if not 1 <= minutes <= MOST_MINUTES:
        problems.append(f"minutes: give a whole number from 1 to {MOST_MINUTES}")
    if day > timezone.localdate():
        problems.append("day: cannot be in the future")
    if not note.strip():
        problems.append("note: say what the time was spent on")
    if problems:
        raise CareInputInvalid(problems)
    started = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    entry = TimeEntry.objects.create(
        patient=patient,
        clinician=by,  # type: ignore[misc]
        started_at=started,
        minutes=minutes,
        note=note.strip()[:500],
    )
    record(request, Action.CHANGED, f"clinician time: {minutes} min on {day}", patient, actor=by)
    return entry
