"""Commands about the exercise library."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from backrehab.cli import app
from backrehab.clinical.library import CONTENT_DIR, LibraryError, load_library


@app.command("exercises")
def exercises(
    as_json: bool = typer.Option(False, "--json", help="Print the whole library as a JSON array."),
    directory: Path = typer.Option(CONTENT_DIR, help="Folder of exercise files to read."),
) -> None:
    """List the exercise library (the bundled data files)."""
    try:
        library = load_library(directory)
    except LibraryError as exc:
        typer.echo(f"The exercise library is invalid:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    if as_json:
        typer.echo(json.dumps([e.model_dump(mode="json") for e in library.all()], indent=2))
        return
    for exercise in library.all():
        typer.echo(
            f"{exercise.id:28} {exercise.category.value:14} "
            f"{exercise.position.value:11} {exercise.name}"
        )
