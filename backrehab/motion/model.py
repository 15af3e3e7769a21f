"""What the counter tracks for one exercise, derived from its demonstration keyframes.

The demonstration's start and peak poses are posed with the figure's own forward kinematics and
seen through the phone where the set-up help puts it (to the person's side, or in front / at the
feet). The joint angles and limb directions that change most between the two poses become the
signals the counter follows; their start and peak values set each signal's range. Angles are
unsigned and measured in the image plane, so a person facing the other way (the other side toward
the phone) gives the same values.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

from backrehab.clinical.exercises import Exercise
from backrehab.figures.animation import Animation, animate
from backrehab.figures.skeleton import Body, Mat, apply, mat_mul, rot_x, rot_y
from backrehab.figures.spec import FigureSpec
from backrehab.motion.spec import MotionSpec, View

# Vertex angles: (first point, vertex, last point) of one side.
JOINT_ANGLES = {
    "knee": ("hip", "knee", "ankle"),
    "hip": ("shoulder", "hip", "knee"),
    "elbow": ("shoulder", "elbow", "wrist"),
    "shoulder": ("hip", "shoulder", "elbow"),
    # The head against the trunk: what shows a cat-camel or a curl-up from the side.
    "neck": ("hip", "shoulder", "face"),
}
# Limb directions: the unsigned angle of a segment from straight down in the image.
SEGMENT_DIRECTIONS = {
    "thigh": ("hip", "knee"),
    "shank": ("knee", "ankle"),
    "upper-arm": ("shoulder", "elbow"),
    "trunk": ("hip", "shoulder"),
}
# Skeleton point -> the landmark name the counter reads (per side).
POINT_LANDMARK = {
    "shoulder": "shoulder",
    "elbow": "elbow",
    "wrist": "wrist",
    "hip": "hip",
    "knee": "knee",
    "ankle": "ankle",
}
MIN_VISIBLE_SHARE = 0.4  # of a segment's true length, seen in the image
MIN_SIGNAL_DEGREES = 12.0  # a change smaller than this is lost in a phone camera's noise
MAX_SIGNALS = 3
VIEW_YAW: dict[View, float] = {"side": 0.0, "front": 90.0}
PHONE_ELEVATION = 5.0  # a phone propped on the floor or a chair looks almost level


def view_matrix(view: View) -> Mat:
    return mat_mul(rot_x(PHONE_ELEVATION), rot_y(-VIEW_YAW[view]))


def image_point(body: Body, cam: Mat, name: str) -> tuple[float, float]:
    """A body point in the phone's image plane, metres, y downward like image coordinates."""
    v = apply(cam, body[name])
    return (v[0], -v[1])


def vertex_angle(a: tuple[float, float], b: tuple[float, float], c: tuple[float, float]) -> float:
    ab = (a[0] - b[0], a[1] - b[1])
    cb = (c[0] - b[0], c[1] - b[1])
    norm = math.hypot(*ab) * math.hypot(*cb)
    if norm < 1e-9:
        return 180.0
    cos = max(-1.0, min(1.0, (ab[0] * cb[0] + ab[1] * cb[1]) / norm))
    return math.degrees(math.acos(cos))


def direction_angle(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Unsigned angle of a->b from straight down (0 = hanging down, 180 = pointing up)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy)
    if length < 1e-9:
        return 0.0
    return math.degrees(math.acos(max(-1.0, min(1.0, dy / length))))


@dataclass(frozen=True)
class Signal:
    name: str  # e.g. "hip" or "thigh"
    kind: str  # "angle" or "direction"
    side: str  # "near" or "far"
    points: tuple[str, ...]  # landmark names without side
    start: float
    peak: float

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "side": self.side,
            "points": list(self.points),
            "start": round(self.start, 2),
            "peak": round(self.peak, 2),
        }


def sided(point: str, side: str) -> str:
    """The skeleton point of `side`; the face is one point for both sides."""
    return point if point == "face" else f"{point}_{side}"


def measure(body: Body, cam: Mat, kind: str, side: str, points: tuple[str, ...]) -> float:
    image = [image_point(body, cam, sided(point, side)) for point in points]
    if kind == "angle":
        return vertex_angle(image[0], image[1], image[2])
    return direction_angle(image[0], image[1])


def foreshortened(body: Body, cam: Mat, a: str, b: str) -> bool:
    """A segment pointing at the phone shows too short for its angle to be trusted."""
    p, q = image_point(body, cam, a), image_point(body, cam, b)
    true = math.dist(body[a], body[b])
    return true > 0 and math.dist(p, q) < MIN_VISIBLE_SHARE * true


def candidate_signals(animation: Animation, view: View) -> list[Signal]:
    cam = view_matrix(view)
    found: list[Signal] = []
    for side in ("near", "far"):
        shapes: list[tuple[str, str, tuple[str, ...]]] = [
            (n, "angle", p) for n, p in JOINT_ANGLES.items()
        ]
        shapes += [(n, "direction", p) for n, p in SEGMENT_DIRECTIONS.items()]
        for name, kind, points in shapes:
            segments = list(zip(points, points[1:], strict=False))
            if any(
                foreshortened(body, cam, sided(a, side), sided(b, side))
                for body in (animation.start, animation.peak)
                for a, b in segments
            ):
                continue
            found.append(_signal(animation, cam, name, kind, side, points))
    return sorted(found, key=lambda s: -abs(s.peak - s.start))


