"""Engine reasons in the reader's language, chosen by rule id at display time.

The clinical engine stays free of Django and writes its sentences in English; each reason also
carries its rule id and, where something was filled in, `params` (reasons.py). Here every rule id
has the same sentence marked for translation, with the same placeholders. A sentence is only
translated when its English form, rendered from the same params, is exactly the stored text:
a reason written by an older engine (or with settings that changed its numbers) shows as stored,
in English, rather than as a translation that says something else.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import Deficit, Goal
from backrehab.clinical.precautions import RULES
from backrehab.clinical.red_flags import LATER_ANSWER_URGENCY, RED_FLAG_RULES, Urgency
from backrehab.library.catalog import Catalog
from backrehab.library.localization import current_language
from backrehab.portal.intake_steps import RED_FLAG_QUESTIONS

# Rule id -> the sentence, placeholders as in the engine's (progression.py's {pain} is %(pain)s).
TEMPLATES: dict[str, Promise] = {
    # Not the engine's: a program a clinician wrote (backrehab/care/prescribing.py)
    "clinician-prescribed": _("Chosen by your physical therapist."),
    # Classification, repeated by the focus rules
    "preference-extension-tested": _(
        "Bending backwards again and again eased your pain or drew it back toward the spine, "
        "so the program leans on backward-bending movements."
    ),
    "preference-flexion-tested": _(
        "Bending forwards again and again eased your pain or drew it back toward the spine, "
        "so the program leans on forward-bending movements."
    ),
    "preference-flexion-stenosis": _(
        "With a narrowed spinal canal, bending forwards usually gives the nerves more room, "
        "so the program leans on forward-bending movements."
    ),
    "preference-flexion-pattern": _(
        "Your pain builds when you stand or walk and eases when you sit or bend forwards, so "
        "the program leans on forward-bending movements."
    ),
    "preference-extension-pattern": _(
        "Your pain builds when you sit or bend forwards and eases when you stand, walk or "
        "lean back, so the program leans on upright and backward-bending movements."
    ),
    "subgroup-symptom-modulation": _(
        "Your pain is high at the moment, so the program starts with gentle movement and "
        "walking to calm it, and builds strength as it settles."
    ),
    "subgroup-movement-control": _(
        "The program trains the deep trunk muscles to hold the lower back steady while you "
        "move, which helps pain that comes and goes or keeps returning."
    ),
    "subgroup-functional-optimisation": _(
        "Your pain is low enough to build strength and endurance for everyday tasks."
    ),
    # Exercises left out (precautions.py, program.py)
    "extension-stenosis": _("Bending backwards narrows the space for the nerves."),
    "extension-spondylolisthesis": _("Bending backwards loads the slipped vertebra."),
    "extension-peripheralises": _("Bending backwards has been spreading pain down the leg."),
    "flexion-peripheralises": _("Bending forwards has been spreading pain down the leg."),
    "flexion-osteoporosis": _(
        "Repeated forward bending of the spine raises the risk of a spinal fracture."
    ),
    "rotation-osteoporosis": _("Twisting the spine raises the risk of a spinal fracture."),
    "prone-pregnancy-2": _("Lying face down presses on the bump."),
    "prone-pregnancy-3": _("Lying face down presses on the bump."),
    "supine-pregnancy-2": _(
        "Lying flat on the back can press on the large vein that returns blood to the heart."
    ),
    "supine-pregnancy-3": _(
        "Lying flat on the back can press on the large vein that returns blood to the heart."
    ),
    "strength-irritability": _("While pain is high, loaded strength work tends to flare it up."),
    "avoid-extension-flexion-preference": _(
        "Bending backwards tends to bring on your symptoms, so backward-bending exercises are "
        "left out."
    ),
    "avoid-flexion-extension-preference": _(
        "Backward bending helps your pain, and forward bending tends to work against it, so "
        "forward-bending exercises are left out for now."
    ),
    # Phases
    "phase-warm-up": _("Warm-up: gets the hips and lower back moving before the main exercises."),
    "phase-mobility": _("Mobility: moves the lower back gently through a comfortable range."),
    "phase-control-and-strength": _(
        "Control and strength: builds the muscles that support and steady the lower back."
    ),
    "phase-stretch": _("Stretch and cool-down: eases tight muscles at the end of the session."),
    # Focus
    "focus-chronic-training": _(
        "For back pain that has lasted more than three months, regular strengthening and "
        "trunk-control exercise is the best-supported treatment."
    ),
    "focus-acute-movement": _(
        "In the first weeks, gentle movement helps the back recover faster than rest."
    ),
    "focus-walking": _(
        "Walking a little further each week is one of the best things for back pain and "
        "builds confidence and stamina."
    ),
    "focus-older-adult-function": _(
        "Keeps up the everyday strength for getting up from a chair and walking."
    ),
    "focus-article": _("One of the core exercises of the clinic's back program."),
    # Dose
    "dose-high-irritability": _(
        "While pain is high: one set, short holds and a shorter walk, to build up from."
    ),
    "dose-low-fitness": _(
        "A lighter start to match your current fitness; it goes up as you get stronger."
    ),
    "dose-high-fitness": _("One set more, as your fitness allows."),
    "dose-older-adult-stretch": _(
        "Stretches are held a little longer, which works better from our mid-sixties on."
    ),
    "dose-stretch-hold-cap": _("Stretches are held for up to 30 seconds, which is all it takes."),
    "dose-time-budget": _("Shortened so the session fits the time you have."),
    # Education
    "education-lifting-aggravates": _(
        "Lifting makes your pain worse; a few changes in how you lift take the strain off."
    ),
    "education-lifting-goal": _(
        "You want to lift and carry again, so the program includes how to do it safely."
    ),
    "education-sitting-aggravates": _(
        "Sitting makes your pain worse; how and how long you sit can help."
    ),
    "education-sitting-goal": _(
        "You want to sit for longer, so the program includes ways to sit comfortably."
    ),
    "education-bending-aggravates": _(
        "Bending makes your pain worse; bending from the hips spares the lower back."
    ),
    "education-bending-goal": _(
        "You want to bend and reach again, so the program includes how to do it safely."
    ),
    "education-bed-lying": _(
        "Lying down or mornings are hard for you; rolling to your side to get up avoids a "
        "painful twist."
    ),
    "education-bed-pregnancy": _(
        "In pregnancy, rolling to your side before sitting up protects the back and tummy muscles."
    ),
    "education-bed-high-pain": _(
        "While pain is high, getting out of bed the easy way keeps it from flaring."
    ),
    "education-car-sitting": _(
        "Sitting makes your pain worse, and getting in and out of a car adds a twist; there "
        "is an easier way."
    ),
    "education-car-high-pain": _(
        "While pain is high, getting in and out of a car the easy way keeps it from flaring."
    ),
    "education-pain-startback": _(
        "Your answers show the pain is weighing on you; understanding it helps you get back "
        "to what matters."
    ),
    "education-pain-chronic": _(
        "Pain that has lasted a while is best met by building activity up step by step."
    ),
    "education-pain-high": _("High pain is a reason to pace yourself, not to stop moving."),
    "education-pain-default": _(
        "Knowing how pain and activity work together helps you stay on track."
    ),
    # Progression
    "stop-red-flag": _("Stop the exercises for now: %(finding)s"),
    "alert-red-flag": _("Your physical therapist has been alerted to your answer."),
    "alert-red-flag-routine": _(
        "Your physical therapist has been told about your answer: %(finding)s"
    ),
    "stop-peripheralisation": _(
        "Your pain spread further down the leg with this exercise, so stop it for now."
    ),
    "alert-peripheralisation": _(
        "Your physical therapist has been alerted and will suggest what to do instead."
    ),
    "regress-pain-during": _(
        "Pain during the exercise reached %(pain)s/10, more than the 5 that is acceptable, so "
        "the next session is easier."
    ),
    "regress-not-settled": _(
        "Pain had not settled by the next morning (%(morning)s/10, against %(before)s/10 "
        "before the session), so the next session is easier."
    ),
    "stop-no-easier-step": _(
        "This exercise cannot be made easier, so stop it for now; your physical therapist has "
        "been alerted."
    ),
    "alert-no-easier-step": _(
        "This exercise cannot be made easier, so stop it for now; your physical therapist has "
        "been alerted."
    ),
    "hold-no-logs": _("No session logged for this exercise yet: keep to the same dose."),
    "hold-awaiting-morning": _("Waiting for the next-morning pain check before changing anything."),
    "hold-more-sessions": _("Good session. One more like it at this dose before moving up."),
    "hold-pain": _(
        "A recent session was painful or not settled by the morning: stay at this dose."
    ),
    "hold-effort": _(
        "It still feels hard (effort %(effort)s/10): stay at this dose until it feels easier."
    ),
    "hold-incomplete": _("Aim to complete the full dose before moving up."),
    "hold-morning-rising": _(
        "Your morning pain has crept up compared with the week before: stay at this dose "
        "until it settles."
    ),
    "hold-top-of-ladder": _(
        "You have reached the top of this exercise's ladder. Keep it up; your physical "
        "therapist may add something new."
    ),
    "monitor-acceptable-pain": _(
        "Some pain during the exercise (up to 5/10) is acceptable as long as it settles by "
        "the next morning."
    ),
    "progress-reps": _("Two good sessions in a row: a few more repetitions."),
    "progress-sets": _("Two good sessions in a row at full repetitions: one more set."),
    "progress-hold": _("Two good sessions in a row: hold each repetition a little longer."),
    "progress-duration": _("Two good sessions in a row: a little longer each time."),
    "progress-variant": _("You have mastered this one: move on to %(replacement)s."),
    "regress-dose": _("One step back on the dose."),
    "regress-variant": _("Switch to an easier version: %(replacement)s."),
    "regress-step": _("A smaller dose for now, as the exercise's own plan suggests."),
    "regress-reduce": _("A smaller dose for now."),
}

# Red flags: what was answered (rules that are one question use the intake's wording).
FINDINGS: dict[str, Promise] = {
    "malignancy-age-at-onset": _(
        "This is your first episode of back pain and it began at an age when a doctor should "
        "check it"
    ),
    "fracture-minor-trauma": _(
        "The pain began with a minor fall or strain, and your bones may be fragile "
        "(osteoporosis or long-term steroid tablets)"
    ),
    "fracture-older-central-pain": _("You have sudden, severe pain in the middle of the back"),
    "inflammatory-pattern": _(
        "Your back pain began before middle age, has lasted for months and comes with long "
        "morning stiffness or waking in the night"
    ),
}

# What to do now, by the group of the red-flag rule (red_flags.WHAT_TO_DO).
WHAT_TO_DO: dict[str, Promise] = {
    "cauda-equina": _(
        "Go to an emergency department now. With back pain this can mean the nerves at the "
        "base of the spine are being squeezed, which needs treating within hours."
    ),
    "neurological": _(
        "See a doctor today. A nerve may be under growing pressure and needs checking before "
        "you exercise."
    ),
    "infection": _(
        "See a doctor today. With back pain this needs checking for an infection before you "
        "exercise."
    ),
    "malignancy": _(
        "Book to see your doctor within the next few days, before you start the exercises. "
        "Most back pain has a simple cause, but this needs a doctor's check."
    ),
    "fracture": _(
        "See a doctor within the next few days, before you start the exercises, to check that "
        "no bone in the spine is injured."
    ),
    "fracture-major": _(
        "See a doctor today, before you start any exercise, to check that no bone in the "
        "spine is injured."
    ),
    "inflammatory": _(
        "You can do the exercises. Ask your doctor at a routine appointment whether your "
        "stiffness could come from an inflammatory condition of the spine."
    ),
}

DEFICITS: dict[str, Promise] = {
    "hip-weakness": _("weak hip and buttock muscles"),
    "leg-strength": _("weak leg muscles"),
    "trunk-endurance": _("trunk muscles that tire quickly"),
    "movement-control": _("difficulty keeping the lower back steady while moving"),
    "lumbar-mobility": _("a stiff lower back"),
    "hip-mobility": _("stiff hips"),
    "hamstring-tightness": _("tight hamstrings"),
    "hip-flexor-tightness": _("tight muscles at the front of the hip"),
    "low-endurance": _("low stamina"),
}

GOALS: dict[str, Promise] = {
    "less-pain": _("less pain"),
    "walk-further": _("walking further"),
    "sit-longer": _("sitting for longer"),
    "stand-longer": _("standing for longer"),
    "lift-and-carry": _("lifting and carrying"),
    "bend-and-reach": _("bending and reaching"),
    "sleep-better": _("sleeping better"),
    "return-to-work": _("getting back to work"),
    "return-to-sport": _("getting back to sport"),
    "prevent-recurrence": _("keeping the pain from coming back"),
}

# The sentences around a deficit or goal (rule ids focus-deficit-<deficit>, focus-goal-<goal>).
DEFICIT_SENTENCE = _("Chosen for %(deficit)s, found at your examination.")
GOAL_SENTENCE = _("Builds toward your goal: %(goal)s.")

_RED_FLAGS = {rule.id: rule for rule in RED_FLAG_RULES}
_RED_FLAG_BY_QUESTION = {rule.question: rule for rule in RED_FLAG_RULES if rule.question}
_PRECAUTION_RULES = {rule.id: rule for rule in RULES}
_EXERCISE_NOTES = ("modify-", "precaution-")
# Focus rules that repeat the classification's sentence (params: {"source": its rule id}).
_REPEATS_CLASSIFICATION = frozenset(
    {
        "focus-preference",
        "focus-preference-training",
        "focus-symptom-modulation",
        "focus-movement-control",
        "focus-functional-strength",
    }
)


def reason_text(reason: Mapping[str, Any], catalog: Catalog | None = None) -> str:
    """The reason's sentence in the active language; its stored English text if there is no
    translation for it (an unknown rule, or a sentence the engine now words differently).

    Reasons that name an exercise read it from `catalog` (the patient's clinic's); without one,
    from the bundled library."""
    stored = str(reason.get("text", ""))
    rule = str(reason.get("rule", ""))
    raw = reason.get("params")
    params: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
    try:
        with override("en"):
            if sentence(rule, params, catalog) != stored:
                return stored
        return sentence(rule, params, catalog)
    except (KeyError, LookupError, TypeError, ValueError):
        return stored


def reason_texts(reasons: Iterable[Any], catalog: Catalog | None = None) -> list[str]:
    """Each reason's sentence once, in order (several rules can say the same thing)."""
    texts: list[str] = []
    for r in reasons:
        text = reason_text(r, catalog) if isinstance(r, Mapping) else str(r)
        if text not in texts:
            texts.append(text)
    return texts


