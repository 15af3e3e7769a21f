"""A clinician prescribes: start from a program, edit it, hear the safety warnings, save.

The steps, each a function the page (or the API, or a command) calls in turn:

1. a starting draft: the engine's program for the latest evaluation (`from_engine`), the
   program in force (`from_program`) or a clinic template (`from_template`);
2. the edits, made by the page on the draft's items (add, remove, doses, order);
3. `problems(draft)`: what cannot be saved at all (an unknown exercise, a dose outside what the
   engine accepts) and `warnings(patient, draft)`: what goes against a precaution for this
   patient, checked with the engine's own rules against the latest evaluation;
4. `save(...)`: a new program version (the old one kept, inactive) with who, why, and a reason
   for every warning the clinician overrode.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils.translation import gettext, gettext_lazy
from pydantic import ValidationError

from backrehab.care.models import Evaluation, Program, ProgramTemplate
from backrehab.clinic.models import Clinic, Patient
from backrehab.clinical.classification import Classification, classify
from backrehab.clinical.dosing import session_seconds
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import Intake
from backrehab.clinical.program import Program as EngineProgram
from backrehab.clinical.program import ProgramItem, generate_program, safety_reasons
from backrehab.clinical.progression import ceilings
from backrehab.clinical.red_flags import STOPS_PROGRAM
from backrehab.clinical.settings import DEFAULT_SETTINGS

CLINICIAN_REASON = {"rule": "clinician-prescribed", "text": "Chosen by your physical therapist."}


class PrescriptionInvalid(ValueError):
    """The draft cannot be saved; `problems` say why, in plain words."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass
class DraftItem:
    exercise: str
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    per_side: bool = False
    reasons: list[dict[str, Any]] = field(default_factory=list)
    times_per_day: int | None = None  # a directional exercise repeated through the day
    rest_seconds: int | None = None  # None: the exercise's own rest between sets
    note: str = ""  # the clinician's words to the patient about this exercise

    def dose(self) -> tuple[int, int | None, int | None, int | None, bool]:
        return (self.sets, self.reps, self.hold_seconds, self.duration_seconds, self.per_side)


@dataclass
class Draft:
    sessions_per_week: int
    items: list[DraftItem]


@dataclass(frozen=True)
class SafetyWarning:
    exercise: str  # "" for a warning about the whole program
    rule: str
    text: str  # plain words in English, naming the exercise and the precaution (stored)
    # What the warning says as data, for saying it in the clinician's language
    # (workspace.prescribe_text): the urgency, the engine's reason, the doses above the ladder.
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.exercise or 'program'}:{self.rule}"


# --- Starting points ------------------------------------------------------------------------------


def _item(data: Mapping[str, Any]) -> DraftItem:
    return DraftItem(
        exercise=str(data["exercise"]),
        sets=int(data.get("sets") or 1),
        reps=data.get("reps"),
        hold_seconds=data.get("hold_seconds"),
        duration_seconds=data.get("duration_seconds"),
        per_side=bool(data.get("per_side")),
        reasons=list(data.get("reasons") or []),
        times_per_day=data.get("times_per_day"),
        rest_seconds=data.get("rest_seconds"),
        note=str(data.get("note") or ""),
    )


def from_program(program: Program) -> Draft:
    plan = program.plan
    return Draft(int(plan.get("sessions_per_week", 3)), [_item(i) for i in plan.get("items", [])])


def from_template(template: ProgramTemplate, sessions_per_week: int) -> Draft:
    return Draft(sessions_per_week, [_item(i) for i in template.items])


def latest_evaluation(patient: Patient) -> Evaluation | None:
    return patient.evaluations.order_by("-taken_at", "-pk").first()


def latest_intake(patient: Patient) -> Intake | None:
    """The answers of the latest complete evaluation (one a red flag stopped has no scores)."""
    for evaluation in patient.evaluations.exclude(scores={}).order_by("-taken_at", "-pk")[:1]:
        try:
            return Intake.model_validate(evaluation.answers)
        except ValidationError:
            return None
    return None


