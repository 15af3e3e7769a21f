"""The `backrehab` command line. Each module adds the commands of one area to `app`."""

from __future__ import annotations

import typer

app = typer.Typer(
    help="backrehab: lower-back rehabilitation - exercise library, programs, clinic server.",
    no_args_is_help=True,
    add_completion=False,
)

# Imported for their side effect of registering commands on `app`.
from backrehab.cli import backup, engine, library, motion, site  # noqa: E402,F401

__all__ = ["app"]
