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
from backrehab.clinical.red_flags import LATER_ANSWERS, RED_FLAG_RULES
from backrehab.library.catalog import Catalog
from backrehab.library.localization import current_language
from backrehab.portal.intake import RED_FLAG_QUESTIONS

# Rule id -> the sentence, placeholders as in the engine's (progression.py's {pain} is %(pain)s).
TEMPLATES: dict[str, Promise] = {
    # Red flags: a clinician's recorded clearance (red_flags.CLEARANCE_TEXT)
    "clearance-recorded": _(
        "%(by)s recorded on %(on)s that you can start the exercises, after looking at the "
        "answers that needed a check."
    ),
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
        "Repeated forward bending eased your symptoms at your examination, so backward-bending "
        "exercises are left out for now."
    ),
    "avoid-flexion-extension-preference": _(
        "Repeated backward bending eased your symptoms at your examination, so forward-bending "
        "exercises are left out for now."
    ),
    # What some programs must hold, the care pathway, a full session (populations.py,
    # pathways.py, program.py)
    "need-directional": _(
        "At your examination, bending this way again and again eased your symptoms; this is "
        "the exercise that repeats it."
    ),
    "need-stenosis-flexed-walking": _(
        "Walking in short spells, leaning forward a little (on a trolley or walking poles), "
        "keeps you walking while giving the nerves room."
    ),
    "need-stenosis-cycling": _(
        "Cycling keeps you fit in a forward-leaning position that gives the nerves room."
    ),
    "need-osteoporosis-balance": _(
        "Balance training makes a fall, and a broken bone, less likely."
    ),
    "need-osteoporosis-back-extensors": _(
        "Strong back muscles, worked with the spine straight, help protect the spine's bones."
    ),
    "need-osteoporosis-resistance": _(
        "Strength work that builds up over the weeks keeps bones and muscles strong."
    ),
    "need-osteoporosis-walking": _("Regular walking is good for the bones as well as the back."),
    "need-pregnancy-pelvic-floor": _(
        "Pelvic-floor training is recommended for everyone during pregnancy and after giving "
        "birth; it supports the bladder and the lower back."
    ),
    "pathway-graded-activity": _(
        "The time for this activity is planned in advance and rises a little each week, "
        "whatever the pain does that day: you build up by the plan, not by how you feel."
    ),
    "pathway-graded-exposure": _(
        "Practises, a little at a time, a movement that has been bringing on your pain, so it"
        " feels safer and easier as the weeks go by."
    ),
    "fill-full-session": _(
        "Added so the session uses the time you have set aside for it, with strength work at "
        "its core."
    ),
    "dose-full-session": _("One set more, so the session uses the time you have set aside for it."),
    "dose-full-session-longer": _(
        "A little more of this one, so the session uses the time you have set aside for it."
    ),
    "dose-times-per-day": _(
        "Repeat this one little and often: about every two to three hours through the day, as"
        " well as in the session."
    ),
    "need-chronic-strength": _(
        "For back pain that has lasted more than three months, strength work is the core of "
        "the program."
    ),
    "need-pelvic-girdle-friendly": _(
        "Both legs share the work evenly in this exercise, which is kinder to a sore pelvis."
    ),
    "exclude-no-floor-transfer": _(
        "You told us getting down to the floor and up again is hard, so exercises done on the"
        " floor are left out; standing, seated and wall exercises take their place."
    ),
    "exclude-hypermobility-end-range": _(
        "Your joints move further than most, so stretches held at the end of the range are "
        "left out; the program builds strength and control instead."
    ),
    "exclude-post-operative-flexion-twisting": _(
        "In the first weeks after back surgery, bending forward under load and twisting are "
        "left out while the operated area heals."
    ),
    "exclude-pelvic-girdle-one-leg": _(
        "Standing or kneeling on one leg tends to bring on pain at the back or front of the "
        "pelvis, so this program shares the load between both legs."
    ),
    "education-pain-science-first": _(
        "Understanding why back pain lingers, and that it rarely means harm, comes first: it "
        "makes everything else in the program easier."
    ),
    "education-self-management": _(
        "Your answers point to a good outlook: staying active and a short, simple program are"
        " usually what it takes, and you are in charge of both."
    ),
    "education-pelvic-girdle-belt": _(
        "For pain at the back or front of the pelvis in pregnancy, a pelvic support belt can "
        "make walking and standing easier; ask your physical therapist about one."
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
    "replace-directional": _(
        "Instead, do %(replacement)s: an easier movement in the same direction, until your "
        "physical therapist has looked at it."
    ),
    "alert-directional-no-replacement": _(
        "Your physical therapist has been asked to choose what replaces this exercise."
    ),
    "hold-peripheralisation-elsewhere": _(
        "Your leg pain spread during another exercise, so everything stays as it is until your "
        "physical therapist has looked at it."
    ),
    "regress-skipped-painful": _(
        "You skipped this exercise because it hurt too much, so the next session is easier."
    ),
    "alert-skipped-painful": _(
        "You have skipped this exercise as too painful more than once; your physical therapist "
        "has been told."
    ),
    "hold-skipped": _("You skipped this exercise last time, so it stays at the same dose."),
    "regress-after-gap": _(
        "It has been %(days)s days since the session before, so you restart one step lower and "
        "build up again."
    ),
    "hold-after-gap": _(
        "It has been %(days)s days since the session before: restart at this dose and build up "
        "again."
    ),
    "alert-morning-rise": _(
        "Your pain the next morning was %(rise)s points higher than before the session; your "
        "physical therapist has been told."
    ),
    "hold-pain-after": _(
        "Pain after the session reached %(pain)s/10, more than the 5 that is acceptable, so stay "
        "at this dose."
    ),
    "hold-not-settled": _(
        "Your pain the next morning (%(morning)s/10) was not quite back to where it was before "
        "the session (%(before)s/10): stay at this dose until it is."
    ),
    "hold-walking-weekly": _(
        "Walking grows by at most a fifth a week, so keep to this length a little longer."
    ),
    "hold-directional-kept": _(
        "This exercise eases your pain by moving in its direction, so it stays in your program "
        "instead of being swapped for a harder one."
    ),
    "monitor-pain-at-baseline": _(
        "Your pain was already %(before)s/10 before you started; exercise that does not raise it "
        "above that is acceptable."
    ),
    "reassess-kept": _(
        "Kept at your current dose: your check-in did not change what this exercise is for."
    ),
    "reassess-added": _("Added after your check-in, for what your answers show now."),
    "reassess-removed": _(
        "Taken out after your check-in, to make room for what your answers show matters most now."
    ),
    "reassess-removed-safety": _("Taken out after your check-in to keep you safe."),
    "reassess-pathway": _(
        "Your check-in suggests a different kind of program suits you better now."
    ),
    "reassess-referral": _("Your check-in found something your physical therapist should look at."),
    "reassess-proposed": _(
        "Your physical therapist will look at the changes your check-in suggests; until then, "
        "keep to your current program."
    ),
    "monitor-centralising": _(
        "Your leg pain moved back toward your back during this exercise: a good sign, even if "
        "your back feels it more."
    ),
}

