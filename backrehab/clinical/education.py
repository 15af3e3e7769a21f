"""Education topics: how to move through the day so the back is not provoked again.

The source article ends its program with teaching safe lifting, sitting, bending and getting in
and out of bed and the car. A topic is shown when one of its rules matches what aggravates the
person, their goals, or their situation; each rule gives the patient the reason it was chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.classification import Classification, Irritability, Stage
from backrehab.clinical.intake import Activity, Goal, Intake
from backrehab.clinical.pathways import high_fear
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.scoring import StartBackRisk


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    summary: str  # the key message, in our words


TOPICS: dict[str, Topic] = {
    t.id: t
    for t in (
        Topic(
            "lifting",
            "Lifting and carrying",
            "Stand close to the load, bend at the hips and knees, keep the load near your body "
            "and turn with your feet rather than twisting your back.",
        ),
        Topic(
            "sitting",
            "Sitting comfortably",
            "Sit with your back supported and feet flat, and get up to move every 20 to 30 "
            "minutes: changing position matters more than a perfect posture.",
        ),
        Topic(
            "bending",
            "Bending and reaching",
            "Hinge at the hips with a long back, bend the knees, and use a hand on a thigh or "
            "surface for support when you reach low.",
        ),
        Topic(
            "transitions-bed",
            "Getting in and out of bed",
            "Roll onto your side with knees bent, then push up with your arms as your legs go "
            "over the edge; reverse it to lie down.",
        ),
        Topic(
            "transitions-car",
            "Getting in and out of the car",
            "Sit down first with your back to the seat, then bring both legs in together; "
            "swing both legs out together before you stand.",
        ),
        Topic(
            "pain-and-activity",
            "Pain, rest and staying active",
            "Back pain rarely means damage. Staying gently active, pacing what you do and "
            "building up step by step helps more than resting.",
        ),
    )
}


Test = Callable[[Intake, Classification], bool]


def _worse(*activities: Activity) -> Test:
    return lambda intake, c: any(a in intake.worse_with for a in activities)


def _goal(*goals: Goal) -> Test:
    return lambda intake, c: any(g in intake.goals for g in goals)


@dataclass(frozen=True)
class EducationRule:
    id: str
    topic: str
    applies: str
    text: str
    test: Test


EDUCATION_RULES: tuple[EducationRule, ...] = (
    EducationRule(
        "education-lifting-aggravates",
        "lifting",
        "lifting makes the pain worse",
        "Lifting makes your pain worse; a few changes in how you lift take the strain off.",
        _worse(Activity.LIFTING),
    ),
    EducationRule(
        "education-lifting-goal",
        "lifting",
        "a goal is to lift and carry",
        "You want to lift and carry again, so the program includes how to do it safely.",
        _goal(Goal.LIFT_AND_CARRY),
    ),
    EducationRule(
        "education-sitting-aggravates",
        "sitting",
        "sitting makes the pain worse",
        "Sitting makes your pain worse; how and how long you sit can help.",
        _worse(Activity.SITTING),
    ),
    EducationRule(
        "education-sitting-goal",
        "sitting",
        "a goal is to sit longer",
        "You want to sit for longer, so the program includes ways to sit comfortably.",
        _goal(Goal.SIT_LONGER, Goal.RETURN_TO_WORK),
    ),
    EducationRule(
        "education-bending-aggravates",
        "bending",
        "bending forward or backward makes the pain worse",
        "Bending makes your pain worse; bending from the hips spares the lower back.",
        _worse(Activity.BENDING_FORWARD, Activity.BENDING_BACKWARD),
    ),
    EducationRule(
        "education-bending-goal",
        "bending",
        "a goal is to bend and reach (housework, gardening)",
        "You want to bend and reach again, so the program includes how to do it safely.",
        _goal(Goal.BEND_AND_REACH),
    ),
    EducationRule(
        "education-bed-lying",
        "transitions-bed",
        "lying or morning stiffness makes the pain worse",
        "Lying down or mornings are hard for you; rolling to your side to get up avoids a "
        "painful twist.",
        _worse(Activity.LYING, Activity.MORNING_STIFFNESS),
    ),
    EducationRule(
        "education-bed-pregnancy",
        "transitions-bed",
        "pregnant",
        "In pregnancy, rolling to your side before sitting up protects the back and tummy muscles.",
        lambda intake, c: intake.pregnant,
    ),
    EducationRule(
        "education-bed-high-pain",
        "transitions-bed",
        "high irritability",
        "While pain is high, getting out of bed the easy way keeps it from flaring.",
        lambda intake, c: c.irritability is Irritability.HIGH,
    ),
    EducationRule(
        "education-car-sitting",
        "transitions-car",
        "sitting makes the pain worse",
        "Sitting makes your pain worse, and getting in and out of a car adds a twist; there is "
        "an easier way.",
        _worse(Activity.SITTING),
    ),
    EducationRule(
        "education-car-high-pain",
        "transitions-car",
        "high irritability",
        "While pain is high, getting in and out of a car the easy way keeps it from flaring.",
        lambda intake, c: c.irritability is Irritability.HIGH,
    ),
    EducationRule(
        "education-pain-startback",
        "pain-and-activity",
        "STarT Back medium or high risk",
        "Your answers show the pain is weighing on you; understanding it helps you get back to "
        "what matters.",
        lambda intake, c: c.stratum in (StartBackRisk.MEDIUM, StartBackRisk.HIGH),
    ),
    EducationRule(
        "education-pain-chronic",
        "pain-and-activity",
        "chronic stage (more than 12 weeks)",
        "Pain that has lasted a while is best met by building activity up step by step.",
        lambda intake, c: c.stage is Stage.CHRONIC,
    ),
    EducationRule(
        "education-pain-high",
        "pain-and-activity",
        "high irritability",
        "High pain is a reason to pace yourself, not to stop moving.",
        lambda intake, c: c.irritability is Irritability.HIGH,
    ),
)

# Stratified care and pelvic girdle pain (issue 9): the message that leads for each.
PATHWAY_EDUCATION_RULES: tuple[EducationRule, ...] = (
    EducationRule(
        "education-pain-science-first",
        "pain-and-activity",
        "STarT Back high risk or high FABQ fear: shown first, before any advice on how to "
        "move (pain-science education leads; never a protect-your-back message; Louw 2016)",
        "Understanding why back pain lingers, and that it rarely means harm, comes first: it "
        "makes everything else in the program easier.",
        lambda intake, c: high_fear(intake, c),
    ),
    EducationRule(
        "education-self-management",
        "pain-and-activity",
        "STarT Back low risk: reassurance and self-management support (NICE NG59 1.1.2)",
        "Your answers point to a good outlook: staying active and a short, simple program are "
        "usually what it takes, and you are in charge of both.",
        lambda intake, c: c.stratum is StartBackRisk.LOW,
    ),
    EducationRule(
        "education-pelvic-girdle-belt",
        "pain-and-activity",
        "pregnancy-related pelvic girdle pain: belt advice (Vleeming 2008)",
        "For pain at the back or front of the pelvis in pregnancy, a pelvic support belt can "
        "make walking and standing easier; ask your physical therapist about one.",
        lambda intake, c: intake.pelvic_girdle_pain,
    ),
)

FALLBACK_RULE = EducationRule(
    "education-pain-default",
    "pain-and-activity",
    "no other topic matched",
    "Knowing how pain and activity work together helps you stay on track.",
    lambda intake, c: True,
)


class EducationItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: str
    title: str
    summary: str
    reasons: list[Reason]


def choose_topics(intake: Intake, classification: Classification) -> list[EducationItem]:
    """Matching topics in the order of TOPICS, each with every rule that chose it."""
    reasons: dict[str, list[Reason]] = {}
    for rule in (*PATHWAY_EDUCATION_RULES, *EDUCATION_RULES):
        if rule.test(intake, classification):
            reasons.setdefault(rule.topic, []).append(reason(rule.id, rule.text))
    if not reasons:
        reasons[FALLBACK_RULE.topic] = [Reason(rule=FALLBACK_RULE.id, text=FALLBACK_RULE.text)]
    items = [
        EducationItem(topic=t.id, title=t.title, summary=t.summary, reasons=reasons[t.id])
        for t in TOPICS.values()
        if t.id in reasons
    ]
    if high_fear(intake, classification):
        # Pain science leads; advice on how to lift or bend must not read as the main message.
        items.sort(key=lambda item: item.topic != "pain-and-activity")
    return items