def from_engine(patient: Patient, library: Mapping[str, Exercise]) -> Draft | None:
    """The engine's program for the latest complete evaluation; None without one, or when a red
    flag means the engine gives no program."""
    intake = latest_intake(patient)
    if intake is None:
        return None
    plan = generate_program(intake, library)
    if plan.program is None:
        return None
    return Draft(
        plan.program.sessions_per_week,
        [_item(i.model_dump(mode="json")) for i in plan.program.items],
    )


def start_draft(
    patient: Patient,
    start: str,
    current: Program | None,
    templates: Sequence[ProgramTemplate],
    library: Mapping[str, Exercise],
) -> Draft | None:
    """The draft the page starts from: "current", "engine" or "template-<id>" (one of the
    clinic's `templates`); None when there is no such starting point."""
    spw = int(current.plan.get("sessions_per_week", 3)) if current else 3
    if start == "current" and current is not None:
        return from_program(current)
    if start == "engine":
        return from_engine(patient, library)
    if start.startswith("template-"):
        for template in templates:
            if f"template-{template.pk}" == start:
                return from_template(template, spw)
    return None


def carry_reasons(draft: Draft, start: Draft | None) -> None:
    """Keep the engine's (or template's) reasons for items the clinician kept from the start."""
    if start is None:
        return
    known = {i.exercise: i.reasons for i in start.items}
    for item in draft.items:
        if not item.reasons and item.exercise in known:
            item.reasons = known[item.exercise]


def edit(draft: Draft, action: str, add: str, library: Mapping[str, Exercise]) -> list[str]:
    """Apply one button press of the editor ("remove-2", "up-1", "down-0", "add" with `add`,
    or the picker's "add-<exercise id>") to the draft; returns what stopped it, in the reader's
    language."""
    verb, _sep, number = action.partition("-")
    if verb == "add" and number:
        add = number
    index = int(number) if number.isdigit() else -1
    items = draft.items
    if verb == "remove" and 0 <= index < len(items):
        del items[index]
    elif verb == "up" and 0 < index < len(items):
        items[index - 1], items[index] = items[index], items[index - 1]
    elif verb == "down" and 0 <= index < len(items) - 1:
        items[index + 1], items[index] = items[index], items[index + 1]
    elif verb == "add":
        exercise = library.get(add)
        if exercise is None:
            return [gettext("Choose an exercise to add.")]
        if any(i.exercise == add for i in items):
            return [gettext("%(name)s is already in the program.") % {"name": exercise.name}]
        dose = exercise.dose
        items.append(
            DraftItem(
                exercise=exercise.id,
                sets=dose.sets,
                reps=dose.reps,
                hold_seconds=dose.hold_seconds,
                duration_seconds=dose.duration_seconds,
                per_side=dose.per_side,
                times_per_day=dose.times_per_day,
            )
        )
    return []


# --- Checks ---------------------------------------------------------------------------------------


# The dose fields a problem can name, in the reader's language.
DOSE_FIELDS = {
    "sets": gettext_lazy("number of sets"),
    "reps": gettext_lazy("number of repetitions"),
    "hold_seconds": gettext_lazy("hold time"),
    "duration_seconds": gettext_lazy("time"),
    "times_per_day": gettext_lazy("times a day"),
    "rest_seconds": gettext_lazy("rest between sets"),
    "note": gettext_lazy("note to the patient"),
}


def problems(draft: Draft, library: Mapping[str, Exercise]) -> list[str]:
    """What stops the draft from being saved, overrides or not."""
    found: list[str] = []
    if not 1 <= draft.sessions_per_week <= 14:
        found.append(gettext("Sessions a week must be between 1 and 14."))
    if not draft.items:
        found.append(gettext("The program has no exercises: add at least one."))
    seen: set[str] = set()
    for number, item in enumerate(draft.items, start=1):
        label = gettext("Exercise %(number)s (%(name)s)") % {
            "number": number,
            "name": _name(item.exercise, library),
        }
        if item.exercise not in library:
            found.append(gettext("%(label)s: not in the exercise library.") % {"label": label})
        if item.exercise in seen:
            found.append(
                gettext("%(label)s: already in the program; each exercise once.") % {"label": label}
            )
        seen.add(item.exercise)
        if item.reps is None and item.duration_seconds is None:
            found.append(
                gettext("%(label)s: give either repetitions or a time.") % {"label": label}
            )
        try:
            ProgramItem.model_validate({**_dose_json(item), "reasons": []})
        except ValidationError as exc:
            for error in exc.errors():
                found.append(_dose_problem(label, error))
    return found