# Red flags: what was answered (rules that are one question use the intake's wording).
FINDINGS: dict[str, Promise] = {
    "ces-bilateral-leg-symptoms": _("Your pain reaches below the knee in both legs"),
    "stenosis-both-legs-review": _("Your pain reaches below the knee in both legs"),
    "aneurysm-abdominal-pulsing": _(
        "You feel a pulsing or throbbing in the belly along with the back pain"
    ),
    "abdominal-pulsing-review": _(
        "You feel a pulsing or throbbing in the belly along with the back pain"
    ),
    "infection-unwell-with-risk": _(
        "You feel generally unwell, and another of your answers raises the chance of an infection"
    ),
    "infection-risk-with-severe-pain": _(
        "Your back pain is new and severe or constant, and another of your answers raises the "
        "chance of an infection"
    ),
    "postop-complication": _(
        "Since your spinal operation or injection, you have a problem with the wound or new, "
        "severe pain"
    ),
    "postop-awaiting-clearance": _(
        "You had an operation or injection in the spine recently, and your surgeon's clearance "
        "to exercise is not recorded yet"
    ),
    "malignancy-history": _(
        "You have had cancer, and a doctor's check of this back pain with that in mind is not "
        "recorded yet"
    ),
    "malignancy-history-assessed": _(
        "You have had cancer, and a doctor has checked this back pain knowing that"
    ),
    "malignancy-history-with-symptoms": _(
        "You have had cancer, and you are losing weight without trying or have constant pain "
        "at night"
    ),
    "malignancy-age-at-onset": _(
        "This back pain began recently, for the first time, at an age when it is worth a "
        "closer look"
    ),
    "fracture-fragility": _(
        "You have sudden, severe pain in the middle of the back, and your bones may be fragile "
        "(osteoporosis or long-term steroid tablets)"
    ),
    "fracture-minor-trauma": _(
        "The pain began with a minor fall or strain, and your bones may be fragile "
        "(osteoporosis or long-term steroid tablets)"
    ),
    "fracture-older-central-pain": _("You have sudden, severe pain in the middle of the back"),
    "weak-flags-combined": _("Several of your answers need a closer look together"),
    "pregnancy-urinary-leaking": _("You are pregnant and have new leaking of urine"),
    "inflammatory-pattern": _(
        "Your back pain began before middle age, has lasted for months and comes with long "
        "morning stiffness or waking in the night"
    ),
}

