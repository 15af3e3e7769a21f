"""The exercise schema: what one exercise file must say.

Exercise content is data (one YAML file per exercise under backrehab/content/exercises); this
module is the contract those files are checked against. It has no Django import so the CLI, the
program engine and the web app all read the library the same way.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from backrehab.clinical.conditions import CONDITIONS
from backrehab.figures.spec import FigureSpec
from backrehab.motion.spec import MotionSpec

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Category(StrEnum):
    WARM_UP = "warm-up"
    MOBILITY = "mobility"
    STRETCH = "stretch"
    MOTOR_CONTROL = "motor-control"
    STRENGTH = "strength"
    AEROBIC = "aerobic"


class Position(StrEnum):
    SUPINE = "supine"
    PRONE = "prone"
    SIDE_LYING = "side-lying"
    QUADRUPED = "quadruped"
    KNEELING = "kneeling"
    SEATED = "seated"
    STANDING = "standing"


class Bias(StrEnum):
    """The spinal direction the exercise loads or moves into (clinical-rules.md section 4)."""

    FLEXION = "flexion"
    EXTENSION = "extension"
    ROTATION = "rotation"
    NEUTRAL = "neutral"


class Equipment(StrEnum):
    MAT = "mat"
    WALL = "wall"
    CHAIR = "chair"
    STRAP = "strap"
    PILLOW = "pillow"
    STEP = "step"
    BAND = "band"
    WEDGE = "wedge"
    WEIGHT = "weight"  # a dumbbell, kettlebell or a filled bag to hold
    BIKE = "bike"  # a stationary exercise bike


# Positions that put the person down on the floor (or a bed used like one). The engine keeps
# every such exercise away from someone who cannot get down to the floor and up again.
FLOOR_POSITIONS = frozenset({"supine", "prone", "side-lying", "quadruped", "kneeling"})


class Tag(StrEnum):
    """What an exercise is for beyond its category, for the populations clinical-rules.md
    section 3 names. The engine selects by these tags, never by exercise id, so a clinic's own
    exercise with the right tag is chosen the same way."""

    BALANCE = "balance"
    PELVIC_FLOOR = "pelvic-floor"
    BACK_EXTENSOR_NEUTRAL = "back-extensor-neutral"  # extensor strength without end-range
    FLEXED_WALKING = "flexed-walking"  # walking intervals in a flexed posture (stenosis)
    CYCLING = "cycling"
    NERVE_GLIDE = "nerve-glide"
    LOADED = "loaded"  # holds an external load (weight, band under tension)
    END_RANGE_STRETCH = "end-range-stretch"  # not for hypermobility
    PELVIC_GIRDLE_FRIENDLY = "pelvic-girdle-friendly"  # symmetrical, pregnancy pelvic girdle pain
    DIRECTIONAL = "directional"  # a McKenzie repeated-movement exercise used as self-treatment
    THORACIC_MOBILITY = "thoracic-mobility"
    HIP_MOBILITY = "hip-mobility"
    # Most of the body weight on one leg (single-leg stance, step-up, split squat, single-leg
    # bridge): with LOADED, what makes a ladder's top rung hard enough for a fit adult.
    SINGLE_LEG = "single-leg"


class PrecautionAction(StrEnum):
    AVOID = "avoid"  # never prescribed while the condition is present
    MODIFY = "modify"  # prescribed with the change the note describes


Text = Annotated[str, Field(min_length=2, max_length=600)]
Slug = Annotated[str, Field(pattern=SLUG.pattern, max_length=60)]


class Dose(BaseModel):
    """A prescription for one exercise. `reps` or `duration_seconds` says how long a set lasts."""

    model_config = ConfigDict(extra="forbid")

    sets: int = Field(ge=1, le=10)
    reps: int | None = Field(None, ge=1, le=50)
    hold_seconds: int | None = Field(None, ge=1, le=300)
    duration_seconds: int | None = Field(None, ge=5, le=3600)
    per_side: bool = False
    rest_seconds: int = Field(30, ge=0, le=600)
    times_per_day: int | None = Field(
        None,
        ge=1,
        le=12,
        description="for a directional self-treatment exercise: how many times a day the sets "
        "are repeated (e.g. 10 reps every 2-3 hours); None = once, in the session",
    )

    @model_validator(mode="after")
    def one_way_to_count(self) -> Dose:
        if self.reps is None and self.duration_seconds is None:
            raise ValueError("give reps or duration_seconds")
        if self.reps is not None and self.duration_seconds is not None:
            raise ValueError("give reps or duration_seconds, not both")
        if self.hold_seconds is not None and self.reps is None:
            raise ValueError("hold_seconds goes with reps (each rep is held)")
        return self


class DoseChange(BaseModel):
    """Part of a dose: the fields a progression or regression step changes."""

    model_config = ConfigDict(extra="forbid")

    sets: int | None = Field(None, ge=1, le=10)
    reps: int | None = Field(None, ge=1, le=50)
    hold_seconds: int | None = Field(None, ge=1, le=300)
    duration_seconds: int | None = Field(None, ge=5, le=3600)

    @model_validator(mode="after")
    def changes_something(self) -> DoseChange:
        if not self.model_dump(exclude_none=True):
            raise ValueError(
                "a dose step must change at least one of sets, reps, hold_seconds, duration_seconds"
            )
        return self


class Step(BaseModel):
    """One rung of a progression or regression: another exercise, or a dose of this one."""

    model_config = ConfigDict(extra="forbid")

    exercise: Slug | None = None
    dose: DoseChange | None = None
    note: Text | None = None
    returns: bool = Field(
        False,
        description="a progression step back up to the exercise this one is an easier version "
        "of (leg reach -> bird dog): it does not make that exercise a harder variant that waits "
        "for a fit, calm person (focus-start-at-base-level)",
    )

    @model_validator(mode="after")
    def exactly_one(self) -> Step:
        if (self.exercise is None) == (self.dose is None):
            raise ValueError("a step names either an exercise or a dose, not both or neither")
        if self.returns and self.exercise is None:
            raise ValueError("only a step naming an exercise can return to it")
        return self


class Precaution(BaseModel):
    model_config = ConfigDict(extra="forbid")

    condition: str
    action: PrecautionAction
    note: Text

    @field_validator("condition")
    @classmethod
    def known_condition(cls, value: str) -> str:
        if value not in CONDITIONS:
            raise ValueError(f"unknown condition {value!r}; known: {', '.join(sorted(CONDITIONS))}")
        return value


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid")

    citation: Text
    url: str | None = None


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Slug
    name: Annotated[str, Field(min_length=2, max_length=80)]
    aliases: list[Annotated[str, Field(min_length=2, max_length=80)]] = Field(default_factory=list)
    summary: Text = Field(description="one sentence a patient reads in a list")
    purpose: Text
    target_muscles: list[Text] = Field(min_length=1)
    category: Category
    position: Position
    equipment: list[Equipment] = Field(default_factory=list)
    bias: Bias
    steps: list[Text] = Field(min_length=2, max_length=12)
    cues: list[Text] = Field(min_length=1)
    mistakes: list[Text] = Field(min_length=1)
    breathing: Text
    dose: Dose
    progression: list[Step] = Field(default_factory=list)
    regression: list[Step] = Field(default_factory=list)
    precautions: list[Precaution] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    notes: list[Text] = Field(default_factory=list, description="corrections and clinical notes")
    from_article: bool = Field(False, description="one of the source article's eight")
    tags: list[Tag] = Field(default_factory=list)
    floor: bool | None = Field(
        None,
        description="done down on the floor (or a bed); None = decided by the position",
    )
    figure: FigureSpec
    motion: MotionSpec | None = Field(
        None, description="camera coach refinements: phone view and the exercise's form checks"
    )

    @model_validator(mode="after")
    def not_its_own_step(self) -> Exercise:
        for kind, steps in (("progression", self.progression), ("regression", self.regression)):
            if any(step.exercise == self.id for step in steps):
                raise ValueError(f"{kind} names the exercise itself; use a dose step instead")
        conditions = [p.condition for p in self.precautions]
        if len(conditions) != len(set(conditions)):
            raise ValueError("a condition is listed twice under precautions")
        return self

    @property
    def needs_floor(self) -> bool:
        """Whether the person must get down to the floor (or onto a bed) for this exercise."""
        if self.floor is not None:
            return self.floor
        return self.position.value in FLOOR_POSITIONS

    def precaution_for(self, condition: str) -> Precaution | None:
        return next((p for p in self.precautions if p.condition == condition), None)

    def avoided_with(self, condition: str) -> bool:
        precaution = self.precaution_for(condition)
        return precaution is not None and precaution.action is PrecautionAction.AVOID
