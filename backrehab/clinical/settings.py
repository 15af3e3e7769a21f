"""Thresholds the clinical engine uses, gathered in one place so a clinic can tune them.

Several of these numbers are practice conventions or design choices rather than settled evidence
(clinical-rules.md marks them "uncertain"), so none is hard-coded in the rules themselves: every
rule reads its number from an `EngineSettings`. The defaults are the values clinical-rules.md gives,
and docs/engine-rules.md (rendered from this file) shows them to clinicians.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, *, rule: str, meaning: str) -> Any:
    """A setting with the rule it comes from, so the clinician document can explain it."""
    return field(default=default, metadata={"rule": rule, "meaning": meaning})


@dataclass(frozen=True)
class EngineSettings:
    # --- Red flags (clinical-rules.md section 1) ---------------------------------------------
    malignancy_new_pain_age_over: int = _setting(
        50, rule="1 Malignancy", meaning="a first episode starting above this age is a red flag"
    )
    malignancy_new_pain_age_under: int = _setting(
        20, rule="1 Malignancy", meaning="a first episode starting below this age is a red flag"
    )
    age_flag_waived_when_doctor_assessed: bool = _setting(
        True,
        rule="1 Malignancy (design choice)",
        meaning="the age-at-onset flag does not fire once a doctor has assessed this episode",
    )
    fracture_age_over: int = _setting(
        70, rule="1 Fracture", meaning="sudden severe central pain above this age is a red flag"
    )
    inflammatory_onset_age_under: int = _setting(
        45, rule="1 Inflammatory", meaning="onset below this age fits an inflammatory pattern"
    )
    inflammatory_min_weeks: int = _setting(
        13, rule="1 Inflammatory", meaning="pain lasting more than 3 months (in weeks)"
    )
    inflammatory_features_needed: int = _setting(
        1,
        rule="1 Inflammatory (design choice)",
        meaning="how many of {long morning stiffness easing with movement, waking in the second "
        "half of the night} complete the pattern",
    )
    # --- Outcome instruments (section 2) ------------------------------------------------------
    odi_min_answered: int = _setting(
        8, rule="2 ODI (design choice)", meaning="fewest answered ODI sections that give a score"
    )
    mcid_nprs: int = _setting(2, rule="2 MCID (Ostelo 2008)", meaning="NPRS points")
    mcid_rmdq: int = _setting(5, rule="2 MCID (Ostelo 2008)", meaning="RMDQ points")
    mcid_odi: int = _setting(10, rule="2 MCID (Ostelo 2008)", meaning="ODI percentage points")
    mcid_percent: int = _setting(
        30,
        rule="2 MCID (Ostelo 2008)",
        meaning="improvement from baseline, in per cent, that also counts for NPRS, RMDQ and ODI",
    )
    mcid_percent_applies_to_psfs: bool = _setting(
        False,
        rule="2 MCID (design choice)",
        meaning="whether the 30 % rule also counts for PSFS (Ostelo's study covered pain, RMDQ "
        "and ODI, so it does not by default)",
    )
    mcid_percent_floor_nprs: int = _setting(
        2,
        rule="2 MCID 30 % floor (NPRS MDC, Childs 2005)",
        meaning="the 30 % rule counts for NPRS only when the change is at least this many "
        "points (2 -> 1 is 50 % but within measurement noise)",
    )
    mcid_percent_floor_odi: int = _setting(
        6,
        rule="2 MCID 30 % floor (uncertain)",
        meaning="the 30 % rule counts for ODI only when the change is at least this many points",
    )
    mcid_percent_floor_rmdq: int = _setting(
        3,
        rule="2 MCID 30 % floor (uncertain)",
        meaning="the 30 % rule counts for RMDQ only when the change is at least this many points",
    )
    mcid_psfs_mean: int = _setting(2, rule="2 MCID PSFS", meaning="PSFS mean score points")
    mcid_psfs_item: int = _setting(3, rule="2 MCID PSFS", meaning="PSFS single activity points")
    # --- Classification (section 3) ------------------------------------------------------------
    acute_weeks_under: int = _setting(6, rule="3 Stage", meaning="acute: fewer weeks than this")
    chronic_weeks_over: int = _setting(
        12, rule="3 Stage", meaning="chronic: more weeks than this (subacute in between)"
    )
    high_irritability_pain: int = _setting(
        7, rule="3/4 Irritability", meaning="pain now or worst in 24 h at or above: high"
    )
    moderate_irritability_pain: int = _setting(
        4,
        rule="3 Irritability (design choice)",
        meaning="worst pain in 24 h at or above (and below high): moderate; below: low",
    )
    movement_control_age_under: int = _setting(
        40,
        rule="3 TBC stabilisation (design choice)",
        meaning="'younger' for the movement-control subgroup",
    )
    older_adult_age: int = _setting(
        65, rule="5 Stretching (ACSM)", meaning="from this age stretches are held 30-60 s"
    )
    # --- Dosing (section 5) --------------------------------------------------------------------
    stretch_hold_seconds: int = _setting(
        30, rule="5 Stretching (ACSM)", meaning="longest stretch hold, younger adults (10-30 s)"
    )
    older_adult_stretch_hold_seconds: int = _setting(
        30, rule="5 Stretching (ACSM)", meaning="shortest stretch hold, older adults (30-60 s)"
    )
    max_stretch_hold_seconds: int = _setting(
        60, rule="5 Stretching (ACSM)", meaning="longest stretch hold at any age"
    )
    max_stretch_reps: int = _setting(4, rule="5 Stretching (ACSM)", meaning="2-4 reps")
    max_sets: int = _setting(3, rule="5 Strength (ACSM)", meaning="1-3 sets")
    max_strength_reps: int = _setting(15, rule="5 Strength (ACSM)", meaning="8-15 reps")
    max_held_reps: int = _setting(
        10,
        rule="5 McGill big 3 (design choice)",
        meaning="most reps of an exercise whose reps are held (e.g. 10 s holds)",
    )
    max_motor_control_hold_seconds: int = _setting(
        10,
        rule="5 McGill big 3",
        meaning="holds of trunk-control exercises stay at 10 s; progress by reps",
    )
    irritable_max_hold_seconds: int = _setting(
        5,
        rule="4 High irritability (design choice)",
        meaning="longest hold of non-stretch exercises while pain is high",
    )
    irritable_duration_factor: float = _setting(
        0.5,
        rule="4 High irritability (design choice)",
        meaning="timed exercises (e.g. walking) start at this share of their usual length",
    )
    low_fitness_reps_factor: float = _setting(
        0.75,
        rule="5 Dosing (design choice)",
        meaning="low fitness: reps start at this share of the default (at least the minimum)",
    )
    seconds_per_rep: int = _setting(
        3, rule="5 Time budget", meaning="time for one rep without a hold"
    )
    timed_floor_seconds: int = _setting(
        300,
        rule="5 Time budget (design choice)",
        meaning="to fit a short session a walk is shortened to this before exercises are dropped",
    )
    setup_seconds: int = _setting(
        15, rule="5 Time budget", meaning="time to get into position for each exercise"
    )
    duration_step: float = _setting(
        0.2,
        rule="5 Progression ladder (design choice)",
        meaning="a timed exercise (walking) progresses by this share of its current length",
    )
    # --- Pain-monitoring model and progression (section 5) -------------------------------------
    pain_safe_max: int = _setting(2, rule="5 Pain monitoring", meaning="0-2: safe")
    pain_acceptable_max: int = _setting(
        5, rule="5 Pain monitoring", meaning="3-5: acceptable; above: too much"
    )
    morning_pain_tolerance: int = _setting(
        0,
        rule="5 Pain monitoring",
        meaning="next-morning pain may exceed pre-session pain by this much and still count as "
        "settled",
    )
    morning_pain_weekly_rise: float = _setting(
        0.0,
        rule="5 Pain monitoring",
        meaning="a rise of the weekly mean next-morning pain above this blocks progression",
    )
    effort_max_to_progress: int = _setting(
        7, rule="5 Progression ladder", meaning="effort (0-10) at or below which to progress"
    )
    sessions_to_progress: int = _setting(
        2, rule="5 Progression ladder", meaning="consecutive sessions that must meet the model"
    )
    # --- Progression revision (section 5, "use everything logged") -----------------------------
    pain_during_baseline_from: int = _setting(
        6,
        rule="5 Progression revision (uncertain)",
        meaning="for someone whose pain before the session was at least this, pain during that is "
        "not above their own pre-session pain is acceptable",
    )
    morning_rise_points: int = _setting(
        2,
        rule="5 Progression revision (NPRS MDC, Childs 2005)",
        meaning="a next-morning rise over pre-session pain of at least this many points regresses "
        "and alerts the clinician; a smaller rise only blocks progression",
    )
    painful_skips_to_alert: int = _setting(
        2,
        rule="5 Progression revision",
        meaning="skipping an exercise as too painful this many times alerts the clinician",
    )
    gap_days_to_resume_lower: int = _setting(
        14,
        rule="5 Progression revision (uncertain)",
        meaning="a break of this many days or more between sessions resumes one rung lower",
    )
    timed_progress_days: int = _setting(
        7,
        rule="5 Progression revision (walking 10-20 % a week)",
        meaning="a timed exercise (walking) grows at most once in this many days",
    )

    # --- Monitoring and re-assessment (section 5, "Re-assessment") -----------------------------
    pain_rising_alert_points: int = _setting(
        2,
        rule="5 Monitoring (NPRS MDC)",
        meaning="weekly mean pain (before sessions and next mornings) this many points above the "
        "week before alerts the clinician",
    )
    no_session_alert_days: int = _setting(
        7, rule="5 Monitoring (design choice)", meaning="days without a session that alert"
    )
    reassessment_interval_days: int = _setting(
        14,
        rule="5 Re-assessment",
        meaning="re-assessment is offered this many days after the last evaluation (the "
        "clinician may set 14-28 per patient)",
    )
    reassessment_interval_min_days: int = _setting(
        14, rule="5 Re-assessment", meaning="shortest re-assessment interval a clinician may set"
    )
    reassessment_interval_max_days: int = _setting(
        28, rule="5 Re-assessment", meaning="longest re-assessment interval a clinician may set"
    )
    no_change_escalation_weeks: int = _setting(
        4,
        rule="5 Re-assessment (4-6 weeks)",
        meaning="no important change in pain, ODI/RMDQ or PSFS after this many weeks of care "
        "escalates to the clinician",
    )
    exercises_changed_for_approval: int = _setting(
        2,
        rule="5 Re-assessment (design choice)",
        meaning="a re-assessment adding or removing this many exercises or more is proposed to "
        "the clinician instead of applied",
    )

    def describe(self) -> list[tuple[str, Any, str, str]]:
        """(name, value, rule, meaning) for every setting, in declaration order."""
        return [
            (f.name, getattr(self, f.name), f.metadata["rule"], f.metadata["meaning"])
            for f in fields(self)
        ]


DEFAULT_SETTINGS = EngineSettings()
