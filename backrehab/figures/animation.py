"""From keyframes to a timeline of posed bodies standing on the floor."""

from __future__ import annotations

import math
from dataclasses import dataclass

from backrehab.figures.skeleton import (
    FLAT_ENDS,
    Body,
    Vec,
    add,
    full_pose,
    keep_flat,
    limb_joints,
    lowest_point,
    pose_body,
    solve_plant,
    sub,
)
from backrehab.figures.spec import FigureSpec

SAMPLES_PER_SECOND = 10


@dataclass(frozen=True)
class Frame:
    time: float  # seconds from the start of the loop
    body: Body
    effort: float = 0.0  # 0 in every keyframe but the peak, 1 there; blended in between


@dataclass(frozen=True)
class Animation:
    duration: float
    frames: list[Frame]
    start: Body
    peak: Body


def keyframe_poses(spec: FigureSpec) -> list[dict[str, float]]:
    """Each keyframe's full pose: every keyframe inherits what it does not change."""
    poses: list[dict[str, float]] = []
    for keyframe in spec.keyframes:
        poses.append(full_pose(keyframe.pose, poses[-1] if poses else None))
    return poses


def ease(t: float) -> float:
    """Slow in, slow out: how a person moves under control."""
    return 0.5 - 0.5 * math.cos(math.pi * t)


def progress(kind: str, t: float) -> float:
    return ease(t) if kind == "smooth" else t


def blend(a: dict[str, float], b: dict[str, float], t: float) -> dict[str, float]:
    return {key: a[key] + (b[key] - a[key]) * t for key in a}


class Placer:
    """Puts each pose in the world: on the floor as in the first keyframe, then anchor, plants."""

    def __init__(self, spec: FigureSpec, first: dict[str, float]) -> None:
        self.spec = spec
        self.origin: Vec = (0.0, -lowest_point(pose_body(first)), 0.0)
        start = pose_body(first, self.origin)
        self.anchor_target = start[spec.anchor] if spec.anchor else None
        self.plant_targets = {point: start[point] for point in spec.plant}
        self.solved: dict[str, float] = {}
        self.end_targets = {
            point: start[f"{FLAT_ENDS[kind][1]}_{side}"]
            for point in spec.plant
            for kind, side in [point.rsplit("_", 1)]
            if kind in FLAT_ENDS
        }

    def place(self, pose: dict[str, float]) -> Body:
        origin = add(self.origin, (pose["pelvis_x"], pose["pelvis_y"], 0.0))
        if self.spec.anchor and self.anchor_target is not None:
            drift = sub(self.anchor_target, pose_body(pose, origin)[self.spec.anchor])
            origin = add(origin, drift)
        for point, target in self.plant_targets.items():
            # Start the solver from the previous frame's answer: frames are close together, so
            # it converges in a step or two and stays on the same branch (knees bend one way).
            joints = limb_joints(point)
            pose = {**pose, **{j: self.solved[j] for j in joints if j in self.solved}}
            pose = solve_plant(pose, origin, point, target)
            self.solved.update({j: pose[j] for j in joints})
            if point in self.end_targets:
                pose = keep_flat(pose, origin, point, self.end_targets[point])
        return pose_body(pose, origin)


def animate(spec: FigureSpec) -> Animation:
    poses = keyframe_poses(spec)
    placer = Placer(spec, poses[0])
    # (time, pose, effort) samples; holds give two identical samples, moves give eased samples.
    samples: list[tuple[float, dict[str, float], float]] = []
    time = 0.0
    targets = list(zip(spec.keyframes, poses, strict=True))
    efforts = [1.0 if index == spec.peak else 0.0 for index in range(len(poses))]
    if spec.loop:
        targets.append((spec.keyframes[0], poses[0]))
        efforts.append(efforts[0])
    previous, before = poses[0], efforts[0]
    for index, (keyframe, pose) in enumerate(targets):
        effort = efforts[index]
        if index > 0:
            steps = max(4, round(keyframe.move * SAMPLES_PER_SECOND))
            for step in range(1, steps + 1):
                share = progress(keyframe.ease, step / steps)
                samples.append(
                    (
                        time + keyframe.move * step / steps,
                        blend(previous, pose, share),
                        before + (effort - before) * share,
                    )
                )
            time += keyframe.move
        else:
            samples.append((0.0, pose, effort))
        is_last = index == len(targets) - 1
        if keyframe.hold > 0 and not (spec.loop and is_last):
            time += keyframe.hold
            samples.append((time, pose, effort))
        previous, before = pose, effort
    frames = [Frame(t, placer.place(p), e) for t, p, e in samples]
    return Animation(
        duration=max(time, 0.1),
        frames=frames,
        start=frames[0].body,
        peak=placer.place(poses[spec.peak]),
    )
