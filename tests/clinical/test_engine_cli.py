"""The engine's command line: intake-schema, plan and next (the contract outside checks use)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from backrehab.cli import app
from tests.clinical.engine_factories import make_library

runner = CliRunner()


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory) -> Path:
    """The factory library written out as exercise files, as the CLI reads them."""
    directory = tmp_path_factory.mktemp("exercises")
    for exercise_id, exercise in make_library().items():
        data = exercise.model_dump(mode="json", exclude_none=True)
        (directory / f"{exercise_id}.yaml").write_text(yaml.safe_dump(data))
    return directory


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def plan(path: Path, library_dir: Path) -> dict:
    code, out, err = run("plan", str(path), "--library", str(library_dir))
    assert code == 0, err
    return json.loads(out)


def test_intake_schema_prints_the_json_schema():
    code, out, _ = run("intake-schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "backrehab intake"
    assert "red_flags" in schema["properties"]


def test_plan_prints_a_program_for_an_ordinary_intake(examples, library_dir):
    output = plan(examples / "intake-acute-extension.json", library_dir)
    assert output["referral"] is None
    program = output["program"]
    assert program["items"] and program["sessions_per_week"] == 5
    assert {"flexion-peripheralises"} <= {
        r["rule"] for e in program["excluded"] for r in e["reasons"]
    }
    assert output["scores"]["odi"] == {"percent": 37.8, "band": "moderate", "answered_sections": 9}


def test_plan_refers_cauda_equina_to_the_emergency_department(examples, library_dir):
    output = plan(examples / "intake-cauda-equina.json", library_dir)
    assert output["program"] is None
    assert output["referral"]["urgency"] == "emergency"
    # Three answers, and the pain below both knees that is bilateral sciatica in itself.
    assert [r["rule"] for r in output["referral"]["reasons"]] == [
        "ces-saddle-numbness",
        "ces-bladder-control",
        "ces-bilateral-sciatica",
        "ces-bilateral-leg-symptoms",
    ]


def test_plan_keeps_pregnancy_off_the_back_and_front(examples, library_dir):
    output = plan(examples / "intake-pregnant.json", library_dir)
    library = make_library()
    positions = {library[i["exercise"]].position.value for i in output["program"]["items"]}
    assert not positions & {"prone", "supine"}


def test_an_invalid_intake_exits_2_naming_each_bad_field(examples, library_dir):
    code, out, err = run(
        "plan", str(examples / "intake-invalid.json"), "--library", str(library_dir)
    )
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert lines[0] == "Invalid intake:"
    assert [line.strip().split(":")[0] for line in lines[1:]] == [
        "trimester",
        "pain.now",
        "favourite_colour",
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "is not valid JSON"),
        ("[1, 2]", "expected a JSON object"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
    ],
    ids=["not-json", "a-list", "nested-too-deep"],
)
def test_unreadable_intakes_exit_2(tmp_path, library_dir, content, message):
    path = tmp_path / "intake.json"
    path.write_text(content)
    code, _, err = run("plan", str(path), "--library", str(library_dir))
    assert code == 2
    assert err.startswith("Invalid intake:") and message in err


def test_a_missing_file_exits_2(tmp_path, library_dir):
    code, _, err = run("plan", str(tmp_path / "missing.json"), "--library", str(library_dir))
    assert code == 2 and "cannot read" in err


def test_next_accepts_the_program_or_the_whole_plan(examples, library_dir, tmp_path):
    output = plan(examples / "intake-acute-extension.json", library_dir)
    whole = tmp_path / "plan.json"
    whole.write_text(json.dumps(output))
    only = tmp_path / "program.json"
    only.write_text(json.dumps(output["program"]))
    first = output["program"]["items"][0]
    logs = tmp_path / "logs.json"
    entry = {
        "exercise": first["exercise"],
        "sets": first["sets"],
        "reps": first["reps"],
        "hold_seconds": first["hold_seconds"],
        "duration_seconds": first["duration_seconds"],
        "pain_during": 1,
        "effort": 4,
    }
    logs.write_text(
        json.dumps(
            [
                {
                    "date": "2025-03-01",
                    "pain_before": 3,
                    "next_morning_pain": 2,
                    "exercises": [entry],
                },
                {
                    "date": "2025-03-08",
                    "pain_before": 3,
                    "next_morning_pain": 2,
                    "exercises": [entry],
                },
            ]
        )
    )
    results = []
    for program in (whole, only):
        code, out, err = run("next", str(program), str(logs), "--library", str(library_dir))
        assert code == 0, err
        results.append(json.loads(out))
    assert results[0] == results[1]
    decisions = results[0]
    assert len(decisions) == len(output["program"]["items"])
    assert set(decisions[0]) == {"exercise", "decision", "dose", "replacement", "reasons"}
    assert decisions[0]["decision"] == "progress"
    assert {d["decision"] for d in decisions[1:]} == {"hold"}


def test_next_reports_peripheralisation_as_a_clinician_alert(library_dir, tmp_path):
    program = {
        "sessions_per_week": 3,
        "minutes": 5,
        "excluded": [],
        "education": [],
        "items": [
            {
                "exercise": "prone-press-up",
                "sets": 1,
                "reps": 10,
                "hold_seconds": 2,
                "duration_seconds": None,
                "per_side": False,
                "reasons": [],
            }
        ],
    }
    (tmp_path / "program.json").write_text(json.dumps(program))
    (tmp_path / "logs.json").write_text(
        json.dumps(
            {
                "sessions": [
                    {
                        "date": "2025-03-01",
                        "pain_before": 3,
                        "exercises": [
                            {
                                "exercise": "prone-press-up",
                                "sets": 1,
                                "reps": 10,
                                "pain_during": 4,
                                "effort": 3,
                                "peripheralised": True,
                            }
                        ],
                    }
                ]
            }
        )
    )
    code, out, err = run(
        "next",
        str(tmp_path / "program.json"),
        str(tmp_path / "logs.json"),
        "--library",
        str(library_dir),
    )
    assert code == 0
    assert json.loads(out)[0]["decision"] == "stop"
    assert "Clinician alert (prone-press-up): [alert-peripheralisation]" in err


def test_next_refuses_a_referral_plan_and_bad_logs(examples, library_dir, tmp_path):
    referral = tmp_path / "referral.json"
    referral.write_text(json.dumps(plan(examples / "intake-cauda-equina.json", library_dir)))
    logs = tmp_path / "logs.json"
    logs.write_text("[]")
    code, _, err = run("next", str(referral), str(logs), "--library", str(library_dir))
    assert code == 2 and "Invalid program:" in err and "referral" in err
    good_plan = tmp_path / "plan.json"
    good_plan.write_text(json.dumps(plan(examples / "intake-stenosis.json", library_dir)))
    logs.write_text(json.dumps([{"date": "2025-03-01", "pain_before": 11}]))
    code, _, err = run("next", str(good_plan), str(logs), "--library", str(library_dir))
    assert code == 2
    assert err.splitlines() == [
        "Invalid session logs:",
        "  [0].pain_before: Input should be less than or equal to 10",
    ]


def test_the_plan_is_the_same_across_processes(examples, library_dir):
    """Same input, same output, whatever Python's hash seed (set order) is."""
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "from backrehab.cli import app; app()",
                "plan",
                str(examples / "intake-stenosis.json"),
                "--library",
                str(library_dir),
            ],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_the_example_session_logs_are_valid(examples):
    from backrehab.clinical.progression import parse_logs

    assert parse_logs(json.loads((examples / "session-logs.json").read_text()))


def test_next_resumes_lower_after_a_break_before_today(library_dir, tmp_path, examples):
    import json as _json

    logs = examples / "session-logs.json"
    program = tmp_path / "program.json"
    code, out, err = run("plan", str(examples / "intake-acute-extension.json"))
    assert code == 0, err
    program.write_text(out)
    code, out, err = run(
        "next", str(program), str(logs), "--library", str(library_dir), "--today", "2025-04-01"
    )
    assert code == 0, err
    assert any(
        r["rule"] in ("regress-after-gap", "hold-after-gap")
        for d in _json.loads(out)
        for r in d["reasons"]
    )
    code, _out, err = run("next", str(program), str(logs), "--today", "soon")
    assert code == 2 and "--today" in err
