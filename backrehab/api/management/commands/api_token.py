"""`manage.py api_token <username> [--name NAME]`: make an API key and print it once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from backrehab.api.actions import do_create_api_token


class Command(BaseCommand):
    help = (
        "Make an API key for a user and print it. The key is shown only this once; "
        "store it where the app or integration that uses it keeps secrets."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="API key", help="what the key is for")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist as exc:
            raise CommandError(f"No user called {options['username']!r}.") from exc
        if not user.is_active:
            raise CommandError(f"{user.username} is not an active user.")
        key = do_create_api_token(user, options["name"])
        self.stdout.write(key)