def _dose_problem(label: str, error: Any) -> str:
    """One pydantic error of a dose, said in the reader's language with the bound broken."""
    field_name = str(error["loc"][0]) if error["loc"] else ""
    said = {"label": label, "what": DOSE_FIELDS.get(field_name) or gettext("dose")}
    bounds = error.get("ctx") or {}
    if error["type"] == "string_too_long":
        return gettext("%(label)s: the %(what)s is too long.") % said
    if "ge" in bounds or "gt" in bounds:
        least = bounds.get("ge", bounds.get("gt"))
        return gettext("%(label)s: the %(what)s must be at least %(n)s.") % {**said, "n": least}
    if "le" in bounds or "lt" in bounds:
        most = bounds.get("le", bounds.get("lt"))
        return gettext("%(label)s: the %(what)s must be at most %(n)s.") % {**said, "n": most}
    return gettext("%(label)s: the %(what)s is not a valid value.") % said


def warnings(
    patient: Patient, draft: Draft, library: Mapping[str, Exercise]
) -> list[SafetyWarning]:
    """Every way the draft goes against the engine's safety rules for this patient."""
    found: list[SafetyWarning] = []
    evaluation = latest_evaluation(patient)
    referral = evaluation.referral if evaluation is not None else None
    if referral and referral.get("urgency") in {u.value for u in STOPS_PROGRAM}:
        reasons = " ".join(str(r.get("text", "")) for r in referral.get("reasons", []))
        found.append(
            SafetyWarning(
                "",
                "red-flag-referral",
                "The latest evaluation found a red flag and sent the patient to a doctor "
                f"({referral.get('urgency')}): {reasons} The engine gives no exercise program "
                "until a doctor has seen them.",
                {"urgency": referral.get("urgency"), "reasons": referral.get("reasons", [])},
            )
        )
    intake = latest_intake(patient)
    c = classify(intake) if intake is not None else None
    spread = _peripheralised(patient)
    for item in draft.items:
        exercise = library.get(item.exercise)
        if exercise is None:
            continue
        if c is not None:
            found += _precaution_warnings(exercise, c)
        if item.exercise in spread:
            found.append(_spread_warning(exercise))
        found += _dose_warnings(item, exercise)
    return found


def candidate_warnings(
    patient: Patient, slugs: Sequence[str], library: Mapping[str, Exercise]
) -> dict[str, list[SafetyWarning]]:
    """What adding each of `slugs` at its starting dose would warn about, before it is added
    (the picker shows it beside each exercise); the same rules as `warnings`, asked once."""
    intake = latest_intake(patient)
    c = classify(intake) if intake is not None else None
    spread = _peripheralised(patient)
    found: dict[str, list[SafetyWarning]] = {}
    for slug in slugs:
        exercise = library.get(slug)
        if exercise is None:
            continue
        draft = Draft(1, [])
        edit(draft, "add", slug, library)
        said = _precaution_warnings(exercise, c) if c is not None else []
        if slug in spread:
            said.append(_spread_warning(exercise))
        said += _dose_warnings(draft.items[0], exercise)
        found[slug] = said
    return found


def _spread_warning(exercise: Exercise) -> SafetyWarning:
    return SafetyWarning(
        exercise.id,
        "stop-peripheralisation",
        f"{exercise.name}: the progression rules stopped it because pain spread further down "
        "the leg with it.",
    )


def _precaution_warnings(exercise: Exercise, c: Classification) -> list[SafetyWarning]:
    """The engine's own exclusion rules (the ones that keep it out of a generated program), so a
    rule added to the engine warns the prescribing clinician too."""
    return [
        SafetyWarning(
            exercise.id,
            why.rule,
            f"{exercise.name} goes against a precaution from the latest evaluation: {why.text}",
            {"reason": why.model_dump(mode="json")},
        )
        for why in safety_reasons(exercise, c)
    ]


