"""The evaluation's screens in order, and where an engine error sends the patient back to.

Two sequences: the first evaluation asks everything; the check-in (a re-assessment) is short -
pain, the red-flag screens, "has anything changed?", the questionnaires due and the patient's own
activities carried over - and asks the history again only when something has changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from backrehab.portal.intake.fields import StepForm, licensed_text, yes_no
from backrehab.portal.intake.history import (
    AboutYou,
    Conditions,
    HowLong,
    PainNow,
    RepeatedMovementsStep,
    WherePain,
    WorseBetter,
)
from backrehab.portal.intake.questionnaires import (
    Activities,
    FabqStep,
    OdiStep,
    RmdqStep,
    StartBackStep,
    wants_fabq,
)
from backrehab.portal.intake.routine import Goals, Routine
from backrehab.portal.intake.screens import SCREEN_FORMS, SCREEN_PAGES

REFERRAL_STEP = "referral"  # the draft's step once a red flag has stopped the evaluation
CHECK_IN = "reassessment"  # the draft kind of a check-in

# Draft answers the wizard keeps for itself; they are not part of the intake record.
WIZARD_ONLY = ("anything_changed", "fabq_opt_in")


@dataclass(frozen=True)
class Step:
    slug: str
    title: StrOrPromise
    intro: StrOrPromise
    form: type[StepForm]
    screen: str | None = None  # the red-flag screen this step answers (clinical.intake ids)

    @property
    def skippable(self) -> bool:
        """An optional screen: it offers a "Skip these questions" button."""
        return bool(getattr(self.form, "skippable", False))

    @property
    def red_flags(self) -> bool:
        return self.screen is not None


class AnythingChanged(StepForm):
    anything_changed = yes_no(
        _("Has anything about your back changed since your last evaluation?"),
        help_text=_(
            "For example: where the pain reaches, what makes it worse or better, something a "
            "doctor has told you, or the time you have for your exercises."
        ),
    )


def _about() -> Step:
    return Step(
        "about", _("About you"), _("A few details help us set a safe starting point."), AboutYou
    )


def _pain() -> Step:
    return Step(
        "pain",
        _("Your pain"),
        _("0 means no pain at all, 10 the worst pain you can imagine."),
        PainNow,
    )


def _safety() -> list[Step]:
    return [
        Step(page.slug, page.title, page.intro, SCREEN_FORMS[page.screen], screen=page.screen)
        for page in SCREEN_PAGES
    ]


def _history() -> list[Step]:
    return [
        Step(
            "where",
            _("Where you feel it"),
            _("Think of the furthest point the pain reaches."),
            WherePain,
        ),
        Step("how-long", _("How long"), _("A bout is this current episode of pain."), HowLong),
        Step("worse-better", _("What changes it"), _("Think of the last few days."), WorseBetter),
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
    ]


def _questionnaires(answers: Mapping[str, Any]) -> list[Step]:
    """STarT Back, the optional fear-of-activity questions (FABQ physical activity) for STarT
    Back high risk or on request, and the ODI and RMDQ only with the clinic's licensed wording
    (their statements may not ship with the app). All are due at every evaluation: they measure
    change and re-stratify."""
    text = licensed_text()
    steps = [
        Step(
            "how-it-affects-you",
            _("How your back affects you"),
            _("Think of the last two weeks. Do you agree?"),
            StartBackStep.build(),
        )
    ]
    if wants_fabq(dict(answers)):
        steps.append(
            Step(
                "activity-and-your-back",
                _("Activity and your back (optional)"),
                _(
                    "How much do you agree with each sentence? 0 means you completely disagree, "
                    "6 that you completely agree. These questions are optional: you can skip "
                    "them."
                ),
                FabqStep.build(),
            )
        )
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
    return steps


def _activities(check_in: bool) -> Step:
    if check_in:
        return Step(
            "activities",
            _("Your activities"),
            _(
                "The activities you named last time: how well can you do each now? 0 = cannot "
                "do it, 10 = as well as before the pain. You can retire one that no longer "
                "matters, or add a new one."
            ),
            Activities.build(check_in=True),
        )
    return Step(
        "activities",
        _("Activities that are hard now"),
        _(
            "Name up to 5 things your back makes hard to do, in your own words, and how well "
            "you can do each now: 0 = cannot do it, 10 = as well as before the pain."
        ),
        Activities.build(),
    )


def _plans() -> list[Step]:
    return [
        Step("goals", _("Your goals"), _("What you want from your exercises."), Goals),
        Step(
            "routine",
            _("Your routine"),
            _("Your program is built to fit the time you have."),
            Routine,
        ),
    ]


def steps_for(kind: str = "intake", answers: Mapping[str, Any] | None = None) -> list[Step]:
    """The screens in order for this kind of evaluation and the answers given so far."""
    if kind != CHECK_IN:
        return [
            _about(),
            *_safety(),
            _pain(),
            *_history(),
            *_questionnaires(answers or {}),
            _activities(check_in=False),
            *_plans(),
        ]
    steps = [
        _pain(),
        *_safety(),
        Step(
            "anything-changed",
            _("Since last time"),
            _("Your answers from last time are kept unless something has changed."),
            AnythingChanged,
        ),
    ]
    if (answers or {}).get("anything_changed"):
        steps += [_about(), *_history(), *_plans()]
    return [*steps, *_questionnaires(answers or {}), _activities(check_in=True)]


def intake_answers(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The draft's answers as an intake record: the wizard's own keys left out, and follow-up
    answers dropped when the answer they follow no longer asks for them (a carried-over answer
    must not contradict one given again today)."""
    record = {k: v for k, v in answers.items() if k not in WIZARD_ONLY}
    flags = record.get("red_flags") or {}
    if not flags.get("recent_spinal_procedure"):
        record.pop("surgery", None)
    history = record.get("history")
    if isinstance(history, dict) and not (
        flags.get("history_of_cancer") and history.get("seen_doctor")
    ):
        record["history"] = {
            k: v for k, v in history.items() if k != "doctor_assessed_cancer_history"
        }
    if not record.get("pregnant"):
        record.pop("pelvic_girdle_pain", None)
    return record


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
