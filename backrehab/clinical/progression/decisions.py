"""next_step: one decision per program item from the session logs (clinical-rules.md section 5).

Stop comes before regress, regress before hold or progress; alerts for the clinician are reasons
whose rule starts with "alert-", so the CLI, the pages and the API read the same output.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from backrehab.clinical.exercises import Exercise
from backrehab.clinical.intake import RED_FLAG_QUESTIONS
from backrehab.clinical.library import load_library
from backrehab.clinical.program import Program, ProgramItem, not_at_hand
from backrehab.clinical.progression.ladder import (
    Dose,
    DoseOut,
    lower_dose,
    progress,
    regress,
    start_dose,
)
from backrehab.clinical.progression.logs import (
    TOO_PAINFUL,
    ExerciseLog,
    SessionLog,
    SkippedExercise,
)
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


def morning_rise(session: SessionLog, log: ExerciseLog) -> int | None:
    """Next-morning pain minus pain before the session (None until the morning check)."""
    morning = session.morning_pain(log)
    return None if morning is None else morning - session.pain_before


def _settled(session: SessionLog, log: ExerciseLog, settings: EngineSettings) -> bool | None:
    rise = morning_rise(session, log)
    return None if rise is None else rise <= settings.morning_pain_tolerance


def _pain_during_too_much(
    session: SessionLog, log: ExerciseLog, directional: bool, settings: EngineSettings
) -> bool:
    """Above 5 is too much - unless the person started the session at 6+ and the exercise did
    not take them above that, or leg pain retreated during the directional exercise (central
    pain rising while leg pain centralises is the response that exercise is for)."""
    if log.pain_during <= settings.pain_acceptable_max:
        return False
    if directional and log.centralised:
        return False
    return not (
        session.pain_before >= settings.pain_during_baseline_from
        and log.pain_during <= session.pain_before
    )


def _met_model(
    session: SessionLog, log: ExerciseLog, directional: bool, settings: EngineSettings
) -> bool:
    return (
        not log.peripheralised
        and not _pain_during_too_much(session, log, directional, settings)
        and (session.pain_after is None or session.pain_after <= settings.pain_acceptable_max)
        and _settled(session, log, settings) is True
    )


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


DIRECTIONAL_RULES = ("focus-preference", "focus-preference-training")


def is_directional(item: ProgramItem) -> bool:
    """The exercise chosen for the person's directional preference: their self-treatment
    movement, which is kept (never swapped for a harder variant, never dropped unreplaced)."""
    return any(r.rule in DIRECTIONAL_RULES for r in item.reasons)


# --- History of one exercise --------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One session's record of one exercise: done (with its log) or skipped (with why)."""

    session: SessionLog
    log: ExerciseLog | None
    skip: SkippedExercise | None


def _history(exercise: str, sessions: Sequence[SessionLog]) -> list[Entry]:
    entries = []
    for session in sessions:
        skip = session.skip_of(exercise)
        if skip is not None:
            # Skipped is skipped: a rating an older player sent with it is not a session done.
            entries.append(Entry(session, None, skip))
            continue
        log = next((e for e in session.exercises if e.exercise == exercise), None)
        if log is not None:
            entries.append(Entry(session, log, None))
    return entries


def _gap_before_latest(sessions: Sequence[SessionLog], today: dt.date | None) -> int:
    """Days of the longest break around the latest session: from the session before it, or
    from it to `today` (the day the next session is planned for)."""
    if not sessions:
        return 0
    gaps = [0]
    if len(sessions) > 1:
        gaps.append((sessions[-1].date - sessions[-2].date).days)
    if today is not None:
        gaps.append((today - sessions[-1].date).days)
    return max(gaps)


def _since_break(entries: list[Entry], settings: EngineSettings) -> list[Entry]:
    """The entries after the last break long enough to resume lower: sessions before a break
    never count toward progress."""
    start = 0
    for i in range(1, len(entries)):
        if (
            entries[i].session.date - entries[i - 1].session.date
        ).days >= settings.gap_days_to_resume_lower:
            start = i
    return entries[start:]


