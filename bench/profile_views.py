"""Count the SQL queries of each benchmarked endpoint, and find the slowest statements.

Run by bench/bench_load.py after the load, on the same seeded database (DATABASE_URL):

    python -m bench.profile_views --sign-ins var/bench/bench/sqlite/sign-ins.json

Prints one JSON line: {"queries": {endpoint: count}, "alone_ms": {endpoint: ms}, "slowest":
["12.3 ms endpoint: SQL"]}. Each endpoint is requested a few times with Django's test client as
a few different people, one request at a time: the count reported is the largest seen (the bound
the page must keep), the time the median (what the request costs with no load beside it; the
first round, which warms caches, is left out).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backrehab.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.load_body import DASHBOARD_VARIANTS, session_body  # noqa: E402

ROUNDS = 4


Call = Callable[[], Any]


def requests(sign_ins: dict[str, Any], n: int) -> list[tuple[str, Call, int]]:
    """The benchmarked requests, as the n-th clinician and patient of the sign-ins."""
    clinician = sign_ins["clinicians"][n % len(sign_ins["clinicians"])]
    patient = sign_ins["patients"][n % len(sign_ins["patients"])]
    staff = Client()
    staff.force_login(User.objects.get(pk=clinician["user"]))
    phone = Client()
    phone.force_login(User.objects.get(pk=patient["user"]))
    # A client's first request after signing in is slow for reasons of the test client (about
    # 25 ms): make it one that is not measured.
    staff.get("/healthz")
    phone.get("/healthz")
    record = clinician["patients"][n % len(clinician["patients"])]
    body = json.dumps(session_body(patient))
    token = {"Authorization": f"Bearer {clinician['token']}"}
    found: list[tuple[str, Call, int]] = [
        ("health", lambda: staff.get("/healthz"), 200),
        ("dashboard", lambda: staff.get("/clinic/"), 200),
        ("dashboard_clinic", lambda: staff.get("/clinic/?scope=clinic&sort=adherence"), 200),
        (
            "dashboard_variants",
            lambda: staff.get(DASHBOARD_VARIANTS[n * 5 % len(DASHBOARD_VARIANTS)]),
            200,
        ),
        ("patient_record", lambda: staff.get(f"/clinic/patients/{record}/"), 200),
        (
            "session_log",
            lambda: phone.post("/my/session/log", body, content_type="application/json"),
            201,
        ),
    ]
    if clinician["token"]:
        found += [
            ("api_patients", lambda: staff.get("/api/v1/patients", headers=token), 200),
            ("api_exercises", lambda: staff.get("/api/v1/exercises", headers=token), 200),
            ("api_alerts", lambda: staff.get("/api/v1/alerts", headers=token), 200),
            (
                "api_sessions",
                lambda: staff.get(f"/api/v1/patients/{record}/sessions", headers=token),
                200,
            ),
        ]
    return found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sign-ins", required=True)
    args = parser.parse_args()
    sign_ins: dict[str, Any] = json.loads(Path(args.sign_ins).read_text())
    queries: dict[str, int] = {}
    alone: dict[str, list[float]] = {}
    timed: list[tuple[float, str, str]] = []

    def measure(endpoint: str, call: Callable[[], Any], expected: int, timed_run: bool) -> None:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = call()
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != expected:
            return
        if timed_run:
            alone.setdefault(endpoint, []).append(elapsed)
        queries[endpoint] = max(queries.get(endpoint, 0), len(captured.captured_queries))
        for query in captured.captured_queries:
            timed.append((float(query["time"]) * 1000, endpoint, query["sql"]))

    for round_ in range(ROUNDS):
        for endpoint, call, expected in requests(sign_ins, round_):
            measure(endpoint, call, expected, timed_run=round_ > 0)
    timed.sort(reverse=True)
    slowest: list[str] = []
    seen: set[tuple[str, str]] = set()
    for ms, endpoint, sql in timed:
        if len(slowest) == 5:
            break
        if (endpoint, sql[:200]) in seen:
            continue  # the same statement for another person
        seen.add((endpoint, sql[:200]))
        short = sql if len(sql) <= 320 else f"{sql[:120]} ... {sql[-200:]}"
        slowest.append(f"{ms:.1f} ms, {endpoint}: `{short}`")
    print(
        json.dumps(
            {
                "queries": queries,
                "alone_ms": {e: statistics.median(t) for e, t in alone.items()},
                "slowest": slowest,
            }
        )
    )


if __name__ == "__main__":
    main()
