"""Progression: what to do with each exercise next session (clinical-rules.md section 5).

The pain-monitoring model (Silbernagel 2007, adopted for back pain; uncertain, so every threshold
is a setting): pain during exercise 0-2 is safe, 3-5 acceptable, above 5 too much; pain after must
settle by the next morning; morning pain must not rise week on week.

Per exercise, from the session logs since the program began:

- stop, with a clinician alert, when pain spread down the leg (peripheralisation) or when any
  red-flag question is newly answered "yes" (then every exercise stops);
- regress one step when pain during was above 5 or had not settled the next morning;
- progress one rung after two consecutive sessions that met the model with effort <= 7/10 and
  the full dose done: reps within range -> sets -> hold or time -> the harder variant;
- otherwise hold, saying what is still missing.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, Strict, TypeAdapter, field_validator

from backrehab.clinical.exercises import Category, Exercise
from backrehab.clinical.intake import RED_FLAG_QUESTIONS
from backrehab.clinical.library import load_library
from backrehab.clinical.program import Program, ProgramItem
from backrehab.clinical.reasons import Reason
from backrehab.clinical.red_flags import (
    STOPS_PROGRAM,
    URGENCY_ORDER,
    question_text,
    question_urgency,
)
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings

Rating = Annotated[int, Strict(), Field(ge=0, le=10)]

# --- Session logs ------------------------------------------------------------------------------


class ExerciseLog(BaseModel):
    """What was done of one exercise in one session, and how it felt."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str = Field(min_length=1, max_length=60)
    sets: Annotated[int, Strict()] = Field(ge=0, le=10, description="sets done")
    reps: Annotated[int, Strict()] | None = Field(None, ge=0, le=50, description="reps per set")
    hold_seconds: Annotated[int, Strict()] | None = Field(None, ge=0, le=300)
    duration_seconds: Annotated[int, Strict()] | None = Field(None, ge=0, le=3600)
    pain_during: Rating = Field(description="highest pain during the exercise, 0-10")
    effort: Rating = Field(description="how hard it was, 0 = no effort, 10 = maximal")
    next_morning_pain: Rating | None = Field(
        None, description="pain on waking next morning; defaults to the session's value"
    )
    peripheralised: bool = Field(
        False, description="pain spread further down the leg during or after the exercise"
    )


def done_as_prescribed(
    item: Mapping[str, Any], *, pain_during: int, effort: int, peripheralised: bool = False
) -> dict[str, Any]:
    """An ExerciseLog (as JSON) of a program item done exactly at its prescribed dose."""
    return {
        "exercise": item["exercise"],
        "sets": item["sets"],
        "reps": item.get("reps"),
        "hold_seconds": item.get("hold_seconds"),
        "duration_seconds": item.get("duration_seconds"),
        "pain_during": pain_during,
        "effort": effort,
        "peripheralised": peripheralised,
    }


class SkippedExercise(BaseModel):
    """An exercise the patient skipped in the player, and why (their words, picked from a list)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str = Field(min_length=1, max_length=60)
    # "too hard" stays valid for logs sent before the player stopped offering it.
    reason: Literal["too painful", "too hard", "no time", "no equipment", "other"]


class SessionLog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    pain_before: Rating = Field(description="pain before the session started, 0-10")
    next_morning_pain: Rating | None = Field(None, description="pain on waking next morning")
    new_red_flags: list[str] = Field(
        default_factory=list, description="red-flag questions newly answered yes (intake names)"
    )
    exercises: list[ExerciseLog] = Field(default_factory=list)
    pain_after: Rating | None = Field(None, description="pain at the end of the session, 0-10")
    note: str = Field("", max_length=2000, description="the patient's note, for the therapist")
    skipped: list[SkippedExercise] = Field(default_factory=list)

    @field_validator("new_red_flags")
    @classmethod
    def known_questions(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(RED_FLAG_QUESTIONS))
        if unknown:
            raise ValueError(f"unknown red-flag question(s): {', '.join(unknown)}")
        return value

    def morning_pain(self, log: ExerciseLog) -> int | None:
        return (
            log.next_morning_pain if log.next_morning_pain is not None else self.next_morning_pain
        )


# --- Decisions ---------------------------------------------------------------------------------


class Kind(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    STOP = "stop"


class DoseOut(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool


class Decision(BaseModel):
    """One exercise's next step. `dose` is what to do next session (None when stopped)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str
    decision: Kind
    dose: DoseOut | None
    replacement: str | None
    reasons: list[Reason]

    @property
    def alerts(self) -> list[Reason]:
        return [r for r in self.reasons if r.rule.startswith(ALERT_PREFIX)]