# --- next_step ----------------------------------------------------------------------------------


def _red_flag_stop(sessions: Sequence[SessionLog]) -> tuple[list[str], bool]:
    """Red-flag questions answered yes in any log, and whether they stop the program."""
    questions = sorted(
        {q for s in sessions for q in s.new_red_flags},
        key=lambda q: (URGENCY_ORDER[question_urgency(q)], RED_FLAG_QUESTIONS.index(q)),
    )
    stops = any(question_urgency(q) in STOPS_PROGRAM for q in questions)
    return questions, stops


@dataclass(frozen=True)
class _Context:
    sessions: Sequence[SessionLog]
    library: Mapping[str, Exercise]
    blocked: set[str]
    rising: bool
    spread: set[str]  # exercises whose pain spread down the leg in the latest session
    gap: int
    settings: EngineSettings


def next_step(
    program: Program,
    session_logs: Sequence[SessionLog],
    library: Mapping[str, Exercise] | None = None,
    settings: EngineSettings = DEFAULT_SETTINGS,
    today: dt.date | None = None,
) -> list[Decision]:
    """One decision per program item, in program order. Without `library` the bundled
    exercise library is loaded (pass it in when calling often). `today`, when given, is the day
    of the next session: a long break before it resumes one rung lower."""
    if library is None:
        library = load_library()
    sessions = sorted(session_logs, key=lambda s: s.date)
    questions, program_stops = _red_flag_stop(sessions)
    ctx = _Context(
        sessions=sessions,
        library=library,
        # Never a variant that is unsafe, already in the program, or needs equipment the
        # patient does not have (a weighted bird dog for someone with no weight at home).
        blocked={e.exercise for e in program.excluded}
        | {i.exercise for i in program.items}
        | not_at_hand(library, program.equipment),
        rising=morning_pain_rising(sessions, settings),
        spread={e.exercise for e in sessions[-1].exercises if e.peripheralised}
        if sessions
        else set(),
        gap=_gap_before_latest(sessions, today),
        settings=settings,
    )

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
        decision = _decide(item, ctx)
        if questions:  # routine answers only: carry on, but tell the clinician
            extra = [
                _reason("alert-red-flag-routine", {"question": q}, finding=question_text(q))
                for q in questions
            ]
            decision = decision.model_copy(update={"reasons": decision.reasons + extra})
        decisions.append(decision)
    return decisions


