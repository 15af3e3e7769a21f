"""The questionnaire screens: STarT Back, the ODI and RMDQ (with licensed wording only) and the
patient's own activities (PSFS)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise
from pydantic import ValidationError

from backrehab.clinical.intake import (
    Bothersomeness,
    Odi,
    StartBack,
)
from backrehab.clinical.questionnaires import (
    BOTHERSOMENESS_OPTIONS,
    odi_form,
    rmdq_form,
    startback_form,
)
from backrehab.clinical.scoring import ScoreError, StartBackRisk, score_startback
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.portal.intake.fields import (
    Group,
    StepForm,
    any_of,
    as_int,
    licensed_text,
    one_of,
    sentence,
    yes_no,
)

# --- Questionnaires --------------------------------------------------------------------------


# Our plain-words STarT Back items, by key: first-person statements the patient agrees or
# disagrees with (the ninth is a question with five answers). Written for this project, faithful
# to what each item asks; a clinic's licensed wording is shown as installed.
STARTBACK_ITEMS: dict[str, StrOrPromise] = {
    "leg_pain": _(
        "At some point in the last two weeks, pain from my back went down one or both legs."
    ),
    "shoulder_or_neck_pain": _(
        "In the last two weeks I have also had pain in my shoulder or neck."
    ),
    "walked_short_distances_only": _(
        "Because of my back, I have only been walking short distances."
    ),
    "dressed_more_slowly": _("My back has made me slower than usual at getting dressed."),
    "activity_feels_unsafe": _(
        "I feel it is not safe for someone with a back like mine to be physically active."
    ),
    "worrying_thoughts": _("Much of the time, my mind has been full of worries."),
    "feels_it_will_never_improve": _("I feel my back pain is dreadful and will never improve."),
    "lost_enjoyment": _("These days I get less pleasure from the things I used to enjoy."),
    "bothersomeness": _(
        "All in all, how much has your back pain bothered you in the last two weeks?"
    ),
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
            label = (
                str(STARTBACK_ITEMS[item.key])
                if plain and item.key in STARTBACK_ITEMS
                else sentence(item.title)
            )
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
        fields["fabq_opt_in"] = yes_no(
            _(
                "Would you also like to answer four short questions about physical activity "
                "and your back? (optional)"
            ),
            required=False,
            help_text=_(
                "They tell your physical therapist how being active feels to you. You can leave "
                "this unanswered."
            ),
        )
        return type("StartBack", (cls,), fields)


# --- Fear of activity (FABQ physical-activity subscale, optional) ----------------------------

# Our own wording of the four scored physical-activity items (FABQ items 2-5, Waddell 1993),
# in their order: what they ask, not the questionnaire's sentences. A clinic that wants the
# original wording must check its licence.
FABQ_ITEMS: tuple[StrOrPromise, ...] = (
    _("When I am physically active, my back pain gets worse."),
    _("Being physically active could damage my back."),
    _("I ought to stay away from activities that might make my back pain worse."),
    _("I am not able to do activities that might make my back pain worse."),
)
FABQ_CHOICES: list[tuple[str, StrOrPromise]] = [
    ("0", _("0 - completely disagree")),
    ("1", "1"),
    ("2", "2"),
    ("3", _("3 - not sure")),
    ("4", "4"),
    ("5", "5"),
    ("6", _("6 - completely agree")),
]


def wants_fabq(answers: dict[str, Any]) -> bool:
    """Whether the evaluation offers the optional fear-of-activity questions: STarT Back high
    risk, the patient asked for them, or they were answered before (to change them)."""
    if answers.get("fabq_opt_in") or answers.get("fabq_pa") is not None:
        return True
    startback = answers.get("startback")
    if not isinstance(startback, dict):
        return False
    try:
        record = StartBack.model_validate(startback)
        score = score_startback(record.items_1_to_8(), record.bothersomeness)
    except (ValidationError, ScoreError):
        return False  # not all answered yet
    return score.risk is StartBackRisk.HIGH


class FabqStep(StepForm):
    """Four optional statements about physical activity and the back, each 0-6. All four, or
    none: the patient may skip the screen (leave it blank, or press "Skip these questions")."""

    also_covers = ("fabq_pa",)
    skippable = True

    @classmethod
    def build(cls) -> type[FabqStep]:
        fields: dict[str, Any] = {
            f"fabq_{n}": one_of(sentence(text), FABQ_CHOICES, required=False, coerce=as_int)
            for n, text in enumerate(FABQ_ITEMS, start=1)
        }
        return type("Fabq", (cls,), fields)

    @classmethod
    def initial_from(cls, answers: dict[str, Any]) -> dict[str, Any]:
        given = answers.get("fabq_pa") or []
        return {f"fabq_{n}": str(value) for n, value in enumerate(given, start=1)}

    def skipped(self) -> bool:
        return bool(self.data.get("skip"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.skipped():
            return {}
        answered = [data.get(f"fabq_{n}") for n in range(1, len(FABQ_ITEMS) + 1)]
        if any(a is not None for a in answered) and any(a is None for a in answered):
            raise forms.ValidationError(
                gettext(
                    "Please answer all four statements, or leave all four blank (or press "
                    "\u201cSkip these questions\u201d) to skip them."
                )
            )
        return data

    def store(self, answers: dict[str, Any]) -> dict[str, Any]:
        given = [self.cleaned_data.get(f"fabq_{n}") for n in range(1, len(FABQ_ITEMS) + 1)]
        if self.skipped() or None in given:
            answers.pop("fabq_pa", None)  # skipped: the engine reads "not asked"
        else:
            answers["fabq_pa"] = given
        return answers


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
                coerce=as_int,
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

    # A check-in: the rows start with the activities named last time, to rate again, and each
    # can be retired (no longer rated) - the scores stay comparable from one time to the next.
    check_in = False

    @classmethod
    def build(cls, *, check_in: bool = False) -> type[Activities]:
        fields: dict[str, Any] = {"check_in": check_in}
        for n in range(1, PSFS_ROWS + 1):
            if check_in:
                fields[f"retire_{n}"] = forms.BooleanField(
                    label=_("Retire this activity: I no longer want to rate it"), required=False
                )
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
                coerce=as_int,
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
            if data.get(f"retire_{n}"):
                continue  # retired: not rated, not kept
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
            if activity and not self.cleaned_data.get(f"retire_{n}"):
                rows.append({"activity": activity, "score": self.cleaned_data[f"score_{n}"]})
        answers["psfs"] = rows
        return answers

    def groups(self) -> Iterator[Group]:
        for n in range(1, PSFS_ROWS + 1):
            row = [self[f"activity_{n}"], self[f"score_{n}"]]
            if self.check_in and self.initial.get(f"activity_{n}"):
                row.append(self[f"retire_{n}"])
            yield Group(gettext("Activity %(n)s") % {"n": n}, row)
