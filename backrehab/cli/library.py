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


figures = typer.Typer(help="Demonstration figures of the exercise library.", no_args_is_help=True)
app.add_typer(figures, name="figures")


@figures.command("contact-sheet")
def contact_sheet(
    out: Path = typer.Argument(..., help="Where to write: a .html page or a .png picture."),
    ids: list[str] = typer.Option(
        [], "--exercise", "-e", help="Only these exercise ids (repeat); default: all."
    ),
    directory: Path = typer.Option(CONTENT_DIR, help="Folder of exercise files to read."),
) -> None:
    """Draw every exercise's start and peak at phone size (360 px wide) on one sheet for review."""
    from backrehab.figures.preview import phone_sheet, phone_sheet_size, screenshot

    try:
        library = load_library(directory)
    except LibraryError as exc:
        typer.echo(f"The exercise library is invalid:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    wanted = ids or sorted(library)
    unknown = sorted(set(wanted) - set(library))
    if unknown:
        typer.echo(f"No exercise with id: {', '.join(unknown)}", err=True)
        raise typer.Exit(2)
    if out.suffix not in (".html", ".png"):
        typer.echo("The output must end in .html or .png.", err=True)
        raise typer.Exit(2)
    html = out.with_suffix(".html")
    html.write_text(phone_sheet(wanted, directory), encoding="utf-8")
    if out.suffix == ".html":
        typer.echo(f"wrote {html} ({len(wanted)} exercises)")
        return
    if not screenshot(html, out, phone_sheet_size(len(wanted))):
        typer.echo(f"wrote {html}; Chromium is not installed, so no PNG", err=True)
        raise typer.Exit(1)
    typer.echo(f"wrote {out} ({len(wanted)} exercises)")
