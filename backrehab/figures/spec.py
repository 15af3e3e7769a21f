"""The data an exercise file gives to pose and animate its demonstration figure.

Angles are anatomical joint angles in degrees, the way a clinician measures them, with every
joint at 0 in upright standing (arms by the sides, palms in, feet flat):

body_pitch   whole body tipped forward (+) or backward (-): 90 lies face down with the head to
             the right, -90 lies face up with the head to the left
body_roll    whole body rolled about its long axis; lying down, +90 brings the near side up
             (lying on the far side, back to the viewer) and -90 the far side up (lying on the
             near side, facing the viewer)
body_yaw     whole body turned about the vertical axis
lumbar       lumbar flexion (+, rounding forward) / extension (-)
lumbar_side  lumbar side-bend toward the near side (+)
lumbar_rot   lumbar rotation, shoulders turning toward the near side (+)
thorax       thoracic flexion (+) / extension (-)
neck         neck flexion (+, chin to chest) / extension (-)
hip          hip flexion (+) / extension (-)
hip_abd      hip abduction (+, leg out to the side) / adduction (-)
hip_rot      hip external rotation (+) / internal rotation (-)
knee         knee flexion (+), 0 is straight
ankle        ankle dorsiflexion (+) / plantarflexion (-)
shoulder     shoulder flexion (+, arm forward and up; 180 is overhead) / extension (-)
shoulder_abd shoulder abduction (+)
elbow        elbow flexion (+)
wrist        wrist extension (+, back of the hand toward the forearm; 90 puts the palm flat on the
             floor under a vertical forearm) / flexion (-)

Limb joints come in two sides, `near` (toward the viewer) and `far`: `hip_near: 90` sets one
side, a bare `hip: 90` sets both. Each keyframe lists only what changes from the one before.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

LIMB_JOINTS = (
    "hip",
    "hip_abd",
    "hip_rot",
    "knee",
    "ankle",
    "shoulder",
    "shoulder_abd",
    "elbow",
    "wrist",
)
AXIAL_JOINTS = (
    "body_pitch",
    "body_roll",
    "body_yaw",
    "lumbar",
    "lumbar_side",
    "lumbar_rot",
    "thorax",
    "neck",
)
SIDES = ("near", "far")
# Pelvis offsets in metres from where the first keyframe put it (x forward in the view, y up).
OFFSETS = ("pelvis_x", "pelvis_y")

POSE_KEYS = frozenset(
    AXIAL_JOINTS
    + OFFSETS
    + LIMB_JOINTS
    + tuple(f"{joint}_{side}" for joint in LIMB_JOINTS for side in SIDES)
)

# Points of the body a figure can anchor or plant (see FigureSpec).
BODY_POINTS = frozenset(
    {"pelvis", "head", "shoulders"}
    | {f"{point}_{side}" for point in ("knee", "ankle", "heel", "toe", "wrist") for side in SIDES}
)
# Limb ends that inverse kinematics can hold still while the rest of the body moves.
PLANTABLE = frozenset(f"{point}_{side}" for point in ("ankle", "wrist", "knee") for side in SIDES)

Prop = Literal[
    "floor", "wall", "chair", "strap", "pillow", "wedge", "step", "band", "weight", "bike"
]

# Parts of the body that can be highlighted as the working part: a trunk segment, a limb segment
# on one side (`thigh_near`) or on both (`thigh`).
TRUNK_PARTS = ("pelvis", "lumbar", "thorax", "neck")
LIMB_PARTS = ("thigh", "shank", "foot", "upper_arm", "forearm", "hand")
HIGHLIGHTABLE = frozenset(
    TRUNK_PARTS + LIMB_PARTS + tuple(f"{part}_{side}" for part in LIMB_PARTS for side in SIDES)
)


class Camera(BaseModel):
    """Where the viewer stands. The default is a pure side view from the near side."""

    model_config = ConfigDict(extra="forbid")

    yaw: float = Field(0, ge=-90, le=90, description="turn the viewer around the figure")
    elevation: float = Field(0, ge=0, le=80, description="look down from above")


class Keyframe(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=60)
    pose: dict[str, float] = Field(default_factory=dict)
    hold: float = Field(0.0, ge=0, le=10, description="seconds the pose is held")
    move: float = Field(1.5, gt=0, le=10, description="seconds to move into this pose")
    ease: Literal["smooth", "linear"] = Field(
        "smooth", description="smooth: slow in and out (controlled exercise); linear: steady (gait)"
    )

    @field_validator("pose")
    @classmethod
    def known_joints(cls, pose: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(pose) - POSE_KEYS)
        if unknown:
            raise ValueError(f"unknown joint(s) {', '.join(unknown)}")
        for key, value in pose.items():
            limit = 2.0 if key in OFFSETS else 360.0
            if not -limit <= value <= limit:
                raise ValueError(f"{key} = {value} is out of range")
        return pose


Point = Annotated[str, Field(description="a body point, e.g. heel_near")]


class FigureSpec(BaseModel):
    """How to draw and animate the exercise.

    `anchor`: a body point that stays where the first keyframe put it (e.g. `heel_near` keeps the
    feet on the floor while a bridge lifts the pelvis); without one the pelvis stays put.
    `plant`: limb ends held still by inverse kinematics while the trunk moves (hands and knees in
    four-point kneeling, feet in a wall squat); their hip/knee or shoulder/elbow angles are
    solved, the values in the pose are only where the solver starts.
    `contacts`: body points that rest on the floor in every frame, measured at the drawn surface
    (the point's height less half its part's thickness; the tests allow 3 cm), e.g.
    `[heel_near, heel_far, shoulders]` for a bridge.
    `peak`: the keyframe shown as the end position in print.
    """

    model_config = ConfigDict(extra="forbid")

    camera: Camera = Field(default_factory=Camera)
    props: list[Prop] = Field(default_factory=lambda: list[Prop](["floor"]))
    anchor: Point | None = None
    plant: list[Point] = Field(default_factory=list)
    contacts: list[Point] = Field(default_factory=list)
    keyframes: list[Keyframe] = Field(min_length=2)
    peak: int = Field(1, ge=0)
    highlight: list[str] = Field(
        default_factory=list,
        description="the working body parts, drawn in the accent colour (e.g. pelvis, lumbar)",
    )
    spine_line: bool = Field(
        False, description="draw the line of the lower back, so a small pelvic tilt shows"
    )
    inner_muscle: Literal["deep-abdominals", "pelvic-floor", "multifidus"] | None = Field(
        None,
        description="a muscle that works with almost no visible movement, drawn as an accent "
        "arc that tightens from the first keyframe to the peak: the lower belly drawing in, the "
        "pelvic floor lifting, or the deep back muscle swelling beside the lower spine",
    )
    holding: list[Point] = Field(
        default_factory=list, description="hands holding the weight: wrist_near and/or wrist_far"
    )
    band_anchor: tuple[float, float, float] | None = Field(
        None,
        description="where the band is fixed, in metres from the pelvis of the first keyframe "
        "(x forward, y up, z toward the viewer); the band runs to the near hand",
    )
    loop: bool = Field(True, description="return to the first keyframe and repeat")

    @model_validator(mode="after")
    def points_exist(self) -> FigureSpec:
        if self.anchor is not None and self.anchor not in BODY_POINTS:
            raise ValueError(f"anchor {self.anchor!r} is not one of {sorted(BODY_POINTS)}")
        for point in self.contacts:
            if point not in BODY_POINTS:
                raise ValueError(f"contact {point!r} is not one of {sorted(BODY_POINTS)}")
        for point in self.plant:
            if point not in PLANTABLE:
                raise ValueError(f"plant {point!r} is not one of {sorted(PLANTABLE)}")
        for part in self.highlight:
            if part not in HIGHLIGHTABLE:
                raise ValueError(f"highlight {part!r} is not one of {sorted(HIGHLIGHTABLE)}")
        for point in self.holding:
            if point not in ("wrist_near", "wrist_far"):
                raise ValueError(f"holding {point!r}: a weight is held at wrist_near or wrist_far")
        if self.holding and "weight" not in self.props:
            raise ValueError("holding a weight needs 'weight' in props")
        if (self.band_anchor is not None) != ("band" in self.props):
            raise ValueError("a band needs both 'band' in props and a band_anchor")
        if self.peak >= len(self.keyframes):
            raise ValueError(
                f"peak {self.peak} names no keyframe (there are {len(self.keyframes)})"
            )
        return self
