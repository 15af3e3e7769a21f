"""From intake findings to the clinical picture the program is built on (clinical-rules.md s. 3).

The classification answers: how long has it lasted (stage), how easily is it flared (irritability),
does one direction of movement help (directional preference), which treatment-based subgroup
fits (Fritz 2007; Alrwaily 2016), what did STarT Back stratify, and which precaution conditions
(conditions.py) are present. Each conclusion carries the rule that reached it and a sentence for
the patient, so the plan can explain itself.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from backrehab.clinical.intake import (
    Activity,
    Deficit,
    Intake,
    KnownCondition,
    Provocation,
    Response,
    Settling,
)
from backrehab.clinical.reasons import Reason
from backrehab.clinical.red_flags import in_postoperative_window
from backrehab.clinical.scoring import StartBackRisk, score_startback
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings


class Stage(StrEnum):
    ACUTE = "acute"  # under 6 weeks
    SUBACUTE = "subacute"  # 6-12 weeks
    CHRONIC = "chronic"  # over 12 weeks


class Irritability(StrEnum):
    LOW = "low"
    MODERATE = "moderate"
    HIGH = "high"


class Preference(StrEnum):
    """The direction of repeated movement that eases the pain (McKenzie; Long 2004)."""

    EXTENSION = "extension"
    FLEXION = "flexion"


class Subgroup(StrEnum):
    """Treatment-based classification (Fritz 2007; Alrwaily 2016)."""

    SYMPTOM_MODULATION = "symptom-modulation"
    MOVEMENT_CONTROL = "movement-control"
    FUNCTIONAL_OPTIMISATION = "functional-optimisation"


def stage(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> Stage:
    weeks = intake.history.duration_weeks
    if weeks < settings.acute_weeks_under:
        return Stage.ACUTE
    if weeks > settings.chronic_weeks_over:
        return Stage.CHRONIC
    return Stage.SUBACUTE


@dataclass(frozen=True)
class IrritabilityRule:
    id: str
    level: Irritability
    applies: str
    test: Callable[[Intake, EngineSettings], bool]


def _asked(i: Intake) -> bool:
    return i.provocation is not None and i.settling is not None


def _severe(i: Intake, s: EngineSettings) -> bool:
    return i.pain.worst >= s.high_irritability_pain


def _easily_provoked(i: Intake) -> bool:
    return i.provocation is Provocation.LITTLE


def _slow_to_settle(i: Intake) -> bool:
    return i.settling is Settling.OVER_AN_HOUR


# First match wins. Severity, provocation and settling together (Maitland; Barakatt 2009): worst
# pain alone over-calls irritability in chronic pain and under-calls it in the acute, so it is
# used alone only for intakes that did not ask the other two.
IRRITABILITY_RULES: tuple[IrritabilityRule, ...] = (
    IrritabilityRule(
        "irritability-high-provoked-slow",
        Irritability.HIGH,
        "a little activity brings the pain on and it takes over an hour to settle",
        lambda i, s: _asked(i) and _easily_provoked(i) and _slow_to_settle(i),
    ),
    IrritabilityRule(
        "irritability-high-severe-slow",
        Irritability.HIGH,
        "worst pain at or above {high_irritability_pain}/10 and over an hour to settle",
        lambda i, s: _asked(i) and _severe(i, s) and _slow_to_settle(i),
    ),
    IrritabilityRule(
        "irritability-moderate-one-sign",
        Irritability.MODERATE,
        "one of: easily provoked, over an hour to settle, worst pain at or above "
        "{high_irritability_pain}/10; or settling within an hour with worst pain at or above "
        "{moderate_irritability_pain}/10",
        lambda i, s: (
            _asked(i)
            and (
                _easily_provoked(i)
                or _slow_to_settle(i)
                or _severe(i, s)
                or (
                    i.settling is Settling.WITHIN_AN_HOUR
                    and i.pain.worst >= s.moderate_irritability_pain
                )
            )
        ),
    ),
    IrritabilityRule(
        "irritability-low-settles",
        Irritability.LOW,
        "asked, and none of the above (not easily provoked, settles, not severe)",
        lambda i, s: _asked(i),
    ),
    IrritabilityRule(
        "irritability-worst-pain-high",
        Irritability.HIGH,
        "provocation or settling not asked (older intakes): pain now or worst in 24 h at or "
        "above {high_irritability_pain}/10",
        lambda i, s: max(i.pain.now, i.pain.worst) >= s.high_irritability_pain,
    ),
    IrritabilityRule(
        "irritability-worst-pain-moderate",
        Irritability.MODERATE,
        "provocation or settling not asked: worst pain at or above {moderate_irritability_pain}/10",
        lambda i, s: i.pain.worst >= s.moderate_irritability_pain,
    ),
    IrritabilityRule(
        "irritability-worst-pain-low",
        Irritability.LOW,
        "provocation or settling not asked: everyone else",
        lambda i, s: True,
    ),
)


def irritability_rule(
    intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS
) -> IrritabilityRule:
    return next(rule for rule in IRRITABILITY_RULES if rule.test(intake, settings))


def irritability(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> Irritability:
    return irritability_rule(intake, settings).level


# --- Directional preference -------------------------------------------------------------------

FLEXION_EASES = {Activity.SITTING, Activity.BENDING_FORWARD}
FLEXION_AGGRAVATES = {Activity.SITTING, Activity.BENDING_FORWARD}
EXTENSION_EASES = {Activity.STANDING, Activity.WALKING, Activity.BENDING_BACKWARD}
UPRIGHT_AGGRAVATES = {Activity.STANDING, Activity.WALKING}


class Basis(StrEnum):
    """What a directional preference rests on, which decides what it may do (clinical-rules.md
    section 3, "Directional preference must be tested")."""

    TESTED = "tested"  # a repeated-movement test: leans the program and excludes the other way
    DIAGNOSIS = "diagnosis"  # a recorded diagnosis (stenosis): leans; its precautions exclude
    HISTORY = "history"  # a history pattern: only a "test this" note for the clinician


@dataclass(frozen=True)
class PreferenceRule:
    id: str
    preference: Preference
    basis: Basis
    applies: str
    text: str  # for the patient (tested, diagnosis) or the clinician (history)
    test: Callable[[Intake], bool]


PREFERENCE_RULES: tuple[PreferenceRule, ...] = (
    PreferenceRule(
        "preference-extension-tested",
        Preference.EXTENSION,
        Basis.TESTED,
        "repeated extension centralises or eases the pain",
        "Bending backwards again and again eased your pain or drew it back toward the spine, "
        "so the program leans on backward-bending movements.",
        lambda i: i.repeated_movements.extension is Response.CENTRALISES,
    ),
    PreferenceRule(
        "preference-flexion-tested",
        Preference.FLEXION,
        Basis.TESTED,
        "repeated flexion centralises or eases the pain",
        "Bending forwards again and again eased your pain or drew it back toward the spine, so "
        "the program leans on forward-bending movements.",
        lambda i: i.repeated_movements.flexion is Response.CENTRALISES,
    ),
    PreferenceRule(
        "preference-flexion-stenosis",
        Preference.FLEXION,
        Basis.DIAGNOSIS,
        "known lumbar stenosis (leans the program; extension is left out by the stenosis "
        "precaution, not by this rule)",
        "With a narrowed spinal canal, bending forwards usually gives the nerves more room, so "
        "the program leans on forward-bending movements.",
        lambda i: KnownCondition.STENOSIS in i.known_conditions,
    ),
    PreferenceRule(
        "preference-flexion-pattern",
        Preference.FLEXION,
        Basis.HISTORY,
        "worse with standing or walking, and eased by sitting or bending forward (not tested: "
        "a note to the clinician only)",
        "Test this: the history (worse standing or walking, eased by sitting or bending "
        "forward) suggests a flexion preference. Test repeated flexion; the program does not "
        "lean on it or leave out extension until a test confirms it.",
        lambda i: bool(
            UPRIGHT_AGGRAVATES & set(i.worse_with) and FLEXION_EASES & set(i.better_with)
        ),
    ),
    PreferenceRule(
        "preference-extension-pattern",
        Preference.EXTENSION,
        Basis.HISTORY,
        "worse with sitting or bending forward, and eased by standing, walking or bending "
        "backward (not tested: a note to the clinician only)",
        "Test this: the history (worse sitting or bending forward, eased upright) suggests an "
        "extension preference. Test repeated extension; the program does not lean on it or "
        "leave out flexion until a test confirms it.",
        lambda i: bool(
            FLEXION_AGGRAVATES & set(i.worse_with) and EXTENSION_EASES & set(i.better_with)
        ),
    ),
)


def preference(intake: Intake) -> tuple[Preference | None, Reason | None]:
    """The tested preference: the only kind that leaves out the other direction."""
    for rule in PREFERENCE_RULES:
        if rule.basis is Basis.TESTED and rule.test(intake):
            return rule.preference, Reason(rule=rule.id, text=rule.text)
    return None, None


def lean(intake: Intake) -> tuple[Preference | None, Reason | None]:
    """The direction the program leans toward: a tested preference, else a diagnosis's."""
    for rule in PREFERENCE_RULES:
        if rule.basis is not Basis.HISTORY and rule.test(intake):
            return rule.preference, Reason(rule=rule.id, text=rule.text)
    return None, None


