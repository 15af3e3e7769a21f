"""Forward kinematics of the demonstration figure.

A pose (joint angles, see spec.py) becomes 3-D points of an adult body about 1.72 m tall; the
renderer projects them onto the screen. Working in 3-D, though the figure is drawn flat, lets one
model show a bridge from the side, a clam shell from above and knee rotations from the feet with
the same limb lengths.

Axes: x points the way the standing figure faces (right on screen), y up, z toward the viewer.
Segment proportions follow Winter's anthropometric tables, rounded.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from backrehab.figures.spec import AXIAL_JOINTS, LIMB_JOINTS, OFFSETS, SIDES

Vec = tuple[float, float, float]
Mat = tuple[Vec, Vec, Vec]

# Segment lengths in metres.
PELVIS = 0.10  # hip-joint centre to the lumbosacral junction
LUMBAR = 0.17
THORAX = 0.25  # to the base of the neck
NECK = 0.08
HEAD_RADIUS = 0.105
SHOULDER_DROP = 0.05  # shoulder joint below the base of the neck
SHOULDER_HALF_WIDTH = 0.18
HIP_HALF_WIDTH = 0.09
THIGH = 0.42
SHANK = 0.42
UPPER_ARM = 0.30
FOREARM = 0.26
HAND = 0.08
ANKLE_HEIGHT = 0.06  # from the ankle joint down to the centre line of the foot
HEEL_BACK = 0.05
FOOT = 0.24  # heel to toe

# Drawn thickness (diameter) of each part, metres.
WIDTH = {
    "pelvis": 0.25,
    "lumbar": 0.23,
    "thorax": 0.24,
    "neck": 0.10,
    "thigh": 0.15,
    "shank": 0.11,
    "foot": 0.07,
    "upper_arm": 0.09,
    "forearm": 0.07,
    "hand": 0.06,
}

# Limb segments: name -> (from point, to point); each exists on both sides.
LIMB_SEGMENTS = {
    "thigh": ("hip", "knee"),
    "shank": ("knee", "ankle"),
    "foot": ("heel", "toe"),
    "upper_arm": ("shoulder", "elbow"),
    "forearm": ("elbow", "wrist"),
    "hand": ("wrist", "fingertip"),
}
TRUNK_SEGMENTS = {
    "pelvis": ("pelvis", "lumbosacral"),
    "lumbar": ("lumbosacral", "lumbar_top"),
    "thorax": ("lumbar_top", "neck_base"),
    "neck": ("neck_base", "neck_top"),
}


def rot_x(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((1.0, 0.0, 0.0), (0.0, c, -s), (0.0, s, c))


def rot_y(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, 0.0, s), (0.0, 1.0, 0.0), (-s, 0.0, c))


def rot_z(deg: float) -> Mat:
    c, s = math.cos(math.radians(deg)), math.sin(math.radians(deg))
    return ((c, -s, 0.0), (s, c, 0.0), (0.0, 0.0, 1.0))


def mat_mul(a: Mat, b: Mat) -> Mat:
    rows = tuple(
        tuple(sum(a[i][k] * b[k][j] for k in range(3)) for j in range(3)) for i in range(3)
    )
    return rows  # type: ignore[return-value]


def apply(m: Mat, v: Vec) -> Vec:
    return (
        m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
        m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
        m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2],
    )


def add(a: Vec, b: Vec) -> Vec:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2])


def sub(a: Vec, b: Vec) -> Vec:
    return (a[0] - b[0], a[1] - b[1], a[2] - b[2])


def distance(a: Vec, b: Vec) -> float:
    return math.dist(a, b)


def full_pose(
    partial: Mapping[str, float], base: Mapping[str, float] | None = None
) -> dict[str, float]:
    """Every joint of both sides, from a keyframe's partial pose laid over `base`.

    A bare limb joint (`knee`) sets both sides; a sided one (`knee_near`) wins over it.
    """
    pose = dict(base) if base is not None else {}
    for key in AXIAL_JOINTS + OFFSETS:
        pose.setdefault(key, 0.0)
    for joint in LIMB_JOINTS:
        for side in SIDES:
            pose.setdefault(f"{joint}_{side}", 0.0)
    for key, value in partial.items():
        if key in LIMB_JOINTS:
            for side in SIDES:
                pose[f"{key}_{side}"] = value
    for key, value in partial.items():
        if key not in LIMB_JOINTS:
            pose[key] = value
    return pose


@dataclass(frozen=True)
class Body:
    """The posed body: named 3-D points. `pelvis` is the midpoint between the hip joints."""

    points: dict[str, Vec]

    def __getitem__(self, name: str) -> Vec:
        return self.points[name]

    def moved(self, offset: Vec) -> Body:
        return Body({name: add(p, offset) for name, p in self.points.items()})


def pose_body(pose: Mapping[str, float], origin: Vec = (0.0, 0.0, 0.0)) -> Body:
    """Forward kinematics: joint angles -> points, with the pelvis at `origin`."""
    p: dict[str, Vec] = {"pelvis": origin}
    # Roll turns the body about its own long axis (onto its side when lying down).
    root = mat_mul(
        rot_y(pose["body_yaw"]), mat_mul(rot_z(-pose["body_pitch"]), rot_y(pose["body_roll"]))
    )
    p["lumbosacral"] = add(origin, apply(root, (0.0, PELVIS, 0.0)))
    lumbar = mat_mul(
        root,
        mat_mul(
            rot_z(-pose["lumbar"]),
            mat_mul(rot_x(pose["lumbar_side"]), rot_y(-pose["lumbar_rot"])),
        ),
    )
    p["lumbar_top"] = add(p["lumbosacral"], apply(lumbar, (0.0, LUMBAR, 0.0)))
    thorax = mat_mul(lumbar, rot_z(-pose["thorax"]))
    p["neck_base"] = add(p["lumbar_top"], apply(thorax, (0.0, THORAX, 0.0)))
    neck = mat_mul(thorax, rot_z(-pose["neck"]))
    p["neck_top"] = add(p["neck_base"], apply(neck, (0.0, NECK, 0.0)))
    p["head"] = add(p["neck_top"], apply(neck, (0.0, HEAD_RADIUS * 0.85, 0.0)))
    # A point on the face shows which way the figure looks (face up or face down).
    p["face"] = add(p["head"], apply(neck, (HEAD_RADIUS * 0.75, HEAD_RADIUS * 0.15, 0.0)))
    p["shoulders"] = add(p["neck_base"], apply(thorax, (0.0, -SHOULDER_DROP, 0.0)))

    for side, sign in (("near", 1.0), ("far", -1.0)):
        hip = add(origin, apply(root, (0.0, 0.0, sign * HIP_HALF_WIDTH)))
        thigh = mat_mul(
            root,
            mat_mul(
                rot_z(pose[f"hip_{side}"]),
                mat_mul(
                    rot_x(-sign * pose[f"hip_abd_{side}"]), rot_y(-sign * pose[f"hip_rot_{side}"])
                ),
            ),
        )
        knee = add(hip, apply(thigh, (0.0, -THIGH, 0.0)))
        shank = mat_mul(thigh, rot_z(-pose[f"knee_{side}"]))
        ankle = add(knee, apply(shank, (0.0, -SHANK, 0.0)))
        foot = mat_mul(shank, rot_z(pose[f"ankle_{side}"]))
        p[f"hip_{side}"] = hip
        p[f"knee_{side}"] = knee
        p[f"ankle_{side}"] = ankle
        p[f"heel_{side}"] = add(ankle, apply(foot, (-HEEL_BACK, -ANKLE_HEIGHT, 0.0)))
        p[f"toe_{side}"] = add(ankle, apply(foot, (FOOT - HEEL_BACK, -ANKLE_HEIGHT, 0.0)))

        shoulder = add(p["shoulders"], apply(thorax, (0.0, 0.0, sign * SHOULDER_HALF_WIDTH)))
        upper = mat_mul(
            thorax,
            mat_mul(rot_z(pose[f"shoulder_{side}"]), rot_x(-sign * pose[f"shoulder_abd_{side}"])),
        )
        elbow = add(shoulder, apply(upper, (0.0, -UPPER_ARM, 0.0)))
        fore = mat_mul(upper, rot_z(pose[f"elbow_{side}"]))
        wrist = add(elbow, apply(fore, (0.0, -FOREARM, 0.0)))
        p[f"shoulder_{side}"] = shoulder
        p[f"elbow_{side}"] = elbow
        p[f"wrist_{side}"] = wrist
        hand = mat_mul(fore, rot_z(pose[f"wrist_{side}"]))
        p[f"fingertip_{side}"] = add(wrist, apply(hand, (0.0, -HAND, 0.0)))
    return Body(p)


def segment_lengths() -> dict[str, float]:
    """The length every drawn segment must keep in every frame."""
    return {
        "pelvis": PELVIS,
        "lumbar": LUMBAR,
        "thorax": THORAX,
        "neck": NECK,
        "thigh": THIGH,
        "shank": SHANK,
        "foot": FOOT,
        "upper_arm": UPPER_ARM,
        "forearm": FOREARM,
        "hand": HAND,
    }


def segments(body: Body) -> dict[str, tuple[Vec, Vec]]:
    """Every drawn segment by name (`thigh_near`, `thorax`, ...) with its two end points."""
    out = {name: (body[a], body[b]) for name, (a, b) in TRUNK_SEGMENTS.items()}
    for side in SIDES:
        for name, (a, b) in LIMB_SEGMENTS.items():
            out[f"{name}_{side}"] = (body[f"{a}_{side}"], body[f"{b}_{side}"])
    return out


def width_of(segment: str) -> float:
    return WIDTH[segment.removesuffix("_near").removesuffix("_far")]


def lowest_point(body: Body) -> float:
    """The lowest y of the drawn body, thickness included (what touches the floor)."""
    lows = [min(a[1], b[1]) - width_of(name) / 2 for name, (a, b) in segments(body).items()]
    lows.append(body["head"][1] - HEAD_RADIUS)
    return min(lows)


# Inverse kinematics: which joints move to keep a planted point still.
IK_JOINTS = {
    "ankle": ("hip", "knee"),
    "wrist": ("shoulder", "elbow"),
    "knee": ("hip",),
}
IK_LIMITS = {
    "hip": (-40.0, 150.0),
    "knee": (0.0, 160.0),
    "shoulder": (-60.0, 200.0),
    "elbow": (0.0, 160.0),
}


def limb_joints(point: str) -> list[str]:
    """The joints inverse kinematics turns to move a planted point, e.g. hip_near, knee_near."""
    kind, side = point.rsplit("_", 1)
    return [f"{j}_{side}" for j in IK_JOINTS[kind]]


def solve_plant(pose: dict[str, float], origin: Vec, point: str, target: Vec) -> dict[str, float]:
    """Adjust the limb's joint angles so `point` (e.g. ankle_near) reaches `target`.

    Damped least squares with a numerical Jacobian: two unknowns at most, so a few iterations
    converge; the starting angles come from the keyframe, which keeps the knee bending the right
    way.
    """
    joints = limb_joints(point)
    solved = dict(pose)

    def error(values: list[float]) -> Vec:
        trial = dict(solved)
        trial.update(zip(joints, values, strict=True))
        return sub(pose_body(trial, origin)[point], target)

    def clamp(candidate: list[float]) -> list[float]:
        return [
            min(IK_LIMITS[j.rsplit("_", 1)[0]][1], max(IK_LIMITS[j.rsplit("_", 1)[0]][0], v))
            for j, v in zip(joints, candidate, strict=True)
        ]

    values = [solved[j] for j in joints]
    e = error(values)
    miss = math.hypot(*e)
    best_values, best_miss, stale = values, miss, 0
    for _ in range(30):
        if miss < 1e-4:
            break
        jac = []
        for i in range(len(values)):
            bumped = list(values)
            bumped[i] += 0.5
            d = sub(error(bumped), e)
            jac.append(tuple(x / 0.5 for x in d))
        # Solve (J^T J + lambda I) delta = -J^T e for one or two unknowns.
        n = len(values)
        jtj = [[sum(jac[i][k] * jac[j][k] for k in range(3)) for j in range(n)] for i in range(n)]
        jte = [sum(jac[i][k] * e[k] for k in range(3)) for i in range(n)]
        damping = 1e-8  # J is in metres per degree (~0.01): keep the damping well below J^T J
        for i in range(n):
            jtj[i][i] += damping
        if n == 1:
            delta = [-jte[0] / jtj[0][0]]
        else:
            det = jtj[0][0] * jtj[1][1] - jtj[0][1] * jtj[1][0]
            if abs(det) < 1e-12:
                break
            delta = [
                -(jtj[1][1] * jte[0] - jtj[0][1] * jte[1]) / det,
                -(-jtj[1][0] * jte[0] + jtj[0][0] * jte[1]) / det,
            ]
        step = max(abs(d) for d in delta)
        if step > 20:  # keep each step small so the solver stays on the same branch
            delta = [d * 20 / step for d in delta]
        values = clamp([v + d for v, d in zip(values, delta, strict=True)])
        e = error(values)
        miss = math.hypot(*e)
        # Keep the closest pose seen; a target out of reach stops improving within a few steps.
        if miss < best_miss - 1e-5:
            best_values, best_miss, stale = values, miss, 0
        else:
            stale += 1
            if stale == 3:
                break
    values = best_values
    solved.update(zip(joints, values, strict=True))
    return solved


# A planted foot or hand stays flat: its ankle or wrist turns so the toe or fingertip stays put.
FLAT_ENDS = {"ankle": ("ankle", "toe"), "wrist": ("wrist", "fingertip")}


def keep_flat(pose: dict[str, float], origin: Vec, point: str, end_target: Vec) -> dict[str, float]:
    """Turn the ankle (wrist) so the toe (fingertip) stays where it was.

    Newton's method on the one angle, with a numerical derivative; a handful of steps suffice.
    """
    kind, side = point.rsplit("_", 1)
    joint, end = FLAT_ENDS[kind]
    out = dict(pose)
    key = f"{joint}_{side}"

    def miss(angle: float) -> float:
        out[key] = angle
        return distance(pose_body(out, origin)[f"{end}_{side}"], end_target)

    angle = pose[key]
    for _ in range(8):
        here = miss(angle)
        if here < 1e-4:
            break
        slope = (miss(angle + 0.5) - here) / 0.5
        if abs(slope) < 1e-9:
            break
        # The miss is a distance (never negative), so step by the slope's sign and size.
        step = max(-15.0, min(15.0, -here / slope))
        if miss(angle + step) > here:
            step /= 4
        angle += step
    out[key] = angle
    return out
