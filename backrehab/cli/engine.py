"""Commands of the clinical engine (intake schema, plan, next step).

Output is JSON on stdout, stable from run to run; problems go to stderr with exit code 2, one
line per bad field.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, NoReturn

import typer
from pydantic import ValidationError

from backrehab.cli import app
from backrehab.clinical.intake import Intake, describe_errors
from backrehab.clinical.library import CONTENT_DIR, Library, LibraryError, load_library
from backrehab.clinical.program import generate_program
from backrehab.clinical.progression import (
    clinician_alerts,
    decisions_json,
    next_step,
    parse_logs,
    parse_program,
)
from backrehab.clinical.red_flags import Clearance
from backrehab.clinical.vignettes import VIGNETTES, report, run
from backrehab.json_text import nested_too_deeply

INVALID = 2


def _fail(title: str, lines: list[str]) -> NoReturn:
    typer.echo(title, err=True)
    for line in lines:
        typer.echo(f"  {line}", err=True)
    raise typer.Exit(INVALID)


def _read_json(path: Path, title: str) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        _fail(title, [f"(file): cannot read {path}: {exc.strerror or exc}"])
    if nested_too_deeply(text):
        _fail(title, [f"(file): {path} is nested too deeply to be an intake or a session log"])
    try:
        return json.loads(text)
    except ValueError as exc:
        _fail(title, [f"(file): {path} is not valid JSON: {exc}"])


def _library(directory: Path) -> Library:
    try:
        return load_library(directory)
    except LibraryError as exc:
        _fail("The exercise library is invalid:", exc.problems)


LIBRARY_OPTION = typer.Option(CONTENT_DIR, "--library", help="Folder of exercise files to use.")


CLEARANCE_OPTION = typer.Option(
    None,
    "--clearance",
    help="A clinician's recorded clearance, JSON: by, on (YYYY-MM-DD), why, rules (the red-flag "
    "rule ids it clears; soon or routine ones only).",
)


@app.command("intake-schema")
def intake_schema() -> None:
    """Print the JSON Schema of an intake (the evaluation the plan is built from)."""
    typer.echo(json.dumps(Intake.model_json_schema(), indent=2, ensure_ascii=False))


@app.command("plan")
def plan(
    intake_file: Path = typer.Argument(..., help="The intake, a JSON file."),
    library_dir: Path = LIBRARY_OPTION,
    clearance_file: Path | None = CLEARANCE_OPTION,
) -> None:
    """Screen, score and build the exercise program for one intake; print the plan as JSON."""
    data = _read_json(intake_file, "Invalid intake:")
    if not isinstance(data, dict):
        _fail("Invalid intake:", ["(intake): expected a JSON object"])
    try:
        intake = Intake.model_validate(data)
    except ValidationError as exc:
        _fail("Invalid intake:", describe_errors(exc.errors()))
    clearance = None
    if clearance_file is not None:
        try:
            clearance = Clearance.model_validate(_read_json(clearance_file, "Invalid clearance:"))
        except ValidationError as exc:
            _fail("Invalid clearance:", describe_errors(exc.errors()))
    plan = generate_program(intake, _library(library_dir), clearance=clearance)
    typer.echo(plan.to_json())


@app.command("vignettes")
def vignettes(library_dir: Path = LIBRARY_OPTION) -> None:
    """Print the clinical vignettes next to the engine's answer, for clinicians to read (Markdown,
    as docs/vignettes.md). Exit code 1 when a case does not get its expected referral."""
    library = _library(library_dir)
    typer.echo(report(library), nl=False)
    if not all(run(v, library).agrees for v in VIGNETTES):
        raise typer.Exit(1)


@app.command("next")
def next_(
    program_file: Path = typer.Argument(..., help="The program (or the whole plan), JSON."),
    logs_file: Path = typer.Argument(..., help="The session logs since it began, JSON."),
    library_dir: Path = LIBRARY_OPTION,
    today: str | None = typer.Option(
        None,
        "--today",
        help="Day of the next session (YYYY-MM-DD): a break of 2+ weeks before it resumes one "
        "rung lower.",
    ),
) -> None:
    """Decide progress / hold / regress / stop per exercise from the session logs."""
    program_data = _read_json(program_file, "Invalid program:")
    logs_data = _read_json(logs_file, "Invalid session logs:")
    try:
        program = parse_program(program_data)
    except ValidationError as exc:
        _fail("Invalid program:", describe_errors(exc.errors()))
    except ValueError as exc:
        _fail("Invalid program:", [f"(program): {exc}"])
    try:
        logs = parse_logs(logs_data)
    except ValidationError as exc:
        _fail("Invalid session logs:", describe_errors(exc.errors()))
    next_day = None
    if today is not None:
        try:
            next_day = dt.date.fromisoformat(today)
        except ValueError:
            _fail("Invalid option:", [f"--today: {today!r} is not a date (YYYY-MM-DD)"])
    decisions = next_step(program, logs, _library(library_dir), today=next_day)
    typer.echo(json.dumps(decisions_json(decisions), indent=2, ensure_ascii=False))
    for exercise, alert in clinician_alerts(decisions):
        typer.echo(f"Clinician alert ({exercise}): [{alert.rule}] {alert.text}", err=True)
