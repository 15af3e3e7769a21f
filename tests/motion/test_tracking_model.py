"""What the camera coach tracks is derived from each exercise's own demonstration keyframes."""

from __future__ import annotations

import pytest

from backrehab.clinical.library import load_library
from backrehab.motion.bundled import BUNDLED_MOTION
from backrehab.motion.model import tracking_model
from backrehab.motion.spec import MotionSpec

LIBRARY = load_library()


@pytest.mark.parametrize("exercise", LIBRARY.all(), ids=lambda e: e.id)
def test_every_exercise_gets_a_model_that_says_where_the_phone_goes(exercise):
    model = tracking_model(exercise)
    assert model["exercise"] == exercise.id
    assert model["view"] in {"side", "front"}
    assert "metres" in model["placement"]["en"] and "metros" in model["placement"]["es"]
    if exercise.dose.reps is None:
        assert not model["counted"] and model["not_counted_because"] == "timed"
    if model["counted"]:
        assert model["signals"], "a counted exercise tracks at least one angle"
        for signal in model["signals"]:
            assert abs(signal["peak"] - signal["start"]) >= 12
        # Every landmark a signal reads is required in view before counting starts.
        for signal in model["signals"]:
            for point in signal["points"]:
                assert ("nose" if point == "face" else f"near_{point}") in model["required"]


def test_nearly_every_repetition_exercise_is_counted():
    repeated = [e for e in LIBRARY.all() if e.dose.reps is not None]
    models = {e.id: tracking_model(e) for e in repeated}
    counted = [i for i, m in models.items() if m["counted"]]
    assert len(counted) >= 0.85 * len(repeated)
    # Only movements a phone camera cannot see are left to tapping: pelvic tilts, lying still,
    # and the inner-muscle exercises (drawing in the stomach, pelvic floor, multifidus setting).
    for exercise_id, model in models.items():
        if not model["counted"]:
            assert model["not_counted_because"] in {"movement-too-small", "inner-muscle"}, (
                exercise_id
            )


def test_an_inner_muscle_exercise_is_not_counted_even_where_the_hand_moves_in_the_figure():
    # The figure of multifidus setting moves the hand to the back once; the patient then holds
    # the contraction eight times with the fingers resting there. Counting the hand would count
    # one rep for eight, so the camera is not offered.
    model = tracking_model(LIBRARY["multifidus-setting"])
    assert not model["counted"]
    assert model["not_counted_because"] == "inner-muscle"
    assert tracking_model(LIBRARY["abdominal-drawing-in"])["counted"] is False


def test_a_bridge_is_seen_from_the_side_and_tracks_the_hip():
    model = tracking_model(LIBRARY["glute-bridge"])
    assert model["view"] == "side"
    assert "floor" in model["placement"]["en"]
    assert model["signals"][0]["name"] in {"hip", "thigh", "trunk"}


def test_a_per_side_exercise_is_counted_per_side():
    assert tracking_model(LIBRARY["side-plank-knees"])["per_side"] is True


def test_the_article_exercises_and_the_big_ones_have_their_own_form_checks():
    needed = {
        "knee-rotations",
        "clam-shells",
        "wall-squat",
        "superman",
        "pelvic-tilt",
        "knee-to-chest",
        "cat-camel",
        "glute-bridge",
        "bird-dog",
        "dead-bug",
        "side-plank",
        "sit-to-stand",
    }
    assert needed <= set(BUNDLED_MOTION)
    for exercise_id in needed:
        checks = tracking_model(LIBRARY[exercise_id])["checks"]
        assert checks and all(c["text"] and c["text_es"] for c in checks)


def test_a_motion_section_in_the_exercise_file_overrides_the_view_and_adds_checks():
    exercise = LIBRARY["glute-bridge"].model_copy(
        update={
            "motion": MotionSpec.model_validate(
                {
                    "view": "front",
                    "checks": [
                        {
                            "id": "knees-apart",
                            "kind": "level",
                            "points": ["near_knee", "far_knee"],
                            "reference": ["near_hip", "near_knee"],
                            "max_ratio": 0.2,
                            "text": "Keep the knees level.",
                        }
                    ],
                }
            )
        }
    )
    model = tracking_model(exercise)
    assert model["view"] == "front"
    assert [c["id"] for c in model["checks"]] == ["knees-apart"]