def suggested(intake: Intake) -> tuple[Preference | None, Reason | None]:
    """A history pattern when nothing was tested either way: for the clinician to test."""
    tested = (intake.repeated_movements.flexion, intake.repeated_movements.extension)
    if any(r is not Response.NOT_TESTED for r in tested):
        return None, None
    for rule in PREFERENCE_RULES:
        if rule.basis is Basis.HISTORY and rule.test(intake):
            return rule.preference, Reason(rule=rule.id, text=rule.text)
    return None, None


# --- Notes for the clinician about direction -------------------------------------------------


@dataclass(frozen=True)
class ClashRule:
    """A tested preference at odds with a recorded diagnosis: shown, not silently resolved."""

    id: str
    preference: Preference
    condition: KnownCondition
    text: str


CLASH_RULES: tuple[ClashRule, ...] = (
    ClashRule(
        "clash-extension-stenosis",
        Preference.EXTENSION,
        KnownCondition.STENOSIS,
        "Repeated extension centralised, but lumbar stenosis is recorded: extension exercises "
        "stay left out by the stenosis precaution. Review the diagnosis or repeat the test "
        "before prescribing extension.",
    ),
    ClashRule(
        "clash-extension-spondylolisthesis",
        Preference.EXTENSION,
        KnownCondition.SPONDYLOLISTHESIS,
        "Repeated extension centralised, but spondylolisthesis is recorded: extension "
        "exercises stay left out by its precaution. Review the diagnosis or repeat the test "
        "before prescribing extension.",
    ),
    ClashRule(
        "clash-flexion-osteoporosis",
        Preference.FLEXION,
        KnownCondition.OSTEOPOROSIS,
        "Repeated flexion centralised, but osteoporosis is recorded: flexion exercises stay "
        "left out by the osteoporosis precaution. Decide whether unloaded flexion is safe "
        "before prescribing it.",
    ),
)


