"""The record page's clinician-time section: the running timer and this month's entries."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Q
from django.utils import timezone

from backrehab.care.models import TimeEntry
from backrehab.clinic.models import Patient

register = template.Library()


@register.inclusion_tag("workspace/_time.html", takes_context=True)
def clinician_time(context: template.Context, patient: Patient) -> dict[str, Any]:
    today = timezone.localdate()
    month_start = today.replace(day=1)
    user = context["request"].user
    # One query: this month's entries and a timer still running (started in any month).
    rows = list(
        TimeEntry.objects.filter(patient=patient)
        .filter(Q(started_at__date__gte=month_start) | Q(minutes__isnull=True))
        .select_related("clinician")
    )
    running = next((e for e in rows if e.minutes is None and e.clinician_id == user.pk), None)
    done = [e for e in rows if e.minutes is not None]
    entries = []
    for e in done[:20]:
        who = (e.clinician.get_full_name() or e.clinician.get_username()) if e.clinician else ""
        entries.append(
            {"started_at": e.started_at, "minutes": e.minutes, "note": e.note, "who": who}
        )
    return {
        "patient": patient,
        "running": running,
        "entries": entries,
        "minutes": sum(e.minutes or 0 for e in done),
        "month_start": month_start,
        "today": today,
        "csrf_token": context.get("csrf_token"),
    }
