"""next_step: one decision per program item from the session logs (clinical-rules.md section 5).

Stop comes before regress, regress before hold or progress; alerts for the clinician are reasons
whose rule starts with "alert-", so the CLI, the pages and the API read the same output.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import RED_FLAG_QUESTIONS
from backrehab.clinical.library import load_library
from backrehab.clinical.program import Program, ProgramItem
from backrehab.clinical.progression.ladder import Dose, DoseOut, progress, regress
from backrehab.clinical.progression.logs import ExerciseLog, SessionLog
from backrehab.clinical.progression.rules import ALERT_PREFIX, Kind, _reason
from backrehab.clinical.reasons import Reason
from backrehab.clinical.red_flags import (
    STOPS_PROGRAM,
    URGENCY_ORDER,
    question_text,
    question_urgency,
)
from backrehab.clinical.settings import DEFAULT_SETTINGS, EngineSettings


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
