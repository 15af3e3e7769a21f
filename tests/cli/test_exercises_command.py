"""`backrehab exercises`: the library from the command line."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from backrehab.cli import app

runner = CliRunner()
FIELDS = {
    "id",
    "name",
    "category",
    "position",
    "bias",
    "equipment",
    "steps",
    "dose",
    "progression",
    "regression",
    "precautions",
}


def test_json_prints_every_exercise_with_the_documented_fields(library):
    result = runner.invoke(app, ["exercises", "--json"])
    assert result.exit_code == 0, result.output
    exercises = json.loads(result.stdout)
    assert len(exercises) == len(library)
    for exercise in exercises:
        assert set(exercise) >= FIELDS


def test_the_plain_listing_has_one_line_per_exercise(library):
    result = runner.invoke(app, ["exercises"])
    assert result.exit_code == 0
    assert len(result.stdout.strip().splitlines()) == len(library)


def test_an_invalid_library_exits_with_the_file_and_field_named(tmp_path):
    (tmp_path / "bad.yaml").write_text("id: bad\nname: Bad\n")
    result = runner.invoke(app, ["exercises", "--directory", str(tmp_path)])
    assert result.exit_code == 2
    assert "bad.yaml: purpose: Field required" in result.output


def test_help_lists_the_commands():
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("exercises", "setup", "serve", "load-library", "demo"):
        assert command in result.stdout