def _decide(item: ProgramItem, ctx: _Context) -> Decision:
    settings = ctx.settings
    current = Dose.of(item)
    exercise = ctx.library.get(item.exercise)
    directional = is_directional(item)

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

    def stop(reasons: list[Reason]) -> Decision:
        """Stop the exercise - but the directional exercise is replaced, never just dropped."""
        if not directional:
            return decision(Kind.STOP, reasons, dose=None)
        variant = _easier_same_direction(exercise, ctx)
        if variant is None:
            return decision(
                Kind.STOP, [*reasons, _reason("alert-directional-no-replacement")], dose=None
            )
        why = _reason(
            "replace-directional", {"replacement": variant.id}, replacement=variant.name.lower()
        )
        return decision(
            Kind.STOP,
            [*reasons, why],
            dose=start_dose(variant, current),
            replacement=variant.id,
        )

    def ease(triggers: list[Reason]) -> Decision:
        if exercise is None:
            return stop(
                [*triggers, _reason("stop-no-easier-step"), _reason("alert-no-easier-step")]
            )
        kind, new, replacement, step = regress(item, exercise, ctx.library, ctx.blocked)
        if kind is Kind.STOP:
            return stop([*triggers, step, _reason("alert-no-easier-step")])
        return decision(kind, [*triggers, step], dose=new, replacement=replacement)

    entries = _history(item.exercise, ctx.sessions)
    if not entries:
        return decision(Kind.HOLD, [_reason("hold-no-logs")])
    latest = entries[-1]
    session, last = latest.session, latest.log

    # Spreading leg pain: stop that exercise, hold everything else, tell the clinician.
    if last is not None and last.peripheralised:
        return stop([_reason("stop-peripheralisation"), _reason("alert-peripheralisation")])
    if ctx.spread - {item.exercise}:
        return decision(Kind.HOLD, [_reason("hold-peripheralisation-elsewhere")])

    if latest.skip is not None:
        if latest.skip.reason != TOO_PAINFUL:
            return decision(Kind.HOLD, [_reason("hold-skipped")])
        triggers = [_reason("regress-skipped-painful")]
        painful = sum(1 for e in entries if e.skip is not None and e.skip.reason == TOO_PAINFUL)
        # The program item remembers an earlier painful skip that already eased it.
        painful += sum(1 for r in item.reasons if r.rule == "regress-skipped-painful")
        if painful >= settings.painful_skips_to_alert:
            triggers.append(_reason("alert-skipped-painful"))
        return ease(triggers)
    assert last is not None

    triggers = []
    if _pain_during_too_much(session, last, directional, settings):
        triggers.append(_reason("regress-pain-during", pain=last.pain_during))
    rise = morning_rise(session, last)
    if rise is not None and rise >= settings.morning_rise_points:
        triggers.append(
            _reason(
                "regress-not-settled",
                morning=session.morning_pain(last),
                before=session.pain_before,
            )
        )
        triggers.append(_reason("alert-morning-rise", rise=rise))
    if triggers:
        return ease(triggers)

    if ctx.gap >= settings.gap_days_to_resume_lower:
        lower = lower_dose(item, exercise) if exercise is not None else None
        if lower is None:
            return decision(Kind.HOLD, [_reason("hold-after-gap", days=ctx.gap)])
        return decision(Kind.REGRESS, [_reason("regress-after-gap", days=ctx.gap)], dose=lower)

    notes = []
    if directional and last.centralised:
        notes.append(_reason("monitor-centralising"))
    elif last.pain_during > settings.pain_acceptable_max:
        notes.append(_reason("monitor-pain-at-baseline", before=session.pain_before))
    elif last.pain_during > settings.pain_safe_max:
        notes.append(_reason("monitor-acceptable-pain"))

    if session.pain_after is not None and session.pain_after > settings.pain_acceptable_max:
        return decision(Kind.HOLD, [_reason("hold-pain-after", pain=session.pain_after), *notes])
    if rise is None:
        return decision(Kind.HOLD, [_reason("hold-awaiting-morning"), *notes])
    if rise > settings.morning_pain_tolerance:
        morning = session.morning_pain(last)
        return decision(
            Kind.HOLD,
            [_reason("hold-not-settled", morning=morning, before=session.pain_before), *notes],
        )

    recent = _since_break(entries, settings)[-settings.sessions_to_progress :]
    if len(recent) < settings.sessions_to_progress:
        return decision(Kind.HOLD, [_reason("hold-more-sessions"), *notes])
    done = [(e.session, e.log) for e in recent if e.log is not None]
    if len(done) < len(recent):
        return decision(Kind.HOLD, [_reason("hold-skipped"), *notes])
    for s, log in done:
        if not _met_model(s, log, directional, settings):
            return decision(Kind.HOLD, [_reason("hold-pain"), *notes])
    hard = [log.effort for _, log in done if log.effort > settings.effort_max_to_progress]
    if hard:
        return decision(Kind.HOLD, [_reason("hold-effort", effort=hard[-1]), *notes])
    if not all(_completed(log, current) for _, log in done):
        return decision(Kind.HOLD, [_reason("hold-incomplete"), *notes])
    if ctx.rising:
        return decision(Kind.HOLD, [_reason("hold-morning-rising"), *notes])
    if exercise is None:
        return decision(Kind.HOLD, [_reason("hold-top-of-ladder"), *notes])
    if current.duration_seconds is not None:
        waited = _days_at_dose(entries, current)
        if waited < settings.timed_progress_days:
            return decision(Kind.HOLD, [_reason("hold-walking-weekly"), *notes])
    kind, new_dose, replacement, step = progress(item, exercise, ctx.library, ctx.blocked, settings)
    if replacement is not None and directional:
        return decision(Kind.HOLD, [_reason("hold-directional-kept"), *notes])
    return decision(kind, [step, *notes], dose=new_dose, replacement=replacement)


