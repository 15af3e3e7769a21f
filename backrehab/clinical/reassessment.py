"""Re-assessment: re-classify, then ADJUST the program in force (clinical-rules.md section 5).

A program is the result of weeks of progression and a therapist's choices, so a re-assessment
never rebuilds it from scratch. The new plan (generate_program on the new answers) says what the
findings call for now; against the program in force:

- an exercise in both (or a harder or easier version of it, on its file's ladder) stays at its
  progressed dose;
- an exercise the new findings make unsafe (the new plan leaves it out for safety) is removed at
  once - safety does not wait for an approval;
- an exercise the new plan adds, or one it no longer picks, is a change. One such change is minor
  and applied; several (the setting), a new stratified pathway or a new routine referral make the
  change major: it is proposed to the clinician and the patient keeps the program in force;
- a referral that stops the program stops it at once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.program import Plan, Program, ProgramItem
from backrehab.clinical.reasons import Reason
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

ChangeKind = Literal["add", "remove"]


@dataclass(frozen=True)
class ReassessmentRule:
    id: str
    applies: str
    text: str


REASSESSMENT_RULES: dict[str, ReassessmentRule] = {
    r.id: r
    for r in (
        ReassessmentRule(
            "reassess-kept",
            "an exercise of the program in force that the new findings still call for (or a "
            "version of it on its ladder): kept at its progressed dose",
            "Kept at your current dose: your check-in did not change what this exercise is for.",
        ),
        ReassessmentRule(
            "reassess-added",
            "the new findings call for an exercise the program does not have",
            "Added after your check-in, for what your answers show now.",
        ),
        ReassessmentRule(
            "reassess-removed",
            "the new plan no longer picks an exercise of the program in force",
            "Taken out after your check-in, to make room for what your answers show matters "
            "most now.",
        ),
        ReassessmentRule(
            "reassess-removed-safety",
            "the new findings make an exercise unsafe (the new plan leaves it out): removed at "
            "once, without waiting for an approval",
            "Taken out after your check-in to keep you safe.",
        ),
        ReassessmentRule(
            "reassess-pathway",
            "the STarT Back risk group changed: a new stratified pathway (major change)",
            "Your check-in suggests a different kind of program suits you better now.",
        ),
        ReassessmentRule(
            "reassess-referral",
            "a new routine referral note (major change)",
            "Your check-in found something your physical therapist should look at.",
        ),
        ReassessmentRule(
            "reassess-proposed",
            "{exercises_changed_for_approval} or more exercises in or out, a new pathway or a "
            "new referral: proposed to the clinician, the program in force continues",
            "Your physical therapist will look at the changes your check-in suggests; until "
            "then, keep to your current program.",
        ),
    )
}


def _reason(rule_id: str) -> Reason:
    return Reason(rule=rule_id, text=REASSESSMENT_RULES[rule_id].text)


@dataclass(frozen=True)
class Change:
    """One exercise in or out (or a program-wide change: exercise "")."""

    exercise: str
    kind: Literal["add", "remove", "pathway", "referral"]
    major: bool
    reasons: list[Reason]
    dose: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        """In the shape of a progression decision, so "what changed and why" reads both."""
        return {
            "exercise": self.exercise,
            "decision": self.kind,
            "dose": self.dose,
            "replacement": None,
            "reasons": [r.model_dump(mode="json") for r in self.reasons],
        }


@dataclass(frozen=True)
class Adjustment:
    """What the re-assessment does to the program in force.

    `target` is the adjusted program the findings call for (None when a referral stops the
    program); `now` is what applies at once: the target itself when the change is minor (or the
    clinic applies changes automatically), else the program in force without what became unsafe
    (None when nothing changes now). `needs_approval` is true when `target` waits for the
    clinician."""

    target: Program | None
    now: Program | None
    changes: list[Change] = field(default_factory=list)
    needs_approval: bool = False

    @property
    def major(self) -> list[Change]:
        return [c for c in self.changes if c.major]

    @property
    def minor(self) -> list[Change]:
        return [c for c in self.changes if not c.major]


def ladder_distances(exercise_id: str, library: Mapping[str, Exercise]) -> dict[str, int]:
    """How many ladder steps away each harder or easier version of the exercise is. A link
    counts whichever file names it (bird dog lists front plank as harder; front plank need not
    list it back), so a progressed exercise is found from the one the re-assessment chose."""
    neighbours: dict[str, set[str]] = {}
    for exercise in library.values():
        for step in (*exercise.progression, *exercise.regression):
            if step.exercise is not None:
                neighbours.setdefault(exercise.id, set()).add(step.exercise)
                neighbours.setdefault(step.exercise, set()).add(exercise.id)
    distance = {exercise_id: 0}
    frontier = [exercise_id]
    while frontier:
        following = []
        for current in frontier:
            for other in sorted(neighbours.get(current, ())):
                if other not in distance:
                    distance[other] = distance[current] + 1
                    following.append(other)
        frontier = following
    return distance


def ladder_family(exercise_id: str, library: Mapping[str, Exercise]) -> set[str]:
    """The exercise and every harder or easier version reachable on the files' ladders."""
    return set(ladder_distances(exercise_id, library))


