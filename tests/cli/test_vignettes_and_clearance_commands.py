"""`backrehab vignettes` prints the clinician's report; `backrehab plan --clearance` passes a
clinician's recorded clearance to the engine."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backrehab.cli import app

runner = CliRunner()

CANCER_HISTORY = {
    "age": 57,
    "sex": "female",
    "pain": {"now": 4, "best": 2, "worst": 5},
    "history": {"duration_weeks": 14, "recurrence": True},
    "red_flags": {"history_of_cancer": True},
}


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    intake = tmp_path / "intake.json"
    intake.write_text(json.dumps(CANCER_HISTORY))
    cleared = tmp_path / "clearance.json"
    cleared.write_text(
        json.dumps(
            {
                "by": "Ana Ruiz, PT",
                "on": "2026-03-04",
                "why": "GP letter: assessed knowing the cancer history",
                "rules": ["malignancy-history"],
            }
        )
    )
    refused = tmp_path / "refused.json"
    refused.write_text(
        json.dumps({"by": "Ana", "on": "2026-03-04", "why": "fine", "rules": ["infection-fever"]})
    )
    return {"intake": intake, "cleared": cleared, "refused": refused}


def test_plan_without_a_clearance_refers_a_cancer_history_not_yet_assessed(files):
    result = runner.invoke(app, ["plan", str(files["intake"])])
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["referral"]["urgency"] == "soon"
    assert output["program"] is None


def test_plan_with_a_clearance_gives_the_program_and_says_who_cleared(files):
    result = runner.invoke(
        app, ["plan", str(files["intake"]), "--clearance", str(files["cleared"])]
    )
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["referral"]["urgency"] == "routine"
    assert [r["rule"] for r in output["referral"]["reasons"]] == ["clearance-recorded"]
    assert output["program"]["items"]


def test_a_clearance_of_an_urgent_rule_is_refused_by_name(files):
    result = runner.invoke(
        app, ["plan", str(files["intake"]), "--clearance", str(files["refused"])]
    )
    assert result.exit_code == 2
    assert "Invalid clearance:" in result.stderr
    assert "rules: " in result.stderr and "infection-fever" in result.stderr


def test_vignettes_prints_every_case_with_the_engines_answer():
    result = runner.invoke(app, ["vignettes"])
    assert result.exit_code == 0, result.stdout
    assert result.stdout.startswith("# Clinical vignettes")
    assert "fragility-osteoporosis-steroids" in result.stdout
    assert result.stdout.count("- Engine: ") >= 30
    assert "DIFFERS" not in result.stdout
