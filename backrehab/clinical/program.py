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
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from backrehab.clinical.classification import (
    Classification,
    Irritability,
    Preference,
    classify,
    direction_notes,
)
from backrehab.clinical.conditions import CONDITIONS
from backrehab.clinical.dosing import DOSE_RULES, Prescription, fit_to_budget, starting_dose
from backrehab.clinical.education import EducationItem, choose_topics
from backrehab.clinical.exercises import (
    Bias,
    Category,
    Equipment,
    Exercise,
    PrecautionAction,
    Tag,
)
from backrehab.clinical.focus import (
    PHASE_OF,
    PHASES,
    TRAINING,
    VARIANT_OF,
    Context,
    FocusScorer,
    picked,
    quotas,
)
from backrehab.clinical.intake import Activity, Fitness, Intake
from backrehab.clinical.pathways import (
    GRADED_ACTIVITY,
    Pathway,
    build_pathway,
    clinician_notes,
    feared_movements,
    pathway_needs,
)
from backrehab.clinical.populations import (
    EXCLUSIONS,
    Exclusion,
    Need,
    applicable_needs,
    is_walking,
    withheld_tags,
)
from backrehab.clinical.precautions import RULES, contraindicated
from backrehab.clinical.reasons import Reason, reason
from backrehab.clinical.red_flags import Clearance, Referral, screen
from backrehab.clinical.scoring import Scores, StartBackRisk, score_intake
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
    times_per_day: int | None = Field(
        None,
        ge=1,
        le=12,
        description="the directional exercise: times a day its sets are repeated (None: once, "
        "in the session)",
    )
    rest_seconds: int | None = Field(
        None,
        ge=0,
        le=600,
        description="rest between sets chosen by the clinician (None: the exercise's default)",
    )
    note: str | None = Field(
        None,
        max_length=300,
        description="the clinician's note to the patient about this exercise, shown as written",
    )
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
    clinician_notes: list[Reason] = Field(
        default_factory=list,
        description="for the clinician, not the patient: a preference to test, a clash between "
        "a test and a diagnosis, the care pathway's actions, exercises the library lacks",
    )
    pathway: Pathway | None = Field(None, description="the STarT Back care pathway followed")
    equipment: list[Equipment] | None = Field(
        None,
        description="what the patient has at home (the intake's answer): a harder or easier "
        "exercise the program moves to later needs nothing else. Missing (a program made "
        "before it was kept): only what every household has is assumed",
    )


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
        "tested flexion preference (repeated flexion centralised): extension-biased exercises",
        "Repeated forward bending eased your symptoms at your examination, so backward-bending "
        "exercises are left out for now.",
    ),
    DirectionRule(
        "avoid-flexion-extension-preference",
        Preference.EXTENSION,
        Bias.FLEXION,
        "tested extension preference (repeated extension centralised): flexion-biased exercises, "
        "early phase",
        "Repeated backward bending eased your symptoms at your examination, so forward-bending "
        "exercises are left out for now.",
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
class Ceiling:
    """The most a session may hold of an exercise when it is filled to half the time
    (`dose-full-session-longer`): reps up to the file's own default; sets up to the larger of
    the file's default and max_sets; a walk or ride (aerobic) grows up its own progression
    ladder instead (its longest bout and most bouts, each dose step applied on top of the one
    before), never beyond it."""

    sets: int
    reps: int | None
    duration_seconds: int | None


def dose_ceiling(exercise: Exercise, settings: EngineSettings = DEFAULT_SETTINGS) -> Ceiling:
    dose = exercise.dose
    if exercise.category is not Category.AEROBIC:
        return Ceiling(max(dose.sets, settings.max_sets), dose.reps, dose.duration_seconds)
    sets, duration = dose.sets, dose.duration_seconds
    for step in exercise.progression:
        if step.dose is not None:
            sets = max(sets, step.dose.sets or sets)
            if duration is not None and step.dose.duration_seconds is not None:
                duration = max(duration, step.dose.duration_seconds)
    return Ceiling(sets, dose.reps, duration)


# What _sift() keeps: the exercises left out, and the safe ones at hand with their phase.
Sifted = tuple[tuple[Excluded, ...], tuple[tuple[Exercise, int], ...]]


@dataclass(frozen=True)
class LibraryIndex:
    exercises: tuple[Exercise, ...]  # sorted by id
    advanced: frozenset[str]
    ladder: dict[str, frozenset[str]]  # direct progression/regression neighbours
    avoid: dict[str, dict[str, Reason]]  # exercise -> condition -> why it is left out
    ceiling: dict[str, Ceiling]  # exercise -> the highest dose its own ladder reaches
    picked: dict[str, frozenset[str]]  # focus rule -> the exercises its `picks` part picks
    # For the loop over the library, each exercise with its `avoid`, the equipment it needs
    # beyond the household's, the index of its phase in PHASES, and its tags.
    rows: tuple[tuple[Exercise, dict[str, Reason], frozenset[Equipment], int, frozenset[Tag]], ...]
    # _sift()'s answers, by what they depend on (see there)
    sifted: dict[tuple[Any, ...], Sifted] = field(default_factory=dict)


def _build_index(library: Mapping[str, Exercise]) -> LibraryIndex:
    exercises = tuple(library[key] for key in sorted(library))
    # Harder variants of control and strength work (see focus-start-at-base-level): the next
    # rung of another control or strength exercise. A mobility exercise that leads on to one
    # (cat-camel -> bird-dog) does not make it a harder variant, nor does a step back up from an
    # easier version (`returns`: leg reach -> bird-dog).
    advanced = frozenset(
        step.exercise
        for e in exercises
        if e.category in TRAINING
        for step in e.progression
        if step.exercise is not None
        and not step.returns
        and step.exercise in library
        and library[step.exercise].category in TRAINING
    )
    neighbours: dict[str, set[str]] = {e.id: set() for e in exercises}
    for e in exercises:
        for step in (*e.progression, *e.regression):
            if step.exercise is not None:
                neighbours[e.id].add(step.exercise)
                neighbours.setdefault(step.exercise, set()).add(e.id)
    avoid = {e.id: avoidances(e) for e in exercises}
    needs = {e.id: frozenset(e.equipment) - HOUSEHOLD for e in exercises}
    phase = {e.id: PHASES.index(PHASE_OF[e.category]) for e in exercises}
    return LibraryIndex(
        exercises=exercises,
        advanced=advanced,
        ladder={key: frozenset(value) for key, value in neighbours.items()},
        avoid=avoid,
        ceiling={e.id: dose_ceiling(e) for e in exercises},
        picked=picked(exercises),
        rows=tuple(
            (e, avoid[e.id], needs[e.id], phase[e.id], frozenset(e.tags)) for e in exercises
        ),
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
        if p.action is PrecautionAction.MODIFY and p.condition in c.conditions
    ]


FULL_SESSION_GAP = (
    "The session is still under half the minutes available with every safe exercise that "
    "fits at its fullest dose: the library has too few for this person. Add exercises, or agree "
    "how the rest of the time is used."
)
FILL_RULE_TEXT = (
    "Added so the session uses the time you have set aside for it, with strength work at its core."
)


@dataclass
class Candidate:
    phase: int
    score: int
    exercise: Exercise
    why: list[Reason]


class _Assembly:
    """The program while it is being put together: what is chosen, and what may still be."""

    def __init__(
        self,
        intake: Intake,
        c: Classification,
        index: LibraryIndex,
        candidates: list[Candidate],
        settings: EngineSettings,
    ) -> None:
        self.intake, self.c, self.index, self.settings = intake, c, index, settings
        self.candidates = candidates
        self.chosen: list[Prescription] = []
        self.taken: set[str] = set()
        self.notes: list[Reason] = []
        self.met: dict[str, Prescription] = {}  # need id -> the item chosen for it
        self.ranked = sorted(candidates, key=lambda k: (-k.score, k.phase, k.exercise.id))

    def seconds(self) -> int:
        return sum(p.seconds(self.settings) for p in self.chosen)

    def allowed(self, exercise: Exercise) -> bool:
        if exercise.id in self.taken:
            return False
        if self.index.ladder.get(exercise.id, frozenset()) & self.taken:
            return False  # one rung of a ladder per program
        return not VARIANT_OF.get(exercise.id, frozenset()) & self.taken  # one version

    def prescription(self, candidate: Candidate, extra: list[Reason]) -> Prescription:
        exercise = candidate.exercise
        sets, reps, hold, duration, dose_why = starting_dose(
            exercise, self.intake, self.c, self.settings
        )
        phase = PHASES[candidate.phase]
        reasons = [reason(f"phase-{phase.id}", phase.text), *extra]
        reasons += candidate.why + _modify_notes(exercise, self.c) + dose_why
        return Prescription(
            exercise, candidate.phase, candidate.score, sets, reps, hold, duration, reasons
        )

    def take(self, candidate: Candidate, extra: list[Reason] | None = None) -> Prescription:
        chosen = self.prescription(candidate, extra or [])
        self.chosen.append(chosen)
        self.taken.add(candidate.exercise.id)
        return chosen

    def meet(self, need: Need) -> None:
        """Make sure one chosen exercise fits the need: the best already chosen, else the best
        safe candidate; when there is none, the clinician is told."""
        why = reason(need.reason_rule, need.text)
        for wants in (need.wants, need.fallback):
            if wants is None:
                continue
            fitting = [p for p in self.chosen if wants(p.exercise, self.c)]
            if fitting:
                best = max(fitting, key=lambda p: (p.score, p.exercise.id))
                if not any(r.rule == why.rule for r in best.reasons):
                    best.reasons.insert(1, why)
                best.protected = True
                self.met[need.id] = best
                return
            for candidate in self.ranked:
                if wants(candidate.exercise, self.c) and self.allowed(candidate.exercise):
                    chosen = self.take(candidate, [why])
                    chosen.protected = True
                    self.met[need.id] = chosen
                    return
        self.notes.append(reason(f"gap-{need.id}", need.gap))

    def fits(self, item: Prescription, budget: int) -> bool:
        return self.seconds() + item.seconds(self.settings) <= budget

    def try_add(self, candidate: Candidate, budget: int) -> bool:
        if not self.allowed(candidate.exercise):
            return False
        item = self.prescription(candidate, [reason("fill-full-session", FILL_RULE_TEXT)])
        if not self.fits(item, budget):
            return False
        self.chosen.append(item)
        self.taken.add(candidate.exercise.id)
        return True

    def fill(self, budget: int) -> None:
        """A full session for anyone whose pain is not highly irritable (clinical-rules.md
        section 3: "a program uses the time it is given"): aerobic work, then strength and
        control exercises, then sets, then other phases, while the session is short of its
        target and each addition still fits the minutes."""
        s = self.settings
        simple = self.c.stratum is StartBackRisk.LOW
        share = s.simple_program_share if simple else s.full_session_share
        target = min(budget, s.full_session_cap_minutes * 60) * share
        walking_hurts = Activity.WALKING in self.intake.worse_with

        def short() -> bool:
            return self.seconds() < target

        best_first = sorted(self.candidates, key=lambda k: (-k.score, k.exercise.id))

        def by_score(phases: frozenset[int]) -> list[Candidate]:
            return [k for k in best_first if k.phase in phases]

        training_phase = frozenset({PHASES.index(PHASE_OF[Category.STRENGTH])})

        def training_count() -> int:
            return sum(1 for p in self.chosen if p.exercise.category in TRAINING)

        if short() and not any(p.exercise.category is Category.AEROBIC for p in self.chosen):
            # Plain walking before the special forms (flexed intervals, cycling) that the
            # special-population needs bring in for the people who need them.
            aerobic = sorted(
                by_score(frozenset(range(len(PHASES)))),
                key=lambda k: bool({Tag.FLEXED_WALKING, Tag.CYCLING} & set(k.exercise.tags)),
            )
            for candidate in aerobic:
                exercise = candidate.exercise
                if exercise.category is not Category.AEROBIC:
                    continue
                if walking_hurts and is_walking(exercise):
                    continue
                if self.try_add(candidate, budget):
                    break

        caps = [s.simple_program_training_items] if simple else []
        caps.append(s.full_session_training_items)
        for cap in caps:
            for candidate in by_score(training_phase):
                if not short() or training_count() >= cap:
                    break
                self.try_add(candidate, budget)
            if cap == caps[0] and self.c.irritability is not Irritability.HIGH:
                self._more_sets(short, budget)
            if not short():
                return
        others = frozenset(range(len(PHASES))) - training_phase
        for candidate in by_score(others):
            if not short():
                break
            if candidate.exercise.category is Category.AEROBIC:
                continue  # one aerobic exercise is enough
            self.try_add(candidate, budget)
        # Still under half the time (a small choice of safe exercises): low fitness gets its
        # sets back too, rather than a session of a few minutes.
        minimum = min(budget, s.full_session_cap_minutes * 60) / 2
        if self.seconds() < minimum and self.c.irritability is not Irritability.HIGH:
            self._more_sets(lambda: self.seconds() < minimum, budget, any_fitness=True)
            for candidate in by_score(training_phase):
                if self.seconds() >= minimum:
                    break
                self.try_add(candidate, budget)
            if self.seconds() < minimum:
                self._toward_ceiling(minimum, budget)
            if self.seconds() < minimum:
                self.notes.append(reason("gap-full-session", FULL_SESSION_GAP))

    def _toward_ceiling(self, minimum: float, budget: int) -> None:
        """The last resort of a session still under half the time (few safe exercises): the
        walk or ride grows, then reps, then sets, a step at a time and never beyond the
        exercise's own limits (Ceiling), while the session is short of half the time and each
        step still fits the minutes."""
        longer = reason("dose-full-session-longer", DOSE_RULES["dose-full-session-longer"].text)
        ceilings = (
            self.index.ceiling
            if self.settings is DEFAULT_SETTINGS
            else {p.exercise.id: dose_ceiling(p.exercise, self.settings) for p in self.chosen}
        )

        def grow(item: Prescription, field: str, top: int | None, step: int) -> None:
            while top is not None and self.seconds() < minimum:
                value = getattr(item, field)
                if value is None or value >= top:
                    return
                setattr(item, field, min(top, value + step))
                if self.seconds() > budget:
                    setattr(item, field, value)
                    return
                if longer not in item.reasons:
                    item.reasons.append(longer)

        timed = sorted(
            (p for p in self.chosen if p.duration_seconds is not None),
            key=lambda p: (p.exercise.category is not Category.AEROBIC, -p.score, p.exercise.id),
        )
        for item in timed:
            grow(item, "duration_seconds", ceilings[item.exercise.id].duration_seconds, 30)
        by_score = sorted(self.chosen, key=lambda p: (-p.score, p.exercise.id))
        for name in ("reps", "sets"):
            for item in by_score:
                grow(item, name, getattr(ceilings[item.exercise.id], name), 1)

    def _more_sets(
        self, short: Callable[[], bool], budget: int, *, any_fitness: bool = False
    ) -> None:
        if self.intake.fitness is Fitness.LOW and not any_fitness:
            return  # low fitness starts light; it gets more exercises rather than more sets
        full = reason("dose-full-session", DOSE_RULES["dose-full-session"].text)
        training = sorted(
            (p for p in self.chosen if p.exercise.category in TRAINING),
            key=lambda p: (-p.score, p.exercise.id),
        )
        for item in training:
            while short() and item.sets < self.settings.max_sets:
                item.sets += 1
                if self.seconds() > budget:
                    item.sets -= 1
                    break
                if not any(r.rule == full.rule for r in item.reasons):
                    item.reasons.append(full)

    def directional_dose(self) -> None:
        """The tested direction's exercise is repeated through the day (McKenzie)."""
        item = self.met.get("need-directional")
        if item is None:
            return
        item.times_per_day = (
            item.exercise.dose.times_per_day or self.settings.directional_times_per_day
        )
        item.reasons.append(reason("dose-times-per-day", DOSE_RULES["dose-times-per-day"].text))


def _sift(
    index: LibraryIndex,
    c: Classification,
    active: tuple[Exclusion, ...],
    at_hand: frozenset[Equipment],
    withheld: frozenset[Tag],
) -> tuple[list[Excluded], tuple[tuple[Exercise, int], ...]]:
    """The exercises left out (with why) and the safe ones at hand with their phase index.

    What is left out depends only on the precaution conditions, the tested preference and the
    special-population rules that apply; what is at hand on the equipment and the forms kept
    for others. Many people share these, so the answer is kept per library for each of them.
    """
    key = (c.conditions, c.preference, tuple(rule.id for rule in active), at_hand, withheld)
    found = index.sifted.get(key)
    if found is None:
        found = _sift_afresh(index, c, active, at_hand, withheld)
        if len(index.sifted) > 1024:
            index.sifted.clear()
        index.sifted[key] = found
    return list(found[0]), found[1]


def _sift_afresh(
    index: LibraryIndex,
    c: Classification,
    active: tuple[Exclusion, ...],
    at_hand: frozenset[Equipment],
    withheld: frozenset[Tag],
) -> Sifted:
    excluded: list[Excluded] = []
    safe: list[tuple[Exercise, int]] = []
    conditions = c.conditions
    # safety_reasons() and the special-population exclusions, with what they share worked out
    # once
    against = {
        rule.bias: reason(rule.id, rule.text)
        for rule in DIRECTION_RULES
        if c.preference is rule.preference
    }
    for exercise, avoid, needs, phase, tags in index.rows:
        unsafe = [why for condition, why in avoid.items() if condition in conditions]
        if exercise.bias in against:
            unsafe.append(against[exercise.bias])
        unsafe += [reason(rule.id, rule.text) for rule in active if rule.matches(exercise)]
        if unsafe:
            excluded.append(Excluded(exercise=exercise.id, reasons=unsafe))
        elif needs <= at_hand and withheld.isdisjoint(tags):
            # has the equipment (beyond the household's), and not a form kept for others
            safe.append((exercise, phase))
    return tuple(excluded), tuple(safe)


def not_at_hand(library: Mapping[str, Exercise], equipment: Iterable[str] | None) -> set[str]:
    """The exercises that need something the patient does not have (beyond the household's);
    with `equipment` unknown, everything that needs more than the household's."""
    at_hand = frozenset(equipment or ())
    # The index keeps what each exercise needs beyond the household's (built once per library).
    return {row[0].id for row in library_index(library).rows if not row[2] <= at_hand}


def build_program(
    intake: Intake,
    library: Mapping[str, Exercise],
    c: Classification,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> Program:
    index = library_index(library)
    scorer = FocusScorer(Context(intake=intake, c=c, advanced=index.advanced), index.picked)
    at_hand = frozenset(intake.equipment)

    active = tuple(rule for rule in EXCLUSIONS if rule.test(intake, c))
    excluded, safe = _sift(index, c, active, at_hand, withheld_tags(intake, c))
    candidates = []
    for exercise, phase in safe:
        score, why = scorer.score(exercise)
        candidates.append(Candidate(phase, score, exercise, why))

    # Best first; the id breaks ties so the order never depends on the library's order.
    candidates.sort(key=lambda k: (k.phase, -k.score, k.exercise.id))
    build = _Assembly(intake, c, index, candidates, settings)
    wanted = quotas(c, intake)
    for phase_index, _phase in enumerate(PHASES):
        count = 0
        for candidate in candidates:
            if candidate.phase != phase_index or count >= wanted[phase_index]:
                continue
            if not build.allowed(candidate.exercise):
                continue
            build.take(candidate)
            count += 1

    for need in (*applicable_needs(intake, c), *pathway_needs(intake, c, settings)):
        build.meet(need)

    # The minimum program: the best control/strength item and the best gentle item.
    for phases in ((2,), (0, 1)):
        best = [p for p in build.chosen if p.phase in phases]
        if best:
            max(best, key=lambda p: (p.score, -p.phase)).protected = True

    budget = intake.minutes_per_session * 60
    fit_to_budget(build.chosen, budget, settings)
    if c.irritability is not Irritability.HIGH:
        build.fill(budget)
    build.directional_dose()
    chosen = sorted(build.chosen, key=lambda p: p.phase)  # stable: session order, best first
    seconds = sum(p.seconds(settings) for p in chosen)
    items = [
        ProgramItem(
            exercise=p.exercise.id,
            sets=p.sets,
            reps=p.reps,
            hold_seconds=p.hold_seconds,
            duration_seconds=p.duration_seconds,
            per_side=p.per_side,
            times_per_day=p.times_per_day,
            reasons=p.reasons,
        )
        for p in chosen
    ]
    in_program = {p.exercise.id for p in chosen}
    aerobic = build.met.get(GRADED_ACTIVITY.id)
    exposures = [
        (movement, build.met[f"pathway-graded-exposure-{movement.value}"].exercise.id)
        for movement in feared_movements(intake, c, settings)
        if f"pathway-graded-exposure-{movement.value}" in build.met
        and build.met[f"pathway-graded-exposure-{movement.value}"].exercise.id in in_program
    ]
    pathway = build_pathway(
        intake,
        c,
        (aerobic.exercise.id, aerobic.duration_seconds or 0)
        if aerobic is not None
        and aerobic.exercise.id in in_program
        and aerobic.duration_seconds is not None
        else None,
        exposures,
        settings,
    )
    notes = [*direction_notes(c), *clinician_notes(intake, c)]
    notes += [n for n in build.notes if n not in notes]
    return Program(
        sessions_per_week=intake.sessions_per_week,
        minutes=math.ceil(seconds / 60),
        items=items,
        excluded=excluded,
        education=choose_topics(intake, c),
        clinician_notes=notes,
        pathway=pathway,
        equipment=sorted(intake.equipment),
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
