"""Program generation: from an intake and the exercise library to a plan that explains itself.

`generate_program(intake, library)` is a pure function of its inputs (no clock, no randomness,
every collection sorted), so the same intake always gives the same plan. In order it:

1. screens red flags: emergency, urgent or soon means a referral and no program;
2. classifies the findings (classification.py) into the precaution conditions and the focus;
3. leaves out every exercise a precaution or a directional rule forbids, saying why;
4. scores the remaining exercises against the focus rules (focus.py) and fills the phases of a
   session (warm-up -> mobility -> motor control / strength -> stretch) without two rungs of
   one ladder;
5. sets each dose from the exercise's default, adjusted for irritability, fitness and age
   (dosing.py);
6. trims sets, then items, then reps until the session fits the minutes available;
7. adds the education topics that match what aggravates the person (education.py).

The rule tables are rendered into docs/engine-rules.md by rulebook.py.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

from backrehab.clinical.classification import Classification, Preference, classify
from backrehab.clinical.conditions import CONDITIONS
from backrehab.clinical.dosing import Prescription, fit_to_budget, starting_dose
from backrehab.clinical.education import EducationItem, choose_topics
from backrehab.clinical.exercises import Bias, Equipment, Exercise
from backrehab.clinical.focus import (
    PHASE_OF,
    PHASES,
    TRAINING,
    VARIANT_OF,
    Context,
    focus_reasons,
    quotas,
)
from backrehab.clinical.intake import Intake
from backrehab.clinical.precautions import RULES, contraindicated
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.red_flags import Clearance, Referral, screen
from backrehab.clinical.scoring import Scores, score_intake
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

# --- Output models (the JSON contract of `backrehab plan`) ------------------------------------


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ProgramItem(_Out):
    exercise: str
    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(None, ge=1, le=50)
    hold_seconds: int | None = Field(None, ge=1, le=300)
    duration_seconds: int | None = Field(None, ge=5, le=3600)
    per_side: bool = False
    reasons: list[Reason]


class Excluded(_Out):
    exercise: str
    reasons: list[Reason]


class Program(_Out):
    sessions_per_week: int = Field(ge=1, le=14)
    minutes: int = Field(ge=0, description="estimated length of one session")
    items: list[ProgramItem]
    excluded: list[Excluded]
    education: list[EducationItem]


class Plan(_Out):
    referral: Referral | None
    program: Program | None
    scores: Scores

    def to_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), indent=2, ensure_ascii=False)


# --- Equipment ---------------------------------------------------------------------------------

# Every home has a floor (a towel or carpet does for a mat), a wall, a chair and a pillow; other
# equipment must be listed in the intake.
HOUSEHOLD = frozenset({Equipment.MAT, Equipment.WALL, Equipment.CHAIR, Equipment.PILLOW})


def has_equipment(exercise: Exercise, at_hand: frozenset[Equipment]) -> bool:
    return all(item in HOUSEHOLD or item in at_hand for item in exercise.equipment)


# --- Safety: what is left out and why ---------------------------------------------------------


@dataclass(frozen=True)
class DirectionRule:
    """Leaves out exercises biased against the person's directional preference."""

    id: str
    preference: Preference
    bias: Bias
    applies: str
    text: str


DIRECTION_RULES: tuple[DirectionRule, ...] = (
    DirectionRule(
        "avoid-extension-flexion-preference",
        Preference.FLEXION,
        Bias.EXTENSION,
        "flexion preference (tested, stenosis or history pattern): extension-biased exercises",
        "Bending backwards tends to bring on your symptoms, so backward-bending exercises are "
        "left out.",
    ),
    DirectionRule(
        "avoid-flexion-extension-preference",
        Preference.EXTENSION,
        Bias.FLEXION,
        "extension preference (tested or history pattern): flexion-biased exercises, early phase",
        "Backward bending helps your pain, and forward bending tends to work against it, so "
        "forward-bending exercises are left out for now.",
    ),
)


def _precaution_rule_id(exercise: Exercise, condition: str) -> str:
    """The precautions.py rule behind an exclusion, or the exercise file's own precaution."""
    for rule in RULES:
        if rule.condition == condition and rule.matches(exercise):
            return rule.id
    return f"precaution-{condition}"


def avoidances(exercise: Exercise) -> dict[str, Reason]:
    """Every condition that rules the exercise out, with its reason (computed once per library:
    contraindicated() over all conditions, then filtered per intake)."""
    return {
        condition: Reason(
            rule=_precaution_rule_id(exercise, condition),
            text=note,
            params={"exercise": exercise.id, "condition": condition},
        )
        for condition, note in contraindicated(exercise, set(CONDITIONS))
    }


def safety_reasons(
    exercise: Exercise, c: Classification, avoid: Mapping[str, Reason] | None = None
) -> list[Reason]:
    if avoid is None:
        avoid = avoidances(exercise)
    reasons = [why for condition, why in avoid.items() if condition in c.conditions]
    for rule in DIRECTION_RULES:
        if c.preference is rule.preference and exercise.bias is rule.bias:
            reasons.append(reason(rule.id, rule.text))
    return reasons


# --- Assembly ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LibraryIndex:
    exercises: tuple[Exercise, ...]  # sorted by id
    advanced: frozenset[str]
    ladder: dict[str, frozenset[str]]  # direct progression/regression neighbours
    avoid: dict[str, dict[str, Reason]]  # exercise -> condition -> why it is left out


