"""The session log: what the patient did of each exercise, how it felt, and what they skipped.

Logs written by every earlier version of the app stay valid: fields are only ever added, and
new fields are optional.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    AliasChoices,
    BaseModel,
    ConfigDict,
    Field,
    Strict,
    TypeAdapter,
    field_validator,
    model_validator,
)

from backrehab.clinical.intake import RED_FLAG_QUESTIONS

Rating = Annotated[int, Strict(), Field(ge=0, le=10)]
# No session holds more items than this (a program has a dozen at most; the whole library is 60).
MOST_ITEMS_IN_A_LOG = 60


CountSource = Literal["camera", "tapped", "paced"]
# Ten sets of fifty, the most a log can prescribe.
MOST_REPS_COUNTED = 500


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
    peripheralised: Annotated[bool, Strict()] = Field(
        False, description="pain spread further down the leg during or after the exercise"
    )
    centralised: Annotated[bool, Strict()] = Field(
        False,
        description="leg pain moved back toward the spine during the exercise (asked for the "
        "directional exercise): a good response even when the back itself hurts more",
    )
    # How the repetitions were counted (the session player since the camera coach; absent from
    # older logs and from exercises without repetitions).
    count_source: CountSource | None = Field(
        None,
        description="how the repetitions were counted: camera (the phone's camera coach), "
        "tapped (the patient tapped after each one) or paced (the player's clock)",
    )
    reps_counted: Annotated[int, Strict()] | None = Field(
        None, ge=0, le=MOST_REPS_COUNTED, description="repetitions counted over all sets"
    )
    full_range_reps: Annotated[int, Strict()] | None = Field(
        None,
        ge=0,
        le=MOST_REPS_COUNTED,
        description="of the repetitions the camera counted, those that reached the end position",
    )
    count_corrected: Annotated[bool, Strict()] = Field(
        False, description="the patient changed the counted number after the exercise"
    )

    @model_validator(mode="after")
    def counts_agree(self) -> ExerciseLog:
        if self.full_range_reps is not None:
            if self.count_source != "camera":
                raise ValueError("full_range_reps: only the camera measures the range")
            if self.reps_counted is None or self.full_range_reps > self.reps_counted:
                raise ValueError("full_range_reps: more than the repetitions counted")
        if self.reps_counted is not None and self.count_source is None:
            raise ValueError("reps_counted: needs count_source (camera, tapped or paced)")
        return self


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


SkipReason = Literal["too painful", "no time", "no equipment", "other", "too hard"]
"""Why an exercise was skipped. "too hard" comes from players before the skip-reason revision
and stays valid in stored logs; the player now offers the first four."""

TOO_PAINFUL: SkipReason = "too painful"


class SkippedExercise(BaseModel):
    """An exercise the patient skipped in the player, and why (their words, picked from a list).

    A skipped exercise was not done and is not rated; `skip_reason` is accepted as another name
    for `reason` (the player's field name), and the log stores `reason`.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    exercise: str = Field(min_length=1, max_length=60)
    reason: SkipReason = Field(validation_alias=AliasChoices("reason", "skip_reason"))


class SessionLog(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: dt.date
    pain_before: Rating = Field(description="pain before the session started, 0-10")
    next_morning_pain: Rating | None = Field(None, description="pain on waking next morning")
    # Bounded so that a crafted log cannot make every later page of the record slow to build.
    new_red_flags: list[Annotated[str, Field(max_length=60)]] = Field(
        default_factory=list,
        max_length=len(RED_FLAG_QUESTIONS),
        description="red-flag questions newly answered yes (intake names)",
    )
    exercises: list[ExerciseLog] = Field(default_factory=list, max_length=MOST_ITEMS_IN_A_LOG)
    pain_after: Rating | None = Field(None, description="pain at the end of the session, 0-10")
    note: str = Field("", max_length=2000, description="the patient's note, for the therapist")
    skipped: list[SkippedExercise] = Field(default_factory=list, max_length=MOST_ITEMS_IN_A_LOG)

    @field_validator("new_red_flags")
    @classmethod
    def known_questions(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(RED_FLAG_QUESTIONS))
        if unknown:
            raise ValueError(f"unknown red-flag question(s): {', '.join(unknown)}")
        return value

    def skip_of(self, exercise: str) -> SkippedExercise | None:
        """The exercise's skip entry, if the patient skipped it in this session."""
        return next((s for s in self.skipped if s.exercise == exercise), None)

    def morning_pain(self, log: ExerciseLog) -> int | None:
        return (
            log.next_morning_pain if log.next_morning_pain is not None else self.next_morning_pain
        )


_LOGS = TypeAdapter(list[SessionLog])


def parse_logs(data: Any) -> list[SessionLog]:
    """Session logs: a list of sessions, or {"sessions": [...]}."""
    if isinstance(data, dict) and set(data) == {"sessions"}:
        data = data["sessions"]
    return _LOGS.validate_python(data)
