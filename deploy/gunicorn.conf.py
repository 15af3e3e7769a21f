"""gunicorn settings for backrehab: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be set from the environment (the systemd unit reads /etc/backrehab/env), so
the same file serves a small clinic server and a larger one. See docs/production.md.
"""

from __future__ import annotations

import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


wsgi_app = "backrehab.wsgi:application"
# nginx (or another reverse proxy) in front, on the same machine.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
# Several processes: one slow request (a PDF handout, a large export) never holds up the
# others. The usual rule of thumb is two per CPU core plus one.
workers = _int("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 12))
threads = _int("GUNICORN_THREADS", 1)
# Load the app once before forking: workers start fast and share memory. Django opens its
# database connection in each worker on first use, so no connection is shared.
preload_app = True
# A request taking longer than this is stuck: the worker is replaced (PDFs take ~1-2 s).
timeout = _int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Replace each worker after this many requests (with jitter, so not all at once): keeps
# memory in check over months of uptime.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Only the local proxy may say which scheme and client address a request came with.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
proc_name = "backrehab"
