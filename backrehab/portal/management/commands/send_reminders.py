"""Send today's session reminders: a notification on the patient's phones, or an e-mail."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.translation import ngettext

from backrehab.portal.reminders import SEND_WINDOW_HOURS, send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind patients of their session: by a notification on each phone they switched "
        "notifications on for (Web Push), else by e-mail when they switched e-mail reminders on "
        "and have an address. On their session days, at their chosen time (clinic time, "
        "TIME_ZONE, in quarter hours), at most once a day, and not when today's session is "
        "already done. Run it every 15 minutes, e.g. cron "
        "'*/15 * * * * cd /srv/backrehab && .venv/bin/python manage.py send_reminders' or a "
        "systemd timer with OnCalendar=*:0/15. A run missed by up to "
        f"{SEND_WINDOW_HOURS} hours is caught up by the next one; running it twice sends "
        "nothing twice. Mail goes through EMAIL_BACKEND (set EMAIL_HOST etc. for SMTP)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--site-url",
            default=os.environ.get("SITE_URL", ""),
            help="the address patients open, for the link in the e-mail (default: $SITE_URL)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders(timezone.now(), site_url=options["site_url"])
        self.stdout.write(
            ngettext("%(count)s reminder sent", "%(count)s reminders sent", sent) % {"count": sent}
        )
