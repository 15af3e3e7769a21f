"""The building blocks of the evaluation screens: the step form, its question types, and the
clinic's licensed questionnaire wording.

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
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from backrehab.clinical.questionnaires import (
    LicensedText,
    load_licensed_text,
)

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


def as_int(value: Any) -> int:
    return int(value)


def sentence(text: StrOrPromise) -> str:
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
        coerce=as_int,
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


def answer_at(answers: dict[str, Any], path: str) -> Any:
    value: Any = answers
    for part in path.split("__"):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def put_answer(answers: dict[str, Any], path: str, value: Any) -> None:
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

    def __init__(self, *args: Any, answers: dict[str, Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The answers given on earlier screens, for checks across screens.
        self.answers: dict[str, Any] = answers or {}
        for field in self.fields.values():
            name = sentence(str(field.label))
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
            value = answer_at(answers, name)
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
            put_answer(answers, name, value)
        return answers

    @classmethod
    def covers(cls) -> set[str]:
        return {name.replace("__", ".") for name in cls.base_fields} | set(cls.also_covers)

    @classmethod
    def label_for(cls, path: str) -> str | None:
        field = cls.base_fields.get(path.replace(".", "__"))
        return sentence(str(field.label)) if field is not None else None

    def groups(self) -> Iterator[Group]:
        """How the screen lays its questions out; by default one question per group."""
        for bound in self:
            yield Group("", [bound])
