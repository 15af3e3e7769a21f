"""The progression rules: each rule's id, the decision it leads to, when it applies (for the
clinician's rulebook) and the sentence the patient reads."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from backrehab.clinical.reasons import Reason


class Kind(StrEnum):
    PROGRESS = "progress"
    HOLD = "hold"
    REGRESS = "regress"
    STOP = "stop"


ALERT_PREFIX = "alert-"


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
            "replace-directional",
            Kind.STOP,
            "the directional exercise must stop (spreading pain, or nothing easier left): it is "
            "replaced by the file's easier exercise in the same direction, never dropped",
            "Instead, do {replacement}: an easier movement in the same direction, until your "
            "physical therapist has looked at it.",
        ),
        ProgressionRule(
            "alert-directional-no-replacement",
            None,
            "clinician alert: the directional exercise stopped and its file has no easier "
            "exercise in the same direction",
            "Your physical therapist has been asked to choose what replaces this exercise.",
        ),
        ProgressionRule(
            "hold-peripheralisation-elsewhere",
            Kind.HOLD,
            "pain spread down the leg with another exercise in the latest session: the whole "
            "program holds until the clinician has reviewed it",
            "Your leg pain spread during another exercise, so everything stays as it is until "
            "your physical therapist has looked at it.",
        ),
        ProgressionRule(
            "regress-skipped-painful",
            Kind.REGRESS,
            "skipped as too painful in the latest session",
            "You skipped this exercise because it hurt too much, so the next session is easier.",
        ),
        ProgressionRule(
            "alert-skipped-painful",
            None,
            "clinician alert: skipped as too painful {painful_skips_to_alert} times or more",
            "You have skipped this exercise as too painful more than once; your physical "
            "therapist has been told.",
        ),
        ProgressionRule(
            "hold-skipped",
            Kind.HOLD,
            "skipped for another reason (no time, no equipment, other) in the latest session: "
            "never progressed from older logs",
            "You skipped this exercise last time, so it stays at the same dose.",
        ),
        ProgressionRule(
            "regress-after-gap",
            Kind.REGRESS,
            "a break of {gap_days_to_resume_lower} days or more (between two sessions, or since "
            "the last one when the patient comes back): resume one rung lower on the dose",
            "It has been {days} days since the session before, so you restart one step lower "
            "and build up again.",
        ),
        ProgressionRule(
            "hold-after-gap",
            Kind.HOLD,
            "a break of {gap_days_to_resume_lower} days or more at the starting dose: restart "
            "there, sessions before the break do not count toward progress",
            "It has been {days} days since the session before: restart at this dose and build "
            "up again.",
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
            "next-morning pain {morning_rise_points} or more points above pain before the session "
            "(a smaller rise is within measurement noise and only holds)",
            "Pain had not settled by the next morning ({morning}/10, against {before}/10 "
            "before the session), so the next session is easier.",
        ),
        ProgressionRule(
            "alert-morning-rise",
            None,
            "clinician alert: next-morning pain {morning_rise_points} or more points above pain "
            "before the session",
            "Your pain the next morning was {rise} points higher than before the session; your "
            "physical therapist has been told.",
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
            "hold-pain-after",
            Kind.HOLD,
            "pain after the session above {pain_acceptable_max}/10 blocks progression",
            "Pain after the session reached {pain}/10, more than the 5 that is acceptable, so "
            "stay at this dose.",
        ),
        ProgressionRule(
            "hold-not-settled",
            Kind.HOLD,
            "next-morning pain above pain before the session, by less than "
            "{morning_rise_points} points: blocks progression",
            "Your pain the next morning ({morning}/10) was not quite back to where it was before "
            "the session ({before}/10): stay at this dose until it is.",
        ),
        ProgressionRule(
            "hold-walking-weekly",
            Kind.HOLD,
            "a timed exercise (walking) grows at most once in {timed_progress_days} days "
            "(10-20 % a week)",
            "Walking grows by at most a fifth a week, so keep to this length a little longer.",
        ),
        ProgressionRule(
            "hold-directional-kept",
            Kind.HOLD,
            "the directional exercise at the top of its dose is kept, never swapped for a harder "
            "exercise that loads the spine more (e.g. prone press-up -> superman)",
            "This exercise eases your pain by moving in its direction, so it stays in your "
            "program instead of being swapped for a harder one.",
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
            "monitor-pain-at-baseline",
            None,
            "pain during above {pain_acceptable_max} but not above pain before the session, for "
            "someone starting at {pain_during_baseline_from}+: acceptable (uncertain)",
            "Your pain was already {before}/10 before you started; exercise that does not raise "
            "it above that is acceptable.",
        ),
        ProgressionRule(
            "monitor-centralising",
            None,
            "leg pain moved back toward the spine during the directional exercise: a good "
            "response, even when the back itself hurts more",
            "Your leg pain moved back toward your back during this exercise: a good sign, even "
            "if your back feels it more.",
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
            "dose at the top: the next harder exercise of the file's progression that is safe "
            "and needs nothing the patient does not have at home",
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
