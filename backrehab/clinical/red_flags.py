"""Red-flag screening (clinical-rules.md sections 1 and 1b): when no exercise program may be given.

Each rule is one row: an id, the condition it screens for, its urgency, a plain description for
the clinician document, its source, and the sentence the patient reads. Any rule at urgency
emergency, urgent or soon stops program generation; a routine referral comes with a program.
The app never names a diagnosis as fact: the patient text says what was answered and what to do
now, and never states a fact the person did not report.

Section 1b is the reasoning on top of the single answers: most single flags are weak (high
false-positive rates; Downie 2013, Henschke 2013), so a *weak* rule on its own gives a program and
a routine review note for the clinician, while two weak rules together refer (soon). A recorded
clearance (`Clearance`: who, when, why) lifts named soon or routine rules; emergency and urgent
rules can never be cleared without a new evaluation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from fractions import Fraction
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from backrehab.clinical.intake import Intake, KnownCondition, LegSides, PainArea, RedFlags
from backrehab.clinical.reasons import Reason
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings


class Urgency(StrEnum):
    EMERGENCY = "emergency"  # emergency department now
    URGENT = "urgent"  # a doctor the same day
    SOON = "soon"  # a doctor within days
    ROUTINE = "routine"  # mention at the next routine appointment; exercise continues


URGENCY_ORDER: dict[Urgency, int] = {u: n for n, u in enumerate(Urgency)}

# Urgencies that stop program generation.
STOPS_PROGRAM = frozenset({Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON})

# Urgencies a recorded clearance can lift: never emergency or urgent (clinical-rules.md 1b).
CLEARABLE = frozenset({Urgency.SOON, Urgency.ROUTINE})

# What to do now, per kind of advice, in the patient's words.
WHAT_TO_DO = {
    "cauda-equina": "Go to an emergency department now. With back pain this can mean the "
    "nerves at the base of the spine are being squeezed, which needs treating within hours.",
    "neurological": "See a doctor today. A nerve may be under growing pressure and needs "
    "checking before you exercise.",
    "infection": "See a doctor today. With back pain this needs checking for an infection "
    "before you exercise.",
    "infection-soon": "See a doctor within the next few days, before you start the exercises, "
    "to check for an infection.",
    "malignancy": "Book to see your doctor within the next few days, before you start the "
    "exercises. Most back pain has a simple cause, but this needs a doctor's check.",
    "fracture": "See a doctor within the next few days, before you start the exercises, to "
    "check that no bone in the spine is injured.",
    "fracture-major": "See a doctor today, before you start any exercise, to check that no "
    "bone in the spine is injured.",
    "inflammatory": "You can do the exercises. Ask your doctor at a routine appointment "
    "whether your stiffness could come from an inflammatory condition of the spine.",
    "aneurysm": "Go to an emergency department now. A pulsing feeling in the belly together "
    "with back pain needs checking straight away.",
    "thoracic": "Book to see your doctor within the next few days, before you start the "
    "exercises. These exercises are for the lower back; pain higher up needs a doctor's check "
    "first.",
    "post-operative": "Ask your surgeon's team whether you may start exercising. The program "
    "starts once their clearance is recorded.",
    "post-operative-urgent": "Contact your surgeon's team or see a doctor today, before you do "
    "any exercise.",
    "pregnancy": "You can do the exercises; training the pelvic floor muscles helps with this. "
    "Mention it to your midwife or doctor at your next appointment.",
    "review": "Your physical therapist will go over this answer with you at your next review.",
    "stenosis": "You can do the exercises. If the leg symptoms change, spread, or come with "
    "numbness in the saddle area or bladder or bowel changes, go to an emergency department "
    "now.",
    "combined": "Book to see your doctor within the next few days, before you start the "
    "exercises. Each of these answers is common on its own, but together they need a doctor's "
    "check.",
}

SUSPECTED = {
    "cauda-equina": "Cauda equina syndrome",
    "neurological": "Progressive neurological deficit",
    "infection": "Infection",
    "malignancy": "Malignancy",
    "fracture": "Fracture",
    "fracture-major": "Fracture after major trauma",
    "inflammatory": "Inflammatory (axial spondyloarthritis)",
    "aneurysm": "Abdominal aortic aneurysm",
    "thoracic": "Serious pathology (thoracic pain)",
    "post-operative": "Post-operative: surgeon's clearance needed",
    "post-operative-urgent": "Post-operative complication",
    "pregnancy": "Stress urinary incontinence in pregnancy",
    "combined": "Serious pathology (weak flags together)",
    "stenosis": "Cauda equina syndrome (pattern explained by known stenosis)",
}

# Where each group's rules come from (clinical-rules.md sections 1 and 1b).
SOURCES = {
    "cauda-equina": "CES warning-signs card (Greenhalgh, Mercer & Finucane); NICE NG59 1.1.1",
    "neurological": "Finucane 2020 (JOSPT 50:350); Delitto 2012 CPG",
    "infection": "Finucane 2020; clinical-rules.md 1b",
    "malignancy": "Downie 2013 (BMJ 347:f7095); Finucane 2020; clinical-rules.md 1b",
    "fracture": "Downie 2013; Finucane 2020; clinical-rules.md 1b",
    "fracture-major": "Finucane 2020",
    "inflammatory": "clinical-rules.md 1 (ASAS inflammatory back pain features)",
    "aneurysm": "Finucane 2020 (uncertain)",
    "thoracic": "Finucane 2020",
    "post-operative": "clinical-rules.md 1b; Oosterhuis 2014 (Cochrane) (uncertain)",
    "post-operative-urgent": "clinical-rules.md 1b",
    "pregnancy": "Wesnes 2009 (uncertain); clinical-rules.md 1b",
    "combined": "Downie 2013; Henschke 2013 (Cochrane); clinical-rules.md 1b (design choice)",
    "stenosis": "clinical-rules.md 3 (stenosis: neurogenic claudication); design choice",
}


Test = Callable[[Intake, EngineSettings], bool]


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    group: str  # key of SUSPECTED / SOURCES
    urgency: Urgency
    finding: str  # what was answered, in the patient's words (starts a sentence)
    test: Test
    applies: str = ""  # the clinician description when it is more than one answer
    question: str | None = None  # the RedFlags field, for rules that are a single answer
    advice: str = ""  # key of WHAT_TO_DO when it is not the group
    # A weak flag (1b): alone a routine review note with a program; two together refer soon.
    weak: bool = False
    lifted_by: str = ""  # what else lifts the rule besides a clinician's clearance

    @property
    def suspected(self) -> str:
        return SUSPECTED[self.group]

    @property
    def source(self) -> str:
        return SOURCES[self.group]

    @property
    def what_to_do(self) -> str:
        return self.advice or self.group

    @property
    def text(self) -> str:
        return f"{self.finding}. {WHAT_TO_DO[self.what_to_do]}"

    @property
    def clearable(self) -> bool:
        return self.urgency in CLEARABLE

    def describe(self) -> str:
        return self.applies or f"answered yes: {self.finding.lower()}"


def _answer(question: str) -> Test:
    assert question in RedFlags.model_fields, question
    return lambda intake, settings: bool(getattr(intake.red_flags, question))


def _question_rule(
    rule_id: str, group: str, urgency: Urgency, question: str, **extra: str | bool
) -> RedFlagRule:
    description = RedFlags.model_fields[question].description or question
    return RedFlagRule(
        rule_id,
        group,
        urgency,
        description.rstrip("."),
        _answer(question),
        question=question,
        **extra,  # type: ignore[arg-type]
    )


def onset_age(intake: Intake) -> Fraction:
    """Age when this episode began, in years (52 weeks to a year is close enough here)."""
    return intake.age - Fraction(intake.history.duration_weeks, 52)


def _new_pain_at_flagged_age(intake: Intake, settings: EngineSettings) -> bool:
    # "New pain" is a recent first episode: one that began in the last weeks (a setting), not a
    # first episode that has lasted 30 weeks (1b). Once a doctor has assessed it the question the
    # flag asks (could this be something serious?) has been answered (design choice, settings).
    if intake.history.recurrence:
        return False
    if intake.history.duration_weeks > settings.new_pain_max_weeks:
        return False
    if settings.age_flag_waived_when_doctor_assessed and intake.history.seen_doctor:
        return False
    age = onset_age(intake)
    return (
        age > settings.malignancy_new_pain_age_over or age < settings.malignancy_new_pain_age_under
    )


def _fragile_bone(intake: Intake) -> bool:
    return (
        KnownCondition.OSTEOPOROSIS in intake.known_conditions
        or intake.red_flags.long_term_corticosteroids
    )


def _minor_trauma_with_fragile_bone(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.minor_trauma_or_strain and _fragile_bone(intake)


def _fragile_bone_with_sudden_central_pain(intake: Intake, settings: EngineSettings) -> bool:
    # Most vertebral fragility fractures follow a trivial strain or none at all, so no trauma and
    # no age limit is needed (1b).
    return intake.red_flags.sudden_severe_central_pain and _fragile_bone(intake)


def _older_with_sudden_central_pain(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.sudden_severe_central_pain and intake.age > settings.fracture_age_over


def _inflammatory_pattern(intake: Intake, settings: EngineSettings) -> bool:
    if KnownCondition.INFLAMMATORY in intake.known_conditions:
        return False  # already diagnosed: nothing new for the doctor
    flags = intake.red_flags
    features = sum(
        (
            flags.morning_stiffness_over_30_min_easing_with_movement,
            flags.waking_second_half_of_night,
        )
    )
    return (
        onset_age(intake) < settings.inflammatory_onset_age_under
        and intake.history.duration_weeks > settings.inflammatory_min_weeks
        and features >= settings.inflammatory_features_needed
    )


def _below_both_knees(intake: Intake) -> bool:
    loc = intake.location
    return loc.area is PainArea.BELOW_KNEE and loc.sides is LegSides.BOTH


def _explained_by_known_stenosis(intake: Intake, settings: EngineSettings) -> bool:
    # Neurogenic claudication in both legs is how diagnosed lumbar stenosis usually presents.
    # When a doctor has assessed this long-standing episode, the leg pattern alone is not a new
    # cauda equina warning (design choice, a setting); every other cauda equina sign, and the
    # "sciatica in both legs" answer itself, still refers as an emergency.
    return (
        settings.known_stenosis_explains_both_legs
        and KnownCondition.STENOSIS in intake.known_conditions
        and intake.history.seen_doctor
        and intake.history.duration_weeks > settings.chronic_weeks_over
    )


def _leg_symptoms_below_both_knees(intake: Intake, settings: EngineSettings) -> bool:
    # Pain or nerve symptoms below the knee on both sides IS bilateral sciatica, whatever the
    # separate "sciatica in both legs" box says (issue 9: the missed case had it unticked).
    return _below_both_knees(intake) and not _explained_by_known_stenosis(intake, settings)


def _stenosis_in_both_legs(intake: Intake, settings: EngineSettings) -> bool:
    return _below_both_knees(intake) and _explained_by_known_stenosis(intake, settings)


# Cauda equina signs besides leaking: with any of them, leaking in pregnancy is not "just" stress
# incontinence (saddle numbness, retention-type bladder changes, bowel or sexual changes).
_OTHER_CAUDA_EQUINA_SIGNS = (
    "saddle_numbness",
    "altered_feeling_when_wiping",
    "new_bladder_control_difficulty",
    "loss_of_sensation_passing_urine",
    "bladder_fullness_unaware",
    "bowel_incontinence",
    "loss_of_sensation_passing_motion",
    "new_sexual_function_change",
    "sciatica_both_legs",
)


def _leaking_alone_in_pregnancy(intake: Intake, settings: EngineSettings) -> bool:
    flags = intake.red_flags
    return (
        intake.pregnant
        and flags.new_urinary_leaking
        and not any(getattr(flags, q) for q in _OTHER_CAUDA_EQUINA_SIGNS)
        and not _below_both_knees(intake)
    )


def _urinary_leaking_as_cauda_equina(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.new_urinary_leaking and not _leaking_alone_in_pregnancy(
        intake, settings
    )


def _infection_risk(intake: Intake) -> bool:
    flags = intake.red_flags
    return flags.immunosuppressed or flags.iv_drug_use or flags.recent_bacterial_infection


def _unwell_with_infection_risk(intake: Intake, settings: EngineSettings) -> bool:
    flags = intake.red_flags
    return flags.feeling_unwell and (_infection_risk(intake) or flags.recent_spinal_procedure)


def _infection_risk_with_severe_pain(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.new_severe_or_constant_pain and _infection_risk(intake)


def _post_operative_complication(intake: Intake, settings: EngineSettings) -> bool:
    surgery = intake.surgery
    return surgery is not None and (surgery.wound_problem or surgery.new_severe_pain)


def _awaiting_surgeons_clearance(intake: Intake, settings: EngineSettings) -> bool:
    # An old intake has the procedure answer but no details: its clearance is not recorded either.
    if not intake.red_flags.recent_spinal_procedure:
        return False
    return intake.surgery is None or not intake.surgery.surgeon_cleared


def in_postoperative_window(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> bool:
    """Whether post-operative precautions apply (condition `post-operative`, conditions.py)."""
    surgery = intake.surgery
    return surgery is not None and surgery.weeks_since < settings.postop_precaution_weeks


def _cancer_history_not_assessed(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.history_of_cancer and not intake.history.doctor_assessed_cancer_history


def _cancer_history_assessed(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.history_of_cancer and intake.history.doctor_assessed_cancer_history


def _cancer_history_with_symptoms(intake: Intake, settings: EngineSettings) -> bool:
    flags = intake.red_flags
    return flags.history_of_cancer and (flags.unexplained_weight_loss or flags.constant_night_pain)


def _pulsing_over_age(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.abdominal_pulsing and intake.age > settings.aneurysm_age_over


def _pulsing_at_younger_age(intake: Intake, settings: EngineSettings) -> bool:
    return intake.red_flags.abdominal_pulsing and intake.age <= settings.aneurysm_age_over


def _weak_flags_together(intake: Intake, settings: EngineSettings) -> bool:
    fired = sum(1 for rule in WEAK_RULES if rule.test(intake, settings))
    return fired >= settings.weak_flags_to_refer


E, U, S, R = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    _question_rule("ces-saddle-numbness", "cauda-equina", E, "saddle_numbness"),
    _question_rule("ces-wiping-sensation", "cauda-equina", E, "altered_feeling_when_wiping"),
    _question_rule("ces-bladder-control", "cauda-equina", E, "new_bladder_control_difficulty"),
    _question_rule("ces-urine-sensation", "cauda-equina", E, "loss_of_sensation_passing_urine"),
    RedFlagRule(
        "ces-urinary-leaking",
        "cauda-equina",
        E,
        (RedFlags.model_fields["new_urinary_leaking"].description or "").rstrip("."),
        _urinary_leaking_as_cauda_equina,
        applies="answered yes: new leaking of urine or a new need for pads; in pregnancy only "
        "together with another cauda equina sign or leg symptoms below both knees",
        question="new_urinary_leaking",
    ),
    _question_rule("ces-bladder-awareness", "cauda-equina", E, "bladder_fullness_unaware"),
    _question_rule("ces-bowel-incontinence", "cauda-equina", E, "bowel_incontinence"),
    _question_rule("ces-bowel-sensation", "cauda-equina", E, "loss_of_sensation_passing_motion"),
    _question_rule("ces-sexual-function", "cauda-equina", E, "new_sexual_function_change"),
    _question_rule("ces-bilateral-sciatica", "cauda-equina", E, "sciatica_both_legs"),
    RedFlagRule(
        "ces-bilateral-leg-symptoms",
        "cauda-equina",
        E,
        "Your pain reaches below the knee in both legs",
        _leg_symptoms_below_both_knees,
        applies="pain reaching below the knee on both sides (location), with or without nerve "
        "symptoms and whatever the 'sciatica in both legs' answer; not when diagnosed stenosis "
        "explains it (see stenosis-both-legs-review)",
    ),
    RedFlagRule(
        "aneurysm-abdominal-pulsing",
        "aneurysm",
        E,
        "You feel a pulsing or throbbing in the belly along with the back pain",
        _pulsing_over_age,
        applies="a pulsing or throbbing feeling in the abdomen with the back pain, at an age "
        "over {aneurysm_age_over}",
    ),
    _question_rule("neuro-worsening-weakness", "neurological", U, "worsening_leg_weakness"),
    _question_rule("neuro-foot-drop", "neurological", U, "foot_drop"),
    _question_rule("neuro-spreading-numbness", "neurological", U, "spreading_numbness"),
    _question_rule("infection-fever", "infection", U, "fever_chills_or_sweats"),
    RedFlagRule(
        "infection-unwell-with-risk",
        "infection",
        U,
        "You feel generally unwell, and another of your answers raises the chance of an infection",
        _unwell_with_infection_risk,
        applies="feeling generally unwell together with immunosuppression, IV drug use, a recent "
        "bacterial infection or a recent spinal procedure",
    ),
    RedFlagRule(
        "postop-complication",
        "post-operative-urgent",
        U,
        "Since your spinal operation or injection, you have a problem with the wound or new, "
        "severe pain",
        _post_operative_complication,
        applies="recent spinal procedure with a wound problem (redness, discharge, opening) or "
        "new severe pain (fever: infection-fever)",
    ),
    _question_rule("fracture-major-trauma", "fracture-major", U, "major_trauma"),
    RedFlagRule(
        "infection-risk-with-severe-pain",
        "infection",
        S,
        "Your back pain is new and severe or constant, and another of your answers raises the "
        "chance of an infection",
        _infection_risk_with_severe_pain,
        applies="new severe or constant pain together with IV drug use, a recent bacterial "
        "infection or immunosuppression",
        advice="infection-soon",
    ),
    RedFlagRule(
        "postop-awaiting-clearance",
        "post-operative",
        S,
        "You had an operation or injection in the spine recently, and your surgeon's clearance "
        "to exercise is not recorded yet",
        _awaiting_surgeons_clearance,
        applies="recent spinal procedure without the surgeon's clearance recorded (also when the "
        "procedure details were not asked)",
    ),
    RedFlagRule(
        "malignancy-history",
        "malignancy",
        S,
        "You have had cancer, and a doctor's check of this back pain with that in mind is not "
        "recorded yet",
        _cancer_history_not_assessed,
        applies="history of cancer, and no doctor has assessed this episode knowing it",
    ),
    RedFlagRule(
        "malignancy-history-with-symptoms",
        "malignancy",
        S,
        "You have had cancer, and you are losing weight without trying or have constant pain "
        "at night",
        _cancer_history_with_symptoms,
        applies="history of cancer together with unexplained weight loss or constant night "
        "pain, even when a doctor has assessed the episode",
    ),
    _question_rule("malignancy-weight-loss", "malignancy", S, "unexplained_weight_loss"),
    _question_rule("malignancy-night-pain", "malignancy", S, "constant_night_pain"),
    RedFlagRule(
        "fracture-fragility",
        "fracture",
        S,
        "You have sudden, severe pain in the middle of the back, and your bones may be fragile "
        "(osteoporosis or long-term steroid tablets)",
        _fragile_bone_with_sudden_central_pain,
        applies="sudden severe central pain together with known osteoporosis or long-term "
        "corticosteroid use, at any age and without trauma",
    ),
    RedFlagRule(
        "fracture-minor-trauma",
        "fracture",
        S,
        "The pain began with a minor fall or strain, and your bones may be fragile (osteoporosis "
        "or long-term steroid tablets)",
        _minor_trauma_with_fragile_bone,
        applies="minor trauma or strain together with known osteoporosis or long-term "
        "corticosteroid use",
    ),
    RedFlagRule(
        "fracture-older-central-pain",
        "fracture",
        S,
        "You have sudden, severe pain in the middle of the back",
        _older_with_sudden_central_pain,
        applies="sudden severe central pain at an age over {fracture_age_over}",
    ),
    _question_rule("thoracic-pain", "thoracic", S, "thoracic_pain"),
    RedFlagRule(
        "weak-flags-combined",
        "combined",
        S,
        "Several of your answers need a closer look together",
        _weak_flags_together,
        applies="at least {weak_flags_to_refer} weak flags (the rules marked weak) together",
    ),
    # Weak flags: alone, a program and a routine review note; together, weak-flags-combined.
    _question_rule(
        "malignancy-no-improvement",
        "malignancy",
        R,
        "no_improvement_after_4_to_6_weeks_of_care",
        advice="review",
        weak=True,
    ),
    RedFlagRule(
        "malignancy-age-at-onset",
        "malignancy",
        R,
        "This back pain began recently, for the first time, at an age when it is worth a "
        "closer look",
        _new_pain_at_flagged_age,
        applies="first episode (not a recurrence) that began in the last {new_pain_max_weeks} "
        "weeks at an age over {malignancy_new_pain_age_over} or under "
        "{malignancy_new_pain_age_under}, not yet assessed by a doctor",
        advice="review",
        weak=True,
        lifted_by="a doctor's assessment of this episode (history.seen_doctor; setting)",
    ),
    RedFlagRule(
        "malignancy-history-assessed",
        "malignancy",
        R,
        "You have had cancer, and a doctor has checked this back pain knowing that",
        _cancer_history_assessed,
        applies="history of cancer, assessed by a doctor for this episode",
        advice="review",
        weak=True,
    ),
    _question_rule(
        "infection-immunosuppression",
        "infection",
        R,
        "immunosuppressed",
        advice="review",
        weak=True,
    ),
    _question_rule(
        "infection-iv-drug-use", "infection", R, "iv_drug_use", advice="review", weak=True
    ),
    _question_rule(
        "infection-recent-infection",
        "infection",
        R,
        "recent_bacterial_infection",
        advice="review",
        weak=True,
    ),
    _question_rule(
        "infection-feeling-unwell", "infection", R, "feeling_unwell", advice="review", weak=True
    ),
    RedFlagRule(
        "abdominal-pulsing-review",
        "aneurysm",
        R,
        "You feel a pulsing or throbbing in the belly along with the back pain",
        _pulsing_at_younger_age,
        applies="a pulsing or throbbing feeling in the abdomen at an age of "
        "{aneurysm_age_over} or under",
        advice="review",
        weak=True,
    ),
    # Routine notes that are not warning signs: they never add up.
    RedFlagRule(
        "stenosis-both-legs-review",
        "stenosis",
        R,
        "Your pain reaches below the knee in both legs",
        _stenosis_in_both_legs,
        applies="pain below the knee on both sides in diagnosed lumbar stenosis, with this "
        "episode assessed by a doctor and lasting more than {chronic_weeks_over} weeks "
        "(setting known_stenosis_explains_both_legs); the clinician checks at each review that "
        "the pattern has not changed",
        advice="stenosis",
    ),
    RedFlagRule(
        "pregnancy-urinary-leaking",
        "pregnancy",
        R,
        "You are pregnant and have new leaking of urine",
        _leaking_alone_in_pregnancy,
        applies="new urinary leaking in pregnancy without another cauda equina sign or leg "
        "symptoms below both knees; pelvic-floor training is part of the program",
    ),
    RedFlagRule(
        "inflammatory-pattern",
        "inflammatory",
        R,
        "Your back pain began before middle age, has lasted for months and comes with long "
        "morning stiffness or waking in the night",
        _inflammatory_pattern,
        applies="onset under {inflammatory_onset_age_under}, lasting more than "
        "{inflammatory_min_weeks} weeks, with at least {inflammatory_features_needed} of: "
        "morning stiffness > 30 min easing with movement, waking in the second half of the "
        "night; not when an inflammatory condition is already diagnosed",
    ),
)

WEAK_RULES: tuple[RedFlagRule, ...] = tuple(rule for rule in RED_FLAG_RULES if rule.weak)
_RULES_BY_ID = {rule.id: rule for rule in RED_FLAG_RULES}
CLEARABLE_RULES: frozenset[str] = frozenset(r.id for r in RED_FLAG_RULES if r.clearable)


class Referral(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    urgency: Urgency
    reasons: list[Reason]

    @property
    def stops_program(self) -> bool:
        return self.urgency in STOPS_PROGRAM


Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=120)]
Why = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]


class Clearance(BaseModel):
    """A clinician's recorded decision that named soon or routine rules need not stop exercise.

    It is an input to the engine, not something it decides: the care record stores who cleared,
    when and why, and passes it with the intake of that episode. Emergency and urgent rules
    cannot be cleared (a new evaluation is needed), so naming one is refused.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    by: Name = Field(description="who cleared: the clinician's name")
    on: date = Field(description="the day of the decision")
    why: Why = Field(description="the reason, e.g. 'GP assessed 3 March, X-ray normal'")
    rules: list[str] = Field(min_length=1, description="ids of the red-flag rules cleared")

    @field_validator("rules")
    @classmethod
    def only_clearable_rules(cls, rules: list[str]) -> list[str]:
        unknown = [r for r in rules if r not in _RULES_BY_ID]
        if unknown:
            raise ValueError(f"no such red-flag rule: {', '.join(unknown)}")
        refused = [r for r in rules if r not in CLEARABLE_RULES]
        if refused:
            raise ValueError(
                "emergency and urgent referrals cannot be cleared without a new evaluation: "
                + ", ".join(refused)
            )
        return rules


