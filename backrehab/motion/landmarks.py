"""The demonstration skeleton's points as MediaPipe Pose's 33 landmarks.

MediaPipe numbers the landmarks of the person's anatomical left and right side. The figure's `near`
side faces the camera; which anatomical side that is depends on how the person turned toward the
phone, so the mapping is made for either.
"""

from __future__ import annotations

# MediaPipe Pose landmark indices (the BlazePose topology).
NOSE = 0
LEFT_EYE, RIGHT_EYE = 2, 5
LEFT_EAR, RIGHT_EAR = 7, 8
LEFT_SHOULDER, RIGHT_SHOULDER = 11, 12
LEFT_ELBOW, RIGHT_ELBOW = 13, 14
LEFT_WRIST, RIGHT_WRIST = 15, 16
LEFT_HIP, RIGHT_HIP = 23, 24
LEFT_KNEE, RIGHT_KNEE = 25, 26
LEFT_ANKLE, RIGHT_ANKLE = 27, 28
LEFT_HEEL, RIGHT_HEEL = 29, 30
LEFT_FOOT, RIGHT_FOOT = 31, 32
COUNT = 33

# Skeleton point of each side -> (left index, right index).
_PAIRED = {
    "shoulder": (LEFT_SHOULDER, RIGHT_SHOULDER),
    "elbow": (LEFT_ELBOW, RIGHT_ELBOW),
    "wrist": (LEFT_WRIST, RIGHT_WRIST),
    "hip": (LEFT_HIP, RIGHT_HIP),
    "knee": (LEFT_KNEE, RIGHT_KNEE),
    "ankle": (LEFT_ANKLE, RIGHT_ANKLE),
    "heel": (LEFT_HEEL, RIGHT_HEEL),
    "toe": (LEFT_FOOT, RIGHT_FOOT),
    # Hand landmarks (pinky 17/18, index 19/20, thumb 21/22) all sit at the fingertip here.
    "fingertip": (19, 20),
}
_HAND_EXTRA = {"fingertip": ((17, 21), (18, 22))}

# Landmark names the tracking model and the form checks use.
NAMES = {
    "nose": NOSE,
    "left_shoulder": LEFT_SHOULDER,
    "right_shoulder": RIGHT_SHOULDER,
    "left_elbow": LEFT_ELBOW,
    "right_elbow": RIGHT_ELBOW,
    "left_wrist": LEFT_WRIST,
    "right_wrist": RIGHT_WRIST,
    "left_hip": LEFT_HIP,
    "right_hip": RIGHT_HIP,
    "left_knee": LEFT_KNEE,
    "right_knee": RIGHT_KNEE,
    "left_ankle": LEFT_ANKLE,
    "right_ankle": RIGHT_ANKLE,
    "left_heel": LEFT_HEEL,
    "right_heel": RIGHT_HEEL,
    "left_foot": LEFT_FOOT,
    "right_foot": RIGHT_FOOT,
}


def anatomical(near_is: str) -> dict[str, str]:
    """Figure side -> anatomical side, for a person whose `near_is` side faces the phone."""
    far_is = "left" if near_is == "right" else "right"
    return {"near": near_is, "far": far_is}


def skeleton_to_landmarks(near_is: str) -> dict[int, str]:
    """Landmark index -> the skeleton point it is drawn from (head points from `head`/`face`)."""
    sides = anatomical(near_is)
    mapping: dict[int, str] = {}
    for point, (left, right) in _PAIRED.items():
        for figure_side, anatomical_side in sides.items():
            index = left if anatomical_side == "left" else right
            mapping[index] = f"{point}_{figure_side}"
            extras = _HAND_EXTRA.get(point)
            if extras:
                for extra in extras[0] if anatomical_side == "left" else extras[1]:
                    mapping[extra] = f"{point}_{figure_side}"
    mapping[NOSE] = "face"
    for index in (1, 2, 3, 4, 5, 6, 7, 8, 9, 10):
        mapping[index] = "head"
    return mapping
