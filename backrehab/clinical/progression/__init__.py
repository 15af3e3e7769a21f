"""Progression: what to do with each exercise next session (clinical-rules.md section 5).

The pain-monitoring model (Silbernagel 2007, adopted for back pain; uncertain, so every threshold
is a setting): pain during exercise 0-2 is safe, 3-5 acceptable, above 5 too much; pain after must
settle by the next morning; morning pain must not rise week on week.

Split along its seams:

- `logs`: the session log the player sends (and the CLI reads);
- `rules`: the rule table (id, decision, when, the patient's sentence);
- `ladder`: the dose ladder, one rung up or down within the exercise's ceilings;
- `decisions`: next_step, which reads the logs against the model and picks a rule per exercise.
"""

from __future__ import annotations

from backrehab.clinical.progression.decisions import (
    Decision,
    apply_decisions,
    clinician_alerts,
    decisions_json,
    is_directional,
    morning_pain_rising,
    next_step,
    parse_program,
    resume_after_break,
)
from backrehab.clinical.progression.ladder import (
    Ceilings,
    Dose,
    DoseOut,
    ceilings,
    lower_dose,
    progress,
    regress,
    start_dose,
)
from backrehab.clinical.progression.logs import (
    ExerciseLog,
    Rating,
    SessionLog,
    SkippedExercise,
    done_as_prescribed,
    parse_logs,
)
from backrehab.clinical.progression.rules import (
    ALERT_PREFIX,
    PROGRESSION_RULES,
    Kind,
    ProgressionRule,
    _reason,
)

__all__ = [
    "ALERT_PREFIX",
    "PROGRESSION_RULES",
    "Ceilings",
    "Decision",
    "Dose",
    "DoseOut",
    "ExerciseLog",
    "Kind",
    "ProgressionRule",
    "Rating",
    "SessionLog",
    "SkippedExercise",
    "_reason",
    "apply_decisions",
    "ceilings",
    "clinician_alerts",
    "decisions_json",
    "done_as_prescribed",
    "morning_pain_rising",
    "next_step",
    "parse_logs",
    "parse_program",
    "progress",
    "regress",
    "resume_after_break",
    "start_dose",
    "lower_dose",
    "is_directional",
]