def has_template(rule: str) -> bool:
    """Whether the rule's sentence can be put into the reader's language."""
    return (
        rule in TEMPLATES
        or rule in _REPEATS_CLASSIFICATION
        or rule in _RED_FLAGS
        or rule in _PRECAUTION_RULES
        or rule.startswith(_EXERCISE_NOTES)
        or rule.removeprefix("focus-deficit-") in DEFICITS
        or rule.removeprefix("focus-goal-") in GOALS
    )


def sentence(rule: str, params: Mapping[str, Any], catalog: Catalog | None = None) -> str:
    """The sentence in the active language (KeyError when there is none)."""
    if "source" in params:  # a focus rule repeating the classification's sentence
        return sentence(str(params["source"]), {}, catalog)
    if rule in _RED_FLAGS:
        return _red_flag(rule)
    if rule.startswith("focus-deficit-"):
        return DEFICIT_SENTENCE % {"deficit": DEFICITS[rule.removeprefix("focus-deficit-")]}
    if rule.startswith("focus-goal-"):
        return GOAL_SENTENCE % {"goal": GOALS[rule.removeprefix("focus-goal-")]}
    if "exercise" in params and "condition" in params:
        action = "modify" if rule.startswith("modify-") else "avoid"
        note = _exercise_note(str(params["exercise"]), str(params["condition"]), action, catalog)
        if note is not None:
            return note
    if rule in _PRECAUTION_RULES:
        return str(TEMPLATES[rule])
    values: dict[str, Any] = {}
    for name, value in params.items():
        if name == "question":
            values["finding"] = _question(str(value))
        elif name == "replacement":
            values["replacement"] = _exercise(str(value), catalog).name.lower()
        elif isinstance(value, int):
            values[name] = value
        else:
            raise ValueError(f"no way to say {name!r} in words")
    return str(TEMPLATES[rule]) % values