def _signal(
    animation: Animation, cam: Mat, name: str, kind: str, side: str, points: tuple[str, ...]
) -> Signal:
    return Signal(
        name=name,
        kind=kind,
        side=side,
        points=points,
        start=measure(animation.start, cam, kind, side, points),
        peak=measure(animation.peak, cam, kind, side, points),
    )


def choose_view(animation: Animation, motion: MotionSpec | None) -> View:
    """The view that sees the most movement, unless the exercise file says otherwise."""
    if motion is not None and motion.view is not None:
        return motion.view

    def largest(view: View) -> float:
        signals = candidate_signals(animation, view)
        return abs(signals[0].peak - signals[0].start) if signals else 0.0

    # A side view is the easiest to set up and sees most exercises well; the front (or the
    # feet end) only when the side sees little and the front clearly more (knee rotations).
    side, front = largest("side"), largest("front")
    return "front" if side < 35 and front > 1.5 * side else "side"


def placement(exercise: Exercise, view: View) -> dict[str, str]:
    """Where the phone goes, in the patient's words (English and Spanish)."""
    lying = exercise.position.value in {"supine", "prone", "side-lying", "quadruped", "kneeling"}
    if view == "side" and lying:
        return {
            "en": "Put the phone on the floor about 2 metres to your side, standing on its long "
            "edge, so it sees you from head to feet.",
            "es": "Pon el teléfono en el suelo a unos 2 metros a tu lado, apoyado de canto, "
            "para que te vea de la cabeza a los pies.",
        }
    if view == "side":
        return {
            "en": "Stand the phone on a chair or shelf about 2.5 metres to your side, so it sees "
            "you from head to feet.",
            "es": "Coloca el teléfono en una silla o estante a unos 2,5 metros a tu lado, para "
            "que te vea de la cabeza a los pies.",
        }
    if lying:
        return {
            "en": "Put the phone on the floor about 2 metres beyond your feet, standing on its "
            "long edge, facing you.",
            "es": "Pon el teléfono en el suelo a unos 2 metros más allá de tus pies, apoyado de "
            "canto y mirando hacia ti.",
        }
    return {
        "en": "Stand the phone on a chair or shelf about 2.5 metres in front of you, so it sees "
        "you from head to feet.",
        "es": "Coloca el teléfono en una silla o estante a unos 2,5 metros delante de ti, para "
        "que te vea de la cabeza a los pies.",
    }


def demonstration_moves(exercise: Exercise) -> float:
    """Seconds the demonstration spends moving in one rep (holds excluded)."""
    keyframes = exercise.figure.keyframes
    moves = sum(k.move for k in keyframes[1:])
    if exercise.figure.loop:
        moves += keyframes[0].move
    return moves


def tracking_model(exercise: Exercise, motion: MotionSpec | None = None) -> dict[str, Any]:
    """The JSON the counter is given for `exercise` (see static/backrehab/motion/counter.js)."""
    motion = motion if motion is not None else exercise_motion(exercise)
    forced_view = motion.view if motion is not None else None
    view, signals = _geometry(exercise.figure.model_dump_json(), forced_view)
    dose = exercise.dose
    # Where the figure marks an inner muscle (drawing-in, pelvic floor, multifidus setting), the
    # work is a contraction no camera sees; what moves in the figure only shows where the hands
    # go (a multifidus setting's fingers stay on the back through every hold), so it is no rep.
    inner_muscle = exercise.figure.inner_muscle is not None
    counted = dose.reps is not None and bool(signals) and not inner_muscle
    landmarks = sorted(
        {
            "nose" if p == "face" else f"{side}_{p}"
            for s in signals
            for side in ("near", "far")
            for p in s.points
        }
    )
    why_not = None
    if dose.reps is None:
        why_not = "timed"  # walking, cycling: the player's clock measures these
    elif inner_muscle:
        why_not = "inner-muscle"
    elif not signals:
        why_not = "movement-too-small"
    return {
        "exercise": exercise.id,
        "counted": counted,
        "not_counted_because": why_not,
        "per_side": dose.per_side,
        "hold_seconds": dose.hold_seconds or 0,
        "view": view,
        "placement": placement(exercise, view),
        "signals": [s.as_json() for s in signals],
        "required": landmarks,
        # Reps are timed between leaving and re-entering the resting quarter of the range,
        # which skips the slow ends of a controlled move: a quarter of the demonstration's
        # moving time is roughly three times its speed.
        "too_fast_seconds": round(max(0.5, 0.25 * demonstration_moves(exercise)), 2),
        "checks": [c.model_dump() for c in (motion.checks if motion else [])],
    }


@functools.lru_cache(maxsize=512)
def _geometry(figure_json: str, forced_view: View | None) -> tuple[View, tuple[Signal, ...]]:
    """The view and the signals of one figure: posing it takes a quarter of a second, and the
    session page asks for every exercise of the program, so each figure is posed once."""
    animation = animate(FigureSpec.model_validate_json(figure_json))
    view = forced_view if forced_view is not None else choose_view(animation, None)
    signals = [
        s for s in candidate_signals(animation, view) if abs(s.peak - s.start) >= MIN_SIGNAL_DEGREES
    ][:MAX_SIGNALS]
    return view, tuple(signals)


def exercise_motion(exercise: Exercise) -> MotionSpec | None:
    """The exercise file's own `motion` section, else the bundled refinements for its id."""
    own = getattr(exercise, "motion", None)
    if isinstance(own, MotionSpec):
        return own
    from backrehab.motion.bundled import BUNDLED_MOTION

    return BUNDLED_MOTION.get(exercise.id)
