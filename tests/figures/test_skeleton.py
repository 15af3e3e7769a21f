"""Forward kinematics: the figure's joints move the way a clinician's goniometer says."""

from __future__ import annotations

import math

import pytest

from backrehab.figures.skeleton import (
    HEAD_RADIUS,
    full_pose,
    lowest_point,
    pose_body,
    segment_lengths,
    segments,
    solve_plant,
)


def body(**angles: float):
    return pose_body(full_pose(angles))


def test_standing_is_upright_with_the_head_above_the_feet():
    b = body()
    assert (
        b["head"][1] > b["neck_base"][1] > b["pelvis"][1] > b["knee_near"][1] > b["ankle_near"][1]
    )
    assert b["toe_near"][0] > b["heel_near"][0]  # the figure faces +x


def test_standing_height_is_that_of_an_adult():
    b = body()
    height = b["head"][1] + HEAD_RADIUS - lowest_point(b)
    assert 1.6 < height < 1.85


def test_hip_flexion_brings_the_knee_forward_and_up():
    straight, flexed = body(), body(hip_near=90)
    assert flexed["knee_near"][0] > straight["knee_near"][0] + 0.35
    assert flexed["knee_near"][1] == pytest.approx(flexed["hip_near"][1], abs=1e-9)


def test_knee_flexion_takes_the_foot_backward():
    bent = body(knee_near=90)
    assert bent["ankle_near"][0] < bent["knee_near"][0] - 0.35


def test_lying_face_up_puts_the_head_to_the_left_and_the_face_up():
    b = body(body_pitch=-90)
    assert b["head"][0] < b["pelvis"][0] < b["ankle_near"][0]
    assert b["face"][1] > b["head"][1]


def test_lying_face_down_puts_the_face_toward_the_floor():
    b = body(body_pitch=90)
    assert b["face"][1] < b["head"][1]


def test_spinal_flexion_rounds_forward_and_extension_arches_back():
    flexed, extended = body(lumbar=30, thorax=20), body(lumbar=-20, thorax=-10)
    assert flexed["neck_base"][0] > 0.1
    assert extended["neck_base"][0] < -0.05


def test_abduction_moves_each_leg_away_from_the_midline():
    b = body(hip_abd=30)
    assert b["ankle_near"][2] > b["hip_near"][2]
    assert b["ankle_far"][2] < b["hip_far"][2]


def test_a_bare_joint_sets_both_sides_and_a_sided_one_overrides_it():
    pose = full_pose({"knee": 40, "knee_far": 10})
    assert pose["knee_near"] == 40
    assert pose["knee_far"] == 10


@pytest.mark.parametrize(
    "angles",
    [
        {},
        {"body_pitch": 90, "hip": 90, "knee": 90, "shoulder": 90},
        {"body_pitch": -90, "body_roll": 90, "hip": 45, "hip_abd_near": 35, "knee": 90},
        {"lumbar": 35, "lumbar_rot": 30, "lumbar_side": 15, "neck": -20, "elbow": 120},
    ],
)
def test_segment_lengths_never_change_whatever_the_pose(angles):
    lengths = segment_lengths()
    for name, (a, b) in segments(body(**angles)).items():
        expected = lengths[name.removesuffix("_near").removesuffix("_far")]
        assert math.dist(a, b) == pytest.approx(expected, abs=1e-9), name


def test_inverse_kinematics_reaches_a_reachable_target_with_the_knee_bending_forward():
    pose = full_pose({"hip": 20, "knee": 30})
    target = pose_body(full_pose({"hip": 70, "knee": 80}))["ankle_near"]
    solved = solve_plant(pose, (0.0, 0.0, 0.0), "ankle_near", target)
    assert math.dist(pose_body(solved)["ankle_near"], target) < 0.002
    assert solved["knee_near"] > 0


def test_external_hip_rotation_turns_the_toes_out_on_both_sides():
    near = body(hip_rot_near=30)
    far = body(hip_rot_far=30)
    assert near["toe_near"][2] - near["heel_near"][2] > 0.05  # near side: out is toward the viewer
    assert far["toe_far"][2] - far["heel_far"][2] < -0.05


def test_wrist_extension_lays_the_hand_flat_under_a_vertical_forearm():
    b = body(body_pitch=90, hip=90, knee=90, shoulder=90, wrist=90)
    assert b["fingertip_near"][1] == pytest.approx(b["wrist_near"][1], abs=1e-9)
    assert b["fingertip_near"][0] > b["wrist_near"][0]  # fingers point the way the head does
