"""Each patient's recent activity, kept on the patient so the dashboard can sort a whole clinic
by it without counting everybody's sessions on every request.

`Patient.recent_session_days` is the number of days with a session among the RECENT_DAYS days
ending on `Patient.activity_counted_on`; `Patient.last_session_on` the day of the last session.
They are recounted for one patient in the transaction that logs (or removes) a session, and for
every patient by the daily job (`manage.py raise_alerts`), since the window moves each day. A
reader uses the stored count only when it was made today, and counts otherwise
(`recent_days_today`), so a day the job did not run is slower, never wrong.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.db.models import (
    Case,
    Count,
    DateField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce

from backrehab.care.models import SessionLog
from backrehab.clinic.models import Patient

RECENT_DAYS = 14


def window_start(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=RECENT_DAYS - 1)


def counted_days(today: dt.date, patient: str = "pk") -> Coalesce:
    """Days with a session in the window ending today, for the patient OuterRef(patient):
    a range count on the (patient, performed_on) index."""
    days = (
        SessionLog.objects.filter(
            patient=OuterRef(patient),
            performed_on__gte=window_start(today),
            performed_on__lte=today,
        )
        .values("patient")
        .annotate(days=Count("performed_on", distinct=True))
        .values("days")
    )
    return Coalesce(Subquery(days, output_field=IntegerField()), 0)


def latest_day(patient: str = "pk") -> Subquery:
    last = (
        SessionLog.objects.filter(patient=OuterRef(patient))
        .values("patient")
        .annotate(last=Max("performed_on"))
        .values("last")
    )
    return Subquery(last, output_field=DateField())


def recent_days_today(today: dt.date) -> Case:
    """The patient's recent session days as of today: the stored count when made today,
    counted from the logs otherwise."""
    return Case(
        When(activity_counted_on=today, then=F("recent_session_days")),
        default=counted_days(today),
        output_field=IntegerField(),
    )


def activity_of(patient_ids: list[int], today: dt.date) -> dict[int, tuple[int, dt.date]]:
    """Counted from the logs, for patients whose kept count is out of date: patient id ->
    (days with a session in the window ending today, the day of the last session). A patient
    without any session is not in the answer. One grouped query; none for no patients."""
    if not patient_ids:
        return {}
    rows = (
        SessionLog.objects.filter(patient_id__in=patient_ids)
        .values("patient_id")
        .annotate(
            days=Count(
                "performed_on",
                distinct=True,
                filter=Q(performed_on__gte=window_start(today), performed_on__lte=today),
            ),
            last=Max("performed_on"),
        )
        .values_list("patient_id", "days", "last")
    )
    return {patient_id: (days, last) for patient_id, days, last in rows}


def recount_activity(patients: QuerySet[Patient], today: dt.date) -> int:
    """Recount the recent activity of these patients as of today (one UPDATE); how many."""
    return patients.update(
        last_session_on=latest_day(),
        recent_session_days=counted_days(today),
        activity_counted_on=today,
    )


def recount_stale_activity(today: dt.date) -> int:
    """The daily recount: every patient whose count was not made today."""
    return recount_activity(Patient.objects.exclude(activity_counted_on=today), today)


# The tables whose indexes the dashboard needs SQLite's query planner to weigh rightly.
PLANNED_TABLES = ("clinic_patient", "care_program", "care_evaluation", "care_alert")


def refresh_planner_statistics() -> None:
    """SQLite has no autovacuum to keep the query planner's statistics. Without them it reads
    every program's plan to find its sessions a week (the unique one_active_program index)
    instead of taking them from the active_program_per_week index - five times slower when the
    dashboard sorts a clinic by adherence - and finds a clinic's newest open alerts by going
    through all its patients instead of down the open_alerts_newest index. The daily job
    refreshes them (PostgreSQL's autovacuum does it by itself)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in PLANNED_TABLES:
                cursor.execute(f"ANALYZE {table}")
