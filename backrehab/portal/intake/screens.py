"""The red-flag screens: the safety questions as the patient reads them, a few to a screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pydantic import ValidationError

from backrehab.clinical.intake import (
    RED_FLAG_SCREENS,
    Intake,
    LegSides,
    PainArea,
    Procedure,
    RedFlags,
)
from backrehab.clinical.red_flags import Referral, screen
from backrehab.portal.intake.fields import StepForm, one_of, put_answer, sentence, yes_no

# --- Red flags: one screen per suspicion, each with 'None of these' ------------------------------


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
        "A new change in sexual function (for example erection, ejaculation, arousal or "
        "orgasm) or in feeling in the genitals"
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
    "new_severe_or_constant_pain": _(
        "The back pain is new and severe, or constant (it never lets up)"
    ),
    "feeling_unwell": _("Feeling generally unwell"),
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
    "abdominal_pulsing": _("A pulsing or throbbing feeling in the belly along with the back pain"),
    "thoracic_pain": _("The pain is mainly in the upper or middle back, not the lower back"),
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


class SurgeryScreen(SafetyScreen):
    """The surgery screen also asks about the operation when one is ticked: the post-operative
    pathway needs what was done, how long ago, the surgeon's clearance and how the wound is."""

    surgery__procedure = one_of(
        _("If you had an operation or injection: what was it?"),
        [
            (Procedure.DISCECTOMY, _("Removing part of a disc (discectomy)")),
            (Procedure.DECOMPRESSION, _("Making more room for the nerves (decompression)")),
            (Procedure.FUSION, _("Joining vertebrae together (fusion)")),
            (Procedure.DISC_REPLACEMENT, _("An artificial disc (disc replacement)")),
            (Procedure.INJECTION, _("An injection into the spine")),
            (Procedure.OTHER, _("Something else")),
        ],
        required=False,
    )
    surgery__weeks_since = forms.IntegerField(
        label=_("How many weeks ago?"),
        required=False,
        min_value=0,
        max_value=520,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    surgery__surgeon_cleared = yes_no(
        _("Has your surgeon (or their team) said you can start exercising?"), required=False
    )
    surgery__wound_problem = yes_no(
        _("Is the wound red, weeping or leaking, or has it opened?"), required=False
    )
    surgery__new_severe_pain = yes_no(
        _("Have you had new, severe pain since the operation (not the usual healing soreness)?"),
        required=False,
    )
    DETAILS = (
        "surgery__procedure",
        "surgery__weeks_since",
        "surgery__surgeon_cleared",
        "surgery__wound_problem",
        "surgery__new_severe_pain",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "recent_spinal_procedure" in (data.get("ticked") or []):
            for name in self.DETAILS:
                if data.get(name) is None:
                    self.add_error(name, self.fields[name].error_messages["required"])
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        answers = super().store(answers)
        if "recent_spinal_procedure" in (self.cleaned_data.get("ticked") or []):
            answers["surgery"] = {
                name.removeprefix("surgery__"): self.cleaned_data[name] for name in self.DETAILS
            }
        else:
            answers.pop("surgery", None)
        return answers

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(answers)
        for key, value in (answers.get("surgery") or {}).items():
            initial[f"surgery__{key}"] = (
                ("yes" if value else "no") if isinstance(value, bool) else value
            )
        return initial

    @classmethod
    def covers(cls) -> set[str]:
        return super().covers() | {"surgery"} | {n.replace("__", ".") for n in cls.DETAILS}

    @classmethod
    def label_for(cls, path: str) -> str | None:
        field = cls.base_fields.get(path.replace(".", "__"))
        if field is not None and path.startswith("surgery"):
            return sentence(str(field.label))
        return super().label_for(path)


# The screens in the engine's order (clinical.intake.RED_FLAG_SCREENS, by stable id), each with
# the slug of its page, its title and the sentence that opens it.
@dataclass(frozen=True)
class ScreenPage:
    screen: str  # the engine's screen id, stored in the draft once answered
    slug: str
    title: StrOrPromise
    intro: StrOrPromise


ASK_NOW = _("Do any of these apply to you now?")
SCREEN_PAGES: tuple[ScreenPage, ...] = (
    ScreenPage(
        "cauda-equina",
        "bladder-and-bowel",
        _("Safety check: bladder, bowel and feeling"),
        _(
            "These questions check for the rare problems that need a doctor before exercise. "
            "Most people answer no to all of them. Do any of these apply to you now?"
        ),
    ),
    ScreenPage("neurological", "legs-and-nerves", _("Safety check: legs and nerves"), ASK_NOW),
    ScreenPage("infection", "general-health", _("Safety check: your general health"), ASK_NOW),
    ScreenPage("surgery", "spine-operations", _("Safety check: operations on your spine"), ASK_NOW),
    ScreenPage(
        "cancer", "cancer-and-weight", _("Safety check: cancer, weight and night pain"), ASK_NOW
    ),
    ScreenPage(
        "fracture",
        "how-it-started",
        _("Safety check: how the pain started"),
        _("Do any of these apply to you?"),
    ),
    ScreenPage(
        "inflammatory", "stiffness-and-sleep", _("Safety check: stiffness and sleep"), ASK_NOW
    ),
    ScreenPage("other", "other-signs", _("Safety check: belly and upper back"), ASK_NOW),
)
assert [p.screen for p in SCREEN_PAGES] == [s.id for s in RED_FLAG_SCREENS], "one page a screen"
SCREEN_IDS = tuple(s.id for s in RED_FLAG_SCREENS)


def _form_name(screen_id: str) -> str:
    return "Screen" + "".join(part.title() for part in screen_id.split("-"))


SCREEN_FORMS: dict[str, type[SafetyScreen]] = {
    screen.id: (SurgeryScreen if screen.id == "surgery" else SafetyScreen).build(
        _form_name(screen.id), screen.questions
    )
    for screen in RED_FLAG_SCREENS
}


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
        for key in ("age", "sex", "pregnant", "trimester", "red_flags", "surgery", "location")
        if key in answers
    }
    try:
        intake = Intake.model_validate({**stand_in, **known})
    except ValidationError:
        # An answer on a later screen contradicts an earlier one (it is named when the patient
        # finishes); screen on the safety answers alone meanwhile.
        only_flags = {k: answers[k] for k in ("red_flags", "surgery") if k in answers}
        intake = Intake.model_validate({**stand_in, **only_flags})
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