def _risk(scores: Mapping[str, Any] | None) -> str | None:
    startback = (scores or {}).get("startback")
    return str(startback.get("risk")) if isinstance(startback, Mapping) else None


def adjust_program(
    current: Program,
    plan: Plan,
    library: Mapping[str, Exercise],
    *,
    previous_scores: Mapping[str, Any] | None = None,
    had_referral: bool = False,
    auto_apply: bool = False,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> Adjustment:
    """Adjust the program in force to the re-assessment's plan (see the module's docstring).

    `previous_scores` (the last evaluation's stored scores) tell whether the stratified pathway
    changed; `had_referral` whether a routine referral note was already known."""
    if plan.program is None:
        return Adjustment(target=None, now=None)
    new = plan.program
    unsafe = {e.exercise for e in new.excluded}
    matched: dict[str, ProgramItem] = {}  # new plan's exercise -> the program's item kept
    for item in current.items:
        if item.exercise in unsafe:
            continue
        # The nearest version on the ladders the new plan chose (the same exercise first).
        distance = ladder_distances(item.exercise, library)
        open_ = [c for c in new.items if c.exercise in distance and c.exercise not in matched]
        if open_:
            nearest = min(open_, key=lambda c: distance[c.exercise])
            matched[nearest.exercise] = item
    kept_ids = {item.exercise for item in matched.values()}

    changes: list[Change] = []
    safety = [i for i in current.items if i.exercise in unsafe]
    for item in safety:
        changes.append(Change(item.exercise, "remove", False, [_reason("reassess-removed-safety")]))
    items: list[ProgramItem] = []
    for candidate in new.items:
        if candidate.exercise in matched:
            items.append(matched[candidate.exercise])
            continue
        items.append(candidate)
        changes.append(
            Change(
                candidate.exercise,
                "add",
                False,
                [_reason("reassess-added"), *candidate.reasons],
                dose=_dose(candidate),
            )
        )
    for item in current.items:
        if item.exercise not in kept_ids and item.exercise not in unsafe:
            changes.append(Change(item.exercise, "remove", False, [_reason("reassess-removed")]))

    in_or_out = [c for c in changes if c.reasons[0].rule != "reassess-removed-safety"]
    program_wide: list[Change] = []
    new_risk, old_risk = _risk(plan.scores.model_dump(mode="json")), _risk(previous_scores)
    if previous_scores is not None and new_risk != old_risk:
        program_wide.append(Change("", "pathway", True, [_reason("reassess-pathway")]))
    if plan.referral is not None and not had_referral:
        program_wide.append(Change("", "referral", True, [_reason("reassess-referral")]))
    major = len(in_or_out) >= settings.exercises_changed_for_approval or bool(program_wide)
    if major:
        in_or_out_ids = {id(c) for c in in_or_out}
        changes = [
            Change(c.exercise, c.kind, True, c.reasons, c.dose) if id(c) in in_or_out_ids else c
            for c in changes
        ]
    changes += program_wide

    target = new.model_copy(update={"items": items})
    if not major or auto_apply:
        return Adjustment(target=target, now=target, changes=changes)
    now = None
    if safety:
        now = current.model_copy(
            update={
                "items": [i for i in current.items if i.exercise not in unsafe],
                "excluded": new.excluded,
            }
        )
    return Adjustment(target=target, now=now, changes=changes, needs_approval=True)


def _dose(item: ProgramItem) -> dict[str, Any]:
    return {
        "sets": item.sets,
        "reps": item.reps,
        "hold_seconds": item.hold_seconds,
        "duration_seconds": item.duration_seconds,
        "per_side": item.per_side,
    }


def changes_json(changes: Sequence[Change], *, major: bool | None = None) -> list[dict[str, Any]]:
    """The changes (all, or only the major or minor ones) as stored in the care record."""
    return [c.as_json() for c in changes if major is None or c.major is major]
