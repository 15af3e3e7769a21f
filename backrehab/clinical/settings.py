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
    new_pain_max_weeks: int = _setting(
        12,
        rule="1b Weak flags (uncertain)",
        meaning="'new pain' for the age-at-onset flag: an episode that began within this many "
        "weeks",
    )
    known_stenosis_explains_both_legs: bool = _setting(
        True,
        rule="1b Cauda equina (design choice)",
        meaning="pain below both knees does not refer as an emergency in diagnosed stenosis when "
        "a doctor has assessed this chronic episode (a routine review note instead)",
    )
    aneurysm_age_over: int = _setting(
        50,
        rule="1b Also ask (Finucane 2020, uncertain)",
        meaning="a pulsing feeling in the belly above this age: emergency; at or below: review",
    )
    weak_flags_to_refer: int = _setting(
        2,
        rule="1b Weak flags (design choice)",
        meaning="this many weak flags together refer soon and stop the program",
    )
    postop_precaution_weeks: int = _setting(
        12,
        rule="1b Surgery (uncertain)",
        meaning="post-operative precautions (no loaded flexion or twisting) for this many weeks "
        "after the procedure",
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
    # --- Intake plausibility --------------------------------------------------------------------
    pregnancy_age_over: int = _setting(
        55,
        rule="Intake check (design choice)",
        meaning="a pregnancy is refused above this age as a likely recording error",
    )
    # --- Outcome instruments (section 2) ------------------------------------------------------
    odi_min_answered: int = _setting(
        8, rule="2 ODI (design choice)", meaning="fewest answered ODI sections that give a score"
    )
    fabq_pa_high_fear: int = _setting(
        15,
        rule="3 Stratified care: FABQ-PA (Fritz & George 2002)",
        meaning="FABQ physical-activity score (0-24) at or above which fear-avoidance is high",
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
        rule="5 Re-assessment: 30 % rule floor (Childs 2005 NPRS measurement error)",
        meaning="NPRS points an improvement must reach for the 30 % rule to count (2 -> 1 is "
        "50 % but within measurement error)",
    )
    mcid_percent_floor_rmdq: int = _setting(
        3,
        rule="5 Re-assessment: 30 % rule floor (design choice, uncertain)",
        meaning="RMDQ points an improvement must reach for the 30 % rule to count",
    )
    mcid_percent_floor_odi: int = _setting(
        6,
        rule="5 Re-assessment: 30 % rule floor (design choice, uncertain)",
        meaning="ODI percentage points an improvement must reach for the 30 % rule to count",
    )
    mcid_percent_floor_psfs: int = _setting(
        1,
        rule="5 Re-assessment: 30 % rule floor (design choice, uncertain)",
        meaning="PSFS points an improvement must reach for the 30 % rule to count, when that "
        "rule applies to the PSFS",
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
    directional_times_per_day: int = _setting(
        6,
        rule="5 Directional exercise dose (McKenzie; Long 2004)",
        meaning="times a day the directional exercise is repeated (about every 2-3 waking "
        "hours) when its file gives no times_per_day",
    )
    full_session_share: float = _setting(
        0.6,
        rule="3 A program uses the time it is given (design choice)",
        meaning="share of the minutes available a session is filled to, when irritability is "
        "not high (never more than the minutes)",
    )
    simple_program_share: float = _setting(
        0.5,
        rule="3 Stratified care: low risk (NICE NG59 1.1.2; design choice)",
        meaning="share of the minutes available the short, simple program of STarT Back low risk "
        "is filled to",
    )
    full_session_cap_minutes: int = _setting(
        45,
        rule="3 A program uses the time it is given (design choice)",
        meaning="a home session is filled toward at most this many minutes, however many are "
        "available",
    )
    full_session_training_items: int = _setting(
        4,
        rule="3 A program uses the time it is given (APTA 2021: strength is the core)",
        meaning="control and strength exercises a full session grows to before other phases",
    )
    simple_program_training_items: int = _setting(
        2,
        rule="3 Stratified care: low risk (NICE NG59 1.1.2)",
        meaning="control and strength exercises in the short, simple program of STarT Back low "
        "risk (the time is filled with sets and walking instead)",
    )
    graded_activity_weekly_percent: int = _setting(
        10,
        rule="3 Graded activity (Lindstrom 1992; walking grows 10-20 % a week)",
        meaning="planned weekly rise of the graded-activity quota (time-contingent)",
    )
    graded_activity_weeks: int = _setting(
        8, rule="3 Graded activity (design choice)", meaning="weeks planned in advance"
    )
    graded_activity_max_seconds: int = _setting(
        1800,
        rule="3 Graded activity (design choice)",
        meaning="the graded-activity quota rises to at most this many seconds a session",
    )
    graded_exposure_max: int = _setting(
        2,
        rule="3 Graded exposure (design choice)",
        meaning="feared movements practised at once in the high-risk pathway",
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
