"""The evaluation's screens in order, and where an engine error sends the patient back to."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from backrehab.portal.intake.fields import (
    StepForm,
    licensed_text,
)
from backrehab.portal.intake.history import (
    AboutYou,
    Conditions,
    HowLong,
    PainNow,
    RepeatedMovementsStep,
    WherePain,
    WorseBetter,
)
from backrehab.portal.intake.questionnaires import Activities, OdiStep, RmdqStep, StartBackStep
from backrehab.portal.intake.routine import Goals, Routine
from backrehab.portal.intake.screens import (
    BladderAndBowel,
    GeneralHealth,
    HowItStarted,
    LegsAndNerves,
)

REFERRAL_STEP = "referral"  # the draft's step once a red flag has stopped the evaluation

# --- The sequence ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Step:
    slug: str
    title: StrOrPromise
    intro: StrOrPromise
    form: type[StepForm]
    red_flags: bool = False


def steps_for() -> list[Step]:
    """The screens in order. The ODI and RMDQ screens appear only with the clinic's licensed
    wording (their statements may not ship with the app)."""
    text = licensed_text()
    steps = [
        Step(
            "about", _("About you"), _("A few details help us set a safe starting point."), AboutYou
        ),
        Step(
            "bladder-and-bowel",
            _("Safety check: bladder, bowel and feeling"),
            _(
                "These questions check for the rare problems that need a doctor before exercise. "
                "Most people answer no to all of them. Do any of these apply to you now?"
            ),
            BladderAndBowel,
            red_flags=True,
        ),
        Step(
            "legs-and-nerves",
            _("Safety check: legs and nerves"),
            _("Do any of these apply to you now?"),
            LegsAndNerves,
            red_flags=True,
        ),
        Step(
            "general-health",
            _("Safety check: your general health"),
            _("Do any of these apply to you?"),
            GeneralHealth,
            red_flags=True,
        ),
        Step(
            "how-it-started",
            _("Safety check: how the pain started"),
            _("Do any of these apply to you?"),
            HowItStarted,
            red_flags=True,
        ),
        Step(
            "pain",
            _("Your pain"),
            _("0 means no pain at all, 10 the worst pain you can imagine."),
            PainNow,
        ),
        Step(
            "where",
            _("Where you feel it"),
            _("Think of the furthest point the pain reaches."),
            WherePain,
        ),
        Step("how-long", _("How long"), _("A bout is this current episode of pain."), HowLong),
        Step(
            "worse-better",
            _("What changes it"),
            _("Think of the last few days."),
            WorseBetter,
        ),
        Step(
            "movements",
            _("Moving again and again (optional)"),
            _(
                "Some people notice that bending the same way about ten times in a row changes "
                "their pain. If you (or your therapist) have tried it, say what happened. If not, "
                "leave 'Not tested' and go on."
            ),
            RepeatedMovementsStep,
        ),
        Step(
            "conditions",
            _("What you have been told"),
            _("Only what a doctor or therapist has told you."),
            Conditions,
        ),
        Step(
            "how-it-affects-you",
            _("How your back affects you"),
            _("Thinking about the last 2 weeks, do you agree or disagree?"),
            StartBackStep.build(),
        ),
    ]
    if text is not None and text.odi is not None:
        steps.append(
            Step(
                "daily-life",
                _("Your daily life"),
                _("For each section, choose the one sentence that fits you best today."),
                OdiStep.build(),
            )
        )
    if text is not None and text.rmdq is not None:
        steps.append(
            Step(
                "today",
                _("Your back today"),
                _("When your back hurts, you may find some things harder to do."),
                RmdqStep.build(),
            )
        )
    steps += [
        Step(
            "activities",
            _("Activities that are hard now"),
            _(
                "Name up to 5 things your back makes hard to do, in your own words, and how well "
                "you can do each now: 0 = cannot do it, 10 = as well as before the pain."
            ),
            Activities.build(),
        ),
        Step("goals", _("Your goals"), _("What you want from your exercises."), Goals),
        Step(
            "routine",
            _("Your routine"),
            _("Your program is built to fit the time you have."),
            Routine,
        ),
    ]
    return steps


# The engine's own words for contradictions between screens, said for the patient.
PLAIN_PROBLEMS = {
    "history": _(
        "this bout of pain would have lasted longer than your life so far. Please check "
        "how long you have had it (and your age on the first screen)."
    ),
    "known_conditions": _(
        "pregnancy-related back pain was chosen, but your sex is given as male. "
        "Please check both answers."
    ),
    "pregnant": _("you chose male and pregnant: please check both answers."),
}


def plain_problem(path: str, message: str) -> str:
    return str(PLAIN_PROBLEMS.get(path, message))


def step_for_path(steps: list[Step], path: str) -> tuple[Step, str]:
    """The step that asks the answer an engine error names ("psfs[0].score"), and its question
    in plain words."""
    clean = path.split("[", 1)[0]
    tests: tuple[Callable[[str], bool], ...] = (
        lambda covered: clean == covered,
        lambda covered: clean.startswith(covered + "."),
        lambda covered: covered.startswith(clean + "."),
    )
    for matches in tests:
        for step in steps:
            for covered in sorted(step.form.covers()):
                if matches(covered):
                    return step, step.form.label_for(covered) or str(step.title)
    return steps[0], str(steps[0].title)
