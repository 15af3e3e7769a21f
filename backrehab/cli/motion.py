"""`backrehab motion`: the camera coach's counter, run on a recording of landmarks."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from backrehab.cli import app
from backrehab.clinical.exercises import Exercise
from backrehab.clinical.library import LibraryError, load_library, parse_exercise
from backrehab.motion.count import CountingFailed, count
from backrehab.motion.model import tracking_model

motion_app = typer.Typer(help="The camera motion coach: count reps and check form.")
app.add_typer(motion_app, name="motion")


def _exercise(exercise_id: str | None, exercise_file: Path | None) -> Exercise:
    if (exercise_id is None) == (exercise_file is None):
        typer.echo("Give either --exercise ID or --exercise-file FILE.yaml.", err=True)
        raise typer.Exit(2)
    try:
        if exercise_file is not None:
            return parse_exercise(exercise_file)
        library = load_library()
    except LibraryError as exc:
        typer.echo(f"The exercise file is invalid:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    assert exercise_id is not None
    exercise = library.get(exercise_id)
    if exercise is None:
        typer.echo(f"No exercise with id {exercise_id!r} in the library.", err=True)
        raise typer.Exit(2)
    return exercise


@motion_app.command("count")
def count_command(
    landmarks: Path = typer.Argument(
        ..., help='A recording: {"fps": n, "frames": [33 x [x, y, z, visibility] or null, ...]}.'
    ),
    exercise: str | None = typer.Option(None, "--exercise", help="An exercise id of the library."),
    exercise_file: Path | None = typer.Option(
        None, "--exercise-file", help="A clinic's own exercise file (YAML)."
    ),
) -> None:
    """Count the repetitions (per side), holds and form problems in a landmark recording."""
    chosen = _exercise(exercise, exercise_file)
    if not landmarks.is_file():
        typer.echo(f"No landmarks file at {landmarks}.", err=True)
        raise typer.Exit(2)
    model = tracking_model(chosen)
    if not model["counted"]:
        reason = {
            "timed": "it is done for a time, not for repetitions",
            "movement-too-small": "its movement is too small for a phone camera to count",
            "inner-muscle": "its work is an inner muscle's contraction, which a camera cannot see",
        }[model["not_counted_because"]]
        typer.echo(f"{chosen.name} is not counted by the camera: {reason}.", err=True)
        raise typer.Exit(2)
    try:
        result = count(model, landmarks)
    except CountingFailed as exc:
        typer.echo(f"The recording could not be counted: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(json.dumps(result, indent=2))


@motion_app.command("model")
def model_command(
    exercise: str | None = typer.Option(None, "--exercise", help="An exercise id of the library."),
    exercise_file: Path | None = typer.Option(
        None, "--exercise-file", help="A clinic's own exercise file (YAML)."
    ),
) -> None:
    """Print what the counter tracks for an exercise (derived from its keyframes)."""
    typer.echo(json.dumps(tracking_model(_exercise(exercise, exercise_file)), indent=2))