def direction_notes(c: Classification) -> list[Reason]:
    """A preference to test (history only) and clashes between a test and a diagnosis."""
    notes = [c.suggested_reason] if c.suggested_reason is not None else []
    notes += [
        Reason(rule=rule.id, text=rule.text)
        for rule in CLASH_RULES
        if c.preference is rule.preference and rule.condition in c.known_conditions
    ]
    return notes


# --- Precaution conditions (ids of conditions.py) ---------------------------------------------


@dataclass(frozen=True)
class ConditionRule:
    condition: str
    applies: str
    test: Callable[[Intake, EngineSettings], bool]


CONDITION_RULES: tuple[ConditionRule, ...] = (
    ConditionRule(
        "lumbar-stenosis",
        "known stenosis",
        lambda i, s: KnownCondition.STENOSIS in i.known_conditions,
    ),
    ConditionRule(
        "spondylolisthesis",
        "known spondylolisthesis",
        lambda i, s: KnownCondition.SPONDYLOLISTHESIS in i.known_conditions,
    ),
    ConditionRule(
        "osteoporosis",
        "known osteoporosis",
        lambda i, s: KnownCondition.OSTEOPOROSIS in i.known_conditions,
    ),
    ConditionRule(
        "pregnancy-trimester-1", "pregnant, first trimester", lambda i, s: i.trimester == 1
    ),
    ConditionRule(
        "pregnancy-trimester-2", "pregnant, second trimester", lambda i, s: i.trimester == 2
    ),
    ConditionRule(
        "pregnancy-trimester-3", "pregnant, third trimester", lambda i, s: i.trimester == 3
    ),
    ConditionRule(
        "high-irritability",
        "irritability high (rules irritability-high-*, or worst pain at or above "
        "{high_irritability_pain}/10 when provocation and settling were not asked)",
        lambda i, s: irritability(i, s) is Irritability.HIGH,
    ),
    ConditionRule(
        "post-operative",
        "spinal surgery fewer than {postop_precaution_weeks} weeks ago (surgery.weeks_since)",
        lambda i, s: in_postoperative_window(i, s),
    ),
    ConditionRule(
        "radicular-leg-pain",
        "pain reaching the thigh or below the knee with nerve symptoms (pins and needles, "
        "numbness, shooting pain)",
        lambda i, s: i.location.below_buttock and i.location.nerve_symptoms,
    ),
    ConditionRule(
        "flexion-peripheralises",
        "repeated flexion peripheralises",
        lambda i, s: i.repeated_movements.flexion is Response.PERIPHERALISES,
    ),
    ConditionRule(
        "extension-peripheralises",
        "repeated extension peripheralises",
        lambda i, s: i.repeated_movements.extension is Response.PERIPHERALISES,
    ),
)


