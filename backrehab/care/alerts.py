"""Alerts for the clinician: raised by events in a patient's care, cleared by acknowledging.

Every raise is idempotent: an alert is keyed by what raised it (patient + kind + key, unique in
the database), so the same evaluation, session or quiet week never raises two alerts however
often the check runs. The triggers:

- red_flag: an evaluation with a referral (a red-flag answer), or a session log with a red-flag
  question newly answered yes. Key: the evaluation or session log.
- peripheralisation: a session log in which pain spread down the leg with an exercise (the
  engine then stops that exercise with a clinician alert). Key: the session log.
- pain_rising: the mean pain of the last 7 days is 2 or more points above the mean of the 7 days
  before (the threshold: clinical.monitoring and its setting). The readings are the pain before
  each session (dated the session day) and each next-morning check (dated the morning after);
  the last 7 days end at the latest reading and both weeks need a reading. Key: the ISO week
  the rise was seen in, so at most one a week.
- regress: the progression rules made an exercise easier (or stopped one that could not be made
  easier). Key: the program version that did it.
- morning_rise, skipped_painful (and regress for a directional exercise with no replacement):
  alerts the progression rules raise in their decisions (`alert-*` reasons), so the CLI, the pages
  and the API see the same. Key: the latest session log and the rule.
- no_change: no important change (MCID) in pain, ODI/RMDQ or PSFS after 4 weeks of care, seen at a
  re-assessment. Key: the evaluation.
- proposal: a re-assessment proposes a larger program change for the clinician to approve. Key:
  the proposal.
- no_session: a patient with a program in force has had no session for 7 days (counted from the
  last session, or from the day the program started). Time-based: `manage.py raise_alerts` runs
  the check daily. Key: the date of the last session (or the program's start), so one quiet
  spell raises one alert.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, OuterRef, Q, Subquery
from django.db.models.fields.json import KT
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from backrehab.care.listing import refresh_listing
from backrehab.care.models import Alert, Evaluation, Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical import monitoring
from backrehab.clinical.progression import Decision, Kind, clinician_alerts
from backrehab.clinical.red_flags import question_text
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.library.catalog import Catalog

NO_SESSION_DAYS = DEFAULT_SETTINGS.no_session_alert_days

# The engine's alerts that the session log has not raised already, by the alert kind they raise.
ENGINE_ALERTS = {
    "alert-morning-rise": Alert.Kind.MORNING_RISE,
    "alert-skipped-painful": Alert.Kind.SKIPPED_PAINFUL,
    "alert-directional-no-replacement": Alert.Kind.REGRESS,
}
# Every message id an alert is raised with (workspace.alert_text says each one).
SAID_BY_ENGINE_RULES = {
    "red-flag-evaluation",
    "red-flag-session",
    "peripheralisation",
    "regress",
    "pain-rising",
    "no-session",
    "proposal",
    "no-change",
    *ENGINE_ALERTS,
}

logger = logging.getLogger(__name__)


def _latest_real_day(today: dt.date) -> dt.date:
    # A session dated after tomorrow cannot have happened (sessions are refused that far ahead,
    # but older rows may hold one): counting it would hide every real session behind it.
    return today + dt.timedelta(days=1)


def message(id: str, **params: Any) -> dict[str, Any]:
    """What an alert says as data (rule and exercise ids, ISO dates, numbers), so that the
    workspace can say it in the reader's language and name each exercise (workspace.alert_text);
    `detail` keeps the English text as raised."""
    return {"id": id, "params": params}


def raise_alert(
    patient: Patient, kind: str, key: str, detail: str, said: dict[str, Any] | None = None
) -> Alert | None:
    """Store the alert unless this event already raised one; returns the new alert or None."""
    if Alert.objects.filter(patient=patient, kind=kind, key=key).exists():
        return None
    try:
        with transaction.atomic():
            return Alert.objects.create(
                patient=patient, kind=kind, key=key[:80], detail=detail, message=said or {}
            )
    except IntegrityError:
        return None  # raised at the same moment by another process


# --- Event triggers (called by care.services) ----------------------------------------------------


def after_evaluation(evaluation: Evaluation) -> Alert | None:
    """A referral in an evaluation means a red-flag answer the clinician must see."""
    referral = evaluation.referral
    if not referral:
        return None
    findings = [str(r.get("text", "")) for r in referral.get("reasons", []) if r.get("text")]
    urgency = referral.get("urgency", "")
    detail = f"{evaluation.get_kind_display()} answer needs a doctor ({urgency})"
    if findings:
        detail += ": " + " ".join(findings)
    said = message(
        "red-flag-evaluation",
        kind=evaluation.kind,
        urgency=urgency,
        reasons=[
            {"rule": r.get("rule", ""), "params": r.get("params") or {}, "text": r.get("text", "")}
            for r in referral.get("reasons", [])
        ],
    )
    return raise_alert(
        evaluation.patient, Alert.Kind.RED_FLAG, f"evaluation-{evaluation.pk}", detail, said
    )


def after_session(log: SessionLog) -> list[Alert]:
    """Red-flag answers and spreading leg pain in a new session log; then the weekly pain check."""
    raised: list[Alert] = []
    data: dict[str, Any] = log.data
    day = log.performed_on.strftime("%d %b %Y")
    questions = list(data.get("new_red_flags") or [])
    if questions:
        detail = f"Red-flag answer in the session of {day}: " + " ".join(
            question_text(q) for q in questions
        )
        said = message("red-flag-session", day=log.performed_on.isoformat(), questions=questions)
        raised += _kept(
            raise_alert(log.patient, Alert.Kind.RED_FLAG, f"session-{log.pk}", detail, said)
        )
    spread = [e["exercise"] for e in data.get("exercises", []) if e.get("peripheralised")]
    if spread:
        catalog = Catalog.for_clinic(log.patient.clinic_id, "en")
        detail = (
            f"Pain spread further down the leg in the session of {day} with: "
            f"{', '.join(catalog.name(s) for s in spread)}. The exercise is stopped until you "
            "review it."
        )
        said = message("peripheralisation", day=log.performed_on.isoformat(), exercises=spread)
        raised += _kept(
            raise_alert(
                log.patient, Alert.Kind.PERIPHERALISATION, f"session-{log.pk}", detail, said
            )
        )
    raised += _kept(check_pain_rising(log.patient))
    return raised


def after_decisions(patient: Patient, latest: SessionLog, decisions: Sequence[Decision]) -> None:
    """The clinician alerts in the engine's decisions (a 2-point morning rise, an exercise
    skipped as too painful again, a directional exercise with nothing to replace it)."""
    day = latest.performed_on.strftime("%d %b %Y")
    names = Catalog.for_clinic(patient.clinic_id, "en").names()
    for exercise, alert in clinician_alerts(decisions):
        kind = ENGINE_ALERTS.get(alert.rule)
        if kind is None:
            continue
        detail = f"{names.get(exercise, exercise)}, after the session of {day}: {alert.text}"
        if alert.rule == "alert-morning-rise":
            detail = f"After the session of {day}: {alert.text}"
            exercise = "all"
        said = message(
            alert.rule,
            day=latest.performed_on.isoformat(),
            exercise=exercise,
            **{k: v for k, v in (alert.params or {}).items() if k != "exercise"},
        )
        raise_alert(patient, kind, f"session-{latest.pk}-{alert.rule}-{exercise}", detail, said)


def after_progression(patient: Patient, program: Program, decisions: Sequence[Decision]) -> None:
    """A regress (or a stop because nothing easier exists) in the engine's decisions."""
    # A step back after a break in training is not a painful session: the no-session alert
    # covers the break itself.
    eased = [
        d.exercise
        for d in decisions
        if d.decision is Kind.REGRESS and any(r.rule != "regress-after-gap" for r in d.reasons)
    ]
    stopped = [
        d.exercise
        for d in decisions
        if d.decision is Kind.STOP and any(r.rule == "alert-no-easier-step" for r in d.alerts)
    ]
    if not eased and not stopped:
        return
    parts = []
    if eased:
        parts.append(f"made easier: {', '.join(eased)}")
    if stopped:
        parts.append(f"stopped, no easier step left: {', '.join(stopped)}")
    detail = "The progression rules changed the program after painful sessions - " + "; ".join(
        parts
    )
    said = message("regress", eased=eased, stopped=stopped)
    raise_alert(patient, Alert.Kind.REGRESS, f"program-{program.pk}", detail + ".", said)


