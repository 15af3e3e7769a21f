"""What some people need in every program, chosen by what an exercise is, never by its id.

clinical-rules.md section 3 names exercise a program must hold for some people: the directional
exercise of a tested preference, flexed-posture walking and cycling with stenosis, balance and
back-extensor work with osteoporosis, pelvic-floor training in pregnancy, graded activity and
graded exposure for STarT Back high risk. Each need says which exercises fit it by their tags,
category, position and bias, so an exercise a clinic adds with the right tag is chosen the same
way. When the library has no safe exercise that fits, the clinician is told (a `gap` note)
rather than the need being dropped in silence.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from backrehab.clinical.classification import Classification, Irritability, Preference, Stage
from backrehab.clinical.exercises import Bias, Category, Exercise, Position, Tag
from backrehab.clinical.intake import Activity, Intake, KnownCondition

ExerciseTest = Callable[[Exercise, Classification], bool]

AEROBIC_WALKING = "walking"


def _tagged(tag: Tag) -> ExerciseTest:
    return lambda e, c: tag in e.tags


def is_walking(exercise: Exercise) -> bool:
    """Aerobic work done on foot (walking, flexed walking), as against cycling."""
    return exercise.category is Category.AEROBIC and Tag.CYCLING not in exercise.tags


def _toward_tested(exercise: Exercise, c: Classification) -> bool:
    return c.preference is not None and exercise.bias.value == c.preference.value


@dataclass(frozen=True)
class Need:
    id: str
    applies: str  # for the clinician document
    source: str
    text: str  # for the patient, on the exercise chosen for it
    gap: str  # for the clinician, when no safe exercise in the library fits
    test: Callable[[Intake, Classification], bool]
    wants: ExerciseTest
    fallback: ExerciseTest | None = None  # second best, when nothing fits `wants`
    rule: str | None = None  # the patient reason's rule id, when several needs share one

    @property
    def reason_rule(self) -> str:
        return self.rule or self.id


NEEDS: tuple[Need, ...] = (
    Need(
        "need-chronic-strength",
        "chronic stage and irritability not high: a strength exercise (strength is the core "
        "for chronic low back pain), whatever the subgroup",
        "George et al., APTA CPG 2021 (JOSPT 51(11)), grade A",
        "For back pain that has lasted more than three months, strength work is the core of the "
        "program.",
        "Chronic low back pain calls for strength work, but no strength exercise is safe and "
        "available: prescribe one.",
        lambda i, c: c.stage is Stage.CHRONIC and c.irritability is not Irritability.HIGH,
        lambda e, c: e.category is Category.STRENGTH,
    ),
    Need(
        "need-directional",
        "a tested directional preference: its repeated-movement exercise (tag directional, "
        "biased toward the preference; else a mobility or warm-up exercise with that bias)",
        "McKenzie; Long et al., Spine 2004",
        "At your examination, bending this way again and again eased your symptoms; this is the "
        "exercise that repeats it.",
        "No exercise in the library repeats the tested direction (tag directional or a "
        "mobility exercise with that bias) that is safe and uses equipment at hand: prescribe "
        "the repeated movement yourself.",
        lambda i, c: c.preference is not None,
        lambda e, c: Tag.DIRECTIONAL in e.tags and _toward_tested(e, c),
        lambda e, c: e.category in (Category.MOBILITY, Category.WARM_UP) and _toward_tested(e, c),
    ),
    Need(
        "need-stenosis-flexed-walking",
        "lumbar stenosis: walking kept, in flexed-posture intervals (tag flexed-walking; else "
        "plain walking)",
        "Whitman 2006; NASS stenosis guideline",
        "Walking in short spells, leaning forward a little (on a trolley or walking poles), "
        "keeps you walking while giving the nerves room.",
        "The library has no safe walking exercise for stenosis: advise walking intervals in a "
        "flexed posture (trolley, poles) yourself.",
        lambda i, c: KnownCondition.STENOSIS in i.known_conditions,
        _tagged(Tag.FLEXED_WALKING),
        lambda e, c: is_walking(e),
    ),
    Need(
        "need-stenosis-cycling",
        "lumbar stenosis: cycling (tag cycling) when a stationary bike is at hand",
        "Whitman 2006; NASS stenosis guideline",
        "Cycling keeps you fit in a forward-leaning position that gives the nerves room.",
        "Cycling suits stenosis, but no cycling exercise is available (none in the library, or "
        "no stationary bike listed among the equipment): consider it if a bike is at hand.",
        lambda i, c: KnownCondition.STENOSIS in i.known_conditions,
        _tagged(Tag.CYCLING),
    ),
    Need(
        "need-osteoporosis-balance",
        "osteoporosis: balance training (tag balance)",
        "Giangregorio 2014 (Too Fit To Fracture)",
        "Balance training makes a fall, and a broken bone, less likely.",
        "Osteoporosis calls for balance training, but the library has no safe exercise tagged "
        "balance: add one.",
        lambda i, c: KnownCondition.OSTEOPOROSIS in i.known_conditions,
        _tagged(Tag.BALANCE),
    ),
    Need(
        "need-osteoporosis-back-extensors",
        "osteoporosis: back-extensor strengthening in a neutral spine (tag back-extensor-neutral)",
        "Sinaki 2002; Giangregorio 2014 (Too Fit To Fracture)",
        "Strong back muscles, worked with the spine straight, help protect the spine's bones.",
        "Osteoporosis calls for back-extensor work in neutral, but the library has no safe "
        "exercise tagged back-extensor-neutral: add one.",
        lambda i, c: KnownCondition.OSTEOPOROSIS in i.known_conditions,
        _tagged(Tag.BACK_EXTENSOR_NEUTRAL),
    ),
    Need(
        "need-osteoporosis-resistance",
        "osteoporosis: progressive resistance (a strength exercise)",
        "Giangregorio 2014 (Too Fit To Fracture)",
        "Strength work that builds up over the weeks keeps bones and muscles strong.",
        "Osteoporosis calls for progressive resistance, but no strength exercise is safe and "
        "available: prescribe one.",
        lambda i, c: KnownCondition.OSTEOPOROSIS in i.known_conditions,
        lambda e, c: e.category is Category.STRENGTH,
    ),
    Need(
        "need-osteoporosis-walking",
        "osteoporosis: walking",
        "Giangregorio 2014 (Too Fit To Fracture)",
        "Regular walking is good for the bones as well as the back.",
        "Osteoporosis calls for walking, but no walking exercise is available: advise it.",
        lambda i, c: KnownCondition.OSTEOPOROSIS in i.known_conditions,
        lambda e, c: is_walking(e),
    ),
    Need(
        "need-pregnancy-pelvic-floor",
        "pregnant, or back pain related to a pregnancy (known condition pregnancy-related: "
        "after the birth too): pelvic-floor training (tag pelvic-floor), for everyone",
        "Mottola 2019 (BJSM 52:1339); NICE NG210 (2021) pelvic floor dysfunction",
        "Pelvic-floor training is recommended for everyone during pregnancy and after giving "
        "birth; it supports the bladder and the lower back.",
        "Pelvic-floor training is recommended in pregnancy and after the birth, but the library "
        "has no safe exercise tagged pelvic-floor: teach it yourself.",
        lambda i, c: i.pregnant or KnownCondition.PREGNANCY_RELATED in i.known_conditions,
        _tagged(Tag.PELVIC_FLOOR),
    ),
)


PELVIC_GIRDLE = Need(
    "need-pelvic-girdle-friendly",
    "pregnancy-related pelvic girdle pain: a symmetrical exercise (tag pelvic-girdle-friendly)",
    "Vleeming 2008 (European guideline on pelvic girdle pain)",
    "Both legs share the work evenly in this exercise, which is kinder to a sore pelvis.",
    "Pelvic girdle pain calls for symmetrical exercise, but the library has no safe exercise "
    "tagged pelvic-girdle-friendly: choose one yourself.",
    lambda i, c: i.pelvic_girdle_pain,
    _tagged(Tag.PELVIC_GIRDLE_FRIENDLY),
)


def applicable_needs(intake: Intake, c: Classification) -> list[Need]:
    return [need for need in (*NEEDS, PELVIC_GIRDLE) if need.test(intake, c)]


# --- Exercises some people must not be given, beyond the precaution conditions -------------


@dataclass(frozen=True)
class Exclusion:
    id: str
    applies: str  # for the clinician document: when
    leaves_out: str  # for the clinician document: what
    source: str
    text: str  # for the patient, under "left out"
    test: Callable[[Intake, Classification], bool]
    matches: Callable[[Exercise], bool]


def _loaded_flexion_or_twisting(e: Exercise) -> bool:
    if e.bias is Bias.ROTATION or Tag.LOADED in e.tags:
        return True
    return e.bias is Bias.FLEXION and e.category in (Category.STRENGTH, Category.MOTOR_CONTROL)


def _one_leg_load(e: Exercise) -> bool:
    # Standing or kneeling work done one side at a time puts the load through one leg (single-leg
    # stance, split stance), which is what provokes pelvic girdle pain.
    return e.dose.per_side and e.position in (Position.STANDING, Position.KNEELING)


EXCLUSIONS: tuple[Exclusion, ...] = (
    Exclusion(
        "exclude-no-floor-transfer",
        "cannot get down to the floor and up again (floor_transfer false)",
        "exercises done on the floor (exercise `floor`, else a lying, kneeling or all-fours "
        "position)",
        "clinical-rules.md section 3 (older adults); Giangregorio 2014",
        "You told us getting down to the floor and up again is hard, so exercises done on the "
        "floor are left out; standing, seated and wall exercises take their place.",
        lambda i, c: not i.floor_transfer,
        lambda e: e.needs_floor,
    ),
    Exclusion(
        "exclude-hypermobility-end-range",
        "known hypermobility",
        "end-range stretches (tag end-range-stretch)",
        "clinical-rules.md section 3 (practice convention, uncertain)",
        "Your joints move further than most, so stretches held at the end of the range are left "
        "out; the program builds strength and control instead.",
        lambda i, c: KnownCondition.HYPERMOBILITY in i.known_conditions,
        lambda e: Tag.END_RANGE_STRETCH in e.tags,
    ),
    Exclusion(
        "exclude-post-operative-flexion-twisting",
        "post-operative window (condition post-operative: surgery within the weeks set by "
        "postop_precaution_weeks)",
        "loaded flexion and twisting: rotation-biased exercises, flexion-biased control and "
        "strength exercises, loaded exercises (tag loaded)",
        "clinical-rules.md 1b (6-12 weeks, uncertain); Oosterhuis 2014 (Cochrane)",
        "In the first weeks after back surgery, bending forward under load and twisting are left "
        "out while the operated area heals.",
        lambda i, c: "post-operative" in c.conditions,
        _loaded_flexion_or_twisting,
    ),
    Exclusion(
        "exclude-pelvic-girdle-one-leg",
        "pregnancy-related pelvic girdle pain (pelvic_girdle_pain)",
        "standing or kneeling exercises done one side at a time (load through one leg)",
        "Vleeming 2008 (European guideline on pelvic girdle pain)",
        "Standing or kneeling on one leg tends to bring on pain at the back or front of the "
        "pelvis, so this program shares the load between both legs.",
        lambda i, c: i.pelvic_girdle_pain,
        _one_leg_load,
    ),
)


# --- Special forms kept for the people they are for --------------------------------------------


@dataclass(frozen=True)
class Reserved:
    """An exercise form that only some people are offered: for everyone else it is not a
    candidate at all (a plainer form of the same activity serves them), so it is not listed as
    left out either."""

    id: str
    tag: Tag
    applies: str  # for the clinician document: who it is kept for
    source: str
    test: Callable[[Intake, Classification], bool]


RESERVED: tuple[Reserved, ...] = (
    Reserved(
        "reserve-flexed-walking",
        Tag.FLEXED_WALKING,
        "flexed-posture walking intervals (tag flexed-walking) only with lumbar stenosis "
        "recorded or a flexion lean (a tested flexion preference); everyone else, pregnancy "
        "included, walks upright (plain walking)",
        "Fritz 1997; Whitman 2006 (neurogenic claudication eases with flexion)",
        lambda i, c: KnownCondition.STENOSIS in i.known_conditions or c.lean is Preference.FLEXION,
    ),
)


def withheld_tags(intake: Intake, c: Classification) -> frozenset[Tag]:
    """The reserved forms this person is not offered."""
    return frozenset(rule.tag for rule in RESERVED if not rule.test(intake, c))


# --- Feared movements and the exercises that practise them (graded exposure) -----------------

EXPOSURE: dict[Activity, ExerciseTest] = {
    Activity.BENDING_FORWARD: lambda e, c: e.bias is Bias.FLEXION,
    Activity.BENDING_BACKWARD: lambda e, c: e.bias is Bias.EXTENSION,
    Activity.LIFTING: lambda e, c: (
        Tag.LOADED in e.tags
        or (e.category is Category.STRENGTH and e.position in (Position.STANDING, Position.SEATED))
    ),
    Activity.SITTING: lambda e, c: e.position is Position.SEATED,
    Activity.STANDING: lambda e, c: (
        e.position is Position.STANDING
        and e.category in (Category.STRENGTH, Category.MOTOR_CONTROL)
    ),
    Activity.WALKING: lambda e, c: is_walking(e),
}
EXPOSURE_LABELS: dict[Activity, str] = {
    Activity.BENDING_FORWARD: "bending forward (flexion-biased exercise)",
    Activity.BENDING_BACKWARD: "bending backward (extension-biased exercise)",
    Activity.LIFTING: "lifting (a loaded exercise, or standing or seated strength work)",
    Activity.SITTING: "sitting (a seated exercise)",
    Activity.STANDING: "standing (standing strength or control work)",
    Activity.WALKING: "walking",
}
