"""`backrehab motion count`: the browser's counter run on a clinic's own recording."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from typer.testing import CliRunner

from backrehab.cli import app
from backrehab.clinical.library import CONTENT_DIR, load_library
from backrehab.motion.model import tracking_model
from backrehab.motion.synthetic import generate

pytestmark = pytest.mark.skipif(shutil.which("node") is None, reason="Node.js runs the counter")
runner = CliRunner()


@pytest.fixture(scope="module")
def bridge_recording(tmp_path_factory):
    exercise = load_library()["glute-bridge"]
    sequence = generate(exercise, tracking_model(exercise), reps=4, seed=7)
    path = tmp_path_factory.mktemp("rec") / "bridge.json"
    path.write_text(json.dumps(sequence.landmarks_json()))
    return path


def test_it_prints_the_count_as_json(bridge_recording):
    result = runner.invoke(
        app, ["motion", "count", "--exercise", "glute-bridge", str(bridge_recording)]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["exercise"] == "glute-bridge"
    assert answer["reps"] == 4
    assert answer["sides"] is None
    assert len(answer["reps_frames"]) == 4
    assert len(answer["holds_seconds"]) == 4  # the bridge is held at the top
    assert answer["form"] == []


def test_a_clinic_exercise_file_is_counted_with_its_own_motion_section(bridge_recording, tmp_path):
    document = yaml.safe_load((CONTENT_DIR / "glute-bridge.yaml").read_text())
    document["id"] = "our-bridge"
    document["progression"] = []
    document["regression"] = []
    document["motion"] = {
        "checks": [
            {
                "id": "very-high",
                "kind": "angle-at-peak",
                "points": ["near_shoulder", "near_hip", "near_knee"],
                "min": 179.5,
                "text": "Higher still.",
            }
        ]
    }
    path = tmp_path / "our-bridge.yaml"
    path.write_text(yaml.safe_dump(document))
    result = runner.invoke(
        app, ["motion", "count", "--exercise-file", str(path), str(bridge_recording)]
    )
    assert result.exit_code == 0, result.output
    answer = json.loads(result.output)
    assert answer["exercise"] == "our-bridge"
    assert answer["reps"] == 4
    assert [f["check"] for f in answer["form"]] == ["very-high"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json", "not valid JSON"),
        ('{"fps": 30}', '"frames" must be a list'),
        ('{"fps": 30, "frames": [[1, 2, 3]]}', "frame 0 must be null or a list of 33"),
    ],
)
def test_a_bad_recording_gets_a_clear_message_and_a_non_zero_exit(tmp_path, content, message):
    path = tmp_path / "bad.json"
    path.write_text(content)
    result = runner.invoke(app, ["motion", "count", "--exercise", "glute-bridge", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_an_unknown_exercise_or_a_timed_one_is_refused(bridge_recording):
    unknown = runner.invoke(
        app, ["motion", "count", "--exercise", "no-such", str(bridge_recording)]
    )
    assert unknown.exit_code == 2 and "No exercise with id 'no-such'" in unknown.output
    timed = runner.invoke(
        app, ["motion", "count", "--exercise", "walking-program", str(bridge_recording)]
    )
    assert timed.exit_code == 2 and "not counted by the camera" in timed.output
