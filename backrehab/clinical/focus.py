"""Focus: which safe exercises fit this person best, and how many each phase of a session gets.

Every safe exercise scores the points of the focus rules it matches (directional preference,
treatment-based subgroup, stage, deficits, goals, age, the source article); each phase of the
session (warm-up -> mobility -> motor control / strength -> stretch) then takes its best. The
tables are rendered into docs/engine-rules.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backrehab.clinical.classification import (
    Classification,
    Irritability,
    Stage,
    Subgroup,
)
from backrehab.clinical.exercises import Category, Exercise
from backrehab.clinical.intake import Activity, Deficit, Fitness, Goal, Intake
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.scoring import StartBackRisk


@dataclass(frozen=True)
class Context:
    intake: Intake
    c: Classification
    advanced: frozenset[str]  # exercises that are a harder rung of another exercise's ladder


@dataclass(frozen=True)
class FocusRule:
    id: str
    points: int
    applies: str
    test: Callable[[Exercise, Context], bool]
    text: Callable[[Context], str] | None  # None: the rule only ranks, it explains nothing


def _fixed(text: str) -> Callable[[Context], str]:
    return lambda ctx: text


# Exercises that address an examination finding, by finding.
DEFICIT_EXERCISES: dict[Deficit, tuple[str, ...]] = {
    Deficit.HIP_WEAKNESS: (
        "clam-shells",
        "side-lying-hip-abduction",
        "glute-bridge",
        "glute-bridge-march",
        "side-plank-knees",
    ),
    Deficit.LEG_STRENGTH: ("sit-to-stand", "wall-squat", "wall-slide"),
    Deficit.TRUNK_ENDURANCE: (
        "bird-dog",
        "side-plank-knees",
        "side-plank",
        "mcgill-curl-up",
        "dead-bug",
    ),
    Deficit.MOVEMENT_CONTROL: (
        "bird-dog",
        "dead-bug",
        "pelvic-tilt",
        "standing-pelvic-tilt",
        "standing-hip-hinge",
    ),
    Deficit.LUMBAR_MOBILITY: (
        "cat-camel",
        "knee-rotations",
        "quadruped-rocking",
        "lumbar-rotation-stretch",
    ),
    Deficit.HIP_MOBILITY: ("knee-rotations", "piriformis-stretch", "hip-flexor-stretch"),
    Deficit.HAMSTRING_TIGHTNESS: ("hamstring-stretch-strap",),
    Deficit.HIP_FLEXOR_TIGHTNESS: ("hip-flexor-stretch",),
    Deficit.LOW_ENDURANCE: ("walking-program",),
}

DEFICIT_LABELS: dict[Deficit, str] = {
    Deficit.HIP_WEAKNESS: "weak hip and buttock muscles",
    Deficit.LEG_STRENGTH: "weak leg muscles",
    Deficit.TRUNK_ENDURANCE: "trunk muscles that tire quickly",
    Deficit.MOVEMENT_CONTROL: "difficulty keeping the lower back steady while moving",
    Deficit.LUMBAR_MOBILITY: "a stiff lower back",
    Deficit.HIP_MOBILITY: "stiff hips",
    Deficit.HAMSTRING_TIGHTNESS: "tight hamstrings",
    Deficit.HIP_FLEXOR_TIGHTNESS: "tight muscles at the front of the hip",
    Deficit.LOW_ENDURANCE: "low stamina",
}

# Exercises that build toward a goal, by goal.
GOAL_EXERCISES: dict[Goal, tuple[str, ...]] = {
    Goal.LESS_PAIN: (),
    Goal.WALK_FURTHER: ("walking-program",),
    Goal.SIT_LONGER: ("pelvic-tilt", "cat-camel", "bird-dog"),
    Goal.STAND_LONGER: ("standing-pelvic-tilt", "wall-squat", "sit-to-stand", "glute-bridge"),
    Goal.LIFT_AND_CARRY: ("standing-hip-hinge", "sit-to-stand", "wall-squat", "side-plank-knees"),
    Goal.BEND_AND_REACH: ("standing-hip-hinge", "cat-camel", "wall-squat"),
    Goal.SLEEP_BETTER: ("knee-to-chest", "lumbar-rotation-stretch", "pelvic-tilt"),
    Goal.RETURN_TO_WORK: ("standing-hip-hinge", "sit-to-stand", "bird-dog"),
    Goal.RETURN_TO_SPORT: ("side-plank", "bird-dog", "glute-bridge-march", "wall-squat"),
    Goal.PREVENT_RECURRENCE: ("bird-dog", "side-plank-knees", "mcgill-curl-up", "glute-bridge"),
}

GOAL_LABELS: dict[Goal, str] = {
    Goal.LESS_PAIN: "less pain",
    Goal.WALK_FURTHER: "walking further",
    Goal.SIT_LONGER: "sitting for longer",
    Goal.STAND_LONGER: "standing for longer",
    Goal.LIFT_AND_CARRY: "lifting and carrying",
    Goal.BEND_AND_REACH: "bending and reaching",
    Goal.SLEEP_BETTER: "sleeping better",
    Goal.RETURN_TO_WORK: "getting back to work",
    Goal.RETURN_TO_SPORT: "getting back to sport",
    Goal.PREVENT_RECURRENCE: "keeping the pain from coming back",
}

GENTLE = frozenset({Category.WARM_UP, Category.MOBILITY, Category.AEROBIC})
TRAINING = frozenset({Category.MOTOR_CONTROL, Category.STRENGTH})
FUNCTIONAL = ("sit-to-stand", "wall-squat", "walking-program", "standing-hip-hinge")


def _matching_deficits(exercise: Exercise, ctx: Context) -> list[Deficit]:
    return [d for d in ctx.intake.deficits if exercise.id in DEFICIT_EXERCISES[d]]


def _matching_goals(exercise: Exercise, ctx: Context) -> list[Goal]:
    return [g for g in ctx.intake.goals if exercise.id in GOAL_EXERCISES[g]]


def _toward_preference(exercise: Exercise, ctx: Context) -> bool:
    return ctx.c.lean is not None and exercise.bias.value == ctx.c.lean.value


def _starts_lower(exercise: Exercise, ctx: Context) -> bool:
    # The article's eight are the base program, unless fitness is low; other harder variants
    # wait unless the person is fit and the back calm.
    if ctx.intake.fitness is Fitness.LOW:
        return True
    if exercise.from_article:
        return False
    return not (ctx.intake.fitness is Fitness.HIGH and ctx.c.irritability is Irritability.LOW)


def _walking_indicated(ctx: Context) -> bool:
    intake, c = ctx.intake, ctx.c
    return Activity.WALKING not in intake.worse_with and (
        Activity.WALKING in intake.better_with
        or c.irritability is Irritability.HIGH
        or c.stratum is StartBackRisk.HIGH
        or intake.fitness is Fitness.LOW
        or Goal.WALK_FURTHER in intake.goals
        or Deficit.LOW_ENDURANCE in intake.deficits
    )


FOCUS_RULES: tuple[FocusRule, ...] = (
    FocusRule(
        "focus-preference",
        3,
        "warm-up, mobility or stretch biased toward a tested directional preference or the "
        "one a diagnosis implies (the repeated movements of the McKenzie approach)",
        lambda e, ctx: _toward_preference(e, ctx) and e.category not in TRAINING,
        lambda ctx: ctx.c.lean_reason.text if ctx.c.lean_reason else "",
    ),
    FocusRule(
        "focus-preference-training",
        1,
        "control or strength exercise biased toward a tested or diagnosis-implied preference",
        lambda e, ctx: _toward_preference(e, ctx) and e.category in TRAINING,
        lambda ctx: ctx.c.lean_reason.text if ctx.c.lean_reason else "",
    ),
    FocusRule(
        "focus-symptom-modulation",
        2,
        "high irritability: warm-up, mobility and walking",
        lambda e, ctx: ctx.c.subgroup is Subgroup.SYMPTOM_MODULATION and e.category in GENTLE,
        lambda ctx: ctx.c.subgroup_reason.text,
    ),
    FocusRule(
        "focus-movement-control",
        2,
        "movement-control subgroup: motor-control exercises",
        lambda e, ctx: (
            ctx.c.subgroup is Subgroup.MOVEMENT_CONTROL and e.category is Category.MOTOR_CONTROL
        ),
        lambda ctx: ctx.c.subgroup_reason.text,
    ),
    FocusRule(
        "focus-functional-strength",
        2,
        "functional-optimisation subgroup: strength exercises",
        lambda e, ctx: (
            ctx.c.subgroup is Subgroup.FUNCTIONAL_OPTIMISATION and e.category is Category.STRENGTH
        ),
        lambda ctx: ctx.c.subgroup_reason.text,
    ),
    FocusRule(
        "focus-chronic-training",
        1,
        "chronic stage: motor-control and strength exercises (APTA 2021 CPG, grade A)",
        lambda e, ctx: ctx.c.stage is Stage.CHRONIC and e.category in TRAINING,
        _fixed(
            "For back pain that has lasted more than three months, regular strengthening and "
            "trunk-control exercise is the best-supported treatment."
        ),
    ),
    FocusRule(
        "focus-acute-movement",
        1,
        "acute stage: gentle movement",
        lambda e, ctx: ctx.c.stage is Stage.ACUTE and e.category in GENTLE,
        _fixed("In the first weeks, gentle movement helps the back recover faster than rest."),
    ),
    FocusRule(
        "focus-walking",
        3,
        "walking, when walking eases the pain, pain is high, STarT Back risk is high, fitness or "
        "stamina is low or a goal is to walk further (graded activity), unless walking "
        "aggravates",
        lambda e, ctx: e.category is Category.AEROBIC and _walking_indicated(ctx),
        _fixed(
            "Walking a little further each week is one of the best things for back pain and "
            "builds confidence and stamina."
        ),
    ),
    FocusRule(
        "focus-walking-aggravates",
        -3,
        "walking when walking makes the pain worse",
        lambda e, ctx: e.category is Category.AEROBIC and Activity.WALKING in ctx.intake.worse_with,
        None,
    ),
    FocusRule(
        "focus-deficit",
        2,
        "addresses an examination finding (table: deficit -> exercises)",
        lambda e, ctx: bool(_matching_deficits(e, ctx)),
        None,  # the text names the finding; see _focus_reasons
    ),
    FocusRule(
        "focus-goal",
        1,
        "builds toward a stated goal (table: goal -> exercises)",
        lambda e, ctx: bool(_matching_goals(e, ctx)),
        None,  # the text names the goal; see _focus_reasons
    ),
    FocusRule(
        "focus-older-adult-function",
        1,
        "older adult: functional exercises (sit-to-stand, wall squat, walking, hip hinge)",
        lambda e, ctx: ctx.c.older_adult and e.id in FUNCTIONAL,
        _fixed("Keeps up the everyday strength for getting up from a chair and walking."),
    ),
    FocusRule(
        "focus-article",
        1,
        "one of the source article's eight exercises",
        lambda e, ctx: e.from_article,
        _fixed("One of the core exercises of the clinic's back program."),
    ),
    FocusRule(
        "focus-start-at-base-level",
        -2,
        "a control or strength exercise that is the next rung of another control or strength "
        "exercise's ladder: "
        "the article's eight only for low fitness, the others unless fitness is high and "
        "irritability low",
        lambda e, ctx: e.id in ctx.advanced and _starts_lower(e, ctx),
        None,
    ),
)


def _source_rule(rule_id: str, ctx: Context) -> str | None:
    """The classification rule whose sentence a focus rule repeats (so it can be translated)."""
    if rule_id in ("focus-preference", "focus-preference-training"):
        return ctx.c.lean_reason.rule if ctx.c.lean_reason else None
    if rule_id in (
        "focus-symptom-modulation",
        "focus-movement-control",
        "focus-functional-strength",
    ):
        return ctx.c.subgroup_reason.rule
    return None


def focus_reasons(exercise: Exercise, ctx: Context) -> tuple[int, list[Reason]]:
    score = 0
    reasons: list[Reason] = []
    for rule in FOCUS_RULES:
        if not rule.test(exercise, ctx):
            continue
        score += rule.points
        if rule.id == "focus-deficit":
            for deficit in _matching_deficits(exercise, ctx):
                reasons.append(
                    reason(
                        f"focus-deficit-{deficit.value}",
                        f"Chosen for {DEFICIT_LABELS[deficit]}, found at your examination.",
                        deficit=deficit.value,
                    )
                )
        elif rule.id == "focus-goal":
            for goal in _matching_goals(exercise, ctx):
                reasons.append(
                    reason(
                        f"focus-goal-{goal.value}",
                        f"Builds toward your goal: {GOAL_LABELS[goal]}.",
                        goal=goal.value,
                    )
                )
        elif rule.text is not None:
            source = _source_rule(rule.id, ctx)
            if source is None:
                reasons.append(reason(rule.id, rule.text(ctx)))
            else:
                reasons.append(reason(rule.id, rule.text(ctx), source=source))
    return score, reasons


# Versions of one movement: a program takes at most one of each group (besides the ladder
# links the files declare, which count the same way).
VARIANT_GROUPS: tuple[tuple[str, ...], ...] = (
    ("pelvic-tilt", "standing-pelvic-tilt"),
    ("glute-bridge", "glute-bridge-march", "bridge-with-rotations"),
    ("side-plank-knees", "side-plank"),
    ("wall-squat", "wall-slide"),
    ("clam-shells", "side-lying-hip-abduction"),
)
VARIANT_OF: dict[str, frozenset[str]] = {
    member: frozenset(group) - {member} for group in VARIANT_GROUPS for member in group
}


# --- Phases of a session and how many items each gets ---------------------------------------


@dataclass(frozen=True)
class Phase:
    id: str
    categories: frozenset[Category]
    text: str


PHASES: tuple[Phase, ...] = (
    Phase(
        "warm-up",
        frozenset({Category.WARM_UP, Category.AEROBIC}),
        "Warm-up: gets the hips and lower back moving before the main exercises.",
    ),
    Phase(
        "mobility",
        frozenset({Category.MOBILITY}),
        "Mobility: moves the lower back gently through a comfortable range.",
    ),
    Phase(
        "control-and-strength",
        frozenset({Category.MOTOR_CONTROL, Category.STRENGTH}),
        "Control and strength: builds the muscles that support and steady the lower back.",
    ),
    Phase(
        "stretch",
        frozenset({Category.STRETCH}),
        "Stretch and cool-down: eases tight muscles at the end of the session.",
    ),
)
PHASE_OF: dict[Category, Phase] = {cat: p for p in PHASES for cat in p.categories}


@dataclass(frozen=True)
class QuotaRule:
    id: str
    applies: str
    quotas: tuple[int, int, int, int]  # items per phase, in PHASES order
    test: Callable[[Classification, Intake], bool]


# First match wins.
QUOTA_RULES: tuple[QuotaRule, ...] = (
    QuotaRule(
        "quota-symptom-modulation",
        "high irritability: more gentle mobility, one control exercise",
        (1, 2, 1, 1),
        lambda c, i: c.irritability is Irritability.HIGH,
    ),
    QuotaRule(
        "quota-startback-low",
        "STarT Back low risk: a short, simple program (NICE NG59 1.1.2)",
        (1, 1, 2, 0),
        lambda c, i: c.stratum is StartBackRisk.LOW,
    ),
    QuotaRule(
        "quota-strong",
        "functional optimisation with high fitness: one more strength item",
        (1, 1, 4, 1),
        lambda c, i: c.subgroup is Subgroup.FUNCTIONAL_OPTIMISATION and i.fitness is Fitness.HIGH,
    ),
    QuotaRule(
        "quota-standard",
        "everyone else (STarT Back medium or high risk, or not screened)",
        (1, 1, 3, 1),
        lambda c, i: True,
    ),
)


def quotas(c: Classification, intake: Intake) -> tuple[int, ...]:
    return next(rule.quotas for rule in QUOTA_RULES if rule.test(c, intake))
