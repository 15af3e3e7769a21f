"""Weight of the session page (the issue's budget: <= 150 KB before the figures) and the size of
the service worker's cache (the app shell and the pages kept for offline use).

Builds a throw-away SQLite database with the demo clinic, signs in as each demo patient and
measures what a phone downloads for the guided session: the HTML without the inline exercise
figures, plus the page's stylesheets and scripts.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import Any

BUDGET = 150 * 1024
STATIC = Path(__file__).resolve().parent.parent / "backrehab" / "static"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backrehab.settings")
        import django

        django.setup()
        from django.contrib.auth.models import User
        from django.core.management import call_command
        from django.test import Client

        from backrehab.operations.demo import DEMO_PEOPLE, seed_demo_clinic

        call_command("migrate", verbosity=0)
        seed_demo_clinic()
        for login in DEMO_PEOPLE:
            if login.role != "patient":
                continue
            client = Client()
            # Signed in directly: django-axes' log-in check needs a request, and the weight of
            # the page is what is measured here, not signing in.
            client.force_login(User.objects.get(username=login.username))
            html = client.get("/my/session/").content.decode()
            without_figures = re.sub(r"<svg.*?</svg>", "", html, flags=re.S)
            assets = re.findall(r'(?:href|src)="/static/([^"]+)"', html)
            asset_bytes = sum((STATIC / a).stat().st_size for a in assets if (STATIC / a).exists())
            figures = len(html.encode()) - len(without_figures.encode())
            total = len(without_figures.encode()) + asset_bytes
            verdict = "within" if total <= BUDGET else "OVER"
            print(
                f"session page ({login.username}): {total / 1024:.1f} KiB before figures "
                f"(HTML {len(without_figures.encode()) / 1024:.1f} KiB + {len(assets)} static "
                f"files {asset_bytes / 1024:.1f} KiB) - {verdict} the 150 KiB budget; "
                f"figures add {figures / 1024:.1f} KiB"
            )
            _service_worker_cache(client, login.username)


def _service_worker_cache(client: Any, username: str) -> None:
    """What the installed app keeps on the phone: the app shell (cached on install) and the
    pages kept for offline use (Today, the program and the next session, figures included)."""
    from django.urls import reverse

    from backrehab.portal.views.app import OFFLINE_PAGES, SHELL

    shell = sum((STATIC / path).stat().st_size for path in SHELL if (STATIC / path).exists())
    pages = sum(len(client.get(reverse(name)).content) for name in OFFLINE_PAGES)
    print(
        f"service worker cache ({username}): {(shell + pages) / 1024:.1f} KiB "
        f"(app shell {len(SHELL)} files {shell / 1024:.1f} KiB + {len(OFFLINE_PAGES)} pages "
        f"{pages / 1024:.1f} KiB)"
    )
