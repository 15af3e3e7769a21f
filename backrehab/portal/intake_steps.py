"""The online evaluation, screen by screen: which intake answers each screen asks.

Each step is a Django form whose field names are intake paths with "__" for "." (so
`pain__now` fills `pain.now`); a step with answers that do not map one to one (how long, the
PSFS rows) converts them itself. The whole Intake is validated once at the end by the engine;
the checks here catch the same mistakes earlier, on the screen that asked, in plain words.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pydantic import ValidationError

from backrehab.clinical.exercises import Equipment
from backrehab.clinical.intake import (
    Activity,
    Bothersomeness,
    Fitness,
    Goal,
    KnownCondition,
    LegSides,
    Odi,
    PainArea,
    RedFlags,
    Response,
    Sex,
)
from backrehab.clinical.questionnaires import (
    BOTHERSOMENESS_OPTIONS,
    LicensedText,
    load_licensed_text,
    odi_form,
    rmdq_form,
    startback_form,
)
from backrehab.clinical.settings import DEFAULT_SETTINGS

REFERRAL_STEP = "referral"  # the draft's step once a red flag has stopped the evaluation


# --- The clinic's licensed questionnaire text ----------------------------------------------


@lru_cache(maxsize=4)
def _load(path: str) -> LicensedText | None:
    return load_licensed_text(path)


def licensed_text() -> LicensedText | None:
    """The ODI/RMDQ/STarT Back wording the clinic installed, if any (setting or environment
    variable BACKREHAB_QUESTIONNAIRE_TEXT: a JSON or YAML file, see questionnaires.py)."""
    path = getattr(settings, "BACKREHAB_QUESTIONNAIRE_TEXT", None) or os.environ.get(
        "BACKREHAB_QUESTIONNAIRE_TEXT"
    )
    return _load(str(path)) if path else None


# --- Field helpers ----------------------------------------------------------------------------


def _yes(value: Any) -> bool:
    return bool(value == "yes")


def _int(value: Any) -> int:
    return int(value)


def _sentence(text: StrOrPromise) -> str:
    text = str(text)
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def yes_no(
    label: StrOrPromise, *, required: bool = True, help_text: StrOrPromise = ""
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[("no", _("No")), ("yes", _("Yes"))],
        coerce=_yes,
        required=required,
        empty_value=None,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "yesno"}),
    )


def scale(label: StrOrPromise, help_text: StrOrPromise = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=_int,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "scale"}),
    )


def one_of(
    label: StrOrPromise,
    choices: Sequence[tuple[str, StrOrPromise]],
    *,
    required: bool = True,
    help_text: StrOrPromise = "",
    coerce: Callable[[Any], Any] = str,
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        required=required,
        empty_value=None,
        help_text=help_text,
        widget=forms.RadioSelect(attrs={"class": "options"}),
    )


def any_of(
    label: StrOrPromise, choices: Sequence[tuple[str, StrOrPromise]], help_text: StrOrPromise = ""
) -> forms.Field:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "options"}),
    )


def _get(answers: dict[str, Any], path: str) -> Any:
    value: Any = answers
    for part in path.split("__"):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _set(answers: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split("__")
    node = answers
    for part in parents:
        node = node.setdefault(part, {})
    if value is None:
        node.pop(last, None)
    else:
        node[last] = value


# --- The step form ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    legend: StrOrPromise
    fields: list[forms.BoundField]
    layout: str = ""  # "pair": the fields side by side


class StepForm(forms.Form):
    """One screen. Subclasses declare fields named by intake path and may check them together."""

    # Intake paths this screen answers beyond its field names (for mapping the engine's errors).
    also_covers: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            name = _sentence(str(field.label))
            # Say which question needs an answer, not just "this field".
            field.error_messages["required"] = gettext("Please answer: %(question)s.") % {
                "question": name
            }
            field.error_messages["invalid_choice"] = gettext(
                "Please choose one of the answers: %(question)s."
            ) % {"question": name}
            field.error_messages["invalid"] = gettext(
                "Please enter a whole number: %(question)s."
            ) % {"question": name}

    # Reading and writing the draft.

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for name in cls.base_fields:
            value = _get(answers, name)
            if isinstance(value, bool):
                value = "yes" if value else "no"
            if value is not None:
                initial[name] = value
        return initial

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        """The draft answers with this screen's answers put in."""
        for name in self.fields:
            value = self.cleaned_data.get(name)
            if value == "" or value == []:
                # An empty optional answer leaves the engine's default; an empty list is a
                # real answer ("none of these").
                value = [] if isinstance(self.fields[name], forms.MultipleChoiceField) else None
            _set(answers, name, value)
        return answers

    @classmethod
    def covers(cls) -> set[str]:
        return {name.replace("__", ".") for name in cls.base_fields} | set(cls.also_covers)

    @classmethod
    def label_for(cls, path: str) -> str | None:
        field = cls.base_fields.get(path.replace(".", "__"))
        return _sentence(str(field.label)) if field is not None else None

    def groups(self) -> Iterator[Group]:
        """How the screen lays its questions out; by default one question per group."""
        for bound in self:
            yield Group("", [bound])