ALERT_PREFIX = "alert-"


def decisions_json(decisions: Sequence[Decision]) -> list[dict[str, Any]]:
    return [d.model_dump(mode="json") for d in decisions]


def clinician_alerts(decisions: Sequence[Decision]) -> list[tuple[str, Reason]]:
    """(exercise, alert) pairs, without repeats of a program-wide alert."""
    seen: set[tuple[str, str]] = set()
    found = []
    for decision in decisions:
        for alert in decision.alerts:
            key = (alert.rule, alert.text)
            if key not in seen:
                seen.add(key)
                found.append((decision.exercise, alert))
    return found


# --- Reason texts (rule id -> patient sentence) ----------------------------------------------


@dataclass(frozen=True)
class ProgressionRule:
    id: str
    decision: Kind | None  # None: a note or alert added to whatever is decided
    applies: str
    text: str  # may contain {placeholders} filled from the log


PROGRESSION_RULES: dict[str, ProgressionRule] = {
    r.id: r
    for r in (
        ProgressionRule(
            "stop-red-flag",
            Kind.STOP,
            "a red-flag question newly answered yes (urgency emergency, urgent or soon): "
            "every exercise stops",
            "Stop the exercises for now: {finding}",
        ),
        ProgressionRule(
            "alert-red-flag",
            None,
            "clinician alert for a new red-flag answer",
            "Your physical therapist has been alerted to your answer.",
        ),
        ProgressionRule(
            "alert-red-flag-routine",
            None,
            "a routine-urgency red-flag answer: exercise continues, clinician alerted",
            "Your physical therapist has been told about your answer: {finding}",
        ),
        ProgressionRule(
            "stop-peripheralisation",
            Kind.STOP,
            "pain spread down the leg (peripheralisation) during or after the exercise",
            "Your pain spread further down the leg with this exercise, so stop it for now.",
        ),
        ProgressionRule(
            "alert-peripheralisation",
            None,
            "clinician alert for peripheralisation",
            "Your physical therapist has been alerted and will suggest what to do instead.",
        ),
        ProgressionRule(
            "regress-pain-during",
            Kind.REGRESS,
            "pain during above {pain_acceptable_max}/10",
            "Pain during the exercise reached {pain}/10, more than the 5 that is acceptable, "
            "so the next session is easier.",
        ),
        ProgressionRule(
            "regress-not-settled",
            Kind.REGRESS,
            "next-morning pain higher than pain before the session (+{morning_pain_tolerance})",
            "Pain had not settled by the next morning ({morning}/10, against {before}/10 "
            "before the session), so the next session is easier.",
        ),
        ProgressionRule(
            "stop-no-easier-step",
            Kind.STOP,
            "regression needed but the exercise is at its easiest: stop, clinician alerted",
            "This exercise cannot be made easier, so stop it for now; your physical therapist "
            "has been alerted.",
        ),
        ProgressionRule(
            "alert-no-easier-step",
            None,
            "clinician alert when an exercise needs easing but has no easier step",
            "This exercise cannot be made easier, so stop it for now; your physical therapist "
            "has been alerted.",
        ),
        ProgressionRule(
            "hold-no-logs",
            Kind.HOLD,
            "no session logged for the exercise yet",
            "No session logged for this exercise yet: keep to the same dose.",
        ),
        ProgressionRule(
            "hold-awaiting-morning",
            Kind.HOLD,
            "the latest session has no next-morning pain check yet",
            "Waiting for the next-morning pain check before changing anything.",
        ),
        ProgressionRule(
            "hold-more-sessions",
            Kind.HOLD,
            "fewer than {sessions_to_progress} consecutive sessions meeting the model",
            "Good session. One more like it at this dose before moving up.",
        ),
        ProgressionRule(
            "hold-pain",
            Kind.HOLD,
            "a recent session had pain above {pain_acceptable_max}/10 or not settled by morning",
            "A recent session was painful or not settled by the morning: stay at this dose.",
        ),
        ProgressionRule(
            "hold-effort",
            Kind.HOLD,
            "effort above {effort_max_to_progress}/10 in one of the last sessions",
            "It still feels hard (effort {effort}/10): stay at this dose until it feels easier.",
        ),
        ProgressionRule(
            "hold-incomplete",
            Kind.HOLD,
            "less than the prescribed dose done in one of the last sessions",
            "Aim to complete the full dose before moving up.",
        ),
        ProgressionRule(
            "hold-morning-rising",
            Kind.HOLD,
            "weekly mean next-morning pain rose by more than {morning_pain_weekly_rise}",
            "Your morning pain has crept up compared with the week before: stay at this dose "
            "until it settles.",
        ),
        ProgressionRule(
            "hold-top-of-ladder",
            Kind.HOLD,
            "every rung of the ladder reached",
            "You have reached the top of this exercise's ladder. Keep it up; your physical "
            "therapist may add something new.",
        ),
        ProgressionRule(
            "monitor-acceptable-pain",
            None,
            "pain during above {pain_safe_max} and up to {pain_acceptable_max}: acceptable, noted",
            "Some pain during the exercise (up to 5/10) is acceptable as long as it settles "
            "by the next morning.",
        ),
        ProgressionRule(
            "progress-reps",
            Kind.PROGRESS,
            "two good sessions: more reps (2 at a time in the strength range, else 1), up to the "
            "top of the exercise file's own rep steps, else {max_strength_reps} (held reps of "
            "trunk-control exercises {max_held_reps}, stretches {max_stretch_reps})",
            "Two good sessions in a row: a few more repetitions.",
        ),
        ProgressionRule(
            "progress-sets",
            Kind.PROGRESS,
            "reps (or time) at the top: one more set (up to the file's own set steps, else "
            "{max_sets}; not for stretches or walking), reps back to the starting number",
            "Two good sessions in a row at full repetitions: one more set.",
        ),
        ProgressionRule(
            "progress-hold",
            Kind.PROGRESS,
            "sets at the top: longer holds (5 s steps for stretches, 2 s otherwise) up to the "
            "exercise file's own hold steps, else stretches {stretch_hold_seconds} s and "
            "trunk-control exercises {max_motor_control_hold_seconds} s (McGill: holds stay, reps "
            "grow); other exercises keep their hold",
            "Two good sessions in a row: hold each repetition a little longer.",
        ),
        ProgressionRule(
            "progress-duration",
            Kind.PROGRESS,
            "timed exercise: {duration_step:.0%} longer (whole minutes from 5 minutes), up to "
            "the top of the exercise file's own time steps",
            "Two good sessions in a row: a little longer each time.",
        ),
        ProgressionRule(
            "progress-variant",
            Kind.PROGRESS,
            "dose at the top: the next harder exercise of the file's progression (if safe)",
            "You have mastered this one: move on to {replacement}.",
        ),
        ProgressionRule(
            "regress-dose",
            Kind.REGRESS,
            "above the starting dose: one rung back (hold, then sets, then reps)",
            "One step back on the dose.",
        ),
        ProgressionRule(
            "regress-variant",
            Kind.REGRESS,
            "at the starting dose: the file's first regression step, an easier exercise (if safe)",
            "Switch to an easier version: {replacement}.",
        ),
        ProgressionRule(
            "regress-step",
            Kind.REGRESS,
            "at the starting dose: the file's first regression step that lowers the dose",
            "A smaller dose for now, as the exercise's own plan suggests.",
        ),
        ProgressionRule(
            "regress-reduce",
            Kind.REGRESS,
            "no regression step: one set fewer, else a third fewer reps, else shorter holds or "
            "time",
            "A smaller dose for now.",
        ),
    )
}


