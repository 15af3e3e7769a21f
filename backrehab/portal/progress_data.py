"""What the progress page shows, worked out from the patient's records: pain and questionnaire
scores over time, sessions done against prescribed, and how each dose changed (and why)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from backrehab.care.models import Evaluation, Program, SessionLog
from backrehab.care.schedules import schedule_of
from backrehab.clinic.models import Patient
from backrehab.clinical.monitoring import reassessment_due
from backrehab.clinical.schedule import Schedule, adherence, is_session_day, schedule
from backrehab.clinical.scoring import Measure, Verdict, interpret_change, mcid_points
from backrehab.library.catalog import Catalog
from backrehab.library.queries import item_dose_words
from backrehab.portal.charts import (
    Chart,
    Series,
    Target,
    line_chart,
    nice_max,
    show_date,
    show_number,
)
from backrehab.portal.reason_text import reason_texts
from backrehab.portal.services import reassess_every

CALENDAR_WEEKS = 12  # the adherence calendar shows this many weeks at most

# How the pain went, by (measured before sessions?, direction: -1 down, 0 same, 1 up).
PAIN_TRENDS = {
    (True, -1): gettext_lazy(
        "Pain before a session went down from %(first)s on %(first_day)s to %(last)s out of 10 "
        "on %(last_day)s."
    ),
    (True, 0): gettext_lazy(
        "Pain before a session stayed from %(first)s on %(first_day)s to %(last)s out of 10 "
        "on %(last_day)s."
    ),
    (True, 1): gettext_lazy(
        "Pain before a session went up from %(first)s on %(first_day)s to %(last)s out of 10 "
        "on %(last_day)s."
    ),
    (False, -1): gettext_lazy(
        "Pain went down from %(first)s on %(first_day)s to %(last)s out of 10 on %(last_day)s."
    ),
    (False, 0): gettext_lazy(
        "Pain stayed from %(first)s on %(first_day)s to %(last)s out of 10 on %(last_day)s."
    ),
    (False, 1): gettext_lazy(
        "Pain went up from %(first)s on %(first_day)s to %(last)s out of 10 on %(last_day)s."
    ),
}


# --- What the page shows -------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    date: dt.date
    state: str  # done, missed, planned, rest, outside (before the start or after this week)
    label: str  # for screen readers: "Mon 3 Nov: done"


@dataclass(frozen=True)
class Week:
    monday: dt.date
    days: tuple[Day, ...]
    done: int
    prescribed: int


@dataclass(frozen=True)
class DoseStep:
    since: dt.date
    dose: str
    why: tuple[str, ...]
    amount: float | None = None  # what a session adds up to, in `unit`, for the step chart
    unit: str = ""


@dataclass(frozen=True)
class DoseHistory:
    exercise: str
    name: str
    steps: tuple[DoseStep, ...]
    current: bool
    chart: Chart | None = None  # only when the dose changed at least once


@dataclass(frozen=True)
class Progress:
    has_data: bool
    charts: tuple[Chart, ...]  # pain first, then the questionnaires that have scores
    weeks: tuple[Week, ...]
    adherence_summary: str
    doses: tuple[DoseHistory, ...]
    reassessment_due: bool
    last_evaluation: dt.date | None
    notes: list[str] = field(default_factory=list)


def progress_for(patient: Patient, today: dt.date) -> Progress:
    evaluations = list(Evaluation.objects.filter(patient=patient).order_by("taken_at"))
    logs = list(SessionLog.objects.filter(patient=patient).order_by("performed_on", "received_at"))
    programs = list(Program.objects.filter(patient=patient).order_by("created_at"))
    active = next((p for p in reversed(programs) if p.is_active), None)
    last_eval = timezone.localdate(evaluations[-1].taken_at) if evaluations else None
    plan = schedule_of(patient, active.sessions_per_week) if active is not None else None
    weeks, summary = adherence_calendar(
        active, [log.performed_on for log in logs], patient.joined_on, today, plan
    )
    pain = pain_chart(evaluations, logs, today)
    questionnaires = tuple(c for c in questionnaire_charts(evaluations, today) if not c.empty)
    return Progress(
        has_data=bool(evaluations or logs),
        charts=(pain, *questionnaires),
        weeks=weeks,
        adherence_summary=summary,
        doses=dose_histories(programs, Catalog.for_clinic(patient.clinic_id), today),
        reassessment_due=last_eval is not None
        and reassessment_due(last_eval, today, reassess_every(patient)),
        last_evaluation=last_eval,
    )


def _eval_points(
    evaluations: Iterable[Evaluation], *keys: str
) -> tuple[tuple[dt.date, float], ...]:
    """One score per evaluation day (the later one wins), from Evaluation.scores."""
    found: dict[dt.date, float] = {}
    for evaluation in evaluations:
        value: Any = evaluation.scores
        for key in keys:
            value = value.get(key) if isinstance(value, dict) else None
        if isinstance(value, int | float):
            found[timezone.localdate(evaluation.taken_at)] = float(value)
    return tuple(sorted(found.items()))


def pain_chart(
    evaluations: Sequence[Evaluation], logs: Sequence[SessionLog], today: dt.date
) -> Chart:
    before: dict[dt.date, float] = {}
    morning: dict[dt.date, float] = {}
    for log in logs:
        if isinstance(log.data.get("pain_before"), int):
            before[log.performed_on] = log.data["pain_before"]
        # A row stored before dates were checked may be dated 9999-12-31: no morning after it.
        if isinstance(log.data.get("next_morning_pain"), int) and log.performed_on < dt.date.max:
            morning[log.performed_on + dt.timedelta(days=1)] = log.data["next_morning_pain"]
    assessed = _eval_points(evaluations, "nprs", "now")
    series = (
        Series("before", _("Before a session"), tuple(sorted(before.items())), "circle"),
        Series("morning", _("Next morning"), tuple(sorted(morning.items())), "square"),
        Series("evaluation", _("At an evaluation"), assessed, "diamond"),
    )
    target = None
    if assessed and assessed[0][1] >= mcid_points(Measure.NPRS):
        goal = assessed[0][1] - mcid_points(Measure.NPRS)
        target = Target(
            goal,
            lower_is_better=True,
            label=_(
                "Shaded: %(goal)s or less, an improvement that matters "
                "(%(points)s points below your first score)"
            )
            % {"goal": show_number(goal), "points": mcid_points(Measure.NPRS)},
        )
    main = series[0].points or series[1].points or assessed
    if not main:
        summary = _("No pain scores yet. They appear after your first session.")
    elif len(main) == 1:
        day, value = main[0]
        summary = _("One pain score so far: %(value)s out of 10 on %(day)s.") % {
            "value": show_number(value),
            "day": show_date(day),
        }
    else:
        (d0, v0), (d1, v1) = main[0], main[-1]
        numbers = {
            "first": show_number(v0),
            "first_day": show_date(d0),
            "last": show_number(v1),
            "last_day": show_date(d1),
        }
        summary = PAIN_TRENDS[(bool(series[0].points), (v1 > v0) - (v1 < v0))] % numbers
    return line_chart(
        "chart-pain",
        _("Pain, 0 to 10"),
        series,
        y_max=10,
        summary=summary,
        target=target,
        until=today,
    )


@dataclass(frozen=True)
class Questionnaire:
    measure: Measure
    keys: tuple[str, ...]
    title: Any  # a lazy translation
    y_max: float
    unit: str


QUESTIONNAIRES = (
    Questionnaire(
        Measure.ODI,
        ("odi", "percent"),
        gettext_lazy("Back pain and daily life (ODI), 0 to 100 %"),
        100,
        "%",
    ),
    Questionnaire(
        Measure.RMDQ,
        ("rmdq", "score"),
        gettext_lazy("Everyday activities (Roland-Morris), 0 to 24"),
        24,
        "",
    ),
    Questionnaire(
        Measure.PSFS,
        ("psfs", "mean"),
        gettext_lazy("Your chosen activities (PSFS), 0 to 10"),
        10,
        "",
    ),
)

VERDICT_TEXT = {
    Verdict.IMPROVED: gettext_lazy("an improvement that matters"),
    Verdict.NO_IMPORTANT_CHANGE: gettext_lazy("not yet a change that matters"),
    Verdict.WORSE: gettext_lazy(
        "worse by a change that matters; your physical therapist can see this too"
    ),
}


def questionnaire_charts(evaluations: Sequence[Evaluation], today: dt.date) -> list[Chart]:
    charts = []
    for q in QUESTIONNAIRES:
        points = _eval_points(evaluations, *q.keys)
        lower = q.measure is not Measure.PSFS
        mcid = mcid_points(q.measure)
        target = None
        if points:
            base = points[0][1]
            goal = base - mcid if lower else base + mcid
            if 0 <= goal <= q.y_max:
                shaded = (
                    _(
                        "Shaded: %(goal)s or less, an improvement that matters "
                        "(%(points)s points below your first score)"
                    )
                    if lower
                    else _(
                        "Shaded: %(goal)s or more, an improvement that matters "
                        "(%(points)s points above your first score)"
                    )
                )
                target = Target(
                    goal,
                    lower_is_better=lower,
                    label=shaded % {"goal": show_number(goal) + q.unit, "points": mcid},
                )
        better = _("Lower is better.") if lower else _("Higher is better.")
        if not points:
            summary = _("No scores yet.")
        elif len(points) == 1:
            summary = _("%(better)s Your first score was %(score)s on %(day)s.") % {
                "better": better,
                "score": show_number(points[0][1]) + q.unit,
                "day": show_date(points[0][0]),
            }
        else:
            change = interpret_change(q.measure, points[0][1], points[-1][1])
            summary = _(
                "%(better)s From %(first)s on %(first_day)s to %(last)s on %(last_day)s: "
                "%(verdict)s."
            ) % {
                "better": better,
                "first": show_number(points[0][1]) + q.unit,
                "first_day": show_date(points[0][0]),
                "last": show_number(points[-1][1]) + q.unit,
                "last_day": show_date(points[-1][0]),
                "verdict": VERDICT_TEXT[change.verdict],
            }
        series = (Series(q.measure.value, _("Score"), points, "diamond"),)
        charts.append(
            line_chart(
                f"chart-{q.measure.value}",
                str(q.title),
                series,
                y_max=q.y_max,
                summary=summary,
                target=target,
                until=today,
            )
        )
    return charts


def adherence_calendar(
    program: Program | None,
    done_on: Sequence[dt.date],
    start: dt.date,
    today: dt.date,
    plan: Schedule | None = None,
) -> tuple[tuple[Week, ...], str]:
    """Weeks from Monday to Sunday: each day done, missed, still planned, or a rest day."""
    if program is None:
        return (), ""
    per_week = int(program.plan["sessions_per_week"])
    if plan is None:
        plan = schedule(per_week)
    done = set(done_on)
    first_monday = start - dt.timedelta(days=start.weekday())
    this_monday = today - dt.timedelta(days=today.weekday())
    weeks_back = min(CALENDAR_WEEKS - 1, (this_monday - first_monday).days // 7)
    weeks = []
    for n in range(weeks_back, -1, -1):
        monday = this_monday - dt.timedelta(weeks=n)
        days = []
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            scheduled = is_session_day(day, plan)
            if day in done:
                state, word = "done", _("session done")
            elif day < start:
                state, word = "outside", _("before you started")
            elif scheduled and day < today:
                state, word = "missed", _("session not done")
            elif scheduled:
                state, word = "planned", _("session planned")
            else:
                state, word = "rest", _("rest day")
            label = _("%(weekday)s %(day)s: %(state)s") % {
                "weekday": format_date(day, "D"),
                "day": show_date(day),
                "state": word,
            }
            days.append(Day(day, state, label))
        counted = adherence(done, max(start, monday), monday + dt.timedelta(days=6), plan)
        weeks.append(Week(monday, tuple(days), counted.done, counted.prescribed))
    so_far = adherence(done, max(start, first_monday), today, plan)
    if so_far.prescribed:
        summary = ngettext(
            "%(done)s of %(prescribed)s planned session done so far (%(per_week)s a week).",
            "%(done)s of %(prescribed)s planned sessions done so far (%(per_week)s a week).",
            so_far.prescribed,
        ) % {"done": so_far.done, "prescribed": so_far.prescribed, "per_week": per_week}
    elif so_far.done:
        # Done before the first planned day (day one started in the evening): it still counts.
        summary = ngettext(
            "%(done)s session done so far; your planned ones start soon (%(per_week)s a week).",
            "%(done)s sessions done so far; your planned ones start soon (%(per_week)s a week).",
            so_far.done,
        ) % {"done": so_far.done, "per_week": per_week}
    else:
        summary = _("Your first sessions are coming up (%(per_week)s a week).") % {
            "per_week": per_week
        }
    return tuple(weeks), summary


def dose_amount(item: dict[str, Any]) -> tuple[float, str]:
    """One number per dose for the chart: repetitions or seconds in all, per session."""
    sets = int(item.get("sets") or 1) * (2 if item.get("per_side") else 1)
    if item.get("reps"):
        return float(sets * int(item["reps"])), _("repetitions in all")
    if item.get("hold_seconds"):
        return float(sets * int(item["hold_seconds"])), _("seconds held in all")
    seconds = sets * int(item.get("duration_seconds") or 0)
    if seconds >= 120:
        return round(seconds / 60, 1), _("minutes in all")
    return float(seconds), _("seconds in all")


def dose_chart(exercise: str, name: str, steps: Sequence[DoseStep], today: dt.date) -> Chart | None:
    points = [(s.since, s.amount) for s in steps if s.amount is not None]
    units = {s.unit for s in steps if s.amount is not None}
    if len(points) < 2 or len(units) != 1:
        return None
    unit = units.pop()
    series = Series(
        "dose", unit.capitalize(), tuple((d, a) for d, a in points), "circle", step=True
    )
    first, last = points[0][1], points[-1][1]
    numbers = {"first": show_number(first), "last": show_number(last), "unit": unit}
    if last > first:
        summary = _("The dose grew from %(first)s to %(last)s %(unit)s per session.") % numbers
    elif last < first:
        summary = _("The dose went down from %(first)s to %(last)s %(unit)s per session.") % numbers
    else:
        summary = _("The dose changed from %(first)s to %(last)s %(unit)s per session.") % numbers
    return line_chart(
        f"chart-dose-{exercise}",
        _("%(name)s: %(unit)s per session") % {"name": name, "unit": unit},
        [series],
        y_max=nice_max(max(a for _day, a in points)),
        summary=summary,
        until=today,
    )


def dose_histories(
    programs: Sequence[Program], catalog: Catalog, today: dt.date | None = None
) -> tuple[DoseHistory, ...]:
    """Each exercise's dose in every program version, with the reasons a version changed it;
    names and reasons from the patient's clinic's `catalog`."""
    stopped = pgettext("dose", "stopped")
    steps: dict[str, list[DoseStep]] = {}
    current: set[str] = set()
    for program in programs:
        since = timezone.localdate(program.created_at)
        why: dict[str, tuple[str, ...]] = {
            str(c.get("exercise")): tuple(reason_texts(c.get("reasons", []), catalog))
            for c in program.changes or []
            if isinstance(c, dict)
        }
        in_plan = {str(item["exercise"]): item for item in program.plan.get("items", [])}
        for exercise, item in in_plan.items():
            dose = item_dose_words(item, compact=True)
            history = steps.setdefault(exercise, [])
            if not history or history[-1].dose != dose:
                amount, unit = dose_amount(item)
                history.append(DoseStep(since, dose, why.get(exercise, ()), amount, unit))
        for exercise, reasons in why.items():
            if (
                exercise not in in_plan
                and exercise in steps
                and steps[exercise][-1].dose != stopped
            ):
                steps[exercise].append(DoseStep(since, stopped, reasons))
        if program.is_active:
            current = set(in_plan)
    names = catalog.names(steps)
    ordered = sorted(steps, key=lambda e: (e not in current, names[e]))
    today = today or timezone.localdate()
    histories = []
    for e in ordered:
        name = names[e]
        chart = dose_chart(e, name, steps[e], today) if e in current else None
        histories.append(DoseHistory(e, name, tuple(steps[e]), e in current, chart))
    return tuple(histories)
