"""Focus: which safe exercises fit this person best, and how many each phase of a session gets.

Every safe exercise scores the points of the focus rules it matches (directional preference,
treatment-based subgroup, stage, deficits, goals, age, the source article); each phase of the
session (warm-up -> mobility -> motor control / strength -> stretch) then takes its best. The
tables are rendered into docs/engine-rules.md.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
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
    """A rule matches an exercise when the person fits `when` and the exercise fits `picks`
    (what the exercise is, whoever the person) and `test` (both together); a part left None
    always fits. `when` is checked once per program and `picks` once per library, so most
    rules cost a set lookup per exercise."""

    id: str
    points: int
    applies: str
    text: Callable[[Context], str] | None  # None: the rule only ranks, it explains nothing
    when: Callable[[Context], bool] | None = None
    picks: Callable[[Exercise], bool] | None = None
    test: Callable[[Exercise, Context], bool] | None = None

    def matches(self, exercise: Exercise, ctx: Context) -> bool:
        return (
            (self.when is None or self.when(ctx))
            and (self.picks is None or self.picks(exercise))
            and (self.test is None or self.test(exercise, ctx))
        )


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
    # Bias and Preference are string enums with the same values: equal strings, equal bias.
    return ctx.c.lean is not None and str.__eq__(exercise.bias, ctx.c.lean)


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
        lambda ctx: ctx.c.lean_reason.text if ctx.c.lean_reason else "",
        when=lambda ctx: ctx.c.lean is not None,
        picks=lambda e: e.category not in TRAINING,
        test=_toward_preference,
    ),
    FocusRule(
        "focus-preference-training",
        1,
        "control or strength exercise biased toward a tested or diagnosis-implied preference",
        lambda ctx: ctx.c.lean_reason.text if ctx.c.lean_reason else "",
        when=lambda ctx: ctx.c.lean is not None,
        picks=lambda e: e.category in TRAINING,
        test=_toward_preference,
    ),
    FocusRule(
        "focus-symptom-modulation",
        2,
        "high irritability: warm-up, mobility and walking",
        lambda ctx: ctx.c.subgroup_reason.text,
        when=lambda ctx: ctx.c.subgroup is Subgroup.SYMPTOM_MODULATION,
        picks=lambda e: e.category in GENTLE,
    ),
    FocusRule(
        "focus-movement-control",
        2,
        "movement-control subgroup: motor-control exercises",
        lambda ctx: ctx.c.subgroup_reason.text,
        when=lambda ctx: ctx.c.subgroup is Subgroup.MOVEMENT_CONTROL,
        picks=lambda e: e.category is Category.MOTOR_CONTROL,
    ),
    FocusRule(
        "focus-functional-strength",
        2,
        "functional-optimisation subgroup: strength exercises",
        lambda ctx: ctx.c.subgroup_reason.text,
        when=lambda ctx: ctx.c.subgroup is Subgroup.FUNCTIONAL_OPTIMISATION,
        picks=lambda e: e.category is Category.STRENGTH,
    ),
    FocusRule(
        "focus-chronic-training",
        1,
        "chronic stage: motor-control and strength exercises (APTA 2021 CPG, grade A)",
        _fixed(
            "For back pain that has lasted more than three months, regular strengthening and "
            "trunk-control exercise is the best-supported treatment."
        ),
        when=lambda ctx: ctx.c.stage is Stage.CHRONIC,
        picks=lambda e: e.category in TRAINING,
    ),
    FocusRule(
        "focus-acute-movement",
        1,
        "acute stage: gentle movement",
        _fixed("In the first weeks, gentle movement helps the back recover faster than rest."),
        when=lambda ctx: ctx.c.stage is Stage.ACUTE,
        picks=lambda e: e.category in GENTLE,
    ),
    FocusRule(
        "focus-walking",
        3,
        "walking, when walking eases the pain, pain is high, STarT Back risk is high, fitness or "
        "stamina is low or a goal is to walk further (graded activity), unless walking "
        "aggravates",
        _fixed(
            "Walking a little further each week is one of the best things for back pain and "
            "builds confidence and stamina."
        ),
        when=_walking_indicated,
        picks=lambda e: e.category is Category.AEROBIC,
    ),
    FocusRule(
        "focus-walking-aggravates",
        -3,
        "walking when walking makes the pain worse",
        None,
        when=lambda ctx: Activity.WALKING in ctx.intake.worse_with,
        picks=lambda e: e.category is Category.AEROBIC,
    ),
    FocusRule(
        "focus-deficit",
        2,
        "addresses an examination finding (table: deficit -> exercises)",
        None,  # the text names the finding; see FocusScorer
        when=lambda ctx: bool(ctx.intake.deficits),
        test=lambda e, ctx: bool(_matching_deficits(e, ctx)),
    ),
    FocusRule(
        "focus-goal",
        1,
        "builds toward a stated goal (table: goal -> exercises)",
        None,  # the text names the goal; see FocusScorer
        when=lambda ctx: bool(ctx.intake.goals),
        test=lambda e, ctx: bool(_matching_goals(e, ctx)),
    ),
    FocusRule(
        "focus-older-adult-function",
        1,
        "older adult: functional exercises (sit-to-stand, wall squat, walking, hip hinge)",
        _fixed("Keeps up the everyday strength for getting up from a chair and walking."),
        when=lambda ctx: ctx.c.older_adult,
        picks=lambda e: e.id in FUNCTIONAL,
    ),
    FocusRule(
        "focus-article",
        1,
        "one of the source article's eight exercises",
        _fixed("One of the core exercises of the clinic's back program."),
        picks=lambda e: e.from_article,
    ),
    FocusRule(
        "focus-start-at-base-level",
        -2,
        "a control or strength exercise that is the next rung of another control or strength "
        "exercise's ladder (a step marked as returning to the exercise it is an easier version "
        "of does not count): "
        "the article's eight only for low fitness, the others unless fitness is high and "
        "irritability low",
        None,
        test=lambda e, ctx: e.id in ctx.advanced and _starts_lower(e, ctx),
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


def picked(exercises: Iterable[Exercise]) -> dict[str, frozenset[str]]:
    """For each rule with a `picks` part: the ids of the exercises it picks (once per
    library)."""
    return {
        rule.id: frozenset(e.id for e in exercises if rule.picks(e))
        for rule in FOCUS_RULES
        if rule.picks is not None
    }


def _deficit_reason(deficit: Deficit) -> Reason:
    text = f"Chosen for {DEFICIT_LABELS[deficit]}, found at your examination."
    return reason(f"focus-deficit-{deficit.value}", text, deficit=deficit.value)


def _goal_reason(goal: Goal) -> Reason:
    text = f"Builds toward your goal: {GOAL_LABELS[goal]}."
    return reason(f"focus-goal-{goal.value}", text, goal=goal.value)


def _turned(table: Iterable[tuple[Reason, tuple[str, ...]]]) -> dict[str, list[Reason]]:
    """exercise id -> the reasons it earns, from (reason, exercise ids) rows."""
    earned: dict[str, list[Reason]] = {}
    for why, exercise_ids in table:
        for exercise_id in exercise_ids:
            earned.setdefault(exercise_id, []).append(why)
    return earned


# One rule as a scorer runs it: points; the reasons it gives (None: the table's, by exercise);
# the exercises its `picks` part picks (None: ask `picks`, or no picks part); its `picks` when
# no set was worked out; its `test`; the deficit or goal table turned around (else None).
_Step = tuple[
    int,
    tuple[Reason, ...],
    frozenset[str] | None,
    Callable[[Exercise], bool] | None,
    Callable[[Exercise, Context], bool] | None,
    dict[str, list[Reason]] | None,
]


class FocusScorer:
    """The focus rules for one person, worked out once per program: the rules that apply to
    the person (`when`), their sentences, and the deficit and goal reasons by exercise. Scoring
    an exercise then takes a set lookup for `picks` (`chosen`: picked() of the library, worked
    out once) and runs only the `test` parts that remain."""

    def __init__(self, ctx: Context, chosen: Mapping[str, frozenset[str]] | None = None) -> None:
        self.ctx = ctx
        # The deficit and goal tables, turned around: exercise id -> the reasons it earns.
        tables = {
            "focus-deficit": _turned(
                (_deficit_reason(d), DEFICIT_EXERCISES[d]) for d in ctx.intake.deficits
            ),
            "focus-goal": _turned((_goal_reason(g), GOAL_EXERCISES[g]) for g in ctx.intake.goals),
        }
        self.steps: list[_Step] = []
        for rule in FOCUS_RULES:
            if rule.when is not None and not rule.when(ctx):
                continue
            if rule.id in tables:
                self.steps.append((rule.points, (), None, None, None, tables[rule.id]))
                continue
            fixed = () if rule.text is None else (self._reason(rule),)
            picked = chosen.get(rule.id) if chosen is not None else None
            picks = rule.picks if picked is None else None
            self.steps.append((rule.points, fixed, picked, picks, rule.test, None))

    def _reason(self, rule: FocusRule) -> Reason:
        assert rule.text is not None
        source = _source_rule(rule.id, self.ctx)
        if source is None:
            return reason(rule.id, rule.text(self.ctx))
        return reason(rule.id, rule.text(self.ctx), source=source)

    def score(self, exercise: Exercise) -> tuple[int, list[Reason]]:
        ctx, exercise_id = self.ctx, exercise.id
        score = 0
        reasons: list[Reason] = []
        for points, fixed, picked, picks, test, table in self.steps:
            if table is not None:
                earned = table.get(exercise_id)
                if earned:
                    score += points
                    reasons.extend(earned)
            elif (
                (picked is None or exercise_id in picked)
                and (picks is None or picks(exercise))
                and (test is None or test(exercise, ctx))
            ):
                score += points
                reasons.extend(fixed)
        return score, reasons


def focus_reasons(exercise: Exercise, ctx: Context) -> tuple[int, list[Reason]]:
    """The exercise's focus score and the reasons that explain it (one exercise; a program
    scores all its candidates with one FocusScorer)."""
    return FocusScorer(ctx).score(exercise)


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