def _reason(rule_id: str, params: dict[str, str | int] | None = None, **values: Any) -> Reason:
    """The rule's sentence with `values` filled in; `params` (default: the values) say what was
    filled in, as keys the web app can put into words in the patient's language."""
    text = PROGRESSION_RULES[rule_id].text.format(**values)
    return Reason(rule=rule_id, text=text, params=values if params is None else params)


# --- The ladder --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dose:
    sets: int
    reps: int | None
    hold_seconds: int | None
    duration_seconds: int | None
    per_side: bool

    @classmethod
    def of(cls, item: ProgramItem) -> Dose:
        return cls(item.sets, item.reps, item.hold_seconds, item.duration_seconds, item.per_side)

    @classmethod
    def default(cls, exercise: Exercise) -> Dose:
        d = exercise.dose
        return cls(d.sets, d.reps, d.hold_seconds, d.duration_seconds, d.per_side)

    def out(self) -> DoseOut:
        return DoseOut(
            sets=self.sets,
            reps=self.reps,
            hold_seconds=self.hold_seconds,
            duration_seconds=self.duration_seconds,
            per_side=self.per_side,
        )

    def replace(self, **changes: Any) -> Dose:
        values = {**self.__dict__, **changes}
        return Dose(**values)


def _step_values(exercise: Exercise, name: str) -> list[int]:
    return [
        getattr(step.dose, name)
        for step in exercise.progression
        if step.dose is not None and getattr(step.dose, name) is not None
    ]