# What to do now, by the red-flag rule's advice (red_flags.WHAT_TO_DO).
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
    "infection-soon": _(
        "See a doctor within the next few days, before you start the exercises, to check for "
        "an infection."
    ),
    "aneurysm": _(
        "Go to an emergency department now. A pulsing feeling in the belly together with back "
        "pain needs checking straight away."
    ),
    "thoracic": _(
        "Book to see your doctor within the next few days, before you start the exercises. "
        "These exercises are for the lower back; pain higher up needs a doctor's check first."
    ),
    "post-operative": _(
        "Ask your surgeon's team whether you may start exercising. The program starts once "
        "their clearance is recorded."
    ),
    "post-operative-urgent": _(
        "Contact your surgeon's team or see a doctor today, before you do any exercise."
    ),
    "pregnancy": _(
        "You can do the exercises; training the pelvic floor muscles helps with this. Mention "
        "it to your midwife or doctor at your next appointment."
    ),
    "review": _("Your physical therapist will go over this answer with you at your next review."),
    "stenosis": _(
        "You can do the exercises. If the leg symptoms change, spread, or come with numbness in "
        "the saddle area or bladder or bowel changes, go to an emergency department now."
    ),
    "combined": _(
        "Book to see your doctor within the next few days, before you start the exercises. "
        "Each of these answers is common on its own, but together they need a doctor's check."
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
        elif isinstance(value, int) or name in ("by", "on"):  # a number, a name or a date
            values[name] = value
        else:
            raise ValueError(f"no way to say {name!r} in words")
    return str(TEMPLATES[rule]) % values


def _red_flag(rule_id: str) -> str:
    rule = _RED_FLAGS[rule_id]
    finding = FINDINGS[rule_id] if rule.question is None else RED_FLAG_QUESTIONS[rule.question]
    return f"{finding}. {WHAT_TO_DO[rule.what_to_do]}"


def red_flag_finding(rule_id: str) -> str | None:
    """What the patient answered that fired a red-flag rule, without the patient's advice (the
    clinician's alert says what to do); None for a rule with no words here."""
    rule = _RED_FLAGS.get(rule_id)
    if rule is None:
        return None
    if rule.question is not None:
        return str(RED_FLAG_QUESTIONS[rule.question])
    return str(FINDINGS[rule_id]) if rule_id in FINDINGS else None


def question_finding(question: str) -> str:
    """A red-flag question answered yes, in the active language."""
    return str(RED_FLAG_QUESTIONS.get(question, question))


def _question(question: str) -> str:
    """A red-flag question answered yes after the intake (red_flags.question_text)."""
    if question in _RED_FLAG_BY_QUESTION:
        return _red_flag(_RED_FLAG_BY_QUESTION[question].id)
    return f"{RED_FLAG_QUESTIONS[question]}. {WHAT_TO_DO[LATER_ANSWERS[question][1]]}"


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
