"""The daily alert check; run it from a scheduler (cron, a systemd timer) once a day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from backrehab.care.activity import (
    RECENT_DAYS,
    recount_stale_activity,
    refresh_planner_statistics,
)
from backrehab.care.alerts import NO_SESSION_DAYS, raise_time_based
from backrehab.care.listing import refresh_listing
from backrehab.clinic.models import Patient


class Command(BaseCommand):
    help = (
        "Raise the time-based clinician alerts: no session for "
        f"{NO_SESSION_DAYS} days (for patients with a program in force), and pain up 2 or more "
        "points over a week as seen through next-morning checks that arrived after the session. "
        "The other alerts (red-flag answers, spreading leg pain, a regress decision, pain rising "
        "at a session) are raised when the event is stored. Run it daily from a scheduler, e.g. "
        "cron: `15 6 * * * backrehab manage raise_alerts`; the dashboard does not run it. "
        "Running it twice raises nothing new. It also recounts each patient's sessions of the "
        f"last {RECENT_DAYS} days, which the dashboard sorts by adherence with (the window moves "
        "every day)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--today",
            type=dt.date.fromisoformat,
            default=None,
            help="check as if today were this date (YYYY-MM-DD); default: today",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        counts = raise_time_based(options["today"])
        recounted = recount_stale_activity(options["today"] or timezone.localdate())
        # The dashboard's other kept columns follow every write; recomputing them daily heals
        # any a write outside the app (a database console) left behind.
        refresh_listing(Patient.objects.all())
        refresh_planner_statistics()
        self.stdout.write(f"recent activity recounted for {recounted} patient(s)")
        for kind, count in counts.items():
            self.stdout.write(f"{kind}: {count} new alert(s)")