def _dose_warnings(item: DraftItem, exercise: Exercise) -> list[SafetyWarning]:
    top = ceilings(exercise, DEFAULT_SETTINGS)
    above = []
    over: list[dict[str, Any]] = []  # the same as data: what, the dose, the ladder's top
    if item.sets > top.sets:
        above.append(f"{item.sets} sets (top of its ladder: {top.sets})")
        over.append({"what": "sets", "dose": item.sets, "top": top.sets})
    if item.reps is not None and item.reps > top.reps:
        above.append(f"{item.reps} repetitions (top: {top.reps})")
        over.append({"what": "reps", "dose": item.reps, "top": top.reps})
    if item.hold_seconds is not None and top.hold and item.hold_seconds > top.hold:
        above.append(f"a {item.hold_seconds} s hold (top: {top.hold} s)")
        over.append({"what": "hold", "dose": item.hold_seconds, "top": top.hold})
    if item.duration_seconds is not None and top.duration and item.duration_seconds > top.duration:
        above.append(f"{item.duration_seconds} s (top: {top.duration} s)")
        over.append({"what": "duration", "dose": item.duration_seconds, "top": top.duration})
    if not above:
        return []
    return [
        SafetyWarning(
            exercise.id,
            "dose-above-ladder",
            f"{exercise.name}: the dose is above what the progression rules would ever reach - "
            f"{', '.join(above)}.",
            {"above": over},
        )
    ]


def _peripheralised(patient: Patient) -> set[str]:
    """Exercises the engine stopped because pain spread down the leg, in any program version."""
    found: set[str] = set()
    for changes in patient.programs.exclude(changes=[]).values_list("changes", flat=True):
        for decision in changes or []:
            rules = {r.get("rule") for r in decision.get("reasons", [])}
            if "stop-peripheralisation" in rules:
                found.add(str(decision.get("exercise")))
    return found


# --- Saving ---------------------------------------------------------------------------------------


@transaction.atomic
def save(
    patient: Patient,
    draft: Draft,
    *,
    by: AbstractBaseUser,
    reason: str,
    overrides: Mapping[str, str],
    library: Mapping[str, Exercise],
) -> Program:
    """A new program version in force; the previous one stays in the history, inactive.

    Raises PrescriptionInvalid when the draft has problems, the reason is missing, or a warning
    has no override reason.
    """
    found = problems(draft, library)
    if not reason.strip():
        found.append(
            gettext("Say why you are changing the program (the patient's history shows it).")
        )
    recorded = []
    for warning in warnings(patient, draft, library):
        why = (overrides.get(warning.key) or "").strip()
        if not why:
            found.append(
                gettext("Give a reason to go ahead despite the warning on %(exercise)s.")
                % {"exercise": _name(warning.exercise, library)}
                if warning.exercise
                else gettext("Give a reason to go ahead despite the warning on the whole program.")
            )
        else:
            recorded.append(
                {
                    "exercise": warning.exercise,
                    "rule": warning.rule,
                    "warning": warning.text,
                    "reason": why,
                }
            )
    if found:
        raise PrescriptionInvalid(found)
    current = Program.objects.select_for_update().filter(patient=patient, is_active=True).first()
    known = {i["exercise"]: i for i in (current.plan.get("items", []) if current else [])}
    items = []
    for item in draft.items:
        before = known.get(item.exercise)
        reasons = list(item.reasons or (before or {}).get("reasons") or [])
        if not reasons:
            reasons = [CLINICIAN_REASON]
        items.append({**_dose_json(item), "reasons": reasons})
    base: dict[str, Any] = dict(current.plan) if current else {"excluded": [], "education": []}
    if base.get("equipment") is None:
        # What the patient has at home, so later progressions need nothing else.
        intake = latest_intake(patient)
        if intake is not None:
            base["equipment"] = sorted(intake.equipment)
    plan = {
        **base,
        "sessions_per_week": draft.sessions_per_week,
        "minutes": _minutes(draft, library),
        "items": items,
    }
    try:
        checked = EngineProgram.model_validate(plan).model_dump(mode="json")
    except ValidationError as exc:  # problems() covers the items; this is the last guard
        raise PrescriptionInvalid([str(e["msg"]) for e in exc.errors()]) from exc
    if current is not None:
        current.is_active = False
        current.save(update_fields=["is_active"])
    return Program.objects.create(
        patient=patient,
        evaluation=current.evaluation if current else latest_evaluation(patient),
        created_by=by,  # type: ignore[misc]
        plan=checked,
        reason=reason.strip()[:200],
        overrides=recorded,
    )


