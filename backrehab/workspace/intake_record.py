"""The intake on the record: every answer of an evaluation, grouped as the patient saw the
screens, with what changed since the evaluation before; and the engine's reading of it
(irritability, stage, STarT Back stratum, directional preference, treatment subgroup) in the
words a clinician uses.

The screens are the evaluation wizard's own (portal.intake.steps), so the record shows each
question with the wording the patient answered and can never drift from what was asked.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from pydantic import ValidationError

from backrehab.clinical.classification import (
    Irritability,
    Preference,
    Stage,
    Subgroup,
    classify,
    irritability_rule,
)
from backrehab.clinical.intake import Intake
from backrehab.clinical.settings import DEFAULT_SETTINGS
from backrehab.library.labels import condition_name
from backrehab.portal.intake.fields import sentence
from backrehab.portal.intake.steps import steps_for

NOT_ANSWERED = gettext_lazy("Not answered")
RED_FLAG_FIELD = "ticked"  # a red-flag screen's one question: tick each that applies
NONE_OF_THESE = "none"


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    before: str | None = None  # the evaluation before's answer, shown only when it differs
    flagged: bool = False  # a red-flag question answered yes

    @property
    def changed(self) -> bool:
        return self.before is not None


@dataclass(frozen=True)
class Screen:
    title: str
    answers: list[Answer]
    red_flags: bool = False

    @property
    def changed(self) -> bool:
        return any(a.changed for a in self.answers)

    @property
    def flagged(self) -> bool:
        return any(a.flagged for a in self.answers)


def _in_words(field: forms.Field, value: Any) -> str:
    if value is None or value == "":
        return str(NOT_ANSWERED)
    labels = {str(key): str(label) for key, label in getattr(field, "choices", [])}
    if isinstance(value, list):
        return ", ".join(labels.get(str(v), str(v)) for v in value) or _("None")
    return labels.get(str(value), str(value))


def _red_flag_answers(
    field: forms.Field, ticked: list[str] | None, before: list[str] | None, compare: bool
) -> list[Answer]:
    """Each question of a red-flag screen with its yes or no (the screen asks "tick each one
    that applies"; a clinician reads every question's answer)."""
    rows = []
    for key, label in getattr(field, "choices", []):
        if key == NONE_OF_THESE:
            continue
        now = None if ticked is None else key in ticked
        then = None if before is None else key in before
        words = {None: str(NOT_ANSWERED), True: _("Yes"), False: _("No")}
        rows.append(
            Answer(
                sentence(str(label)),
                words[now],
                words[then] if compare and then != now else None,
                flagged=now is True,
            )
        )
    return rows


def screens(answers: Mapping[str, Any], before: Mapping[str, Any] | None = None) -> list[Screen]:
    """The evaluation's answers screen by screen; `before` (the previous evaluation's answers)
    marks each answer that differs from it."""
    now = dict(answers)
    then = dict(before) if before is not None else None
    shown = []
    for step in steps_for("intake", now):
        initial = step.form.initial_from(now)
        previous = step.form.initial_from(then) if then is not None else {}
        form = step.form(initial=initial, answers=now)
        rows: list[Answer] = []
        for group in form.groups():
            names = [bound.name for bound in group.fields]
            if names == [RED_FLAG_FIELD]:
                rows += _red_flag_answers(
                    form.fields[RED_FLAG_FIELD],
                    initial.get(RED_FLAG_FIELD),
                    previous.get(RED_FLAG_FIELD),
                    then is not None,
                )
                continue
            if all(initial.get(n) in (None, "") and previous.get(n) in (None, "") for n in names):
                continue  # an optional or follow-up question that did not apply
            question = str(group.legend) if group.legend else str(form.fields[names[0]].label)
            words = " · ".join(_in_words(form.fields[n], initial.get(n)) for n in names)
            earlier = " · ".join(_in_words(form.fields[n], previous.get(n)) for n in names)
            changed = then is not None and earlier != words
            rows.append(Answer(sentence(question), words, earlier if changed else None))
        if rows:
            shown.append(Screen(str(step.title), rows, red_flags=step.red_flags))
    return shown


# --- The engine's reading, in clinician words ---------------------------------------------------

STAGES = {
    Stage.ACUTE: gettext_lazy("Acute (under 6 weeks)"),
    Stage.SUBACUTE: gettext_lazy("Subacute (6 to 12 weeks)"),
    Stage.CHRONIC: gettext_lazy("Chronic (over 12 weeks)"),
}
IRRITABILITY = {
    Irritability.LOW: gettext_lazy("Low"),
    Irritability.MODERATE: gettext_lazy("Moderate"),
    Irritability.HIGH: gettext_lazy("High"),
}
# Why the engine called irritability what it did, by rule (clinical.classification).
IRRITABILITY_BASIS = {
    "irritability-high-provoked-slow": gettext_lazy("easily provoked and over an hour to settle"),
    "irritability-high-severe-slow": gettext_lazy(
        "severe worst pain (%(high)s/10 or more) and over an hour to settle"
    ),
    "irritability-moderate-one-sign": gettext_lazy(
        "one sign: easily provoked, slow to settle or severe worst pain"
    ),
    "irritability-low-settles": gettext_lazy("not easily provoked, settles, not severe"),
    "irritability-worst-pain-high": gettext_lazy(
        "provocation and settling not asked; pain %(high)s/10 or more"
    ),
    "irritability-worst-pain-moderate": gettext_lazy(
        "provocation and settling not asked; worst pain %(moderate)s/10 or more"
    ),
    "irritability-worst-pain-low": gettext_lazy(
        "provocation and settling not asked; pain below %(moderate)s/10"
    ),
}
DIRECTIONS = {
    Preference.EXTENSION: gettext_lazy("Extension"),
    Preference.FLEXION: gettext_lazy("Flexion"),
}
SUBGROUPS = {
    Subgroup.SYMPTOM_MODULATION: gettext_lazy("Symptom modulation"),
    Subgroup.MOVEMENT_CONTROL: gettext_lazy("Movement control"),
    Subgroup.FUNCTIONAL_OPTIMISATION: gettext_lazy("Functional optimisation"),
}
STRATA = {
    "low": gettext_lazy("Low risk"),
    "medium": gettext_lazy("Medium risk"),
    "high": gettext_lazy("High risk"),
}


@dataclass(frozen=True)
class Finding:
    label: str
    value: str
    note: str = ""


def _preference_finding(answers: Intake) -> Finding:
    reading = classify(answers)
    label = _("Directional preference")
    if reading.preference is not None:
        return Finding(
            label,
            _("%(direction)s preference, tested") % {"direction": DIRECTIONS[reading.preference]},
            _("Repeated-movement test: the other direction is left out of the program."),
        )
    if reading.lean is not None:
        return Finding(
            label,
            _("Leans to %(direction)s (from a diagnosis, not tested)")
            % {"direction": str(DIRECTIONS[reading.lean]).lower()},
            _("Known lumbar stenosis: the program favours flexion; nothing is left out for it."),
        )
    if reading.suggested is not None:
        return Finding(
            label,
            _("%(direction)s preference suggested by history, not tested")
            % {"direction": DIRECTIONS[reading.suggested]},
            _(
                "Test repeated %(direction)s and record the result below; until then the "
                "program neither leans on it nor leaves the other direction out."
            )
            % {"direction": str(DIRECTIONS[reading.suggested]).lower()},
        )
    return Finding(label, _("None recorded or suggested"))


def engine_reading(answers: Mapping[str, Any], scores: Mapping[str, Any]) -> list[Finding]:
    """The classification the program was built on, in clinician words (an evaluation whose
    answers no longer validate, e.g. restored from an old version, shows what it can)."""
    try:
        intake = Intake.model_validate(dict(answers))
    except ValidationError:
        return [Finding(_("Classification"), _("Cannot be shown: the stored answers are invalid"))]
    reading = classify(intake)
    rule = irritability_rule(intake)
    limits = {
        "high": DEFAULT_SETTINGS.high_irritability_pain,
        "moderate": DEFAULT_SETTINGS.moderate_irritability_pain,
    }
    findings = [
        Finding(
            _("Stage"),
            str(STAGES[reading.stage]),
            _("%(weeks)s weeks in this episode") % {"weeks": intake.history.duration_weeks},
        ),
        Finding(
            _("Irritability"),
            str(IRRITABILITY[reading.irritability]),
            str(IRRITABILITY_BASIS[rule.id]) % limits,
        ),
    ]
    startback = scores.get("startback") or {}
    if reading.stratum is not None:
        findings.append(
            Finding(
                _("STarT Back"),
                str(STRATA.get(str(reading.stratum), reading.stratum)),
                _("total %(total)s/9, psychosocial subscale %(distress)s/5")
                % {
                    "total": startback.get("total", "?"),
                    "distress": startback.get("distress", "?"),
                },
            )
        )
    findings.append(_preference_finding(intake))
    findings.append(Finding(_("Treatment-based subgroup"), str(SUBGROUPS[reading.subgroup])))
    if reading.conditions:
        findings.append(
            Finding(
                _("Precautions applied"),
                ", ".join(sorted(condition_name(c) for c in reading.conditions)),
            )
        )
    return findings