@dataclass(frozen=True)
class Ceilings:
    reps: int
    sets: int
    hold: int
    duration: int


def ceilings(exercise: Exercise, settings: EngineSettings) -> Ceilings:
    """The top of each rung. Where the exercise file's progression gives dose steps for a
    count, its highest step is the top (the author's ladder); otherwise the settings' range
    for the category. Never below the file's default dose."""
    default = exercise.dose
    if exercise.category is Category.STRETCH:
        reps_top = settings.max_stretch_reps
        sets_top = default.sets  # stretches progress by reps and hold, not sets
        hold_top = settings.stretch_hold_seconds
    elif exercise.category is Category.AEROBIC:
        reps_top = settings.max_strength_reps
        sets_top = default.sets  # walking progresses by time, not by walking twice
        hold_top = 0
    else:
        held = exercise.category is Category.MOTOR_CONTROL and default.hold_seconds
        reps_top = settings.max_held_reps if held else settings.max_strength_reps
        sets_top = settings.max_sets
        hold_top = (
            settings.max_motor_control_hold_seconds
            if exercise.category is Category.MOTOR_CONTROL
            else 0
        )

    def top(name: str, generic: int, start: int | None) -> int:
        steps = _step_values(exercise, name)
        return max([*(steps or [generic]), start or 0])

    return Ceilings(
        reps=top("reps", reps_top, default.reps),
        sets=top("sets", sets_top, default.sets),
        hold=top("hold_seconds", hold_top, default.hold_seconds),
        duration=top("duration_seconds", 0, default.duration_seconds),
    )


def _safe_variant(
    names: Sequence[str | None],
    library: Mapping[str, Exercise],
    blocked: set[str],
) -> Exercise | None:
    for name in names:
        if name is not None and name in library and name not in blocked:
            return library[name]
    return None


def _start_dose(variant: Exercise, current: Dose) -> Dose:
    start = Dose.default(variant)
    return start.replace(sets=min(start.sets, current.sets))


def progress(
    item: ProgramItem,
    exercise: Exercise,
    library: Mapping[str, Exercise],
    blocked: set[str],
    settings: EngineSettings,
) -> tuple[Kind, Dose, str | None, Reason]:
    dose = Dose.of(item)
    top = ceilings(exercise, settings)
    default = exercise.dose
    if dose.reps is not None and dose.reps < top.reps:
        # In the 8-15 strength range two reps is one step; held reps and stretches go by one.
        step = 2 if dose.reps >= 8 and top.reps >= settings.max_strength_reps else 1
        return (
            Kind.PROGRESS,
            dose.replace(reps=min(top.reps, dose.reps + step)),
            None,
            _reason("progress-reps"),
        )
    if dose.duration_seconds is not None and dose.duration_seconds < top.duration:
        # Whole minutes once a walk lasts five minutes or more; 5 s steps below that.
        unit = 60 if dose.duration_seconds >= 300 else 5
        step = max(unit, unit * round(dose.duration_seconds * settings.duration_step / unit))
        new = min(top.duration, dose.duration_seconds + step)
        return Kind.PROGRESS, dose.replace(duration_seconds=new), None, _reason("progress-duration")
    if dose.sets < top.sets:
        reps = None if dose.reps is None else min(dose.reps, default.reps or dose.reps)
        return (
            Kind.PROGRESS,
            dose.replace(sets=dose.sets + 1, reps=reps),
            None,
            _reason("progress-sets"),
        )
    if dose.hold_seconds is not None and dose.hold_seconds < top.hold:
        step = 5 if exercise.category is Category.STRETCH else 2
        new_hold = min(top.hold, dose.hold_seconds + step)
        return Kind.PROGRESS, dose.replace(hold_seconds=new_hold), None, _reason("progress-hold")
    variant = _safe_variant([s.exercise for s in exercise.progression], library, blocked)
    if variant is not None:
        return (
            Kind.PROGRESS,
            _start_dose(variant, dose),
            variant.id,
            _reason(
                "progress-variant", {"replacement": variant.id}, replacement=variant.name.lower()
            ),
        )
    return Kind.HOLD, dose, None, _reason("hold-top-of-ladder")


