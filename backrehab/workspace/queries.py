"""What the clinician pages read, in a fixed number of queries however big the clinic is.

The dashboard sorts and filters in the database on columns kept on each patient - recent
activity by backrehab.care.activity, risk group, open alerts, unread messages, sessions a week
and the name by backrehab.care.listing - reading only the ids of the page it shows, then the
details of those few patients. The patient record reads each kind of row once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    DateField,
    F,
    FloatField,
    Q,
    QuerySet,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, NullIf
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from backrehab.care.activity import RECENT_DAYS, activity_of, latest_day, recent_days_today
from backrehab.care.listing import RANK_OF_RISK, RISK_OF_RANK
from backrehab.care.models import Alert, ClinicianNote, Evaluation, Program, SessionLog
from backrehab.care.schedules import schedules_of
from backrehab.clinic.models import Patient, StaffMember
from backrehab.clinical.schedule import scheduled_days
from backrehab.clinical.scoring import Measure, Verdict, interpret_change
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words
from backrehab.messaging.queries import team_unread_total
from backrehab.portal.reason_text import reason_texts

PAGE_SIZE = 50
ADHERENCE_DAYS = RECENT_DAYS
# The dashboard shows the newest open alerts and links to the rest: each alert is the heaviest
# part of the page to draw (its text, the patient's contact details, an acknowledge form).
OPEN_ALERTS_SHOWN = 10
ALERTS_PER_PAGE = 50
RISKS = ("high", "medium", "low")

# ?sort= value -> the ordering (a leading "-" in the request reverses it).
SORTS: dict[str, tuple[str, ...]] = {
    "name": ("sort_name", "pk"),
    "risk": ("risk_rank", "sort_name"),
    "last_session": ("last_session", "sort_name"),
    "adherence": ("adherence", "sort_name"),
    "clinician": ("clinician_sort_name", "sort_name"),
    "alerts": ("open_alert_count", "sort_name"),
    "messages": ("unread_by_team", "sort_name"),
}


@dataclass(frozen=True)
class DashboardFilters:
    scope: str = "mine"  # mine | clinic
    risk: str = ""  # "" | high | medium | low | none
    alerts: bool = False
    q: str = ""
    sort: str = "name"  # a key of SORTS, "-" first for descending


def visible_patients(staff: StaffMember, filters: DashboardFilters) -> QuerySet[Patient]:
    """The patients the dashboard lists, filtered, with nothing computed that the filters do not
    need (what the page counts)."""
    patients = Patient.objects.filter(clinic_id=staff.clinic_id)
    if filters.scope != "clinic":
        patients = patients.filter(clinician=staff)
    if filters.risk in RISKS:
        patients = patients.filter(risk_rank=RANK_OF_RISK[filters.risk])
    elif filters.risk == "none":
        patients = patients.filter(risk_rank=0)
    if filters.alerts:
        patients = patients.filter(open_alert_count__gt=0)
    for word in filters.q.split()[:5]:
        patients = patients.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(user__username__icontains=word)
        )
    return patients


def caseload(staff: StaffMember, filters: DashboardFilters, today: dt.date) -> QuerySet[Patient]:
    """The visible patients in the order asked for, with the key of that order.

    Every key is a column kept on the patient (backrehab.care.activity for the sessions,
    backrehab.care.listing for the rest) or arithmetic on them, except the clinician's
    name (a join) and a count of recent sessions not made today - no session, evaluation,
    alert or message row is read to order a clinic. `dashboard_page` then reads one page.
    """
    patients = visible_patients(staff, filters)
    key = filters.sort.removeprefix("-")
    order = SORTS.get(key, SORTS["name"])
    if order[0] in COMPUTED_KEYS:
        patients = patients.annotate(**{order[0]: _sort_key(order[0], today)})
    descending = filters.sort.startswith("-")
    key_of = F(order[0])
    if order[0] in COMPUTED_KEYS:  # no program or no session yet: last, whichever the direction
        first = key_of.desc(nulls_last=True) if descending else key_of.asc(nulls_last=True)
    else:  # kept columns, never null: an index (or a plain sort) serves either direction
        first = key_of.desc() if descending else key_of.asc()
    if order[0] == "sort_name":  # by name both ways: so the name index is read backwards
        return patients.order_by(first, "-pk" if descending else "pk")
    return patients.order_by(first, *order[1:])


COMPUTED_KEYS = ("last_session", "adherence")


def _sort_key(name: str, today: dt.date) -> Any:
    if name == "last_session":
        return Case(
            When(activity_counted_on=today, then=F("last_session_on")),
            default=latest_day(),
            output_field=DateField(),
        )
    if name == "adherence":
        # No program in force, or one a red flag stopped (0 a week): no adherence to sort by.
        return Cast(recent_days_today(today), FloatField()) / NullIf(F("sessions_per_week"), 0)
    raise ValueError(f"no sort key {name}")


def page_details(ids: Sequence[int], today: dt.date) -> list[Patient]:
    """The patients of one page, in that order, with what their row shows: the kept columns
    (backrehab.care.listing, backrehab.care.activity) and the clinician's name. Only a
    patient whose session count was not made today (the daily job has not run) has it counted
    from the logs. Plain column reads: compiling subqueries for every page cost more than
    running them (7-10 ms against 1 ms of SQL on SQLite)."""
    found = (
        Patient.objects.filter(pk__in=list(ids))
        .select_related("user")
        .annotate(
            # The clinician's name without loading the clinician and their account.
            clinician_first=F("clinician__user__first_name"),
            clinician_last=F("clinician__user__last_name"),
            clinician_username=F("clinician__user__username"),
        )
    )
    by_id = {p.pk: p for p in found}
    # Never counted: no session was ever logged (logging one counts it).
    stale = [pk for pk, p in by_id.items() if p.activity_counted_on not in (today, None)]
    recounted = activity_of(stale, today)
    for p in by_id.values():
        if p.pk in recounted:
            p.recent_session_days, p.last_session_on = recounted[p.pk]
        elif p.activity_counted_on != today:  # no session at all
            p.recent_session_days, p.last_session_on = 0, None
        names = (p.clinician_first, p.clinician_last)
        clinician = " ".join(n for n in names if n) or p.clinician_username
        p.clinician_name = clinician or ""  # type: ignore[attr-defined]
    return [by_id[pk] for pk in ids if pk in by_id]


# --- One page of the dashboard ------------------------------------------------------------------


@dataclass
class PainTrend:
    first: int
    last: int
    first_on: dt.date
    last_on: dt.date

    @property
    def direction(self) -> int:
        return (self.last > self.first) - (self.last < self.first)


@dataclass
class OutcomeChange:
    measure: str  # ODI, RMDQ, PSFS
    before: str
    after: str
    verdict: str  # improved | no-important-change | worse
    reason: str


@dataclass
class Row:
    patient: Patient
    risk: str | None
    last_session: dt.date | None
    done: int
    prescribed: int
    open_alerts: int
    unread_messages: int = 0
    pain: PainTrend | None = None
    outcome: OutcomeChange | None = None
    per_week: int = 0  # 0: no program in force (or one a red flag stopped)
    record_url: str = ""
    messages_url: str = ""
    clinician: str = ""  # the name of the patient's clinician ("" for none)

    @property
    def adherence_percent(self) -> int | None:
        if not self.prescribed:
            return None
        return min(100, round(100 * self.done / self.prescribed))


class _Counted(Paginator):  # type: ignore[type-arg]
    """A paginator told the count (read with the page's ids, not by a query of its own)."""

    def __init__(self, per_page: int, count: int) -> None:
        super().__init__([], per_page)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def id_page(patients: QuerySet[Patient], page_number: Any) -> Page[int]:
    """The ids of one page of `patients` and how many there are; like Paginator.get_page, a
    page number that is not one gives the first page and one past the end the last.

    The count is its own query: counting the filtered patients reads an index, while a window
    count beside the sorted ids (one query instead of two) made the database compute the sort
    key's whole-clinic order twice over - measured 7-9 ms of 15-20 on 10,000 patients."""
    try:
        number = max(1, int(page_number))
    except (TypeError, ValueError):
        number = 1
    total = patients.order_by().count()
    last = max(1, -(-total // PAGE_SIZE))
    number = min(number, last)
    ids = list(patients.values_list("pk", flat=True)[(number - 1) * PAGE_SIZE : number * PAGE_SIZE])
    return Page(ids, number, _Counted(PAGE_SIZE, total))


def dashboard_page(
    patients: QuerySet[Patient], page_number: Any, today: dt.date
) -> tuple[Page[int], list[Row]]:
    """One page of `patients` (a `caseload`) with the details each row shows."""
    page = id_page(patients, page_number)
    rows = []
    # The page's patients' own days and day one (one query), so adherence counts what was due.
    details = page_details(list(page.object_list), today)
    plans = schedules_of({p.pk: p.sessions_per_week for p in details if p.sessions_per_week})
    record_url, messages_url = _patient_url("patient-record"), _patient_url("patient-messages")
    for p in details:
        per_week = p.sessions_per_week
        plan = plans.get(p.pk)
        start = max(today - dt.timedelta(days=ADHERENCE_DAYS - 1), p.joined_on)
        prescribed = len(scheduled_days(start, today, plan)) if plan is not None else 0
        rows.append(
            Row(
                patient=p,
                risk=RISK_OF_RANK.get(p.risk_rank),
                last_session=p.last_session_on,
                done=p.recent_session_days,
                prescribed=prescribed,
                open_alerts=p.open_alert_count,
                unread_messages=p.unread_by_team,
                per_week=per_week or 0,
                clinician=p.clinician_name,  # type: ignore[attr-defined]
                record_url=record_url(p.pk),
                messages_url=messages_url(p.pk),
            )
        )
    by_id = {row.patient.pk: row for row in rows}
    if by_id:
        for patient_id, trend in pain_trends(by_id, today).items():
            by_id[patient_id].pain = trend
        for patient_id, change in outcome_changes(by_id).items():
            by_id[patient_id].outcome = change
    return page, rows


def _patient_url(name: str) -> Callable[[int], str]:
    """The URL of the patient page `name` for any patient id: reversed once for a whole page."""
    marker = "2147483647"
    pattern = reverse(name, kwargs={"patient_id": int(marker)})
    return lambda patient_id: pattern.replace(marker, str(patient_id))


def pain_trends(patient_ids: Iterable[int], today: dt.date) -> dict[int, PainTrend]:
    """Pain before the first and the last session of the last 2 weeks, per patient."""
    rows = (
        SessionLog.objects.filter(
            patient_id__in=list(patient_ids),
            performed_on__gte=today - dt.timedelta(days=ADHERENCE_DAYS - 1),
        )
        .order_by("performed_on", "received_at")
        .values("patient_id", "performed_on")
        .annotate(pain=KT("data__pain_before"))
    )
    trends: dict[int, PainTrend] = {}
    for row in rows:
        pain = row["pain"]
        if pain is None or not str(pain).isdigit():
            continue
        trend = trends.get(row["patient_id"])
        if trend is None:
            day = row["performed_on"]
            trends[row["patient_id"]] = PainTrend(int(pain), int(pain), day, day)
        else:
            trend.last, trend.last_on = int(pain), row["performed_on"]
    return trends


def outcome_changes(patient_ids: Iterable[int]) -> dict[int, OutcomeChange]:
    """The latest re-assessment against the intake, on the first measure both have."""
    evaluations: dict[int, list[Mapping[str, Any]]] = {}
    for row in (
        Evaluation.objects.filter(patient_id__in=list(patient_ids), scored=True)
        .order_by("taken_at", "pk")
        .values("patient_id", "kind", "scores")
    ):
        evaluations.setdefault(row["patient_id"], []).append(row)
    found = {}
    for patient_id, rows in evaluations.items():
        if len(rows) < 2 or rows[-1]["kind"] != Evaluation.Kind.REASSESSMENT:
            continue
        changes = score_changes(rows[0]["scores"], rows[-1]["scores"])
        if changes:
            found[patient_id] = changes[0]
    return found


def score_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[OutcomeChange]:
    """Change in each questionnaire both evaluations scored, against its MCID."""
    pairs: list[tuple[str, Measure, Any, Any]] = []
    if before.get("odi") and after.get("odi"):
        pairs.append(("ODI", Measure.ODI, before["odi"]["percent"], after["odi"]["percent"]))
    if before.get("rmdq") and after.get("rmdq"):
        pairs.append(("RMDQ", Measure.RMDQ, before["rmdq"]["score"], after["rmdq"]["score"]))
    if before.get("psfs") and after.get("psfs"):
        pairs.append(("PSFS", Measure.PSFS, before["psfs"]["mean"], after["psfs"]["mean"]))
    if before.get("nprs") and after.get("nprs"):
        pairs.append(("Pain now", Measure.NPRS, before["nprs"]["now"], after["nprs"]["now"]))
    changes = []
    for label, measure, old, new in pairs:
        change = interpret_change(measure, old, new)
        changes.append(
            OutcomeChange(label, _num(old), _num(new), change.verdict.value, change.reason)
        )
    return changes


def _num(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def unread_messages(staff: StaffMember, mine: bool) -> dict[str, int]:
    """Messages the care team has not read, from the patients the dashboard shows (mine or the
    whole clinic's), and how many patients sent them: one query."""
    patients = Patient.objects.filter(clinic_id=staff.clinic_id)
    if mine:
        patients = patients.filter(clinician=staff)
    return team_unread_total(patients)


def _open_alerts_of(staff: StaffMember, mine: bool) -> QuerySet[Alert]:
    alerts = Alert.objects.filter(patient__clinic_id=staff.clinic_id, acknowledged_at__isnull=True)
    if mine:
        alerts = alerts.filter(patient__clinician=staff)
    # With the patient's account and invitation: a red flag shows how to reach them.
    return alerts.select_related("patient__user", "patient__invite").order_by("-raised_at", "-pk")


def open_alerts(staff: StaffMember, mine: bool) -> tuple[list[Alert], int]:
    """The newest open alerts of the patients the dashboard shows, and how many there are."""
    alerts = _open_alerts_of(staff, mine)
    shown = list(alerts[:OPEN_ALERTS_SHOWN])
    total = len(shown) if len(shown) < OPEN_ALERTS_SHOWN else alerts.count()
    return shown, total


def open_alert_page(staff: StaffMember, mine: bool, page_number: Any) -> Page[Alert]:
    """One page of every open alert, newest first (the dashboard shows only the newest)."""
    return Paginator(_open_alerts_of(staff, mine), ALERTS_PER_PAGE).get_page(page_number)


# --- The patient record ---------------------------------------------------------------------------

LOGS_PER_PAGE = 20


@dataclass
class EvaluationView:
    evaluation: Evaluation
    changes: list[OutcomeChange]  # against the intake; empty for the intake itself


@dataclass
class VersionView:
    program: Program
    by: str
    what_changed: list[str]
    decisions: list[dict[str, Any]]
    items: list[dict[str, Any]]  # with "name" and "dose" filled in

    @property
    def reason(self) -> str:
        return version_reason(self.program)


@dataclass
class LogView:
    log: SessionLog
    exercises: list[dict[str, Any]]  # name, done (words) or skipped (reason), pain during
    # Each correction the patient made afterwards: when, and what it said before.
    corrections: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class Record:
    patient: Patient
    age: int | None
    risk: str | None
    evaluations: list[EvaluationView]
    versions: list[VersionView]  # newest first
    current: VersionView | None
    logs: Page[SessionLog]
    log_views: list[LogView]
    notes: list[ClinicianNote]
    alerts: list[Alert]
    names: dict[str, str] = field(default_factory=dict)

    @property
    def open_alerts(self) -> list[Alert]:
        return [a for a in self.alerts if a.acknowledged_at is None]


def patient_record(patient: Patient, log_page: Any) -> Record:
    names = Catalog.for_clinic(patient.clinic_id).names()
    evaluations = list(patient.evaluations.order_by("taken_at", "pk"))
    intake = next((e for e in evaluations if e.scores), None)
    evaluation_views = [
        EvaluationView(
            e,
            score_changes(intake.scores, e.scores)
            if intake is not None and e is not intake and e.scores
            else [],
        )
        for e in evaluations
    ]
    programs = list(patient.programs.select_related("created_by").order_by("created_at", "pk"))
    versions = []
    previous: Program | None = None
    for program in programs:
        versions.append(
            VersionView(
                program=program,
                by=_author(program),
                what_changed=what_changed(previous, program, names),
                decisions=_decisions(program.changes, names),
                items=_items(program.plan.get("items", []), names),
            )
        )
        previous = program
    versions.reverse()
    current = next((v for v in versions if v.program.is_active), None)
    logs = Paginator(
        patient.session_logs.order_by("-performed_on", "-received_at"), LOGS_PER_PAGE
    ).get_page(log_page)
    latest = next((e for e in reversed(evaluations) if e.scores), None)
    age = intake.answers.get("age") if intake is not None else None
    risk = ((latest.scores.get("startback") or {}).get("risk")) if latest is not None else None
    return Record(
        patient=patient,
        age=age if isinstance(age, int) else None,
        risk=risk,
        evaluations=list(reversed(evaluation_views)),
        versions=versions,
        current=current,
        logs=logs,
        log_views=[_log_view(log, names) for log in logs.object_list],
        notes=list(patient.notes.select_related("author").order_by("-written_at", "-pk")[:100]),
        alerts=list(
            patient.alerts.select_related("acknowledged_by").order_by("-raised_at", "-pk")[:50]
        ),
        names=names,
    )


def person(user: Any) -> str:
    if user is None:
        return _("someone no longer at the clinic")
    return str(user.get_full_name() or user.get_username())


def _author(program: Program) -> str:
    # The engine's program records who ran the evaluation; it is still the engine's choice.
    if program.changes:
        return _("Progression rules")
    if program.reason.startswith(ENGINE_REASON) or program.created_by is None:
        return _("Program engine")
    return person(program.created_by)


ENGINE_REASON = "Built by the program engine"
# The reasons the app itself gives a program version (stored in English), as the clinician
# reads them; a reason a clinician typed is shown as written.
APP_REASONS = {
    "Built by the program engine from the first evaluation.": gettext_lazy(
        "Built by the program engine from the first evaluation."
    ),
    "Built by the program engine from the re-assessment.": gettext_lazy(
        "Built by the program engine from the re-assessment."
    ),
    "Adjusted by the progression rules after your recent sessions.": gettext_lazy(
        "Adjusted by the progression rules after the recent sessions."
    ),
    "Adjusted after your check-in: kept what works, changed what your answers call for.": (
        gettext_lazy(
            "Adjusted after the check-in: kept what works, changed what the answers call for."
        )
    ),
    "Change after your check-in, approved by your physical therapist.": gettext_lazy(
        "Change after the check-in, approved by the physical therapist."
    ),
}
DECISIONS = {
    "progress": gettext_lazy("progress"),
    "hold": gettext_lazy("hold"),
    "regress": gettext_lazy("regress"),
    "stop": gettext_lazy("stop"),
}


def version_reason(program: Program) -> str:
    return str(APP_REASONS.get(program.reason, program.reason))


def _items(items: Sequence[Mapping[str, Any]], names: Mapping[str, str]) -> list[dict[str, Any]]:
    return [
        {
            **item,
            "name": names.get(str(item["exercise"]), item["exercise"]),
            "dose": item_dose_words(item),
        }
        for item in items
    ]


def what_changed(previous: Program | None, program: Program, names: Mapping[str, str]) -> list[str]:
    """The differences from the version before, in plain words."""
    if previous is None:
        return [_("First program.")]
    old = {i["exercise"]: i for i in previous.plan.get("items", [])}
    new = {i["exercise"]: i for i in program.plan.get("items", [])}
    lines = []
    for exercise, item in new.items():
        name = names.get(exercise, exercise)
        if exercise not in old:
            lines.append(
                _("Added %(name)s: %(dose)s.") % {"name": name, "dose": item_dose_words(item)}
            )
        elif item_dose_words(old[exercise]) != item_dose_words(item):
            lines.append(
                _("%(name)s: %(before)s → %(after)s.")
                % {
                    "name": name,
                    "before": item_dose_words(old[exercise]),
                    "after": item_dose_words(item),
                }
            )
    for exercise in old:
        if exercise not in new:
            lines.append(_("Removed %(name)s.") % {"name": names.get(exercise, exercise)})
    kept_old = [e for e in old if e in new]
    kept_new = [e for e in new if e in old]
    if kept_old != kept_new:
        lines.append(_("Changed the order of the exercises."))
    before = previous.plan.get("sessions_per_week")
    after = program.plan.get("sessions_per_week")
    if before != after:
        lines.append(
            _("Sessions a week: %(before)s → %(after)s.") % {"before": before, "after": after}
        )
    return lines or [_("No change to the exercises or doses.")]


def _decisions(
    changes: Sequence[Mapping[str, Any]], names: Mapping[str, str]
) -> list[dict[str, Any]]:
    return [
        {
            "exercise": names.get(str(d.get("exercise")), d.get("exercise")),
            "decision": str(DECISIONS.get(str(d.get("decision")), d.get("decision"))),
            "replacement": names.get(str(d.get("replacement")), d.get("replacement"))
            if d.get("replacement")
            else None,
            "reasons": reason_texts(d.get("reasons", [])),
        }
        for d in changes or []
    ]


def _log_view(log: SessionLog, names: Mapping[str, str]) -> LogView:
    data = log.data
    skipped = {s.get("exercise"): s.get("reason") for s in data.get("skipped", [])}
    exercises = []
    for e in data.get("exercises", []):
        exercises.append(
            {
                "name": names.get(str(e.get("exercise")), e.get("exercise")),
                "done": item_dose_words({**e, "per_side": False}) if e.get("sets") else "",
                "pain_during": e.get("pain_during"),
                "effort": e.get("effort"),
                "peripheralised": bool(e.get("peripheralised")),
                "centralised": bool(e.get("centralised")),
                "counted": count_words(e),
                "skipped": None,
            }
        )
    for exercise, reason in skipped.items():
        exercises.append(
            {
                "name": names.get(str(exercise), exercise),
                "done": "",
                "pain_during": None,
                "effort": None,
                "peripheralised": False,
                "centralised": False,
                "counted": "",
                "skipped": reason,
            }
        )
    return LogView(log, exercises, _corrections(log, names))


def count_words(exercise: Mapping[str, Any]) -> str:
    """How the player counted an exercise's repetitions (camera, tapped, paced), in short;
    "" for logs from before it recorded that."""
    source, n = exercise.get("count_source"), exercise.get("reps_counted")
    if not isinstance(n, int):
        return ""
    if source == "camera":
        text = ngettext("%(n)s rep counted by the camera", "%(n)s reps counted by the camera", n)
    elif source == "tapped":
        text = ngettext("%(n)s rep tapped by the patient", "%(n)s reps tapped by the patient", n)
    elif source == "paced":
        text = ngettext("%(n)s rep paced by the player", "%(n)s reps paced by the player", n)
    else:
        return ""
    text %= {"n": n}
    full = exercise.get("full_range_reps")
    if source == "camera" and isinstance(full, int):
        text += ", " + _("%(full)s to the full range") % {"full": full}
    if exercise.get("count_corrected"):
        text += " " + _("(number corrected by the patient)")
    return text


def _corrections(log: SessionLog, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Each correction the patient made, with what the log said before it, in short."""
    found = []
    for c in log.corrections or []:
        before = c.get("before") or {}
        parts = [
            _("pain before %(pain)s/10") % {"pain": before.get("pain_before")},
            *(
                f"{names.get(str(e.get('exercise')), e.get('exercise'))} "
                f"{item_dose_words({**e, 'per_side': False})}, "
                + _("pain %(pain)s/10")
                % {"pain": e.get("pain_during")}
                for e in before.get("exercises", [])
            ),
        ]
        try:
            at = dt.datetime.fromisoformat(str(c.get("at")))
        except ValueError:
            at = None
        found.append({"at": at, "before": "; ".join(parts)})
    return found


VERDICT_WORDS = {
    Verdict.IMPROVED.value: "Improved",
    Verdict.NO_IMPORTANT_CHANGE.value: "No important change",
    Verdict.WORSE.value: "Worse",
}
