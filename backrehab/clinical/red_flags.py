"""Red-flag screening (clinical-rules.md section 1): when no exercise program may be given.

Each rule is one row: an id, the condition it screens for, its urgency, a plain description for
the clinician document, and the sentence the patient reads. Any rule at urgency emergency, urgent
or soon stops program generation; a routine referral comes with a program. The app never names a
diagnosis as fact: the patient text says what the answer may mean and what to do now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from fractions import Fraction

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.intake import Intake, KnownCondition, RedFlags
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

# What to do now, per suspected condition, in the patient's words.
WHAT_TO_DO = {
    "cauda-equina": "Go to an emergency department now. With back pain this can mean the "
    "nerves at the base of the spine are being squeezed, which needs treating within hours.",
    "neurological": "See a doctor today. A nerve may be under growing pressure and needs "
    "checking before you exercise.",
    "infection": "See a doctor today. With back pain this needs checking for an infection "
    "before you exercise.",
    "malignancy": "Book to see your doctor within the next few days, before you start the "
    "exercises. Most back pain has a simple cause, but this needs a doctor's check.",
    "fracture": "See a doctor within the next few days, before you start the exercises, to "
    "check that no bone in the spine is injured.",
    "fracture-major": "See a doctor today, before you start any exercise, to check that no "
    "bone in the spine is injured.",
    "inflammatory": "You can do the exercises. Ask your doctor at a routine appointment "
    "whether your stiffness could come from an inflammatory condition of the spine.",
}

SUSPECTED = {
    "cauda-equina": "Cauda equina syndrome",
    "neurological": "Progressive neurological deficit",
    "infection": "Infection",
    "malignancy": "Malignancy",
    "fracture": "Fracture",
    "fracture-major": "Fracture after major trauma",
    "inflammatory": "Inflammatory (axial spondyloarthritis)",
}


Test = Callable[[Intake, EngineSettings], bool]


@dataclass(frozen=True)
class RedFlagRule:
    id: str
    group: str  # key of WHAT_TO_DO / SUSPECTED
    urgency: Urgency
    finding: str  # what was answered, in the patient's words (starts a sentence)
    test: Test
    applies: str = ""  # the clinician description when it is more than one answer
    question: str | None = None  # the RedFlags field, for rules that are a single answer

    @property
    def suspected(self) -> str:
        return SUSPECTED[self.group]

    @property
    def text(self) -> str:
        return f"{self.finding}. {WHAT_TO_DO[self.group]}"

    def describe(self) -> str:
        return self.applies or f"answered yes: {self.finding.lower()}"


def _answer(question: str) -> Test:
    assert question in RedFlags.model_fields, question
    return lambda intake, settings: bool(getattr(intake.red_flags, question))


def _question_rule(rule_id: str, group: str, urgency: Urgency, question: str) -> RedFlagRule:
    description = RedFlags.model_fields[question].description or question
    return RedFlagRule(
        rule_id, group, urgency, description.rstrip("."), _answer(question), question=question
    )


def onset_age(intake: Intake) -> Fraction:
    """Age when this episode began, in years (52 weeks to a year is close enough here)."""
    return intake.age - Fraction(intake.history.duration_weeks, 52)


def _new_pain_at_flagged_age(intake: Intake, settings: EngineSettings) -> bool:
    # "New pain" is read as a first-ever episode; once a doctor has assessed it the question the
    # flag asks (could this be something serious?) has been answered (design choice, settings).
    if intake.history.recurrence:
        return False
    if settings.age_flag_waived_when_doctor_assessed and intake.history.seen_doctor:
        return False
    age = onset_age(intake)
    return (
        age > settings.malignancy_new_pain_age_over or age < settings.malignancy_new_pain_age_under
    )


def _minor_trauma_with_fragile_bone(intake: Intake, settings: EngineSettings) -> bool:
    flags = intake.red_flags
    fragile = KnownCondition.OSTEOPOROSIS in intake.known_conditions or (
        flags.long_term_corticosteroids
    )
    return flags.minor_trauma_or_strain and fragile


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


E, U, S, R = Urgency.EMERGENCY, Urgency.URGENT, Urgency.SOON, Urgency.ROUTINE

RED_FLAG_RULES: tuple[RedFlagRule, ...] = (
    _question_rule("ces-saddle-numbness", "cauda-equina", E, "saddle_numbness"),
    _question_rule("ces-wiping-sensation", "cauda-equina", E, "altered_feeling_when_wiping"),
    _question_rule("ces-bladder-control", "cauda-equina", E, "new_bladder_control_difficulty"),
    _question_rule("ces-urine-sensation", "cauda-equina", E, "loss_of_sensation_passing_urine"),
    _question_rule("ces-urinary-leaking", "cauda-equina", E, "new_urinary_leaking"),
    _question_rule("ces-bladder-awareness", "cauda-equina", E, "bladder_fullness_unaware"),
    _question_rule("ces-bowel-incontinence", "cauda-equina", E, "bowel_incontinence"),
    _question_rule("ces-bowel-sensation", "cauda-equina", E, "loss_of_sensation_passing_motion"),
    _question_rule("ces-sexual-function", "cauda-equina", E, "new_sexual_function_change"),
    _question_rule("ces-bilateral-sciatica", "cauda-equina", E, "sciatica_both_legs"),
    _question_rule("neuro-worsening-weakness", "neurological", U, "worsening_leg_weakness"),
    _question_rule("neuro-foot-drop", "neurological", U, "foot_drop"),
    _question_rule("neuro-spreading-numbness", "neurological", U, "spreading_numbness"),
    _question_rule("infection-fever", "infection", U, "fever_chills_or_sweats"),
    _question_rule("infection-immunosuppression", "infection", U, "immunosuppressed"),
    _question_rule("infection-iv-drug-use", "infection", U, "iv_drug_use"),
    _question_rule("infection-recent-infection", "infection", U, "recent_bacterial_infection"),
    _question_rule("infection-spinal-procedure", "infection", U, "recent_spinal_procedure"),
    _question_rule("fracture-major-trauma", "fracture-major", U, "major_trauma"),
    _question_rule("malignancy-history", "malignancy", S, "history_of_cancer"),
    _question_rule("malignancy-weight-loss", "malignancy", S, "unexplained_weight_loss"),
    _question_rule("malignancy-night-pain", "malignancy", S, "constant_night_pain"),
    _question_rule(
        "malignancy-no-improvement", "malignancy", S, "no_improvement_after_4_to_6_weeks_of_care"
    ),
    RedFlagRule(
        "malignancy-age-at-onset",
        "malignancy",
        S,
        "This is your first episode of back pain and it began at an age when a doctor should "
        "check it",
        _new_pain_at_flagged_age,
        applies="first episode (not a recurrence), not yet assessed by a doctor, starting at an "
        "age over {malignancy_new_pain_age_over} or under {malignancy_new_pain_age_under}",
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


class Referral(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    urgency: Urgency
    reasons: list[Reason]

    @property
    def stops_program(self) -> bool:
        return self.urgency in STOPS_PROGRAM


def positive_rules(
    intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS
) -> list[RedFlagRule]:
    """The rules the intake triggers, most urgent first, then in table order."""
    fired = [rule for rule in RED_FLAG_RULES if rule.test(intake, settings)]
    return sorted(fired, key=lambda rule: URGENCY_ORDER[rule.urgency])


def screen(intake: Intake, settings: EngineSettings = DEFAULT_SETTINGS) -> Referral | None:
    """The referral the answers call for (its urgency is the most urgent rule's), or None."""
    fired = positive_rules(intake, settings)
    if not fired:
        return None
    return Referral(
        urgency=fired[0].urgency,
        reasons=[Reason(rule=rule.id, text=rule.text) for rule in fired],
    )


# Questions that only count in combination at intake (age, osteoporosis, duration). Answered
# "yes" for the first time after the program started, they still need a clinician's look.
LATER_ANSWER_URGENCY: dict[str, Urgency] = {
    "minor_trauma_or_strain": Urgency.SOON,
    "long_term_corticosteroids": Urgency.SOON,
    "sudden_severe_central_pain": Urgency.SOON,
    "morning_stiffness_over_30_min_easing_with_movement": Urgency.ROUTINE,
    "waking_second_half_of_night": Urgency.ROUTINE,
}


def question_urgency(question: str) -> Urgency:
    """Urgency of a single "yes" to `question` given after the intake (in a session log)."""
    for rule in RED_FLAG_RULES:
        if rule.question == question:
            return rule.urgency
    return LATER_ANSWER_URGENCY[question]


def question_text(question: str) -> str:
    """The patient sentence for a later "yes" to `question`: the finding and what to do now."""
    for rule in RED_FLAG_RULES:
        if rule.question == question:
            return rule.text
    description = (RedFlags.model_fields[question].description or question).rstrip(".")
    urgency = LATER_ANSWER_URGENCY[question]
    action = WHAT_TO_DO["inflammatory" if urgency is Urgency.ROUTINE else "fracture"]
    return f"{description}. {action}"
