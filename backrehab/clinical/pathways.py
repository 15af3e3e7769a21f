"""Stratified care: the STarT Back pathway a program follows (clinical-rules.md section 3).

Low risk: reassurance, self-management and a short, simple program. Medium risk: a full exercise
program. High risk: the same full program (never less exercise) plus a psychologically informed
approach: pain-science education first, graded activity whose quotas rise on a schedule rather
than on pain, graded exposure to the movements the person fears, return-to-work or activity
goals, and a note asking the clinician to consider psychological support (Hill 2011; Main &
George 2011; NICE NG59 1.2). The pathway's plan is part of the program's output, so the pages,
the API and the CLI show the same.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.classification import Classification
from backrehab.clinical.fabq import fabq_pa_score, high_fear_avoidance
from backrehab.clinical.intake import Activity, Goal, Intake
from backrehab.clinical.populations import EXPOSURE, EXPOSURE_LABELS, Need, is_walking
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.scoring import StartBackRisk
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class GradedActivity(_Out):
    """Time-contingent quotas: the planned length of the aerobic exercise, week by week."""

    exercise: str
    weekly_increase_percent: int
    weekly_seconds: list[int]  # weeks 1, 2, ...: set in advance, not by the day's pain


class Exposure(_Out):
    """A movement the person fears and the exercise that practises it, a little at a time."""

    movement: str  # an intake Activity value (what makes the pain worse)
    exercise: str


class Pathway(_Out):
    stratum: str | None  # STarT Back risk, None when not screened
    rule: str
    approach: str  # for the clinician
    graded_activity: GradedActivity | None = None
    graded_exposure: list[Exposure] = []
    activity_goals: list[str] = []  # goal ids and the person's own PSFS activities
    fabq_pa_score: int | None = None  # the optional FABQ physical-activity score, 0-24


@dataclass(frozen=True)
class PathwayRule:
    id: str
    stratum: StartBackRisk | None
    applies: str
    approach: str
    source: str


PATHWAY_RULES: tuple[PathwayRule, ...] = (
    PathwayRule(
        "pathway-low",
        StartBackRisk.LOW,
        "STarT Back low risk",
        "Reassurance and self-management support with a short, simple program.",
        "Hill 2011 (Lancet); NICE NG59 1.1.2",
    ),
    PathwayRule(
        "pathway-medium",
        StartBackRisk.MEDIUM,
        "STarT Back medium risk",
        "A full physiotherapist-led exercise program.",
        "Hill 2011 (Lancet); NICE NG59 1.2",
    ),
    PathwayRule(
        "pathway-high",
        StartBackRisk.HIGH,
        "STarT Back high risk",
        "The full exercise program with a psychologically informed approach: pain-science "
        "education first, graded activity on a set schedule, graded exposure to feared "
        "movements, return-to-work or activity goals; consider psychological support.",
        "Hill 2011; Main & George 2011; Louw 2016; Lindstrom 1992; Macedo 2010; NICE NG59 1.2",
    ),
    PathwayRule(
        "pathway-not-screened",
        None,
        "STarT Back not answered",
        "A full exercise program (as for medium risk) until the person is screened.",
        "NICE NG59 1.1.1 (stratify at first contact)",
    ),
)


def pathway_rule(c: Classification) -> PathwayRule:
    return next(rule for rule in PATHWAY_RULES if rule.stratum is c.stratum)


def high_fear(intake: Intake, c: Classification) -> bool:
    """STarT Back high risk, or high fear of activity on the optional FABQ: graded activity
    and graded exposure apply."""
    return c.stratum is StartBackRisk.HIGH or bool(high_fear_avoidance(intake.fabq_pa))


# --- What the high-risk pathway adds to the program ------------------------------------------

GRADED_ACTIVITY = Need(
    "pathway-graded-activity",
    "STarT Back high risk or FABQ physical-activity score at or above fabq_pa_high_fear: an "
    "aerobic exercise (walking, else cycling) with time-contingent quotas that rise each week",
    "Lindstrom 1992; Macedo 2010",
    "The time for this activity is planned in advance and rises a little each week, whatever "
    "the pain does that day: you build up by the plan, not by how you feel.",
    "Graded activity needs an aerobic exercise, and none is available (walking aggravates, or "
    "none in the library): agree a daily activity quota with the person.",
    high_fear,
    lambda e, c: is_walking(e),
    lambda e, c: e.category.value == "aerobic",
)


def feared_movements(intake: Intake, c: Classification, settings: EngineSettings) -> list[Activity]:
    """The movements to practise by graded exposure: what the person says brings the pain on
    (the fear questions say that movement feels unsafe, not which one), at most a few."""
    if not high_fear(intake, c):
        return []
    feared = [a for a in intake.worse_with if a in EXPOSURE]
    return feared[: settings.graded_exposure_max]


def exposure_need(movement: Activity) -> Need:
    return Need(
        f"pathway-graded-exposure-{movement.value}",
        f"STarT Back high risk or high FABQ fear, and {movement.value} makes the pain worse: an "
        "exercise that "
        f"practises {EXPOSURE_LABELS[movement]}",
        "Vlaeyen & Linton 2000 (graded exposure); Main & George 2011",
        "Practises, a little at a time, a movement that has been bringing on your pain, so it "
        "feels safer and easier as the weeks go by.",
        f"Graded exposure to {EXPOSURE_LABELS[movement]}: no safe exercise in the library "
        "practises it for this person; plan the exposure yourself.",
        lambda i, c: True,
        EXPOSURE[movement],
        rule="pathway-graded-exposure",
    )


def pathway_needs(intake: Intake, c: Classification, settings: EngineSettings) -> list[Need]:
    needs = [GRADED_ACTIVITY] if high_fear(intake, c) else []
    return needs + [exposure_need(m) for m in feared_movements(intake, c, settings)]


def weekly_quotas(start_seconds: int, settings: EngineSettings = DEFAULT_SETTINGS) -> list[int]:
    """Week-by-week length, rising by a fixed share each week (capped), set in advance."""
    weeks = [start_seconds]
    for _ in range(settings.graded_activity_weeks - 1):
        grown = math.ceil(weeks[-1] * (100 + settings.graded_activity_weekly_percent) / 100)
        weeks.append(min(settings.graded_activity_max_seconds, max(grown, weeks[-1])))
    return weeks


ACTIVITY_GOALS = frozenset(
    {
        Goal.RETURN_TO_WORK,
        Goal.RETURN_TO_SPORT,
        Goal.WALK_FURTHER,
        Goal.LIFT_AND_CARRY,
        Goal.BEND_AND_REACH,
        Goal.SIT_LONGER,
        Goal.STAND_LONGER,
    }
)


def activity_goals(intake: Intake) -> list[str]:
    return [g.value for g in intake.goals if g in ACTIVITY_GOALS] + [
        a.activity for a in intake.psfs
    ]


# --- Notes for the clinician -----------------------------------------------------------------


@dataclass(frozen=True)
class NoteRule:
    id: str
    applies: str
    text: str
    test: Callable[[Intake, Classification], bool]


NOTE_RULES: tuple[NoteRule, ...] = (
    NoteRule(
        "note-high-risk-psychological-support",
        "STarT Back high risk",
        "STarT Back high risk: consider psychologically informed care or a referral for "
        "psychological support (NICE NG59 1.2). Education about pain comes first; activity "
        "rises on a schedule, not on pain.",
        lambda i, c: c.stratum is StartBackRisk.HIGH,
    ),
    NoteRule(
        "note-high-risk-no-activity-goal",
        "STarT Back high risk and no return-to-work or activity goal recorded",
        "Agree a return-to-work or activity goal with the person: none is recorded (goals or "
        "PSFS activities).",
        lambda i, c: c.stratum is StartBackRisk.HIGH and not activity_goals(i),
    ),
    NoteRule(
        "note-high-risk-no-feared-movement",
        "STarT Back high risk and nothing recorded as making the pain worse",
        "Graded exposure needs the movements the person fears: none is recorded under what "
        "makes the pain worse; ask, and add them.",
        lambda i, c: (
            c.stratum is StartBackRisk.HIGH and not any(a in EXPOSURE for a in i.worse_with)
        ),
    ),
    NoteRule(
        "note-high-fear-avoidance",
        "FABQ physical-activity score at or above fabq_pa_high_fear (optional measure)",
        "FABQ physical activity: high fear of activity. Graded activity and graded exposure "
        "are in the program; address the fear directly in education.",
        lambda i, c: bool(high_fear_avoidance(i.fabq_pa)),
    ),
    NoteRule(
        "note-high-risk-fabq-optional",
        "STarT Back high risk and FABQ not answered",
        "Optional: the FABQ physical-activity subscale would show how much fear of movement "
        "drives the disability.",
        lambda i, c: c.stratum is StartBackRisk.HIGH and i.fabq_pa is None,
    ),
    NoteRule(
        "note-pelvic-girdle-pain",
        "pregnancy-related pelvic girdle pain recorded (pelvic_girdle_pain)",
        "Pelvic girdle pain recorded: assess and treat it apart from the lumbar pain (posterior "
        "pelvic pain provocation and active straight-leg-raise tests; Vleeming 2008). The "
        "program keeps loading symmetrical and leaves out one-leg standing or kneeling work; "
        "consider a pelvic support belt.",
        lambda i, c: i.pelvic_girdle_pain,
    ),
    NoteRule(
        "note-not-screened",
        "STarT Back not answered",
        "STarT Back was not answered: screen the person to choose the care pathway.",
        lambda i, c: c.stratum is None,
    ),
)


def clinician_notes(intake: Intake, c: Classification) -> list[Reason]:
    return [reason(rule.id, rule.text) for rule in NOTE_RULES if rule.test(intake, c)]


def build_pathway(
    intake: Intake,
    c: Classification,
    aerobic: tuple[str, int] | None,
    exposures: list[tuple[Activity, str]],
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> Pathway:
    """The pathway's plan, from what the program holds: `aerobic` is the graded-activity
    exercise and its first week's seconds; `exposures` the movements practised and by what."""
    rule = pathway_rule(c)
    graded = None
    if high_fear(intake, c) and aerobic is not None:
        exercise, seconds = aerobic
        graded = GradedActivity(
            exercise=exercise,
            weekly_increase_percent=settings.graded_activity_weekly_percent,
            weekly_seconds=weekly_quotas(seconds, settings),
        )
    return Pathway(
        stratum=c.stratum.value if c.stratum is not None else None,
        rule=rule.id,
        approach=rule.approach,
        graded_activity=graded,
        graded_exposure=[Exposure(movement=m.value, exercise=e) for m, e in exposures],
        activity_goals=activity_goals(intake) if c.stratum is StartBackRisk.HIGH else [],
        fabq_pa_score=None if intake.fabq_pa is None else fabq_pa_score(intake.fabq_pa),
    )