def save_template(
    clinic: Clinic, name: str, description: str, draft: Draft, *, by: AbstractBaseUser
) -> ProgramTemplate:
    """Keep the draft's items as a clinic template; a template of the same name is replaced."""
    name = name.strip()
    if not name:
        raise PrescriptionInvalid([gettext("Give the template a name.")])
    if not draft.items:
        raise PrescriptionInvalid([gettext("A template needs at least one exercise.")])
    items = [{**_dose_json(i), "reasons": i.reasons or [CLINICIAN_REASON]} for i in draft.items]
    try:
        template, _ = ProgramTemplate.objects.update_or_create(  # type: ignore[misc]
            clinic=clinic,
            name=name[:120],
            defaults={"description": description.strip(), "items": items, "created_by": by},
        )
    except IntegrityError as exc:
        raise PrescriptionInvalid(
            [gettext("A template with that name was just saved; try again.")]
        ) from exc
    return template


def template_name(clinic: Clinic, name: str, *, keep: ProgramTemplate | None = None) -> str:
    """The name cleaned, or PrescriptionInvalid when it is empty or another template has it."""
    name = " ".join(name.split())[:120]
    if not name:
        raise PrescriptionInvalid([gettext("Give the template a name.")])
    taken = ProgramTemplate.objects.filter(clinic=clinic, name=name)
    if keep is not None:
        taken = taken.exclude(pk=keep.pk)
    if taken.exists():
        raise PrescriptionInvalid(
            [gettext("Your clinic already has a template named “%(name)s”.") % {"name": name}]
        )
    return name


def template_items(draft: Draft, library: Mapping[str, Exercise]) -> list[dict[str, Any]]:
    """The draft's items as a template keeps them; PrescriptionInvalid when one cannot be
    prescribed as it stands (a template is only ever a starting point that is checked again)."""
    if not draft.items:
        raise PrescriptionInvalid([gettext("A template needs at least one exercise.")])
    found = [p for p in problems(Draft(1, draft.items), library)]
    if found:
        raise PrescriptionInvalid(found)
    return [{**_dose_json(i), "reasons": i.reasons or [CLINICIAN_REASON]} for i in draft.items]


# --- Helpers --------------------------------------------------------------------------------------


def _dose_json(item: DraftItem) -> dict[str, Any]:
    return {
        "exercise": item.exercise,
        "sets": item.sets,
        "reps": item.reps,
        "hold_seconds": item.hold_seconds,
        "duration_seconds": item.duration_seconds,
        "per_side": item.per_side,
        "times_per_day": item.times_per_day,
        "rest_seconds": item.rest_seconds,
        "note": item.note.strip() or None,
    }


def _minutes(draft: Draft, library: Mapping[str, Exercise]) -> int:
    seconds = 0
    for item in draft.items:
        exercise = library.get(item.exercise)
        rest = exercise.dose.rest_seconds if exercise is not None else 30
        if item.rest_seconds is not None:
            rest = item.rest_seconds
        seconds += session_seconds(
            item.sets, item.reps, item.hold_seconds, item.duration_seconds, item.per_side, rest
        )
    return math.ceil(seconds / 60)


def _name(exercise_id: str, library: Mapping[str, Exercise]) -> str:
    exercise = library.get(exercise_id)
    return exercise.name if exercise is not None else exercise_id


def names(items: Sequence[DraftItem], library: Mapping[str, Exercise]) -> dict[str, str]:
    return {i.exercise: _name(i.exercise, library) for i in items}