# --- Pain rising over a week ----------------------------------------------------------------------


def pain_readings(rows: Iterable[dict[str, Any]]) -> list[tuple[dt.date, int]]:
    """(day, pain) readings from session rows with performed_on, pain_before, morning."""
    readings: list[tuple[dt.date, int]] = []
    for row in rows:
        day: dt.date = row["performed_on"]
        if day >= dt.date.max:
            continue  # no morning after it, and no real session either
        for value, on in ((row["pain_before"], day), (row["morning"], day + dt.timedelta(1))):
            if value is not None and str(value).isdigit():
                readings.append((on, int(value)))
    return readings


weekly_rise = monitoring.weekly_rise  # the rule itself lives in the clinical core


def _pain_rows(patients: Q, since: dt.date, today: dt.date) -> Any:
    # Only the two numbers, never the whole session document.
    return (
        SessionLog.objects.filter(
            patients, performed_on__gte=since, performed_on__lte=_latest_real_day(today)
        )
        .values("patient_id", "performed_on")
        .annotate(pain_before=KT("data__pain_before"), morning=KT("data__next_morning_pain"))
    )


def check_pain_rising(patient: Patient, today: dt.date | None = None) -> Alert | None:
    today = today or timezone.localdate()
    rows = _pain_rows(Q(patient=patient), today - dt.timedelta(days=15), today)
    return _raise_pain_rising(patient, pain_readings(rows))


