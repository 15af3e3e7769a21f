"""Render docs/engine-rules.md, the clinician's account of every rule the engine applies.

The document is built from the same tables the engine runs on, so it cannot drift from the
code: a test compares the committed file with `render()`. After changing a rule, run

    python -m backrehab.clinical.rulebook --write
"""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from backrehab.clinical import (
    classification,
    dosing,
    education,
    focus,
    pathways,
    populations,
    program,
    progression,
    reassessment,
    red_flags,
    scoring,
)
from backrehab.clinical.conditions import CONDITIONS
from backrehab.clinical.precautions import RULES
from backrehab.clinical.questionnaires import ODI_SECTIONS, STARTBACK_TOPICS
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "engine-rules.md"


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(headers: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines + [""]


def _lifted_by(rule: red_flags.RedFlagRule) -> str:
    if not rule.clearable:
        return "never (new evaluation)"
    return "; ".join(filter(None, [rule.lifted_by, "a clinician's recorded clearance"]))


def render(settings: EngineSettings = DEFAULT_SETTINGS) -> str:
    values = asdict(settings)

    def fill(text: str) -> str:
        return text.format_map(values)

    out: list[str] = [
        "# Engine rules",
        "",
        "<!-- Generated from the rule tables by `python -m backrehab.clinical.rulebook --write`."
        " Do not edit by hand: a test fails when this file and the code differ. -->",
        "",
        "Every rule the clinical engine applies, for the clinicians who oversee it. Each plan "
        "item, each exercise left out and each progression decision names the rule ids below "
        "with a sentence for the patient. Numbers come from the settings at the end (defaults "
        "from clinical-rules.md; those marked design choice or uncertain can be changed by a "
        "clinic).",
        "",
        "## 1. Red flags (referral)",
        "",
        "Any rule at urgency emergency, urgent or soon stops program generation: the plan is a "
        "referral with what to do now. A routine referral comes with a program. The referral's "
        "urgency is that of its most urgent rule.",
        "",
        "Section 1b of clinical-rules.md: most single flags are weak. A rule marked **weak** "
        "alone gives a program and a routine review note naming the flag; "
        "{weak_flags_to_refer} or more weak rules together fire `weak-flags-combined` (soon, no "
        "program). A clinician's recorded **clearance** (who, when, why, and the rule ids it "
        "clears) lifts soon and routine rules for that episode: the plan then carries the "
        "routine reason `clearance-recorded` instead. Emergency and urgent rules can never be "
        "cleared without a new evaluation.".format_map(values),
        "",
    ]
    out += _table(
        ["Rule", "Suspected", "Urgency", "Fires when", "Weak", "Lifted by", "Source"],
        [
            [
                f"`{r.id}`",
                r.suspected,
                r.urgency.value,
                fill(r.describe()),
                "weak" if r.weak else "",
                _lifted_by(r),
                r.source,
            ]
            for r in red_flags.RED_FLAG_RULES
        ],
    )
    out += ["What the patient is told to do, by kind of advice:", ""]
    out += _table(["Advice", "What to do now"], [[k, v] for k, v in red_flags.WHAT_TO_DO.items()])
    out += [
        "A red-flag question answered yes in a session log after the program began stops every "
        "exercise and alerts the clinician when its urgency is emergency, urgent or soon; at "
        "routine it alerts only. Questions that count only in combination at intake are "
        "treated as follows when answered later:",
        "",
    ]
    out += _table(
        ["Question", "Urgency"],
        [[f"`{q}`", u.value] for q, u in red_flags.LATER_ANSWER_URGENCY.items()],
    )

    out += ["## 2. Scores", ""]
    out += [
        "- **NPRS**: whole number 0-10 (now, best and worst in 24 h; best <= now <= worst).",
        "- **ODI v2.1a**: 10 sections 0-5; index % = sum / (5 x answered sections) x 100, "
        "rounded half up to one decimal; a skipped section lowers the denominator by 5; when "
        "several statements are marked the highest counts; at least "
        f"{settings.odi_min_answered} sections must be answered. Bands (upper edge inclusive): "
        + ", ".join(f"<= {upper} {band.value}" for upper, band in scoring.ODI_BANDS)
        + ". Sections: "
        + ", ".join(ODI_SECTIONS.values())
        + ".",
        "- **RMDQ**: number of the 24 statements ticked (0-24).",
        "- **STarT Back**: items 1-8 agree = 1; item 9 = 1 for very much or extremely; total "
        "0-9; distress subscore = items 5-9; risk: total <= 3 low, total >= 4 with subscore "
        "<= 3 medium, total >= 4 with subscore >= 4 high. Items (Keele order, our topics): "
        + "; ".join(f"{n}. {t}" for n, t in enumerate(STARTBACK_TOPICS.values(), start=1))
        + ".",
        "- **Stratified care** (shown with the STarT Back score): "
        + "; ".join(f"{risk.value}: {text}" for risk, text in scoring.STRATIFIED_CARE.items()),
        "- **PSFS**: mean of 1-5 activity ratings 0-10 (shown rounded half up to one decimal).",
        "- **Important change** (Ostelo 2008): improved when better by at least NPRS "
        f"{settings.mcid_nprs}, RMDQ {settings.mcid_rmdq}, ODI {settings.mcid_odi} points, or "
        f"(NPRS, RMDQ, ODI) by {settings.mcid_percent} % of baseline when the gain also "
        f"reaches an absolute floor (NPRS {settings.mcid_percent_floor_nprs}, RMDQ "
        f"{settings.mcid_percent_floor_rmdq}, ODI {settings.mcid_percent_floor_odi} points: "
        "a large share of a small baseline can be measurement error); PSFS "
        f"{settings.mcid_psfs_mean} points (mean) or {settings.mcid_psfs_item} (one activity)"
        + (
            f", or {settings.mcid_percent} %"
            if settings.mcid_percent_applies_to_psfs
            else " (the percentage rule does not apply to PSFS)"
        )
        + "; worse when worse by at least the points; otherwise no important change. STarT "
        "Back is a screening tool, not an outcome measure.",
        "- Licensed item text (ODI, RMDQ, STarT Back wording) is not shipped; a clinic loads it "
        "from its own file (questionnaires.py). Scoring works without it.",
        "",
    ]

    out += ["## 3. Classification", ""]
    out += [
        f"- **Stage**: acute under {settings.acute_weeks_under} weeks, chronic over "
        f"{settings.chronic_weeks_over} weeks, subacute in between.",
        "- **Irritability** (first matching rule wins; severity, provocation and settling, "
        "Maitland; Barakatt 2009): "
        + "; ".join(
            f"`{r.id}` {r.level.value}: {fill(r.applies)}"
            for r in classification.IRRITABILITY_RULES
        )
        + ".",
        f"- **Older adult**: age {settings.older_adult_age} or over.",
        "- **STarT Back stratum**: the risk above (none when not screened).",
        "",
        "Directional preference (first matching rule of each basis wins). Only a tested "
        "preference leaves out the other direction; a diagnosis leans the program (its own "
        "precautions do the excluding); a history pattern, when nothing was tested, is only a "
        '"test this" note for the clinician and is never told to the patient:',
        "",
    ]
    out += _table(
        ["Rule", "Preference", "Basis", "When"],
        [
            [f"`{r.id}`", r.preference.value, r.basis.value, r.applies]
            for r in classification.PREFERENCE_RULES
        ],
    )
    out += [
        "A tested preference that clashes with a recorded diagnosis is shown to the clinician "
        "(the diagnosis's precautions still apply):",
        "",
    ]
    out += _table(
        ["Rule", "Tested preference", "Diagnosis", "Clinician note"],
        [
            [f"`{r.id}`", r.preference.value, r.condition.value, r.text]
            for r in classification.CLASH_RULES
        ],
    )
    out += ["Treatment-based subgroup (first matching rule wins):", ""]
    out += _table(
        ["Rule", "Subgroup", "When"],
        [[f"`{r.id}`", r.subgroup.value, fill(r.applies)] for r in classification.SUBGROUP_RULES],
    )
    out += ["Precaution conditions found from the intake:", ""]
    out += _table(
        ["Condition", "Meaning", "Present when"],
        [
            [f"`{r.condition}`", CONDITIONS[r.condition].label, fill(r.applies)]
            for r in classification.CONDITION_RULES
        ],
    )

    out += [
        "## 4. Safety: exercises left out",
        "",
        "An exercise is left out, and listed under `excluded` with every reason, when any rule "
        "below matches a present condition. An exercise file's own `avoid` precaution for a "
        "present condition also leaves it out (rule id `precaution-<condition>`, or the rule "
        "below when one matches). `modify` precautions keep the exercise and add the note to "
        "its reasons (rule id `modify-<condition>`).",
        "",
    ]
    out += _table(
        ["Rule", "Condition", "Leaves out", "Why (patient text)"],
        [[f"`{r.id}`", f"`{r.condition}`", r.applies, r.why] for r in RULES],
    )
    out += _table(
        ["Rule", "Preference", "Leaves out", "Why (patient text)"],
        [[f"`{r.id}`", r.preference.value, r.applies, r.text] for r in program.DIRECTION_RULES],
    )
    out += [
        "Equipment the intake does not list leaves an exercise out silently (not a safety "
        "matter); "
        + ", ".join(sorted(e.value for e in program.HOUSEHOLD))
        + " are assumed to be at hand.",
        "",
    ]

    out += [
        "## 5. Program: focus, phases and time",
        "",
        "Each safe exercise scores the points of every focus rule it matches; within each phase "
        "the highest scores are taken (ties by id), at most one rung of any progression ladder "
        "and one version of each movement group.",
        "",
    ]
    out += _table(
        ["Rule", "Points", "When"],
        [[f"`{r.id}`", r.points, r.applies] for r in focus.FOCUS_RULES],
    )
    out += ["Deficit -> exercises (`focus-deficit-<deficit>`):", ""]
    out += _table(
        ["Deficit", "Exercises"],
        [[d.value, ", ".join(ids) or "-"] for d, ids in focus.DEFICIT_EXERCISES.items()],
    )
    out += ["Goal -> exercises (`focus-goal-<goal>`):", ""]
    out += _table(
        ["Goal", "Exercises"],
        [[g.value, ", ".join(ids) or "-"] for g, ids in focus.GOAL_EXERCISES.items()],
    )
    out += [
        "Movement groups (one per program): "
        + "; ".join(", ".join(group) for group in focus.VARIANT_GROUPS)
        + ".",
        "",
        "Phases, in session order (each item's first reason is `phase-<phase>`): "
        + " -> ".join(
            f"{p.id} ({', '.join(sorted(c.value for c in p.categories))})" for p in focus.PHASES
        )
        + ".",
        "",
        "Items per phase (first matching rule wins):",
        "",
    ]
    out += _table(
        ["Rule", "When", *[p.id for p in focus.PHASES]],
        [[f"`{r.id}`", r.applies, *r.quotas] for r in focus.QUOTA_RULES],
    )
    out += _prescribing_block(settings)
    out += ["Dose (from the exercise file's default):", ""]
    out += _table(
        ["Rule", "Change", "Patient text"],
        [[f"`{r.id}`", fill(r.applies), r.text] for r in dosing.DOSE_RULES.values()],
    )
    out += [
        f"Time estimate per item: {settings.setup_seconds} s setup + sets x sides x (reps x "
        f"(hold or {settings.seconds_per_rep} s) or duration) + rest x (sets - 1). To fit the "
        "minutes available: sets come down to one (lowest score first), then timed exercises "
        f"shorten toward {settings.timed_floor_seconds} s, then items go (lowest "
        "score first, keeping the best control/strength item and the best warm-up/mobility "
        "item), then reps, time or holds shrink; `minutes` is the estimate, never more than "
        "the minutes available. Sessions per week: as the intake states.",
        "",
        "## 6. Education",
        "",
    ]
    out += _table(
        ["Topic", "Title", "Key message"],
        [[t.id, t.title, t.summary] for t in education.TOPICS.values()],
    )
    out += _table(
        ["Rule", "Topic", "When"],
        [
            [f"`{r.id}`", r.topic, r.applies]
            for r in (*education.PATHWAY_EDUCATION_RULES, *education.EDUCATION_RULES)
        ]
        + [
            [
                f"`{education.FALLBACK_RULE.id}`",
                education.FALLBACK_RULE.topic,
                education.FALLBACK_RULE.applies,
            ]
        ],
    )
    out += [
        "## 7. Progression (next step)",
        "",
        f"Pain during exercise 0-{settings.pain_safe_max} is safe, "
        f"{settings.pain_safe_max + 1}-{settings.pain_acceptable_max} acceptable, above "
        f"{settings.pain_acceptable_max} too much; for someone who starts a session at "
        f"{settings.pain_during_baseline_from}+ pain during that is not above their own "
        "pre-session pain is acceptable. Pain after the session above "
        f"{settings.pain_acceptable_max} blocks progression. Next-morning pain must be back to "
        "pain before the session to progress; a rise of "
        f"{settings.morning_rise_points} or more regresses and alerts the clinician; the weekly "
        "mean of next-morning pain must not rise. Spreading leg pain with one exercise stops it "
        "and holds all the others; the directional exercise is replaced in its own direction, "
        "never dropped or swapped for a harder variant. A skip for pain regresses; other skips "
        f"hold. A break of {settings.gap_days_to_resume_lower}+ days resumes one rung lower. "
        f"Walking grows at most once in {settings.timed_progress_days} days. Progress "
        f"after {settings.sessions_to_progress} consecutive sessions that met the model with "
        f"effort <= {settings.effort_max_to_progress}/10 and the full dose done, one rung: "
        "reps -> time -> sets -> hold -> harder variant. Stop comes before regress, regress "
        "before hold or progress. Rules (`alert-*` rules raise a clinician alert):",
        "",
    ]
    out += _table(
        ["Rule", "Decision", "When", "Patient text"],
        [
            [f"`{r.id}`", r.decision.value if r.decision else "(note)", fill(r.applies), r.text]
            for r in progression.PROGRESSION_RULES.values()
        ],
    )
    out += [
        "### Re-assessment and monitoring",
        "",
        "A re-assessment adjusts the program in force instead of rebuilding it: exercises that "
        "stay (or a version of them on their ladder) keep their progressed dose; what the new "
        "findings make unsafe is removed at once; "
        f"{settings.exercises_changed_for_approval} or more exercises in or out, a new STarT "
        "Back pathway or a new referral note are proposed to the clinician (a clinic may apply "
        "them automatically). Re-assessment is offered every "
        f"{settings.reassessment_interval_days} days unless the clinician sets "
        f"{settings.reassessment_interval_min_days}-{settings.reassessment_interval_max_days}; "
        f"no important change (MCID, with the 30 % rule's floor) after "
        f"{settings.no_change_escalation_weeks} weeks alerts the clinician, as does weekly mean "
        f"pain {settings.pain_rising_alert_points} points above the week before or "
        f"{settings.no_session_alert_days} days without a session.",
        "",
    ]
    out += _table(
        ["Rule", "When", "Patient text"],
        [[f"`{r.id}`", fill(r.applies), r.text] for r in reassessment.REASSESSMENT_RULES.values()],
    )
    out += ["## 8. Settings", ""]
    out += _table(
        ["Setting", "Value", "Source", "Meaning"],
        [[f"`{name}`", value, rule, meaning] for name, value, rule, meaning in settings.describe()],
    )
    return "\n".join(out).rstrip() + "\n"


def _prescribing_block(settings: EngineSettings) -> list[str]:
    """Stratified pathways, special populations and the full session (issue 9)."""
    out = [
        "Exercises some people must not be given, beyond the precaution conditions (listed "
        "under `excluded` with the rule):",
        "",
    ]
    out += _table(
        ["Rule", "When", "Leaves out", "Source", "Why (patient text)"],
        [[f"`{r.id}`", r.applies, r.leaves_out, r.source, r.text] for r in populations.EXCLUSIONS],
    )
    out += [
        "Special forms kept for the people they are for (for anyone else not a candidate, and "
        "not listed as left out: a plainer form of the same activity serves them):",
        "",
    ]
    out += _table(
        ["Rule", "Kept for", "Source"],
        [[f"`{r.id}`", r.applies, r.source] for r in populations.RESERVED],
    )
    out += [
        "What some programs must hold (chosen by tag, category, position or bias, never by "
        "exercise id; the best already chosen counts, else the best safe candidate is added and "
        "kept when the session is trimmed; when nothing fits, the clinician gets the `gap-<rule>` "
        "note):",
        "",
    ]
    needs = [*populations.NEEDS, pathways.GRADED_ACTIVITY]
    out += _table(
        ["Rule", "When and what", "Source", "Patient text", "Clinician note when nothing fits"],
        [[f"`{n.reason_rule}`", n.applies, n.source, n.text, n.gap] for n in needs],
    )
    out += [
        "Graded exposure (`pathway-graded-exposure`, Vlaeyen & Linton 2000): for STarT Back high "
        f"risk, up to {settings.graded_exposure_max} movements the person says make the pain "
        "worse are each practised by a safe exercise: "
        + "; ".join(
            f"{movement.value} -> {label}"
            for movement, label in populations.EXPOSURE_LABELS.items()
        )
        + ".",
        "",
        "Stratified care pathway (the program's `pathway`):",
        "",
    ]
    out += _table(
        ["Rule", "When", "Approach", "Source"],
        [[f"`{r.id}`", r.applies, r.approach, r.source] for r in pathways.PATHWAY_RULES],
    )
    out += [
        "Graded activity (high risk): the aerobic exercise's first-week length rises "
        f"{settings.graded_activity_weekly_percent} % a week for "
        f"{settings.graded_activity_weeks} weeks (at most "
        f"{settings.graded_activity_max_seconds} s), planned in advance: a time-contingent "
        "quota, not raised or lowered by the day's pain.",
        "",
        "Notes for the clinician (`clinician_notes`, never shown to the patient):",
        "",
    ]
    out += _table(
        ["Rule", "When", "Note"],
        [[f"`{r.id}`", r.applies, r.text] for r in pathways.NOTE_RULES],
    )
    out += [
        "A full session (`fill-full-session`, `dose-full-session`; clinical-rules.md section 3, "
        "APTA 2021): unless irritability is high, a session short of "
        f"{round(settings.full_session_share * 100)} % of the minutes available (of at most "
        f"{settings.full_session_cap_minutes} minutes; "
        f"{round(settings.simple_program_share * 100)} % for STarT Back low risk) grows, "
        "each addition only if it still fits the minutes: an aerobic exercise (not walking "
        "when walking aggravates), then control and strength exercises up to "
        f"{settings.simple_program_training_items} (low risk) or "
        f"{settings.full_session_training_items}, then one set more each (not with low "
        "fitness), then the other phases; a session still under half the time gets the extra "
        "set with low fitness too, then more control and strength exercises, and last "
        "(`dose-full-session-longer`) a longer walk or ride (never beyond its own "
        "progression ladder), then reps back up to the file's default, then more sets. A "
        "session still short of half after all that gives the clinician the `gap-full-session` "
        "note (the library has too few safe exercises for this person).",
        "",
    ]
    return out


def main(argv: list[str]) -> int:
    text = render()
    if "--write" in argv:
        DOCUMENT.parent.mkdir(parents=True, exist_ok=True)
        DOCUMENT.write_text(text, encoding="utf-8")
        print(f"wrote {DOCUMENT}")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
