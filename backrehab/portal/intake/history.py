"""The screens about the person and their back: about you, pain, where, how long, what changes
it, repeated movements and what they have been told."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from backrehab.clinical.intake import (
    EASING_ACTIVITIES,
    Activity,
    KnownCondition,
    LegSides,
    PainArea,
    Provocation,
    Response,
    Settling,
    Sex,
)
from backrehab.portal.intake.fields import (
    Group,
    StepForm,
    answer_at,
    any_of,
    as_int,
    one_of,
    put_answer,
    scale,
    yes_no,
)
from backrehab.portal.intake.screens import both_legs_contradiction

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
        coerce=as_int,
    )
    pelvic_girdle_pain = yes_no(
        _(
            "If you are pregnant: do you have pain at the back of the pelvis or over the pubic "
            "bone that is worse standing on one leg?"
        ),
        required=False,
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
            data["pelvic_girdle_pain"] = None
        return data


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
        location = {"area": data.get("location__area"), "sides": data.get("location__sides")}
        if both_legs_contradiction({**self.answers, "location": location}):
            self.add_error("location__sides", BOTH_LEGS_PROBLEM_HERE)
        return data


BOTH_LEGS_PROBLEM_HERE = _(
    "You said the pain reaches below the knee on both sides, but on the safety screen that nerve "
    "pain running down both legs does not apply. Please check where the pain reaches, or go back "
    "to 'Safety check: legs and nerves' and tick it if it applies."
)

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
    history__doctor_assessed_cancer_history = yes_no(
        _("Did that doctor know that you have had cancer?"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not (self.answers.get("red_flags") or {}).get("history_of_cancer"):
            # Asked only after "has had cancer" on the safety screens.
            del self.fields["history__doctor_assessed_cancer_history"]
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
        weeks = answer_at(answers, "history__duration_weeks")
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
        if "history__doctor_assessed_cancer_history" in self.fields:
            if not data.get("history__seen_doctor"):
                data["history__doctor_assessed_cancer_history"] = None
            elif data.get("history__doctor_assessed_cancer_history") is None:
                self.add_error(
                    "history__doctor_assessed_cancer_history",
                    self.fields["history__doctor_assessed_cancer_history"].error_messages[
                        "required"
                    ],
                )
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        answers = super().store(answers)
        put_answer(answers, "duration", None)
        put_answer(answers, "unit", None)
        put_answer(answers, "history__duration_weeks", self.cleaned_data["history__duration_weeks"])
        return answers

    def groups(self) -> Iterator[Group]:
        yield Group(
            _("How long have you had this bout of back pain?"),
            [self["duration"], self["unit"]],
            layout="pair",
        )
        yield Group("", [self["history__recurrence"]])
        yield Group("", [self["history__seen_doctor"]])
        if "history__doctor_assessed_cancer_history" in self.fields:
            yield Group("", [self["history__doctor_assessed_cancer_history"]])


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
        [a for a in ACTIVITIES if a[0] in EASING_ACTIVITIES],
        _("Choose all that apply."),
    )
    # Irritability as clinical-rules.md section 3 defines it: what brings the pain on, and how
    # long it takes to settle.
    provocation = one_of(
        _("How much activity brings your pain on?"),
        [
            (Provocation.LITTLE, _("Only a little activity")),
            (Provocation.MODERATE, _("A moderate amount of activity")),
            (Provocation.A_LOT, _("Only a lot of activity")),
        ],
    )
    settling = one_of(
        _("Once the pain has come on, how long does it take to settle?"),
        [
            (Settling.MINUTES, _("A few minutes")),
            (Settling.WITHIN_AN_HOUR, _("Within an hour")),
            (Settling.OVER_AN_HOUR, _("More than an hour")),
        ],
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
            (KnownCondition.HYPERMOBILITY, _("Very flexible joints (hypermobility)")),
            (
                KnownCondition.INFLAMMATORY,
                _("An inflammatory back condition (such as ankylosing spondylitis)"),
            ),
        ],
        _("Choose all that apply, or none. If you are not sure, leave it empty."),
    )