def _build_index(library: Mapping[str, Exercise]) -> LibraryIndex:
    exercises = tuple(library[key] for key in sorted(library))
    # Harder variants of control and strength work (see focus-start-at-base-level): the next
    # rung of another control or strength exercise. A mobility exercise that leads on to one
    # (cat-camel -> bird-dog) does not make it a harder variant.
    advanced = frozenset(
        step.exercise
        for e in exercises
        if e.category in TRAINING
        for step in e.progression
        if step.exercise is not None
        and step.exercise in library
        and library[step.exercise].category in TRAINING
    )
    neighbours: dict[str, set[str]] = {e.id: set() for e in exercises}
    for e in exercises:
        for step in (*e.progression, *e.regression):
            if step.exercise is not None:
                neighbours[e.id].add(step.exercise)
                neighbours.setdefault(step.exercise, set()).add(e.id)
    return LibraryIndex(
        exercises=exercises,
        advanced=advanced,
        ladder={key: frozenset(value) for key, value in neighbours.items()},
        avoid={e.id: avoidances(e) for e in exercises},
    )


# The library is loaded once and reused; its index is built once per library object.
_INDEX_CACHE: dict[int, tuple[Mapping[str, Exercise], LibraryIndex]] = {}


def library_index(library: Mapping[str, Exercise]) -> LibraryIndex:
    """The index of a library, built on first use. A library is treated as unchanging (as
    load_library() returns it); a mapping that changes size is indexed afresh."""
    cached = _INDEX_CACHE.get(id(library))
    if cached is not None and cached[0] is library and len(cached[1].exercises) == len(library):
        return cached[1]
    index = _build_index(library)
    if len(_INDEX_CACHE) > 16:
        _INDEX_CACHE.clear()
    _INDEX_CACHE[id(library)] = (library, index)
    return index


def _modify_notes(exercise: Exercise, c: Classification) -> list[Reason]:
    """`modify` precautions for present conditions: prescribed with the change the note says."""
    return [
        reason(f"modify-{p.condition}", p.note, exercise=exercise.id, condition=p.condition)
        for p in exercise.precautions
        if p.action.value == "modify" and p.condition in c.conditions
    ]


def build_program(
    intake: Intake,
    library: Mapping[str, Exercise],
    c: Classification,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> Program:
    index = library_index(library)
    ctx = Context(intake=intake, c=c, advanced=index.advanced)
    at_hand = frozenset(intake.equipment)

    excluded: list[Excluded] = []
    candidates: list[tuple[int, int, Exercise, list[Reason]]] = []  # (phase, score, ex, why)
    for exercise in index.exercises:
        unsafe = safety_reasons(exercise, c, index.avoid[exercise.id])
        if unsafe:
            excluded.append(Excluded(exercise=exercise.id, reasons=unsafe))
            continue
        if not has_equipment(exercise, at_hand):
            continue
        score, why = focus_reasons(exercise, ctx)
        candidates.append((PHASES.index(PHASE_OF[exercise.category]), score, exercise, why))

    # Best first; the id breaks ties so the order never depends on the library's order.
    candidates.sort(key=lambda t: (t[0], -t[1], t[2].id))
    wanted = quotas(c, intake)
    chosen: list[Prescription] = []
    taken: set[str] = set()
    for phase_index, _phase in enumerate(PHASES):
        count = 0
        for phase, score, exercise, why in candidates:
            if phase != phase_index or count >= wanted[phase_index]:
                continue
            if index.ladder.get(exercise.id, frozenset()) & taken:
                continue  # one rung of a ladder per program
            if VARIANT_OF.get(exercise.id, frozenset()) & taken:
                continue  # one version of a movement per program
            sets, reps, hold, duration, dose_why = starting_dose(exercise, intake, c, settings)
            reasons = [reason(f"phase-{PHASES[phase].id}", PHASES[phase].text)]
            reasons += why + _modify_notes(exercise, c) + dose_why
            chosen.append(Prescription(exercise, phase, score, sets, reps, hold, duration, reasons))
            taken.add(exercise.id)
            count += 1

    # The minimum program: the best control/strength item and the best gentle item.
    for phases in ((2,), (0, 1)):
        best = [p for p in chosen if p.phase in phases]
        if best:
            max(best, key=lambda p: (p.score, -p.phase)).protected = True

    fit_to_budget(chosen, intake.minutes_per_session * 60, settings)
    seconds = sum(p.seconds(settings) for p in chosen)
    items = [
        ProgramItem(
            exercise=p.exercise.id,
            sets=p.sets,
            reps=p.reps,
            hold_seconds=p.hold_seconds,
            duration_seconds=p.duration_seconds,
            per_side=p.per_side,
            reasons=p.reasons,
        )
        for p in chosen
    ]
    return Program(
        sessions_per_week=intake.sessions_per_week,
        minutes=math.ceil(seconds / 60),
        items=items,
        excluded=excluded,
        education=choose_topics(intake, c),
    )


def generate_program(
    intake: Intake,
    library: Mapping[str, Exercise],
    settings: EngineSettings = DEFAULT_SETTINGS,
    *,
    clearance: Clearance | None = None,
) -> Plan:
    """The plan for one intake: a referral, a program, or a routine referral with a program.

    `clearance` is a clinician's recorded decision for this episode (red_flags.Clearance): the
    soon and routine rules it names no longer stop the program.
    """
    scores = score_intake(intake, settings)
    referral = screen(intake, settings, clearance=clearance)
    if referral is not None and referral.stops_program:
        return Plan(referral=referral, program=None, scores=scores)
    program = build_program(intake, library, classify(intake, settings), settings)
    return Plan(referral=referral, program=program, scores=scores)
