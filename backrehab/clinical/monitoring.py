"""Monitoring between sessions: when pain is rising, when a re-assessment is due, and when weeks
of care have brought no important change (clinical-rules.md section 5, "Re-assessment").

Pure functions of plain data, like the rest of the clinical core: the care app reads the numbers
from the database and raises the alerts these functions call for, so the thresholds live here,
in the settings and the rulebook, and nowhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backrehab.clinical.scoring import Measure, Verdict, interpret_change
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

Reading = tuple[dt.date, int]


def weekly_rise(readings: Sequence[Reading]) -> tuple[float, dt.date] | None:
    """The mean pain of the 7 days ending at the latest reading minus that of the 7 days before,
    and the latest reading's day; None when either week has no reading."""
    if not readings:
        return None
    last = max(day for day, _ in readings)
    this_week = [p for day, p in readings if 0 <= (last - day).days < 7]
    week_before = [p for day, p in readings if 7 <= (last - day).days < 14]
    if not this_week or not week_before:
        return None
    return sum(this_week) / len(this_week) - sum(week_before) / len(week_before), last


def pain_rising(
    readings: Sequence[Reading], settings: EngineSettings = DEFAULT_SETTINGS
) -> tuple[float, dt.date] | None:
    """(rise, latest day) when the weekly mean pain rose enough to alert the clinician."""
    found = weekly_rise(readings)
    if found is None or found[0] < settings.pain_rising_alert_points:
        return None
    return found


def quiet_for(
    last_session: dt.date, today: dt.date, settings: EngineSettings = DEFAULT_SETTINGS
) -> bool:
    """Whether the days without a session since `last_session` call for an alert."""
    return (today - last_session).days >= settings.no_session_alert_days


def reassessment_interval(days: int | None, settings: EngineSettings = DEFAULT_SETTINGS) -> int:
    """The clinician's interval for this patient, kept within the allowed range; the default
    when none was set."""
    if days is None:
        return settings.reassessment_interval_days
    return min(
        settings.reassessment_interval_max_days, max(settings.reassessment_interval_min_days, days)
    )


def reassessment_due(
    last_evaluation: dt.date,
    today: dt.date,
    interval_days: int | None = None,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> bool:
    """Whether a re-assessment should be offered today."""
    return (today - last_evaluation).days >= reassessment_interval(interval_days, settings)


@dataclass(frozen=True)
class Outcome:
    measure: Measure
    baseline: float
    latest: float
    verdict: Verdict


def _values(scores: Mapping[str, Any]) -> dict[Measure, float]:
    """The outcome measures of a stored Scores document (pain now, ODI %, RMDQ, PSFS mean)."""
    found: dict[Measure, float] = {}
    nprs = scores.get("nprs")
    if isinstance(nprs, Mapping) and isinstance(nprs.get("now"), int):
        found[Measure.NPRS] = nprs["now"]
    for measure, key, field in (
        (Measure.ODI, "odi", "percent"),
        (Measure.RMDQ, "rmdq", "score"),
        (Measure.PSFS, "psfs", "mean"),
    ):
        value = scores.get(key)
        if isinstance(value, Mapping) and isinstance(value.get(field), int | float):
            found[measure] = value[field]
    return found


def no_important_change(
    baseline: Mapping[str, Any],
    latest: Mapping[str, Any],
    days_in_care: int,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Outcome] | None:
    """After `no_change_escalation_weeks` of care, the outcomes measured both times when none of
    them improved by an important change (MCID); None when it is too early, nothing can be
    compared, or something did improve."""
    if days_in_care < settings.no_change_escalation_weeks * 7:
        return None
    before, after = _values(baseline), _values(latest)
    outcomes = [
        Outcome(
            m,
            before[m],
            after[m],
            interpret_change(m, before[m], after[m], settings).verdict,
        )
        for m in before
        if m in after
    ]
    if not outcomes or any(o.verdict is Verdict.IMPROVED for o in outcomes):
        return None
    return outcomes


def describe_outcomes(outcomes: Sequence[Outcome]) -> str:
    """One line for the clinician, e.g. "pain 5 -> 5, ODI 32 -> 30"."""
    names = {Measure.NPRS: "pain", Measure.ODI: "ODI", Measure.RMDQ: "RMDQ", Measure.PSFS: "PSFS"}
    return ", ".join(
        f"{names.get(o.measure, o.measure.value)} {o.baseline:g} -> {o.latest:g}" for o in outcomes
    )
