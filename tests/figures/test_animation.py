"""The animation timeline: poses placed on the floor, anchors and planted limbs held still."""

from __future__ import annotations

import math

import pytest

from backrehab.figures.animation import animate, keyframe_poses
from backrehab.figures.skeleton import lowest_point, segment_lengths, segments
from backrehab.figures.spec import FigureSpec


def spec(**fields) -> FigureSpec:
    return FigureSpec.model_validate(fields)


BRIDGE = {
    "anchor": "shoulders",
    "plant": ["ankle_near", "ankle_far"],
    "contacts": ["heel_near", "shoulders"],
    "keyframes": [
        {
            "label": "down",
            "hold": 1,
            "pose": {"body_pitch": -90, "hip": 50, "knee": 95, "ankle": -45},
        },
        {"label": "up", "hold": 2, "pose": {"body_pitch": -118}},
    ],
}


def test_keyframes_inherit_what_they_do_not_change():
    poses = keyframe_poses(spec(**BRIDGE))
    assert poses[1]["knee_near"] == 95
    assert poses[1]["body_pitch"] == -118


def test_the_first_keyframe_rests_on_the_floor():
    animation = animate(spec(**BRIDGE))
    assert lowest_point(animation.start) == pytest.approx(0.0, abs=1e-9)


def test_the_anchor_and_planted_feet_stay_put_while_the_hips_lift():
    animation = animate(spec(**BRIDGE))
    start = animation.start
    for frame in animation.frames:
        assert math.dist(frame.body["shoulders"], start["shoulders"]) < 1e-6
        assert math.dist(frame.body["ankle_near"], start["ankle_near"]) < 0.003
        assert math.dist(frame.body["toe_near"], start["toe_near"]) < 0.01
    assert animation.peak["pelvis"][1] > start["pelvis"][1] + 0.1


def test_limb_lengths_hold_in_every_frame_even_with_inverse_kinematics():
    lengths = segment_lengths()
    for frame in animate(spec(**BRIDGE)).frames:
        for name, (a, b) in segments(frame.body).items():
            assert math.dist(a, b) == pytest.approx(
                lengths[name.split("_n")[0].split("_f")[0]], abs=1e-6
            )


def test_the_loop_returns_to_the_start_and_times_rise_from_zero_to_the_duration():
    animation = animate(spec(**BRIDGE))
    times = [f.time for f in animation.frames]
    assert times[0] == 0 and times == sorted(times)
    assert times[-1] == pytest.approx(animation.duration)
    assert math.dist(animation.frames[-1].body["head"], animation.start["head"]) < 1e-9


def test_a_figure_needs_at_least_two_keyframes():
    with pytest.raises(ValueError, match="keyframes"):
        spec(keyframes=[{"label": "only", "pose": {}}])


def test_unknown_joints_and_points_are_named_in_the_error():
    with pytest.raises(ValueError, match="elbw"):
        spec(keyframes=[{"label": "a", "pose": {"elbw": 10}}, {"label": "b"}])
    with pytest.raises(ValueError, match="nose"):
        spec(anchor="nose", keyframes=[{"label": "a"}, {"label": "b"}])


def test_effort_is_zero_at_rest_one_at_the_peak_and_blended_between():
    spec = FigureSpec.model_validate(
        {
            "keyframes": [
                {"label": "rest", "pose": {}, "hold": 1.0},
                {"label": "squeeze", "pose": {"shoulder": 20}, "move": 1.0, "hold": 1.0},
            ]
        }
    )
    efforts = [frame.effort for frame in animate(spec).frames]
    assert efforts[0] == 0.0 and max(efforts) == 1.0 and efforts[-1] == 0.0
    assert any(0.0 < e < 1.0 for e in efforts)
