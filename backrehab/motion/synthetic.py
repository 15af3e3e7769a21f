"""Landmark sequences made from the demonstration skeleton, for tests and the accuracy bench.

A sequence is what MediaPipe Pose would report for a person doing the exercise in front of a
phone placed where the set-up help says: the figure's forward kinematics through the phone's view,
in normalised image coordinates, with the troubles of real recordings added on purpose - noise,
dropped frames, a limb hidden for a moment, reps faster and slower than the demonstration,
partial-range reps, pauses between reps, both sides of a per-side exercise, and injected faults for
the form checks. The truth (how many reps, on which side) comes with each sequence.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from backrehab.clinical.exercises import Exercise
from backrehab.figures.animation import Placer, blend, ease, keyframe_poses
from backrehab.figures.skeleton import Body
from backrehab.motion.landmarks import COUNT, skeleton_to_landmarks
from backrehab.motion.model import image_point, view_matrix

IMAGE_SPAN = 2.4  # metres of the scene across the frame at the person's distance


@dataclass
class Trouble:
    noise: float = 0.004  # landmark jitter, share of the frame (MediaPipe's is about this)
    dropped: float = 0.0  # share of frames with no person found
    occlusion: float = 0.0  # share of frames with one limb hidden (low visibility)
    speed: tuple[float, float] = (1.0, 1.0)  # rep speed range, 1 = the demonstration's
    partial: float = 0.0  # share of reps that reach only part of the range
    pause: tuple[float, float] = (0.3, 0.8)  # seconds between reps
    faults: dict[str, float] = field(default_factory=dict)  # joint -> extra degrees at the peak
    fault_share: float = 0.0  # share of reps done with the fault


@dataclass
class Sequence:
    fps: float
    frames: list[list[list[float]] | None]
    reps: int
    sides: dict[str, int] | None
    full_range_reps: int
    faulty_reps: int

    def landmarks_json(self) -> dict[str, Any]:
        return {"fps": self.fps, "frames": self.frames}


def _rep_poses(exercise: Exercise) -> tuple[dict[str, float], dict[str, float], float, float]:
    poses = keyframe_poses(exercise.figure)
    spec = exercise.figure
    peak_index = spec.peak
    start, peak = poses[0], poses[peak_index]
    move = sum(k.move for k in spec.keyframes[1 : peak_index + 1])
    hold = spec.keyframes[peak_index].hold
    return start, peak, move, hold


def _frame(
    body: Body,
    near_is: str,
    view: str,
    trouble: Trouble,
    rng: random.Random,
    centre: tuple[float, float],
    hidden: set[int],
) -> list[list[float]]:
    cam = view_matrix(view)  # type: ignore[arg-type]
    mapping = skeleton_to_landmarks(near_is)
    mirror = near_is == "left"  # the person turned around: the image is mirrored
    frame: list[list[float]] = []
    for index in range(COUNT):
        point = mapping[index]
        u, v = image_point(body, cam, point)
        x = 0.5 + (u - centre[0]) / IMAGE_SPAN
        y = 0.5 + (v - centre[1]) / IMAGE_SPAN
        if mirror:
            x = 1.0 - x
        far = point.endswith("_far")
        jitter = trouble.noise * (1.6 if far else 1.0)
        x += rng.gauss(0.0, jitter)
        y += rng.gauss(0.0, jitter)
        visibility = 0.65 if far else 0.95
        if index in hidden:
            visibility = 0.1
            x += rng.gauss(0.0, 0.05)
            y += rng.gauss(0.0, 0.05)
        frame.append([round(x, 5), round(y, 5), 0.0, visibility])
    return frame


_POSED: dict[tuple[int, int, int], Body] = {}


def _posed(
    figure_key: int,
    placer: Placer,
    start: dict[str, float],
    target_key: int,
    target: dict[str, float],
    tenth: int,
) -> Body:
    key = (figure_key, target_key, tenth)
    if key not in _POSED:
        _POSED[key] = placer.place(blend(start, target, tenth / 10))
    return _POSED[key]


def generate(
    exercise: Exercise,
    model: dict[str, Any],
    reps: int,
    trouble: Trouble | None = None,
    seed: int = 0,
    fps: float = 30.0,
) -> Sequence:
    """`reps` repetitions (per side for a per-side exercise) with the given troubles."""
    trouble = trouble or Trouble()
    rng = random.Random(seed)
    start, peak, move, hold = _rep_poses(exercise)
    hold = max(hold, float(model.get("hold_seconds") or 0) * 0.8)
    placer = Placer(exercise.figure, start)
    figure_key = hash(exercise.figure.model_dump_json())
    view = model["view"]
    start_body = placer.place(start)
    cam = view_matrix(view)
    xs = [image_point(start_body, cam, name)[0] for name in start_body.points]
    ys = [image_point(start_body, cam, name)[1] for name in start_body.points]
    centre = ((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)
    sides = ["right", "left"] if model["per_side"] else [rng.choice(["right", "left"])]
    frames: list[list[list[float]] | None] = []
    full = faulty = 0

    # Posing a frame runs inverse kinematics, which is slow; a rep passes the same poses again
    # and again, so each target is posed at every tenth of the way and frames in between blend
    # the neighbouring bodies point by point (limb lengths change by well under a millimetre).
    def body_at(target_key: int, target: dict[str, float], share: float) -> Body:
        low = min(9, int(share * 10))
        t = share * 10 - low
        a = _posed(figure_key, placer, start, target_key, target, low)
        b = _posed(figure_key, placer, start, target_key, target, low + 1)
        return Body(
            {
                n: tuple(p + (q - p) * t for p, q in zip(a[n], b[n], strict=True))  # type: ignore[misc]
                for n in a.points
            }
        )

    def emit(body: Body, near_is: str, hidden: set[int]) -> None:
        if rng.random() < trouble.dropped:
            frames.append(None)
            return
        frames.append(_frame(body, near_is, view, trouble, rng, centre, hidden))

    limb_groups = [[13, 15, 19], [14, 16, 20], [25, 27], [26, 28]]
    for near_is in sides:
        for _ in range(round(rng.uniform(*trouble.pause) * fps)):
            emit(start_body, near_is, set())
        for _rep in range(reps):
            speed = rng.uniform(*trouble.speed)
            amplitude = 1.0
            if rng.random() < trouble.partial:
                amplitude = rng.choice([0.65, 0.7, 0.75])
            else:
                full += 1
            target = blend(start, peak, amplitude)
            target_key = round(amplitude * 100)
            if trouble.faults and rng.random() < trouble.fault_share:
                faulty += 1
                target = {**target, **{j: target[j] + d for j, d in trouble.faults.items()}}
                target_key += 1000
            hidden: set[int] = set()
            if rng.random() < trouble.occlusion:
                hidden = set(rng.choice(limb_groups))
            moving = max(0.25, move / speed)
            steps = max(3, round(moving * fps))
            for step in range(1, steps + 1):
                emit(body_at(target_key, target, ease(step / steps)), near_is, hidden)
            for _ in range(round(hold * fps)):
                emit(body_at(target_key, target, 1.0), near_is, hidden)
            for step in range(1, steps + 1):
                emit(body_at(target_key, target, 1.0 - ease(step / steps)), near_is, set())
            for _ in range(round(rng.uniform(*trouble.pause) * fps)):
                emit(start_body, near_is, set())
    total = reps * len(sides)
    return Sequence(
        fps=fps,
        frames=frames,
        reps=total,
        sides={"left": reps, "right": reps} if model["per_side"] else None,
        full_range_reps=full,
        faulty_reps=faulty,
    )


def troubles() -> dict[str, Trouble]:
    """The named conditions the bench and the tests count under."""
    return {
        "clean": Trouble(),
        "noisy": Trouble(noise=0.008),
        "dropped-frames": Trouble(dropped=0.15),
        "occlusion": Trouble(occlusion=0.3),
        "speed-changes": Trouble(speed=(0.6, 1.8)),
        "partial-range": Trouble(partial=0.3),
        "pauses": Trouble(pause=(0.2, 3.0)),
        "everything": Trouble(
            noise=0.007,
            dropped=0.08,
            occlusion=0.15,
            speed=(0.7, 1.5),
            partial=0.2,
            pause=(0.2, 2.0),
        ),
    }
