"""The red-flag screens: the safety questions as the patient reads them, a few to a screen."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pydantic import ValidationError

from backrehab.clinical.intake import Intake, LegSides, PainArea, RedFlags
from backrehab.clinical.red_flags import Referral, screen
from backrehab.portal.intake.fields import StepForm, put_answer, sentence

# --- Red flags: four calm screens, each with 'None of these' ------------------------------------


# The red-flag questions as the patient reads them (the descriptions in clinical/intake.py,
# in a sentence each), here so they can be translated; the assert below keeps the keys in step.
RED_FLAG_QUESTIONS: dict[str, StrOrPromise] = {
    "saddle_numbness": _(
        "Numbness or tingling between the inner thighs, around the genitals, the back passage "
        "or the buttocks (saddle area)"
    ),
    "altered_feeling_when_wiping": _("Feeling is different when wiping after using the toilet"),
    "new_bladder_control_difficulty": _(
        "New difficulty starting, stopping or controlling the flow of urine"
    ),
    "loss_of_sensation_passing_urine": _("Cannot feel urine passing"),
    "new_urinary_leaking": _("New leaking of urine, or a new need to wear pads"),
    "bladder_fullness_unaware": _("Not knowing when the bladder is full or empty"),
    "bowel_incontinence": _("Loss of control of the bowels"),
    "loss_of_sensation_passing_motion": _("Cannot feel a bowel motion passing"),
    "new_sexual_function_change": _(
        "A new change in feeling in the genitals, or in sexual function (for example erection, "
        "ejaculation, arousal or orgasm)"
    ),
    "sciatica_both_legs": _("Nerve pain (sciatica) running down both legs"),
    "worsening_leg_weakness": _("Weakness in a leg that is getting worse"),
    "foot_drop": _("The front of the foot drops or catches when walking (foot drop)"),
    "spreading_numbness": _("Numbness in a leg that is spreading"),
    "fever_chills_or_sweats": _("Fever, chills or sweats together with the back pain"),
    "immunosuppressed": _(
        "A weakened immune system (for example chemotherapy, transplant medicines)"
    ),
    "iv_drug_use": _("Injecting drugs into a vein"),
    "recent_bacterial_infection": _(
        "A bacterial infection recently (for example of the urine or skin)"
    ),
    "recent_spinal_procedure": _("An operation or injection in the spine recently"),
    "history_of_cancer": _("Has had cancer at any time"),
    "unexplained_weight_loss": _("Losing weight without trying to"),
    "constant_night_pain": _("Constant pain at night that no change of position eases"),
    "no_improvement_after_4_to_6_weeks_of_care": _(
        "No improvement after 4 to 6 weeks of treatment"
    ),
    "major_trauma": _(
        "The pain began with a significant injury (for example a fall from a height or a road "
        "accident)"
    ),
    "minor_trauma_or_strain": _("The pain began with a minor fall, knock or strain"),
    "long_term_corticosteroids": _("Taking steroid tablets (corticosteroids) for a long time"),
    "sudden_severe_central_pain": _("Sudden, severe pain in the middle of the back"),
    "morning_stiffness_over_30_min_easing_with_movement": _(
        "Morning stiffness lasting more than 30 minutes that eases with movement"
    ),
    "waking_second_half_of_night": _("Woken by back pain in the second half of the night"),
}
assert set(RED_FLAG_QUESTIONS) == set(RedFlags.model_fields), "every red flag has its question"


NONE_OF_THESE = "none"


class SafetyScreen(StepForm):
    """A red-flag screen: the patient ticks each question that applies, or "None of these".

    Leaving the screen blank is not an answer: the screen counts as answered only once the
    patient has ticked something, so no question is ever taken as "no" by default.
    """

    questions: tuple[str, ...] = ()

    @classmethod
    def build(cls, name: str, questions: tuple[str, ...]) -> type[SafetyScreen]:
        field = forms.MultipleChoiceField(
            label=_("Tick each one that applies to you, or 'None of these'"),
            choices=[(q, RED_FLAG_QUESTIONS[q]) for q in questions]
            + [(NONE_OF_THESE, _("None of these"))],
            widget=forms.CheckboxSelectMultiple(attrs={"class": "options safety"}),
        )
        return type(name, (cls,), {"questions": questions, "ticked": field})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ticked"].error_messages["required"] = gettext(
            "Please tick each one that applies to you, or 'None of these'."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        ticked = set(data.get("ticked") or [])
        if NONE_OF_THESE in ticked and len(ticked) > 1:
            self.add_error(
                "ticked",
                gettext(
                    "You ticked 'None of these' and also something above it: please check "
                    "your answers."
                ),
            )
        return data

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        flags = answers.get("red_flags") or {}
        if not all(q in flags for q in cls.questions):
            return {}  # not answered yet in this evaluation: nothing ticked for the patient
        ticked = [q for q in cls.questions if flags[q] is True]
        return {"ticked": ticked or [NONE_OF_THESE]}

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        ticked = set(self.cleaned_data.get("ticked") or [])
        for question in self.questions:
            put_answer(answers, f"red_flags__{question}", question in ticked)
        return answers

    @classmethod
    def covers(cls) -> set[str]:
        return {f"red_flags.{q}" for q in cls.questions}

    @classmethod
    def label_for(cls, path: str) -> str | None:
        question = path.removeprefix("red_flags.")
        return sentence(RED_FLAG_QUESTIONS[question]) if question in cls.questions else None


BLADDER_QUESTIONS = (
    "saddle_numbness",
    "altered_feeling_when_wiping",
    "new_bladder_control_difficulty",
    "loss_of_sensation_passing_urine",
    "new_urinary_leaking",
    "bladder_fullness_unaware",
    "bowel_incontinence",
    "loss_of_sensation_passing_motion",
    "new_sexual_function_change",
)
NERVE_QUESTIONS = (
    "sciatica_both_legs",
    "worsening_leg_weakness",
    "foot_drop",
    "spreading_numbness",
)
HEALTH_QUESTIONS = (
    "fever_chills_or_sweats",
    "immunosuppressed",
    "iv_drug_use",
    "recent_bacterial_infection",
    "recent_spinal_procedure",
    "history_of_cancer",
    "unexplained_weight_loss",
    "constant_night_pain",
    "no_improvement_after_4_to_6_weeks_of_care",
)
INJURY_QUESTIONS = (
    "major_trauma",
    "minor_trauma_or_strain",
    "long_term_corticosteroids",
    "sudden_severe_central_pain",
    "morning_stiffness_over_30_min_easing_with_movement",
    "waking_second_half_of_night",
)
assert set(BLADDER_QUESTIONS + NERVE_QUESTIONS + HEALTH_QUESTIONS + INJURY_QUESTIONS) == set(
    RedFlags.model_fields
), "every red-flag question is asked on one screen"

BladderAndBowel = SafetyScreen.build("BladderAndBowel", BLADDER_QUESTIONS)
LegsAndNerves = SafetyScreen.build("LegsAndNerves", NERVE_QUESTIONS)
GeneralHealth = SafetyScreen.build("GeneralHealth", HEALTH_QUESTIONS)
HowItStarted = SafetyScreen.build("HowItStarted", INJURY_QUESTIONS)


# --- Screening what is known so far, and contradictions between screens ----------------------


def provisional_referral(answers: dict[str, Any]) -> Referral | None:
    """The red-flag screen on what is known so far, before pain and history are asked.

    Unknown required answers get neutral stand-ins that fire no rule on their own (no pain, a
    recurrent episode that began this week), so only what the patient has said counts.
    """
    stand_in: dict[str, Any] = {
        "age": 40,
        "sex": "not-stated",
        "pain": {"now": 0, "best": 0, "worst": 0},
        "history": {"duration_weeks": 0, "recurrence": True},
    }
    known = {
        key: answers[key]
        for key in ("age", "sex", "pregnant", "trimester", "red_flags", "location")
        if key in answers
    }
    try:
        intake = Intake.model_validate({**stand_in, **known})
    except ValidationError:
        intake = Intake.model_validate({**stand_in, "red_flags": answers.get("red_flags", {})})
    return screen(intake)


def both_legs_contradiction(answers: dict[str, Any]) -> bool:
    """Leg symptoms below the knee on both sides while "nerve pain down both legs" was not
    ticked: the same thing said two ways, and the safety answer must not be the one that is
    wrong (bilateral leg symptoms are a warning sign that needs a doctor at once)."""
    location = answers.get("location") or {}
    flags = answers.get("red_flags") or {}
    return (
        location.get("area") == PainArea.BELOW_KNEE
        and location.get("sides") == LegSides.BOTH
        and flags.get("sciatica_both_legs") is False
    )


BOTH_LEGS_PROBLEM = _(
    "you said the pain reaches below the knee on both sides, but on the safety screen that "
    "nerve pain running down both legs does not apply. Please check where the pain reaches, or "
    "go back to 'Safety check: legs and nerves' and tick it if it applies."
)


def cross_screen_problems(answers: dict[str, Any]) -> list[str]:
    """Contradictions between screens that no single screen can see, as engine-style
    "path: problem" lines (the wizard sends the patient to the screen that asked)."""
    if both_legs_contradiction(answers):
        return ["location.sides: " + str(BOTH_LEGS_PROBLEM)]
    return []