def regress(
    item: ProgramItem,
    exercise: Exercise,
    library: Mapping[str, Exercise],
    blocked: set[str],
) -> tuple[Kind, Dose | None, str | None, Reason]:
    dose = Dose.of(item)
    default = Dose.default(exercise)
    # Above the starting dose: undo the last rung (the ladder in reverse: hold, sets, reps).
    if (
        dose.hold_seconds is not None
        and default.hold_seconds is not None
        and (dose.hold_seconds > default.hold_seconds)
    ):
        lower = max(default.hold_seconds, dose.hold_seconds - 5)
        return Kind.REGRESS, dose.replace(hold_seconds=lower), None, _reason("regress-dose")
    if (
        dose.duration_seconds is not None
        and default.duration_seconds is not None
        and (dose.duration_seconds > default.duration_seconds)
    ):
        lower = max(default.duration_seconds, math.floor(dose.duration_seconds * 5 / 6))
        return Kind.REGRESS, dose.replace(duration_seconds=lower), None, _reason("regress-dose")
    if dose.sets > default.sets:
        return Kind.REGRESS, dose.replace(sets=dose.sets - 1), None, _reason("regress-dose")
    if dose.reps is not None and default.reps is not None and dose.reps > default.reps:
        lower = max(default.reps, dose.reps - 2)
        return Kind.REGRESS, dose.replace(reps=lower), None, _reason("regress-dose")
    # At or below the starting dose: the file's own regression ladder.
    for step in exercise.regression:
        if step.exercise is not None:
            variant = _safe_variant([step.exercise], library, blocked)
            if variant is not None:
                return (
                    Kind.REGRESS,
                    _start_dose(variant, dose),
                    variant.id,
                    _reason(
                        "regress-variant",
                        {"replacement": variant.id},
                        replacement=variant.name.lower(),
                    ),
                )
        elif step.dose is not None:
            lowered = _lower_by_step(dose, step.dose.model_dump(exclude_none=True))
            if lowered != dose:
                return Kind.REGRESS, lowered, None, _reason("regress-step")
    reduced = _reduce(dose)
    if reduced is not None:
        return Kind.REGRESS, reduced, None, _reason("regress-reduce")
    return Kind.STOP, None, None, _reason("stop-no-easier-step")


def _lower_by_step(dose: Dose, change: dict[str, int]) -> Dose:
    """Apply a regression dose step only where it lowers the dose (never raises it)."""
    current: dict[str, int | None] = {
        "sets": dose.sets,
        "reps": dose.reps,
        "hold_seconds": dose.hold_seconds,
        "duration_seconds": dose.duration_seconds,
    }
    updated = {}
    for name, value in change.items():
        now = current[name]
        if now is not None:  # a step cannot add a kind of count the dose does not use
            updated[name] = min(value, now)
    return dose.replace(**updated)