def conditions(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> frozenset[str]:
    return frozenset(rule.condition for rule in CONDITION_RULES if rule.test(intake, settings))


# --- Treatment-based subgroup -------------------------------------------------------------------


@dataclass(frozen=True)
class SubgroupRule:
    id: str
    subgroup: Subgroup
    applies: str
    text: str
    test: Callable[[Intake, Irritability, EngineSettings], bool]


# First match wins (Alrwaily 2016: high irritability -> symptom modulation, moderate -> movement
# control, low -> functional optimisation; Fritz 2007 stabilisation signs move people to movement
# control whatever their pain).
SUBGROUP_RULES: tuple[SubgroupRule, ...] = (
    SubgroupRule(
        "subgroup-symptom-modulation",
        Subgroup.SYMPTOM_MODULATION,
        "high irritability",
        "Your pain is high at the moment, so the program starts with gentle movement and walking "
        "to calm it, and builds strength as it settles.",
        lambda i, level, s: level is Irritability.HIGH,
    ),
    SubgroupRule(
        "subgroup-movement-control",
        Subgroup.MOVEMENT_CONTROL,
        "moderate irritability, or aberrant movement (deficit movement-control), or a recurrence "
        "under age {movement_control_age_under}",
        "The program trains the deep trunk muscles to hold the lower back steady while you move, "
        "which helps pain that comes and goes or keeps returning.",
        lambda i, level, s: (
            level is Irritability.MODERATE
            or Deficit.MOVEMENT_CONTROL in i.deficits
            or (i.history.recurrence and i.age < s.movement_control_age_under)
        ),
    ),
    SubgroupRule(
        "subgroup-functional-optimisation",
        Subgroup.FUNCTIONAL_OPTIMISATION,
        "everyone else (low irritability)",
        "Your pain is low enough to build strength and endurance for everyday tasks.",
        lambda i, level, s: True,
    ),
)


def subgroup(
    intake: Intake, level: Irritability, settings: EngineSettings = DEFAULT_SETTINGS
) -> tuple[Subgroup, Reason]:
    rule = next(r for r in SUBGROUP_RULES if r.test(intake, level, settings))
    return rule.subgroup, Reason(rule=rule.id, text=rule.text)


# --- Everything together -----------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    stage: Stage
    irritability: Irritability
    preference: Preference | None  # tested only: leaves out the other direction
    preference_reason: Reason | None
    lean: Preference | None  # tested, or from a diagnosis: ranks exercises
    lean_reason: Reason | None
    suggested: Preference | None  # history pattern, untested: a clinician note only
    suggested_reason: Reason | None
    subgroup: Subgroup
    subgroup_reason: Reason
    stratum: StartBackRisk | None
    conditions: frozenset[str]
    older_adult: bool
    known_conditions: frozenset[KnownCondition] = frozenset()


def classify(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> Classification:
    level = irritability(intake, settings)
    direction, direction_reason = preference(intake)
    leaning, leaning_reason = lean(intake)
    untested, untested_reason = suggested(intake)
    group, group_reason = subgroup(intake, level, settings)
    stratum = None
    if intake.startback is not None:
        answers = intake.startback
        stratum = score_startback(answers.items_1_to_8(), answers.bothersomeness).risk
    return Classification(
        stage=stage(intake, settings),
        irritability=level,
        preference=direction,
        preference_reason=direction_reason,
        lean=leaning,
        lean_reason=leaning_reason,
        suggested=untested,
        suggested_reason=untested_reason,
        subgroup=group,
        subgroup_reason=group_reason,
        stratum=stratum,
        conditions=conditions(intake, settings),
        older_adult=intake.age >= settings.older_adult_age,
        known_conditions=frozenset(intake.known_conditions),
    )