CLEARANCE_TEXT = (
    "{by} recorded on {on} that you can start the exercises, after looking at the answers that "
    "needed a check."
)


def positive_rules(
    intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS
) -> list[RedFlagRule]:
    """The rules the intake triggers, most urgent first, then in table order."""
    fired = [rule for rule in RED_FLAG_RULES if rule.test(intake, settings)]
    return sorted(fired, key=lambda rule: URGENCY_ORDER[rule.urgency])


def screen(
    intake: Intake,
    settings: EngineSettings = DEFAULT_SETTINGS,
    *,
    clearance: Clearance | None = None,
) -> Referral | None:
    """The referral the answers call for (its urgency is the most urgent rule's), or None.

    Rules named in `clearance` drop out (the Clearance model only accepts soon and routine
    ones), and a routine reason says who cleared them and when.
    """
    fired = positive_rules(intake, settings)
    cleared = [r for r in fired if clearance is not None and r.id in clearance.rules]
    kept = [r for r in fired if r not in cleared]
    reasons = [Reason(rule=rule.id, text=rule.text) for rule in kept]
    if cleared and clearance is not None:
        on = clearance.on.isoformat()
        text = CLEARANCE_TEXT.format(by=clearance.by, on=on)
        reasons.append(
            Reason(rule="clearance-recorded", text=text, params={"by": clearance.by, "on": on})
        )
    if not reasons:
        return None
    urgency = kept[0].urgency if kept else Urgency.ROUTINE
    return Referral(urgency=urgency, reasons=reasons)


