"""The API's request and response shapes; the OpenAPI document is generated from these.

Response shapes copy what the stored JSON documents hold (programs, scores, session logs) field by
field, so the document says exactly what a client gets. Requests for care reuse the engine's own
models (Intake, SessionLog): the API accepts exactly what the engine accepts.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import Enum
from typing import Annotated, Any, Literal

from ninja import Field, Schema

from backrehab.clinical.exercises import Bias, Category, Equipment, Position
from backrehab.clinical.intake import RED_FLAG_QUESTIONS
from backrehab.clinical.progression import SessionLog as SessionRecord

# Ids in paths and query strings: positive, and small enough for every database.
Id = Annotated[int, Field(ge=1, le=2**53)]


class Error(Schema):
    detail: str = Field(description="what went wrong, in plain words")
    errors: list[str] = Field(
        default_factory=list, description="one 'field.path: problem' line per bad field"
    )


class ReasonOut(Schema):
    rule: str = Field(description="the engine rule that fired (docs/engine-rules.md)")
    text: str = Field(description="the reason in words a patient reads")
    params: dict[str, str | int] = Field(
        default_factory=dict,
        description="the values in the sentence (exercise ids, numbers), for showing it in "
        "another language",
    )


# --- Who is calling ---------------------------------------------------------------------------


class Me(Schema):
    username: str
    name: str
    role: Literal["patient", "clinician", "clinic_admin", "other"]
    clinic: str | None
    patient_id: int | None = Field(description="your patient record, if you are a patient")


# --- Exercises --------------------------------------------------------------------------------


class ExerciseSummary(Schema):
    id: str = Field(description="the exercise's slug, used in programs and logs")
    name: str
    summary: str
    category: Category
    position: Position
    bias: Bias
    equipment: list[str]
    origin: Literal["library", "clinic"]


class ExerciseFilters(Schema):
    category: Category | None = None
    position: Position | None = None
    bias: Bias | None = None
    equipment: Equipment | None = None
    q: str | None = Field(None, max_length=80, description="words in the name or aliases")


class StartingDose(Schema):
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    per_side: bool = False
    rest_seconds: int = 0


class ExerciseStep(Schema):
    exercise: str | None = None
    dose: dict[str, int | None] | None = None
    note: str | None = None


class ExercisePrecaution(Schema):
    condition: str
    action: str
    note: str


class ExerciseSource(Schema):
    citation: str
    url: str | None = None


class ExerciseDetail(ExerciseSummary):
    aliases: list[str]
    purpose: str
    target_muscles: list[str]
    steps: list[str]
    cues: list[str]
    mistakes: list[str]
    breathing: str
    dose: StartingDose
    dose_text: str = Field(description="the starting dose in words")
    progression: list[ExerciseStep]
    regression: list[ExerciseStep]
    precautions: list[ExercisePrecaution]
    sources: list[ExerciseSource]
    retired: bool


# --- Patients ---------------------------------------------------------------------------------


class PatientSummary(Schema):
    id: int
    name: str
    username: str
    clinician: str | None = Field(description="the clinician in charge, by name")
    risk_group: str | None = Field(
        description="STarT Back risk group (low, medium, high) from the latest evaluation"
    )
    last_session: dt.date | None


class PatientDetail(PatientSummary):
    clinic: str
    joined_on: dt.date
    language: str
    active_program_id: int | None
    open_alerts: int
    sessions: int


# --- Evaluations and scores -------------------------------------------------------------------


class NprsScore(Schema):
    now: int
    best: int
    worst: int


class OdiScore(Schema):
    percent: float
    band: str
    answered_sections: int


class RmdqScore(Schema):
    score: int


class StartBackScore(Schema):
    total: int
    distress: int
    risk: str
    approach: str = ""


class PsfsActivityScore(Schema):
    activity: str
    score: int


class PsfsScore(Schema):
    mean: float
    activities: list[PsfsActivityScore]


class ScoresOut(Schema):
    """Empty (every field null) for an evaluation that a red-flag answer stopped part-way."""

    nprs: NprsScore | None = None
    odi: OdiScore | None = None
    rmdq: RmdqScore | None = None
    startback: StartBackScore | None = None
    psfs: PsfsScore | None = None


class ReferralOut(Schema):
    urgency: str = Field(description="emergency, urgent, soon or routine")
    reasons: list[ReasonOut]


class EvaluationOut(Schema):
    id: int
    kind: Literal["intake", "reassessment"]
    taken_at: dt.datetime
    scores: ScoresOut
    referral: ReferralOut | None
    program_id: int | None = Field(description="the program built from it, if one was")


class EvaluationCreated(Schema):
    evaluation: EvaluationOut
    program_id: int | None = Field(description="None when a red-flag answer stopped the program")


class ScoreChange(Schema):
    measure: str
    baseline: float
    value: float
    verdict: Literal["improved", "no-important-change", "worse"]
    reason: str


class ScorePoint(Schema):
    evaluation_id: int
    kind: str
    taken_at: dt.datetime
    scores: ScoresOut
    changes: list[ScoreChange] = Field(
        description="against the first evaluation, judged by the minimal important change"
    )


# --- Programs and decisions -------------------------------------------------------------------


class ProgramItemOut(Schema):
    exercise: str
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    per_side: bool = False
    times_per_day: int | None = Field(
        None, description="a directional exercise: times a day its sets are repeated"
    )
    rest_seconds: int | None = Field(
        None, description="rest between sets chosen by the clinician (none: the exercise's own)"
    )
    note: str | None = Field(None, description="the clinician's note to the patient, as written")
    reasons: list[ReasonOut] = Field(default_factory=list)


class ExcludedOut(Schema):
    exercise: str
    reasons: list[ReasonOut] = Field(default_factory=list)


class EducationOut(Schema):
    topic: str
    title: str
    summary: str
    reasons: list[ReasonOut] = Field(default_factory=list)


class DecisionOut(Schema):
    exercise: str
    # add / remove / pathway / referral: a re-assessment's changes to the program in force.
    decision: Literal["progress", "hold", "regress", "stop", "add", "remove", "pathway", "referral"]
    dose: dict[str, int | bool | None] | None = None
    replacement: str | None = None
    reasons: list[ReasonOut] = Field(default_factory=list)


class OverrideOut(Schema):
    exercise: str = ""
    rule: str = ""
    warning: str = ""
    reason: str = ""


class ProgramOut(Schema):
    id: int
    is_active: bool
    created_at: dt.datetime
    created_by: str | None = Field(description="who prescribed it; null for the engine")
    evaluation_id: int | None
    reason: str
    sessions_per_week: int | None
    minutes: int | None
    items: list[ProgramItemOut]
    excluded: list[ExcludedOut]
    education: list[EducationOut]
    changes: list[DecisionOut] = Field(description="the decisions that made this version")
    overrides: list[OverrideOut] = Field(description="safety warnings overridden, with the reason")


class DecisionRecord(DecisionOut):
    program_id: int = Field(description="the program version the decision made")
    decided_at: dt.datetime


# --- Session logs -----------------------------------------------------------------------------


class ExerciseDone(Schema):
    exercise: str
    sets: int
    reps: int | None = None
    hold_seconds: int | None = None
    duration_seconds: int | None = None
    pain_during: int
    effort: int
    next_morning_pain: int | None = None
    peripheralised: bool = False
    count_source: Literal["camera", "tapped", "paced"] | None = None
    reps_counted: int | None = None
    full_range_reps: int | None = None
    count_corrected: bool = False


class Skipped(Schema):
    exercise: str
    reason: str


class SessionOut(Schema):
    id: int
    client_id: uuid.UUID
    program_id: int
    performed_on: dt.date
    received_at: dt.datetime
    pain_before: int
    pain_after: int | None = None
    next_morning_pain: int | None = None
    new_red_flags: list[str] = Field(default_factory=list)
    note: str = ""
    exercises: list[ExerciseDone] = Field(default_factory=list)
    skipped: list[Skipped] = Field(default_factory=list)


# The red-flag questions by their intake names, listed in the document rather than left a string.
RedFlagQuestion = Enum(  # type: ignore[misc]
    "RedFlagQuestion", {name: name for name in RED_FLAG_QUESTIONS}, type=str
)


class SessionLogIn(SessionRecord):
    """The session log as the engine validates it (backrehab.clinical.progression.SessionLog)."""

    new_red_flags: list[RedFlagQuestion] = Field(  # type: ignore[assignment]
        default_factory=list,
        max_length=len(RED_FLAG_QUESTIONS),
        description="red-flag questions newly answered yes",
    )


class SessionIn(Schema):
    client_id: uuid.UUID = Field(
        description="made by the device; sending the same log again stores it once"
    )
    program: Id | None = Field(
        None, description="the program the session followed; default: the one in force"
    )
    session: SessionLogIn


class SessionStored(Schema):
    created: bool = Field(description="false when this client_id was already stored")
    session: SessionOut
    active_program_id: int | None = Field(
        description="the program in force after the progression rules looked at the session"
    )


# --- Alerts -----------------------------------------------------------------------------------


class AlertOut(Schema):
    id: int
    patient_id: int
    patient_name: str
    kind: Literal[
        "red_flag",
        "peripheralisation",
        "pain_rising",
        "regress",
        "no_session",
        "morning_rise",
        "skipped_painful",
        "no_change",
        "proposal",
    ]
    raised_at: dt.datetime
    detail: str = Field(description="the alert in English, as raised")
    message: dict[str, Any] = Field(
        default_factory=dict,
        description="what the alert says as data, for saying it in another language: "
        '{"id": message id, "params": {...}} with rule and exercise ids, ISO dates and numbers '
        "(empty for alerts raised by older versions)",
    )
    acknowledged_at: dt.datetime | None
    acknowledged_by: str | None


class AlertFilters(Schema):
    status: Literal["open", "all"] = Field("open", description="open: not yet acknowledged")
    patient: Id | None = Field(None, description="only this patient's alerts")


# --- Messages ---------------------------------------------------------------------------------


class MessageOut(Schema):
    id: int
    patient_id: int
    author_role: Literal["patient", "team"] = Field(
        description="who wrote it: the patient, or their care team"
    )
    author: str = Field(description="the writer's name when it was sent")
    text: str
    sent_at: dt.datetime
    read_by_patient_at: dt.datetime | None = Field(
        description="when the patient read it (their own messages: when sent)"
    )
    read_by_team_at: dt.datetime | None = Field(
        description="when the care team read it (their own messages: when sent)"
    )


class MessageIn(Schema):
    text: str = Field(
        min_length=1,
        max_length=2000,
        description="the message, 1 to 2,000 characters (not only spaces)",
    )


class ThreadRead(Schema):
    newly_read: int = Field(description="how many of the other side's messages were unread")
    unread: int = Field(description="unread messages left for you (0)")
