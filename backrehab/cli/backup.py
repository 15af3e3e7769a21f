"""`backrehab backup` and `backrehab restore`: a clinic, or the whole site, in one file."""

from __future__ import annotations

from pathlib import Path

import typer

from backrehab.cli import app
from backrehab.cli.site import django_setup


@app.command("backup")
def backup(
    output: Path = typer.Option(
        ..., "--output", "-o", help="The file to write; ending in .gz compresses it."
    ),
    clinic: str = typer.Option("", "--clinic", help="The clinic's short name (slug)."),
    everything: bool = typer.Option(False, "--all", help="Every clinic and the site's operators."),
) -> None:
    """Write a clinic (--clinic SLUG) or the whole site (--all) to one JSON file.

    The file holds health records and password hashes: it is made readable only by you;
    store and move it like the database itself."""
    if bool(clinic) == everything:
        typer.echo(
            "Say which: --clinic SLUG for one clinic, or --all for the whole site.", err=True
        )
        raise typer.Exit(2)
    django_setup()
    from backrehab.operations import backup as backups

    try:
        document = backups.backup_site() if everything else backups.backup_clinic(clinic)
        backups.write(document, output)
    except (backups.BackupError, OSError) as exc:
        typer.echo(f"Backup failed: {exc}", err=True)
        raise typer.Exit(1) from exc
    sections = document["sections"]
    clinics = [section["slug"] for section in sections if section["kind"] == "clinic"]
    patients = sum(len(section["tables"]["clinic.patient"]) for section in sections)
    logs = sum(len(section["tables"]["care.sessionlog"]) for section in sections)
    typer.echo(
        f"Backed up {len(clinics)} clinic(s) ({', '.join(clinics) or 'none'}): "
        f"{patients} patients, {logs} session logs -> {output}"
    )


@app.command("restore")
def restore(
    backup_file: Path = typer.Argument(..., help="A file written by `backrehab backup`."),
    everything: bool = typer.Option(
        False,
        "--all",
        help="Moving the whole site into an empty database: also the site's operators, "
        "superusers and every permission.",
    ),
) -> None:
    """Load a backup into this database (run `backrehab migrate` first).

    Nothing is changed if a clinic, user name or clinic exercise in the file already exists,
    or if a record in the file breaks the app's rules. Without --all, clinics come back with
    no site powers (no superuser, no permission beyond curating the clinic's exercises)."""
    django_setup()
    from backrehab.operations import backup as backups

    try:
        counts = backups.restore(backups.read(backup_file), everything=everything)
    except backups.BackupError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(1) from exc
    typer.echo(
        f"Restored {counts.get('clinic.clinic', 0)} clinic(s), {counts.get('auth.user', 0)} "
        f"accounts, {counts.get('clinic.patient', 0)} patients, "
        f"{counts.get('care.sessionlog', 0)} session logs from {backup_file}."
    )
    typer.echo(
        "Load the bundled exercise library too if this database is new: backrehab setup --no-demo"
    )