def _raise_pain_rising(patient: Patient, readings: list[tuple[dt.date, int]]) -> Alert | None:
    found = monitoring.pain_rising(readings)
    if found is None:
        return None
    rise, last = found
    year, week, _ = last.isocalendar()
    detail = (
        f"Average pain in the week to {last:%d %b %Y} is {rise:.1f} points higher than "
        "the week before (pain before sessions and next-morning checks)."
    )
    said = message("pain-rising", day=last.isoformat(), rise=round(rise, 1))
    return raise_alert(patient, Alert.Kind.PAIN_RISING, f"week-{year}-W{week:02d}", detail, said)


# --- The daily check (manage.py raise_alerts) -----------------------------------------------------


def raise_time_based(today: dt.date | None = None) -> dict[str, int]:
    """No session for 7 days, and pain rising seen through morning checks; for every clinic.

    Returns how many alerts of each kind were raised.
    """
    today = today or timezone.localdate()
    counts = {Alert.Kind.NO_SESSION.value: 0, Alert.Kind.PAIN_RISING.value: 0}
    last_log = (
        SessionLog.objects.filter(
            patient=OuterRef("patient_id"), performed_on__lte=_latest_real_day(today)
        )
        .order_by("-performed_on")
        .values("performed_on")[:1]
    )
    quiet = (
        Program.objects.filter(is_active=True)
        .annotate(
            since=Coalesce(Subquery(last_log), TruncDate("created_at")),
        )
        .filter(since__lte=today - dt.timedelta(days=NO_SESSION_DAYS))
        .values_list("patient_id", "since", "patient__joined_on")
    )
    new = []
    for patient_id, since, joined in quiet.iterator(chunk_size=2000):
        try:
            since = max(since, joined) if joined else since
            if (today - since).days < NO_SESSION_DAYS:
                continue
            detail = f"No session since {since:%d %b %Y} ({(today - since).days} days)."
        except (TypeError, ValueError, OverflowError):
            # One patient's odd record must not stop the check for every other clinic.
            logger.exception("No-session check skipped patient %s", patient_id)
            continue
        new.append(
            Alert(
                patient_id=patient_id,
                kind=Alert.Kind.NO_SESSION,
                key=f"since-{since}",
                detail=detail,
                message=message("no-session", since=since.isoformat(), days=(today - since).days),
            )
        )
    counts[Alert.Kind.NO_SESSION.value] = _insert_new(new)

    # Morning checks arrive after the session was stored; look again at everyone with sessions in
    # the last two weeks.
    recent = (
        SessionLog.objects.filter(performed_on__gte=today - dt.timedelta(days=15))
        .values("patient_id")
        .annotate(last=Max("performed_on"))
    )
    for patient_ids in _chunks([r["patient_id"] for r in recent], 500):
        readings: dict[int, list[tuple[dt.date, int]]] = {}
        rows = _pain_rows(Q(patient_id__in=patient_ids), today - dt.timedelta(days=15), today)
        for row in rows:
            readings.setdefault(row["patient_id"], []).extend(pain_readings([row]))
        for patient in Patient.objects.filter(pk__in=readings):
            try:
                raised = _raise_pain_rising(patient, readings[patient.pk])
            except Exception:
                # One patient's odd record must not stop the check for everyone else.
                logger.exception("Pain-rising check failed for patient %s", patient.pk)
                continue
            if raised is not None:
                counts[Alert.Kind.PAIN_RISING.value] += 1
    return counts


def _insert_new(alerts: list[Alert]) -> int:
    """Insert the alerts whose (patient, kind, key) is not stored yet; returns how many."""
    if not alerts:
        return 0
    inserted = 0
    for chunk in _chunks(alerts, 500):
        existing = set(
            Alert.objects.filter(
                kind=chunk[0].kind, patient_id__in=[a.patient_id for a in chunk]
            ).values_list("patient_id", "key")
        )
        fresh = [a for a in chunk if (a.patient_id, a.key) not in existing]
        Alert.objects.bulk_create(fresh, ignore_conflicts=True)
        inserted += len(fresh)
        if fresh:  # bulk inserts send no signals: keep the dashboard's alert counts
            refresh_listing(Patient.objects.filter(pk__in={a.patient_id for a in fresh}))
    return inserted


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _kept(alert: Alert | None) -> list[Alert]:
    return [alert] if alert is not None else []


__all__ = [
    "after_evaluation",
    "after_decisions",
    "after_progression",
    "after_session",
    "check_pain_rising",
    "raise_alert",
    "raise_time_based",
]