def _reduce(dose: Dose) -> Dose | None:
    if dose.sets > 1:
        return dose.replace(sets=dose.sets - 1)
    if dose.reps is not None and dose.reps > 1:
        return dose.replace(reps=max(1, dose.reps - math.ceil(dose.reps / 3)))
    if dose.hold_seconds is not None and dose.hold_seconds > 1:
        return dose.replace(hold_seconds=max(1, dose.hold_seconds // 2))
    if dose.duration_seconds is not None and dose.duration_seconds > 5:
        return dose.replace(duration_seconds=max(5, dose.duration_seconds * 2 // 3))
    return None


# --- The pain-monitoring model ------------------------------------------------------------------


def _completed(log: ExerciseLog, dose: Dose) -> bool:
    pairs = (
        (log.reps, dose.reps),
        (log.hold_seconds, dose.hold_seconds),
        (log.duration_seconds, dose.duration_seconds),
    )
    return log.sets >= dose.sets and all(
        done is not None and done >= wanted for done, wanted in pairs if wanted is not None
    )


def _settled(session: SessionLog, log: ExerciseLog, settings: EngineSettings) -> bool | None:
    morning = session.morning_pain(log)
    if morning is None:
        return None
    return morning <= session.pain_before + settings.morning_pain_tolerance


def _session_morning(session: SessionLog) -> int | None:
    values = [e.next_morning_pain for e in session.exercises if e.next_morning_pain is not None]
    if session.next_morning_pain is not None:
        return session.next_morning_pain
    return max(values) if values else None


def morning_pain_rising(sessions: Sequence[SessionLog], settings: EngineSettings) -> bool:
    """Mean next-morning pain of the last 7 days against the 7 days before."""
    if not sessions:
        return False
    last = sessions[-1].date
    this_week: list[int] = []
    week_before: list[int] = []
    for session in sessions:
        morning = _session_morning(session)
        if morning is None:
            continue
        age = (last - session.date).days
        if age < 7:
            this_week.append(morning)
        elif age < 14:
            week_before.append(morning)
    if not this_week or not week_before:
        return False
    rise = sum(this_week) / len(this_week) - sum(week_before) / len(week_before)
    return rise > settings.morning_pain_weekly_rise


# --- next_step ----------------------------------------------------------------------------------


def _red_flag_stop(sessions: Sequence[SessionLog]) -> tuple[list[str], bool]:
    """Red-flag questions answered yes in any log, and whether they stop the program."""
    questions = sorted(
        {q for s in sessions for q in s.new_red_flags},
        key=lambda q: (URGENCY_ORDER[question_urgency(q)], RED_FLAG_QUESTIONS.index(q)),
    )
    stops = any(question_urgency(q) in STOPS_PROGRAM for q in questions)
    return questions, stops


def next_step(
    program: Program,
    session_logs: Sequence[SessionLog],
    library: Mapping[str, Exercise] | None = None,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Decision]:
    """One decision per program item, in program order. Without `library` the bundled
    exercise library is loaded (pass it in when calling often)."""
    if library is None:
        library = load_library()
    sessions = sorted(session_logs, key=lambda s: s.date)
    blocked = {e.exercise for e in program.excluded} | {i.exercise for i in program.items}
    questions, program_stops = _red_flag_stop(sessions)
    rising = morning_pain_rising(sessions, settings)

    decisions = []
    for item in program.items:
        if program_stops:
            reasons = [
                _reason("stop-red-flag", {"question": q}, finding=question_text(q))
                for q in questions
            ]
            reasons.append(_reason("alert-red-flag"))
            decisions.append(
                Decision(
                    exercise=item.exercise,
                    decision=Kind.STOP,
                    dose=None,
                    replacement=None,
                    reasons=reasons,
                )
            )
            continue
        decision = _decide(item, sessions, library, blocked, rising, settings)
        if questions:  # routine answers only: carry on, but tell the clinician
            extra = [
                _reason("alert-red-flag-routine", {"question": q}, finding=question_text(q))
                for q in questions
            ]
            decision = decision.model_copy(update={"reasons": decision.reasons + extra})
        decisions.append(decision)
    return decisions


def _decide(
    item: ProgramItem,
    sessions: Sequence[SessionLog],
    library: Mapping[str, Exercise],
    blocked: set[str],
    rising: bool,
    settings: EngineSettings,
) -> Decision:
    current = Dose.of(item)

    def decision(
        kind: Kind,
        reasons: list[Reason],
        dose: Dose | None = current,
        replacement: str | None = None,
    ) -> Decision:
        return Decision(
            exercise=item.exercise,
            decision=kind,
            dose=dose.out() if dose is not None else None,
            replacement=replacement,
            reasons=reasons,
        )

    history = [(s, log) for s in sessions for log in s.exercises if log.exercise == item.exercise]
    if not history:
        return decision(Kind.HOLD, [_reason("hold-no-logs")])
    session, last = history[-1]

    if last.peripheralised:
        return decision(
            Kind.STOP,
            [_reason("stop-peripheralisation"), _reason("alert-peripheralisation")],
            dose=None,
        )

    exercise = library.get(item.exercise)
    settled = _settled(session, last, settings)
    triggers = []
    if last.pain_during > settings.pain_acceptable_max:
        triggers.append(_reason("regress-pain-during", pain=last.pain_during))
    if settled is False:
        triggers.append(
            _reason(
                "regress-not-settled",
                morning=session.morning_pain(last),
                before=session.pain_before,
            )
        )
    if triggers:
        if exercise is None:
            kind: Kind = Kind.STOP
            new: Dose | None = None
            replacement = None
            step = _reason("stop-no-easier-step")
        else:
            kind, new, replacement, step = regress(item, exercise, library, blocked)
        reasons = [*triggers, step]
        if kind is Kind.STOP:
            reasons.append(_reason("alert-no-easier-step"))
        return decision(kind, reasons, dose=new, replacement=replacement)

    notes = []
    if last.pain_during > settings.pain_safe_max:
        notes.append(_reason("monitor-acceptable-pain"))
    if settled is None:
        return decision(Kind.HOLD, [_reason("hold-awaiting-morning"), *notes])

    recent = history[-settings.sessions_to_progress :]
    if len(recent) < settings.sessions_to_progress:
        return decision(Kind.HOLD, [_reason("hold-more-sessions"), *notes])
    for s, log in recent:
        if log.pain_during > settings.pain_acceptable_max or not _settled(s, log, settings):
            return decision(Kind.HOLD, [_reason("hold-pain"), *notes])
        if log.peripheralised:
            return decision(Kind.HOLD, [_reason("hold-pain"), *notes])
    hard = [log.effort for _, log in recent if log.effort > settings.effort_max_to_progress]
    if hard:
        return decision(Kind.HOLD, [_reason("hold-effort", effort=hard[-1]), *notes])
    if not all(_completed(log, current) for _, log in recent):
        return decision(Kind.HOLD, [_reason("hold-incomplete"), *notes])
    if rising:
        return decision(Kind.HOLD, [_reason("hold-morning-rising"), *notes])
    if exercise is None:
        return decision(Kind.HOLD, [_reason("hold-top-of-ladder"), *notes])
    kind, new_dose, replacement, step = progress(item, exercise, library, blocked, settings)
    return decision(kind, [step, *notes], dose=new_dose, replacement=replacement)


def parse_program(data: Any) -> Program:
    """A program from `backrehab plan` output: the "program" object or the whole plan."""
    if isinstance(data, dict) and "program" in data and "items" not in data:
        if data["program"] is None:
            raise ValueError("the plan has no program (it is a referral)")
        data = data["program"]
    return Program.model_validate(data)


_LOGS = TypeAdapter(list[SessionLog])


def parse_logs(data: Any) -> list[SessionLog]:
    """Session logs: a list of sessions, or {"sessions": [...]}."""
    if isinstance(data, dict) and set(data) == {"sessions"}:
        data = data["sessions"]
    return _LOGS.validate_python(data)


def apply_decisions(program: Program, decisions: Sequence[Decision]) -> list[dict[str, Any]]:
    """The program's items after the decisions: new doses, replacements, stopped ones removed.

    Each changed item keeps why it was chosen and gains why it changed, so the patient can read
    "holding 20 s now, since the last two sessions were comfortable".
    """
    by_exercise = {d.exercise: d for d in decisions}
    items: list[dict[str, Any]] = []
    for item in program.items:
        decision = by_exercise.get(item.exercise)
        if decision is None or decision.decision is Kind.HOLD:
            items.append(item.model_dump(mode="json"))
            continue
        if decision.decision is Kind.STOP or decision.dose is None:
            continue
        changed = ProgramItem(
            exercise=decision.replacement or item.exercise,
            sets=decision.dose.sets,
            reps=decision.dose.reps,
            hold_seconds=decision.dose.hold_seconds,
            duration_seconds=decision.dose.duration_seconds,
            per_side=decision.dose.per_side,
            reasons=[*decision.reasons, *item.reasons],
        )
        items.append(changed.model_dump(mode="json"))
    return items
