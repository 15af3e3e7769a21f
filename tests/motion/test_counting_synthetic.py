"""The counter on sequences made from the demonstration skeleton (noise, drops, both sides...).

The accuracy over the whole library is reported by `make bench`; here a few exercises of each
kind must count right, so a change that breaks counting fails the suite.
"""

from __future__ import annotations

import shutil

import pytest

from backrehab.clinical.library import load_library
from backrehab.motion.count import count_many
from backrehab.motion.model import tracking_model
from backrehab.motion.synthetic import Trouble, generate, troubles

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the counter")

LIBRARY = load_library()
# A bridge (two-sided, lying), a bird dog (per side, four-point kneeling), a sit-to-stand
# (standing up), a side plank on knees (per-side holds); and where reading the person's sides the
# wrong way round once broke counting: a hip flexor stretch (the front leg read as the back one
# is far outside the stretch's range), a single-leg bridge (the planted shin read as the lifted
# one), a side-shift correction and a bridge march (two-sided but not symmetric: the mirrored
# reading runs opposite, or hardly moves).
SAMPLE = [
    "glute-bridge",
    "bird-dog",
    "sit-to-stand",
    "side-plank-knees",
    "hip-flexor-stretch",
    "single-leg-bridge",
    "lateral-shift-correction",
    "glute-bridge-march",
]


@pytest.mark.parametrize("exercise_id", SAMPLE)
def test_counts_are_right_under_noise_drops_occlusion_speed_and_pauses(exercise_id):
    exercise = LIBRARY[exercise_id]
    model = tracking_model(exercise)
    items, truth = [], []
    for seed, (name, trouble) in enumerate(sorted(troubles().items())):
        sequence = generate(exercise, model, reps=4 + seed % 3, trouble=trouble, seed=seed)
        items.append((model, sequence.landmarks_json()))
        truth.append((name, sequence.reps, sequence.sides))
    results = count_many(items)
    misses = [
        (name, reps, result["reps"])
        for result, (name, reps, _) in zip(results, truth, strict=True)
        if abs(result["reps"] - reps) > 1
    ]
    assert not misses, f"off by more than one rep: {misses}"
    exact = sum(r["reps"] == t[1] for r, t in zip(results, truth, strict=True))
    assert exact >= len(results) - 2
    if model["per_side"]:
        for result, (_, _, sides) in zip(results, truth, strict=True):
            assert sides is not None
            assert abs(result["sides"]["left"] - sides["left"]) <= 1
            assert abs(result["sides"]["right"] - sides["right"]) <= 1


def test_a_bridge_without_the_hips_lifted_is_caught_and_a_clean_one_is_not():
    exercise = LIBRARY["glute-bridge"]
    model = tracking_model(exercise)
    clean = generate(exercise, model, reps=5, seed=3)
    low = generate(exercise, model, reps=5, trouble=Trouble(partial=1.0), seed=3)
    clean_result, low_result = count_many(
        [(model, clean.landmarks_json()), (model, low.landmarks_json())]
    )
    assert clean_result["form"] == []
    assert low_result["reps"] == 5
    flagged = {f["check"] for f in low_result["form"]}
    assert "hips-to-line" in flagged or "range" in flagged


def test_a_bird_dog_with_the_pelvis_rotating_is_caught():
    exercise = LIBRARY["bird-dog"]
    model = tracking_model(exercise)
    turning = generate(
        exercise,
        model,
        reps=4,
        trouble=Trouble(faults={"body_roll": 25.0}, fault_share=1.0),
        seed=5,
    )
    (result,) = count_many([(model, turning.landmarks_json())])
    assert any(f["check"] == "pelvis-level" for f in result["form"])


def test_reps_rushed_at_three_times_the_demonstration_speed_are_called_too_fast():
    exercise = LIBRARY["sit-to-stand"]
    model = tracking_model(exercise)
    rushed = generate(exercise, model, reps=4, trouble=Trouble(speed=(3.0, 3.2)), seed=2)
    (result,) = count_many([(model, rushed.landmarks_json())])
    assert any(f["check"] == "tempo" for f in result["form"])