# Questions that only count in combination at intake (age, osteoporosis, duration). Answered
# "yes" for the first time after the program started, they still need a clinician's look:
# (urgency, key of WHAT_TO_DO).
LATER_ANSWERS: dict[str, tuple[Urgency, str]] = {
    "history_of_cancer": (Urgency.SOON, "malignancy"),
    "recent_spinal_procedure": (Urgency.SOON, "post-operative"),
    "new_severe_or_constant_pain": (Urgency.SOON, "malignancy"),
    "minor_trauma_or_strain": (Urgency.SOON, "fracture"),
    "long_term_corticosteroids": (Urgency.SOON, "fracture"),
    "sudden_severe_central_pain": (Urgency.SOON, "fracture"),
    "morning_stiffness_over_30_min_easing_with_movement": (Urgency.ROUTINE, "inflammatory"),
    "waking_second_half_of_night": (Urgency.ROUTINE, "inflammatory"),
    # Age is not asked again in a session log: take the urgent reading.
    "abdominal_pulsing": (Urgency.EMERGENCY, "aneurysm"),
}
LATER_ANSWER_URGENCY: dict[str, Urgency] = {q: u for q, (u, _) in LATER_ANSWERS.items()}


def question_urgency(question: str) -> Urgency:
    """Urgency of a single "yes" to `question` given after the intake (in a session log)."""
    for rule in RED_FLAG_RULES:
        if rule.question == question:
            return rule.urgency
    return LATER_ANSWERS[question][0]


def question_text(question: str) -> str:
    """The patient sentence for a later "yes" to `question`: the finding and what to do now."""
    for rule in RED_FLAG_RULES:
        if rule.question == question:
            return rule.text
    description = (RedFlags.model_fields[question].description or question).rstrip(".")
    return f"{description}. {WHAT_TO_DO[LATER_ANSWERS[question][1]]}"
