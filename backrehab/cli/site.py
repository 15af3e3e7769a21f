"""Commands that run the web app: set-up, the library and demo data, the server."""

from __future__ import annotations

import os

import typer

from backrehab.cli import app


def django_setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backrehab.settings")
    import django

    django.setup()


@app.command("migrate")
def migrate() -> None:
    """Create or update the database tables."""
    django_setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1)


@app.command("load-library")
def load_library_command() -> None:
    """Load the bundled exercise files into the database (safe to repeat)."""
    django_setup()
    from backrehab.clinical.library import LibraryError
    from backrehab.library.actions import do_sync_bundled_library

    try:
        report = do_sync_bundled_library()
    except LibraryError as exc:
        typer.echo(f"The exercise library is invalid:\n{exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"Exercise library: {report.summary()}.")


@app.command("demo")
def demo() -> None:
    """Create the demo clinic (a clinic admin, a clinician, two patients) and print log-ins."""
    django_setup()
    from backrehab.operations.demo import seed_demo_clinic

    logins = seed_demo_clinic()
    typer.echo(
        "Demo clinic ready. Patients sign in at http://127.0.0.1:8000/login/, "
        "staff at http://127.0.0.1:8000/clinic/ :"
    )
    for login in logins:
        typer.echo(
            f"  {login.role:13} {login.username:16} password: {login.password}   ({login.name})"
        )


@app.command("push-key")
def push_key() -> None:
    """Make the key pair that signs notifications (Web Push, VAPID) unless there is one."""
    django_setup()
    from django.conf import settings

    from backrehab.messaging.push import public_key, write_key_file

    if settings.VAPID_PRIVATE_KEY:
        typer.echo("Push notifications: the key comes from VAPID_PRIVATE_KEY.")
    elif write_key_file(settings.VAPID_KEY_FILE):
        typer.echo(f"Push notifications: new key pair in {settings.VAPID_KEY_FILE}.")
    else:
        typer.echo(f"Push notifications: keeping the key pair in {settings.VAPID_KEY_FILE}.")
    typer.echo(f"  public key (browsers subscribe with it): {public_key()}")


@app.command("setup")
def setup(
    with_demo: bool = typer.Option(True, "--demo/--no-demo", help="Also create the demo clinic."),
) -> None:
    """Migrate, load the library, make the push notification key and (by default) the demo
    clinic. Safe to repeat."""
    migrate()
    load_library_command()
    push_key()
    if with_demo:
        demo()


@app.command("serve")
def serve(
    address: str = typer.Option("127.0.0.1:8000", help="host:port to listen on"),
) -> None:
    """Serve the app with Django's development server (see the README for production)."""
    django_setup()
    from django.core.management import call_command

    call_command("runserver", address, use_reloader=False)


@app.command("manage", context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def manage(ctx: typer.Context) -> None:
    """Run any Django management command, e.g. `backrehab manage createsuperuser`."""
    django_setup()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["backrehab manage", *ctx.args])
