"""The remote-monitoring report: per patient and calendar month, what clinics that bill remote
therapeutic monitoring must show - days with data sent from the app, sessions and adherence,
pain and outcome change, and the clinician time documented on the record.

Billing rules differ by country and payer; the report gives the numbers and marks the two
thresholds most often asked for (data on 16 or more days of the month, 20 or more minutes of
clinician time), and leaves the judgement to the clinic.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
from dataclasses import dataclass

from django.db.models import Count, FloatField, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils.translation import gettext as _

from backrehab.care.models import Evaluation, Program, SessionLog, TimeEntry
from backrehab.care.schedules import schedules_of
from backrehab.clinic.models import Patient, StaffMember
from backrehab.clinical.schedule import scheduled_days

DATA_DAYS_THRESHOLD = 16  # days with data in the month, as remote-monitoring codes commonly ask
MINUTES_THRESHOLD = 20  # minutes of clinician time in the month, likewise


@dataclass(frozen=True)
class Month:
    first: dt.date
    last: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Month:
        return cls(day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1]))

    @classmethod
    def parse(cls, text: str, today: dt.date) -> Month:
        """ "2026-11" -> November 2026; anything else -> this month."""
        try:
            year, month = (int(part) for part in text.split("-"))
            return cls.of(dt.date(year, month, 1))
        except (ValueError, TypeError):
            return cls.of(today)

    @property
    def key(self) -> str:
        return f"{self.first:%Y-%m}"

    def previous(self) -> Month:
        return Month.of(self.first - dt.timedelta(days=1))

    def next(self) -> Month:
        return Month.of(self.last + dt.timedelta(days=1))


@dataclass(frozen=True)
class MonthRow:
    patient_id: int
    name: str
    clinician: str
    days_with_data: int
    sessions: int
    scheduled: int
    pain_first: int | None
    pain_last: int | None
    psfs_first: float | None
    psfs_last: float | None
    minutes: int

    @property
    def adherence_percent(self) -> int | None:
        if not self.scheduled:
            return None
        return min(100, round(100 * self.sessions / self.scheduled))

    @property
    def pain_change(self) -> int | None:
        if self.pain_first is None or self.pain_last is None:
            return None
        return self.pain_last - self.pain_first

    @property
    def psfs_change(self) -> float | None:
        if self.psfs_first is None or self.psfs_last is None:
            return None
        return round(self.psfs_last - self.psfs_first, 1)

    @property
    def enough_data(self) -> bool:
        return self.days_with_data >= DATA_DAYS_THRESHOLD

    @property
    def enough_time(self) -> bool:
        return self.minutes >= MINUTES_THRESHOLD


def _pain(order: str, month: Month) -> Subquery:
    return Subquery(
        SessionLog.objects.filter(
            patient=OuterRef("pk"), performed_on__range=(month.first, month.last)
        )
        .order_by(order)
        .annotate(pain=Cast(KT("data__pain_before"), IntegerField()))
        .values("pain")[:1]
    )


def _psfs(order: str, until: dt.date) -> Subquery:
    return Subquery(
        Evaluation.objects.filter(patient=OuterRef("pk"), taken_at__date__lte=until)
        .exclude(scores__psfs=None)
        .order_by(order)
        .annotate(psfs=Cast(KT("scores__psfs__mean"), FloatField()))
        .values("psfs")[:1]
    )


def month_rows(
    staff: StaffMember, month: Month, today: dt.date, *, mine: bool = False
) -> list[MonthRow]:
    """One row per patient of the clinic (or of `staff`'s caseload) who was in care that month,
    in name order; a bounded number of queries whatever the number of patients."""
    in_month = Q(session_logs__performed_on__range=(month.first, month.last))
    patients: QuerySet[Patient] = Patient.objects.filter(
        clinic_id=staff.clinic_id, joined_on__lte=month.last
    )
    if mine:
        patients = patients.filter(clinician=staff)
    minutes = Subquery(
        TimeEntry.objects.filter(
            patient=OuterRef("pk"),
            minutes__isnull=False,
            started_at__date__range=(month.first, month.last),
        )
        .values("patient")
        .annotate(total=Sum("minutes"))
        .values("total")[:1]
    )
    per_week = Subquery(
        Program.objects.filter(patient=OuterRef("pk"), is_active=True).values("sessions_per_week")[
            :1
        ]
    )
    rows = (
        patients.select_related("user", "clinician__user")
        .annotate(
            days=Count("session_logs__performed_on", filter=in_month, distinct=True),
            sessions=Count("session_logs", filter=in_month),
            pain_first=_pain("performed_on", month),
            pain_last=_pain("-performed_on", month),
            psfs_first=_psfs("taken_at", month.last),
            psfs_last=_psfs("-taken_at", month.last),
            minutes=Coalesce(minutes, 0),
            per_week=per_week,
        )
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    last_day = min(month.last, today)
    found = []
    patients_in_care = list(rows)
    # Each patient's own days and day one (one query for all), as their Today page counts them.
    plans = schedules_of({p.pk: p.per_week for p in patients_in_care if p.per_week})
    for p in patients_in_care:
        start = max(month.first, p.joined_on)
        scheduled = (
            len(scheduled_days(start, last_day, plans[p.pk]))
            if p.per_week and start <= last_day
            else 0
        )
        clinician = p.clinician.user if p.clinician else None
        found.append(
            MonthRow(
                patient_id=p.pk,
                name=str(p),
                clinician=(clinician.get_full_name() or clinician.get_username())
                if clinician
                else "",
                days_with_data=p.days,
                sessions=p.sessions,
                scheduled=scheduled,
                pain_first=p.pain_first,
                pain_last=p.pain_last,
                psfs_first=_number(p.psfs_first),
                psfs_last=_number(p.psfs_last),
                minutes=int(p.minutes),
            )
        )
    return found


def _number(value: object) -> float | None:
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def as_csv(rows: list[MonthRow], month: Month) -> str:
    """The report as CSV (one row per patient), headed in the reader's language."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Month"),
            _("Patient record"),
            _("Patient"),
            _("Clinician"),
            _("Days with data"),
            _("16+ days"),
            _("Sessions"),
            _("Sessions scheduled"),
            _("Adherence %"),
            _("Pain first"),
            _("Pain last"),
            _("Pain change"),
            _("PSFS change"),
            _("Clinician minutes"),
            _("20+ minutes"),
        ]
    )
    for r in rows:
        writer.writerow(
            [
                month.key,
                r.patient_id,
                _safe(r.name),
                _safe(r.clinician),
                r.days_with_data,
                "yes" if r.enough_data else "no",
                r.sessions,
                r.scheduled,
                "" if r.adherence_percent is None else r.adherence_percent,
                "" if r.pain_first is None else r.pain_first,
                "" if r.pain_last is None else r.pain_last,
                "" if r.pain_change is None else r.pain_change,
                "" if r.psfs_change is None else r.psfs_change,
                r.minutes,
                "yes" if r.enough_time else "no",
            ]
        )
    return out.getvalue()


def _safe(text: str) -> str:
    """A name cannot start a spreadsheet formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
