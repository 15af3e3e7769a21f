"""The optional `motion` section of an exercise file: refinements for the camera coach.

Everything has a default derived from the figure's keyframes; a file only says what the keyframes
cannot (where the phone goes when the automatic choice is wrong, the exercise's own form checks).
Landmark names in checks use `near`/`far` for the working side and the other side, e.g.
`near_hip`, so one check serves both sides.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Side = Literal["near", "far"]
PointRef = Annotated[
    str, Field(pattern=r"^(near|far)_(shoulder|elbow|wrist|hip|knee|ankle|heel|foot)$|^nose$")
]
Text = Annotated[str, Field(min_length=3, max_length=160)]


class AngleAtPeak(BaseModel):
    """The angle at `points[1]` at each rep's peak must lie within [min, max] degrees."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=40)]
    kind: Literal["angle-at-peak"] = "angle-at-peak"
    points: tuple[PointRef, PointRef, PointRef]
    min: float = Field(0, ge=0, le=180)
    max: float = Field(180, ge=0, le=180)
    text: Text
    text_es: Text | None = None


class Level(BaseModel):
    """Two points stay level (or together) through the rep: their vertical distance stays under
    `max_ratio` of the reference segment's length (e.g. both hips in a bird dog: no rotation)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=40)]
    kind: Literal["level"] = "level"
    points: tuple[PointRef, PointRef]
    reference: tuple[PointRef, PointRef]
    max_ratio: float = Field(gt=0, le=2)
    text: Text
    text_es: Text | None = None


class Over(BaseModel):
    """At the peak, `point` stays over `base` along the image's horizontal: the horizontal gap is
    under `max_ratio` of the reference segment (wall squat: knees over the ankles)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=40)]
    kind: Literal["over"] = "over"
    point: PointRef
    base: PointRef
    reference: tuple[PointRef, PointRef]
    max_ratio: float = Field(gt=0, le=2)
    text: Text
    text_es: Text | None = None


class Still(BaseModel):
    """`point` stays where it was at the start of the rep: its vertical movement stays under
    `max_ratio` of the reference segment (pelvic tilt: buttocks stay down)."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, Field(pattern=r"^[a-z0-9-]+$", max_length=40)]
    kind: Literal["still"] = "still"
    point: PointRef
    reference: tuple[PointRef, PointRef]
    max_ratio: float = Field(gt=0, le=2)
    text: Text
    text_es: Text | None = None


Check = Annotated[AngleAtPeak | Level | Over | Still, Field(discriminator="kind")]

View = Literal["side", "front"]


class MotionSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    view: View | None = Field(None, description="where the phone sees the person from")
    checks: list[Check] = Field(default_factory=list, max_length=8)