def _red_flag(rule_id: str) -> str:
    rule = _RED_FLAGS[rule_id]
    finding = FINDINGS[rule_id] if rule.question is None else RED_FLAG_QUESTIONS[rule.question]
    return f"{finding}. {WHAT_TO_DO[rule.group]}"


def _question(question: str) -> str:
    """A red-flag question answered yes after the intake (red_flags.question_text)."""
    if question in _RED_FLAG_BY_QUESTION:
        return _red_flag(_RED_FLAG_BY_QUESTION[question].id)
    urgency = LATER_ANSWER_URGENCY[question]
    action = WHAT_TO_DO["inflammatory" if urgency is Urgency.ROUTINE else "fracture"]
    return f"{RED_FLAG_QUESTIONS[question]}. {action}"


def _exercise_note(
    exercise_id: str, condition: str, action: str, catalog: Catalog | None
) -> str | None:
    """The exercise file's own `avoid` or `modify` note for a condition, in the active language
    (None: the file has none, and a precautions.py rule says why)."""
    for precaution in _exercise(exercise_id, catalog).precautions:
        if precaution.condition == condition and precaution.action.value == action:
            return precaution.note
    return None


def _exercise(exercise_id: str, catalog: Catalog | None) -> Exercise:
    """The exercise in the active language (reason_text also renders in English to compare)."""
    found = (catalog or Catalog.for_clinic(None)).exercise(exercise_id, current_language())
    if found is None:
        raise KeyError(exercise_id)
    return found


# Every deficit and goal has its words (checked here so a new one cannot slip through).
assert set(DEFICITS) == {d.value for d in Deficit}, "a deficit without words in reason_text.py"
assert set(GOALS) == {g.value for g in Goal}, "a goal without words in reason_text.py"
