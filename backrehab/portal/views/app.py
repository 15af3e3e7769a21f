"""The patient app as an installable app: its manifest, its service worker, its icons.

The service worker is served from the site's root (so it may look after /my/...) and rendered by
Django, so it knows the static files' real (hashed, in production) addresses. Its cache name
carries a fingerprint of those files and of the worker itself: a deploy makes a new worker, which
replaces the old one and its caches (no stale player after a new version).
"""

from __future__ import annotations

import hashlib
import json

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

THEME_COLOUR = "#2f6f95"
# What a session needs with no network: the player's files and the app's look.
SHELL = [
    "backrehab/app.css",
    "backrehab/player.css",
    "backrehab/outbox.js",
    "backrehab/pwa.js",
    "backrehab/push.js",
    "backrehab/player.js",
    "backrehab/player/clock.js",
    "backrehab/player/figure.js",
    "backrehab/player/log.js",
    "backrehab/player/voice.js",
    "backrehab/motion/coach.js",
    "backrehab/figure.js",
    "backrehab/icon.svg",
    "backrehab/icons/icon-192.png",
]
# The signed-in patient's pages kept for offline use: Today, the program, the next session.
OFFLINE_PAGES = ["today", "program", "session"]


@require_safe
def manifest(request: HttpRequest) -> HttpResponse:
    icons = [
        {"src": static("backrehab/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
        {"src": static("backrehab/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
        {
            "src": static("backrehab/icons/maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        },
        {"src": static("backrehab/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
    ]
    body = {
        "name": _("backrehab: back exercises"),
        "short_name": "backrehab",
        "description": _("Your back exercise sessions, guided step by step."),
        "start_url": reverse("today"),
        "scope": "/",
        "id": reverse("today"),
        "display": "standalone",
        "orientation": "any",
        "theme_color": THEME_COLOUR,
        "background_color": "#f6f8fa",
        "icons": icons,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), content_type="application/manifest+json"
    )


def service_worker_source() -> str:
    context = {
        "shell": json.dumps([static(path) for path in SHELL]),
        "pages": json.dumps([reverse(name) for name in OFFLINE_PAGES]),
        "icon": static("backrehab/icons/icon-192.png"),
    }
    # The fingerprint covers the files' addresses (hashed in production) and the worker itself.
    draft = render_to_string("portal/sw.js", {**context, "version": ""})
    version = hashlib.sha256(draft.encode()).hexdigest()[:12]
    return render_to_string("portal/sw.js", {**context, "version": version})


@require_safe
def service_worker(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(service_worker_source(), content_type="text/javascript")
    # Browsers look for a new worker on every visit; never answer from an HTTP cache.
    response["Cache-Control"] = "no-cache"
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Temporary: the icon's address changes with each release's hashed static files.
    return HttpResponseRedirect(static("backrehab/icons/favicon-32.png"))