# --- About you -------------------------------------------------------------------------------


class AboutYou(StepForm):
    age = forms.IntegerField(
        label=_("Your age"),
        min_value=12,
        max_value=110,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sex = one_of(
        _("Your sex"),
        [
            (Sex.FEMALE, _("Female")),
            (Sex.MALE, _("Male")),
            (Sex.INTERSEX, _("Intersex")),
            (Sex.NOT_STATED, _("I'd rather not say")),
        ],
    )
    pregnant = yes_no(
        _("Are you pregnant?"), required=False, help_text=_("Leave empty if it does not apply.")
    )
    trimester = one_of(
        _("If you are pregnant: which trimester?"),
        [
            ("1", _("First (up to 13 weeks)")),
            ("2", _("Second (14 to 27 weeks)")),
            ("3", _("Third (28 weeks on)")),
        ],
        required=False,
        coerce=_int,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["age"].error_messages.update(
            {
                "required": _("Please enter your age."),
                "invalid": _("Please enter your age as a whole number of years."),
                "min_value": _(
                    "Your age must be 12 or more: this program is not made for younger children."
                ),
                "max_value": _("Please check your age: it must be 110 or less."),
            }
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        pregnant = bool(data.get("pregnant"))
        data["pregnant"] = pregnant
        if pregnant and data.get("sex") == Sex.MALE:
            self.add_error("pregnant", _("You chose male and pregnant: please check both answers."))
        if pregnant and not data.get("trimester"):
            self.add_error("trimester", _("Please choose the trimester of your pregnancy."))
        if not pregnant:
            data["trimester"] = None
        return data


# --- Red flags: four calm screens ---------------------------------------------------------------


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


def _red_flag_form(name: str, questions: tuple[str, ...]) -> type[StepForm]:
    fields: dict[str, Any] = {f"red_flags__{q}": yes_no(RED_FLAG_QUESTIONS[q]) for q in questions}
    return type(name, (StepForm,), fields)


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
    "feeling_unwell",
    "immunosuppressed",
    "iv_drug_use",
    "recent_bacterial_infection",
    "new_severe_or_constant_pain",
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
    "abdominal_pulsing",
    "thoracic_pain",
)
assert set(BLADDER_QUESTIONS + NERVE_QUESTIONS + HEALTH_QUESTIONS + INJURY_QUESTIONS) == set(
    RedFlags.model_fields
), "every red-flag question is asked on one screen"

BladderAndBowel = _red_flag_form("BladderAndBowel", BLADDER_QUESTIONS)
LegsAndNerves = _red_flag_form("LegsAndNerves", NERVE_QUESTIONS)
GeneralHealth = _red_flag_form("GeneralHealth", HEALTH_QUESTIONS)
HowItStarted = _red_flag_form("HowItStarted", INJURY_QUESTIONS)


# --- Pain, where, how long -------------------------------------------------------------------


class PainNow(StepForm):
    also_covers = ("pain",)
    pain__now = scale(_("Your pain right now"))
    pain__best = scale(_("Your least pain in the last 24 hours"))
    pain__worst = scale(_("Your worst pain in the last 24 hours"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        now, best, worst = (data.get(k) for k in ("pain__now", "pain__best", "pain__worst"))
        if now is not None and best is not None and best > now:
            self.add_error(
                "pain__best",
                gettext(
                    "Your least pain (%(best)s) cannot be more than your pain right now (%(now)s)."
                )
                % {"best": best, "now": now},
            )
        if now is not None and worst is not None and now > worst:
            self.add_error(
                "pain__worst",
                gettext(
                    "Your worst pain (%(worst)s) cannot be less than your pain right now (%(now)s)."
                )
                % {"worst": worst, "now": now},
            )
        return data


class WherePain(StepForm):
    also_covers = ("location",)
    location__area = one_of(
        _("How far does the pain reach?"),
        [
            (PainArea.BACK_ONLY, _("It stays in my lower back")),
            (PainArea.BUTTOCK, _("Into my buttock")),
            (PainArea.THIGH, _("Down into my thigh")),
            (PainArea.BELOW_KNEE, _("Below my knee, into the calf or foot")),
        ],
    )
    location__sides = one_of(
        _("If it goes into your buttock or leg: one side or both?"),
        [(LegSides.ONE, _("One side")), (LegSides.BOTH, _("Both sides"))],
        required=False,
    )
    location__nerve_symptoms = yes_no(
        _("Do you have pins and needles, numbness or shooting pain in the leg?"),
        required=False,
        help_text=_("Leave empty if your pain stays in your back."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area = data.get("location__area")
        if area == PainArea.BACK_ONLY:
            data["location__sides"] = None
            if data.get("location__nerve_symptoms"):
                self.add_error(
                    "location__nerve_symptoms",
                    _(
                        "You said the pain stays in your back. If you feel it in your leg, choose "
                        "how far down it goes."
                    ),
                )
        elif area and not data.get("location__sides"):
            self.add_error(
                "location__sides", _("Please say whether the pain goes into one side or both.")
            )
        if data.get("location__nerve_symptoms") is None:
            data["location__nerve_symptoms"] = False
        return data


UNITS = {"days": 1 / 7, "weeks": 1, "months": 52 / 12, "years": 52}
UNIT_NAMES = {"days": _("Days"), "weeks": _("Weeks"), "months": _("Months"), "years": _("Years")}


class HowLong(StepForm):
    also_covers = ("history",)
    duration = forms.IntegerField(
        label=_("How many"),
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    unit = forms.ChoiceField(
        label=_("Days, weeks, months or years"),
        choices=[(u, UNIT_NAMES[u]) for u in UNITS],
        initial="weeks",
    )
    history__recurrence = yes_no(_("Have you had bouts of back pain before this one?"))
    history__seen_doctor = yes_no(_("Has a doctor looked at your back during this bout?"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["duration"].error_messages.update(
            {
                "required": _(
                    "Please say how long you have had this pain: a number of days, "
                    "weeks, months or years."
                ),
                "max_value": _("Please check how long: use months or years for a long time."),
            }
        )

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial = super().initial_from(answers)
        weeks = _get(answers, "history__duration_weeks")
        if weeks is not None:
            years, rest = divmod(weeks, 52)
            initial.update({"duration": years, "unit": "years"} if weeks and not rest else {})
            initial.setdefault("duration", weeks)
            initial.setdefault("unit", "weeks")
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount, unit = data.get("duration"), data.get("unit")
        if amount is not None and unit in UNITS:
            weeks = int(amount * UNITS[unit])
            if weeks > 5200:
                self.add_error("duration", _("Please check how long: that is more than 100 years."))
            data["history__duration_weeks"] = weeks
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        answers = super().store(answers)
        _set(answers, "duration", None)
        _set(answers, "unit", None)
        _set(answers, "history__duration_weeks", self.cleaned_data["history__duration_weeks"])
        return answers

    def groups(self) -> Iterator[Group]:
        yield Group(
            _("How long have you had this bout of back pain?"),
            [self["duration"], self["unit"]],
            layout="pair",
        )
        yield Group("", [self["history__recurrence"]])
        yield Group("", [self["history__seen_doctor"]])


# --- What makes it worse or better -----------------------------------------------------------

ACTIVITIES = [
    (Activity.SITTING, _("Sitting")),
    (Activity.STANDING, pgettext_lazy("activity", "Standing")),
    (Activity.WALKING, _("Walking")),
    (Activity.BENDING_FORWARD, _("Bending forward")),
    (Activity.BENDING_BACKWARD, _("Leaning backward")),
    (Activity.LIFTING, _("Lifting")),
    (Activity.LYING, _("Lying down")),
    (Activity.MORNING_STIFFNESS, _("Stiffness in the morning")),
]


class WorseBetter(StepForm):
    worse_with = any_of(_("What makes your pain worse?"), ACTIVITIES, _("Choose all that apply."))
    better_with = any_of(
        _("What eases your pain?"),
        [a for a in ACTIVITIES if a[0] != Activity.MORNING_STIFFNESS],
        _("Choose all that apply."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        both = set(data.get("worse_with") or []) & set(data.get("better_with") or [])
        if both:
            names = ", ".join(str(label).lower() for value, label in ACTIVITIES if value in both)
            self.add_error(
                "better_with",
                gettext("Chosen as both making it worse and easing it: %(names)s. Please pick one.")
                % {"names": names},
            )
        return data


# --- Repeated movements ----------------------------------------------------------------------

RESPONSES = [
    (Response.NOT_TESTED, _("Not tested")),
    (Response.CENTRALISES, _("The pain eased or moved back toward my spine")),
    (Response.PERIPHERALISES, _("The pain spread further down my leg")),
    (Response.NO_EFFECT, _("No change")),
]


class RepeatedMovementsStep(StepForm):
    also_covers = ("repeated_movements",)
    repeated_movements__flexion = one_of(
        _("Bending forward again and again (about 10 times)"), RESPONSES, required=False
    )
    repeated_movements__extension = one_of(
        _("Leaning backward again and again (about 10 times)"), RESPONSES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.initial = Response.NOT_TESTED.value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("repeated_movements__flexion", "repeated_movements__extension"):
            data[name] = data.get(name) or Response.NOT_TESTED
        if (
            data["repeated_movements__flexion"] == Response.CENTRALISES
            and data["repeated_movements__extension"] == Response.CENTRALISES
        ):
            self.add_error(
                "repeated_movements__extension",
                _(
                    "Only one direction usually eases the pain: please choose the one that helped "
                    "more, or 'No change' for the other."
                ),
            )
        return data


# --- Known conditions ------------------------------------------------------------------------


class Conditions(StepForm):
    known_conditions = any_of(
        _("Has a doctor or therapist told you that you have any of these?"),
        [
            (KnownCondition.DISC_HERNIATION, _("A slipped or bulging disc (disc herniation)")),
            (KnownCondition.STENOSIS, _("Narrowing of the spinal canal (stenosis)")),
            (KnownCondition.SPONDYLOLISTHESIS, _("A vertebra slipped forward (spondylolisthesis)")),
            (KnownCondition.OSTEOPOROSIS, _("Thin or weak bones (osteoporosis)")),
            (KnownCondition.ARTHRITIS, _("Arthritis in the spine")),
            (KnownCondition.MUSCLE_STRAIN, _("A strained back muscle")),
            (KnownCondition.LIGAMENT_SPRAIN, _("A sprained ligament in the back")),
            (KnownCondition.POSTURAL, _("Back pain from posture")),
            (KnownCondition.PREGNANCY_RELATED, _("Back pain related to pregnancy")),
            (
                KnownCondition.INFLAMMATORY,
                _("An inflammatory back condition (such as ankylosing spondylitis)"),
            ),
        ],
        _("Choose all that apply, or none. If you are not sure, leave it empty."),
    )


# --- Questionnaires --------------------------------------------------------------------------


# Our plain-words STarT Back items, by key (a clinic's licensed wording is shown as installed).
STARTBACK_ITEMS: dict[str, StrOrPromise] = {
    "leg_pain": _("pain spread down the leg in the last 2 weeks"),
    "shoulder_or_neck_pain": _("shoulder or neck pain as well"),
    "walked_short_distances_only": _("walked only short distances"),
    "dressed_more_slowly": _("dressed more slowly than usual"),
    "activity_feels_unsafe": _("being active does not feel safe"),
    "worrying_thoughts": _("worrying thoughts a lot of the time"),
    "feels_it_will_never_improve": _("feels it will never get better"),
    "lost_enjoyment": _("stopped enjoying things"),
    "bothersomeness": _("how bothersome overall"),
}
BOTHERSOMENESS_WORDS: tuple[StrOrPromise, ...] = (
    _("Not at all"),
    _("Slightly"),
    _("Moderately"),
    _("Very much"),
    _("Extremely"),
)


def _bothersomeness() -> tuple[StrOrPromise, ...]:
    """Our translated answers where they are the bundled English ones."""
    if tuple(BOTHERSOMENESS_OPTIONS) == (
        "Not at all",
        "Slightly",
        "Moderately",
        "Very much",
        "Extremely",
    ):
        return BOTHERSOMENESS_WORDS
    return tuple(BOTHERSOMENESS_OPTIONS)


class StartBackStep(StepForm):
    also_covers = ("startback",)

    @classmethod
    def build(cls) -> type[StartBackStep]:
        fields: dict[str, Any] = {}
        text = licensed_text()
        plain = text is None or getattr(text, "startback", None) is None  # our own wording
        for item in startback_form(text):
            label = _sentence(STARTBACK_ITEMS.get(item.key, item.title) if plain else item.title)
            if item.statements:
                fields[f"startback__{item.key}"] = one_of(
                    label,
                    [
                        (b.value, text)
                        for b, text in zip(Bothersomeness, _bothersomeness(), strict=True)
                    ],
                )
            else:
                field = yes_no(label)
                field.choices = [("no", _("Disagree")), ("yes", _("Agree"))]
                fields[f"startback__{item.key}"] = field
        return type("StartBack", (cls,), fields)


class OdiStep(StepForm):
    also_covers = ("odi",)

    @classmethod
    def build(cls) -> type[OdiStep]:
        fields: dict[str, Any] = {}
        for item in odi_form(licensed_text()):
            fields[f"odi__{item.key}"] = one_of(
                f"{item.number}. {item.title}",
                [(str(n), text) for n, text in enumerate(item.statements or [])],
                required=False,
                coerce=_int,
                help_text=_("Choose the one sentence that fits you best today."),
            )
        return type("Odi", (cls,), fields)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        answers = {k.removeprefix("odi__"): v for k, v in data.items() if v is not None}
        if answers:
            try:
                Odi.model_validate(answers)
            except ValidationError:
                needed = DEFAULT_SETTINGS.odi_min_answered
                raise forms.ValidationError(
                    gettext(
                        "Please answer at least %(needed)s of the 10 sections (you answered "
                        "%(answered)s). Skip only those that do not apply to you."
                    )
                    % {"needed": needed, "answered": len(answers)}
                ) from None
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        sections = {
            k.removeprefix("odi__"): v for k, v in self.cleaned_data.items() if v is not None
        }
        answers["odi"] = sections or None
        if not sections:
            answers.pop("odi")
        return answers


class RmdqStep(StepForm):
    also_covers = ("rmdq",)

    @classmethod
    def build(cls) -> type[RmdqStep]:
        items = rmdq_form(licensed_text())
        field = any_of(
            _("Tick each sentence that describes you today"),
            [(item.key, item.title) for item in items],
            _("Leave a sentence unticked if it does not fit you today."),
        )
        return type("Rmdq", (cls,), {"rmdq": field})

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        ticked = answers.get("rmdq")
        return {"rmdq": [str(n) for n in ticked]} if ticked is not None else {}

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        answers["rmdq"] = sorted(int(n) for n in self.cleaned_data.get("rmdq") or [])
        return answers


# --- Activities, goals, your routine ----------------------------------------------------------

PSFS_ROWS = 5
SCORE_CHOICES: list[tuple[str, StrOrPromise]] = [
    ("", _("Choose 0 to 10")),
    ("0", _("0 - cannot do it")),
    *((str(n), str(n)) for n in range(1, 10)),
    ("10", _("10 - as well as before")),
]


class Activities(StepForm):
    also_covers = ("psfs",)

    @classmethod
    def build(cls) -> type[Activities]:
        fields: dict[str, Any] = {}
        for n in range(1, PSFS_ROWS + 1):
            fields[f"activity_{n}"] = forms.CharField(
                label=_("What is it?"),
                required=False,
                max_length=80,
                widget=forms.TextInput(
                    attrs={"placeholder": _("for example: gardening")} if n == 1 else {}
                ),
            )
            fields[f"score_{n}"] = forms.TypedChoiceField(
                label=_("How well can you do it now?"),
                choices=SCORE_CHOICES,
                coerce=_int,
                required=False,
                empty_value=None,
            )
        return type("Psfs", (cls,), fields)

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for n, row in enumerate(answers.get("psfs") or [], start=1):
            initial[f"activity_{n}"] = row.get("activity", "")
            if row.get("score") is not None:
                initial[f"score_{n}"] = str(row["score"])
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        seen: set[str] = set()
        for n in range(1, PSFS_ROWS + 1):
            activity = (data.get(f"activity_{n}") or "").strip()
            score = data.get(f"score_{n}")
            if activity and score is None:
                self.add_error(
                    f"score_{n}",
                    gettext("Please choose how well you can do activity %(n)s now.") % {"n": n},
                )
            if score is not None and not activity:
                self.add_error(
                    f"activity_{n}",
                    gettext("Please name activity %(n)s, or clear its score.") % {"n": n},
                )
            if activity and len(activity) < 2:
                self.add_error(
                    f"activity_{n}",
                    gettext("Please describe activity %(n)s in a few words.") % {"n": n},
                )
            if activity and activity.lower() in seen:
                self.add_error(
                    f"activity_{n}", gettext("Activity %(n)s is already listed above.") % {"n": n}
                )
            seen.add(activity.lower())
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        rows = []
        for n in range(1, PSFS_ROWS + 1):
            activity = (self.cleaned_data.get(f"activity_{n}") or "").strip()
            if activity:
                rows.append({"activity": activity, "score": self.cleaned_data[f"score_{n}"]})
        answers["psfs"] = rows
        return answers

    def groups(self) -> Iterator[Group]:
        for n in range(1, PSFS_ROWS + 1):
            yield Group(
                gettext("Activity %(n)s") % {"n": n}, [self[f"activity_{n}"], self[f"score_{n}"]]
            )


class Goals(StepForm):
    goals = any_of(
        _("What would you most like to get back to?"),
        [
            (Goal.LESS_PAIN, _("Less pain")),
            (Goal.WALK_FURTHER, _("Walking further")),
            (Goal.SIT_LONGER, _("Sitting for longer")),
            (Goal.STAND_LONGER, _("Standing for longer")),
            (Goal.LIFT_AND_CARRY, _("Lifting and carrying")),
            (Goal.BEND_AND_REACH, _("Bending and reaching")),
            (Goal.SLEEP_BETTER, _("Sleeping better")),
            (Goal.RETURN_TO_WORK, _("Getting back to work")),
            (Goal.RETURN_TO_SPORT, _("Getting back to sport")),
            (Goal.PREVENT_RECURRENCE, _("Keeping the pain from coming back")),
        ],
        _("Choose all that matter to you."),
    )
    goal_notes = forms.CharField(
        label=_("Anything else you want to be able to do? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MINUTES = _("%(n)s minutes")  # 10 and more
DAYS = _("%(n)s days")  # 2 and more


class Routine(StepForm):
    minutes_per_session = one_of(
        _("How many minutes can you give each session?"),
        [(str(n), MINUTES % {"n": n}) for n in (10, 15, 20, 30, 45)],
        coerce=_int,
    )
    sessions_per_week = one_of(
        _("How many days a week can you exercise?"),
        [(str(n), DAYS % {"n": n}) for n in range(2, 8)],
        coerce=_int,
    )
    equipment = any_of(
        _("Do you have any of these at home?"),
        [
            (Equipment.STRAP, _("A strap or belt (a long towel works too)")),
            (Equipment.BAND, _("An exercise band")),
            (Equipment.STEP, _("A step or sturdy low box")),
            (Equipment.WEDGE, _("A foam wedge")),
        ],
        _("A floor, a wall, a chair and a pillow are all most exercises need."),
    )
    fitness = one_of(
        _("How active are you usually?"),
        [
            (Fitness.LOW, _("Not very active")),
            (Fitness.MODERATE, _("Somewhat active (walks, some exercise)")),
            (Fitness.HIGH, _("Very active (regular sport or training)")),
        ],
    )


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