def resume_after_break(
    program: Program,
    last_session: dt.date,
    today: dt.date,
    library: Mapping[str, Exercise] | None = None,
    settings: EngineSettings = DEFAULT_SETTINGS,
) -> list[Decision]:
    """The first session back after a break in training (section 5, "a gap of 2+ weeks resumes
    one rung lower"): one decision per program item when `today` is at least
    `gap_days_to_resume_lower` days after `last_session`, else none.

    Each exercise above its starting dose goes one rung back (regress-after-gap); one at its
    starting dose restarts there (hold-after-gap). next_step applies the same rule once the
    first session back is logged; this is for before it, so that session is already easier.
    """
    days = (today - last_session).days
    if days < settings.gap_days_to_resume_lower:
        return []
    if library is None:
        library = load_library()
    decisions = []
    for item in program.items:
        exercise = library.get(item.exercise)
        lower = lower_dose(item, exercise) if exercise is not None else None
        if lower is None:
            decisions.append(
                Decision(
                    exercise=item.exercise,
                    decision=Kind.HOLD,
                    dose=Dose.of(item).out(),
                    replacement=None,
                    reasons=[_reason("hold-after-gap", days=days)],
                )
            )
        else:
            decisions.append(
                Decision(
                    exercise=item.exercise,
                    decision=Kind.REGRESS,
                    dose=lower.out(),
                    replacement=None,
                    reasons=[_reason("regress-after-gap", days=days)],
                )
            )
    return decisions


def _days_at_dose(entries: list[Entry], dose: Dose) -> int:
    """Days from the first of the latest run of sessions done at (at least) the current time to
    the latest session: a walk grows at most once a week, whatever the number of sessions."""
    first = None
    for entry in reversed(entries):
        log = entry.log
        if (
            log is None
            or log.duration_seconds is None
            or log.duration_seconds < (dose.duration_seconds or 0)
        ):
            break
        first = entry.session.date
    if first is None:
        return 0
    return (entries[-1].session.date - first).days


def _easier_same_direction(exercise: Exercise | None, ctx: _Context) -> Exercise | None:
    """The file's first regression exercise that moves in the same direction and is safe."""
    if exercise is None:
        return None
    for step in exercise.regression:
        variant = ctx.library.get(step.exercise) if step.exercise else None
        if variant is not None and variant.id not in ctx.blocked and variant.bias is exercise.bias:
            return variant
    return None


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
        if decision.dose is None:
            continue  # stopped (a stopped directional exercise comes with its replacement)
        same = (decision.replacement or item.exercise) == item.exercise
        changed = ProgramItem(
            exercise=decision.replacement or item.exercise,
            sets=decision.dose.sets,
            reps=decision.dose.reps,
            hold_seconds=decision.dose.hold_seconds,
            duration_seconds=decision.dose.duration_seconds,
            per_side=decision.dose.per_side,
            # "Little and often" belongs to the directional exercise (and the easier one in the
            # same direction that replaces it): a new dose does not change how often a day.
            times_per_day=item.times_per_day,
            # The clinician's rest and note are about this exercise: a replacement starts afresh.
            rest_seconds=item.rest_seconds if same else None,
            note=item.note if same else None,
            reasons=[*decision.reasons, *item.reasons],
        )
        items.append(changed.model_dump(mode="json"))
    return items
