"""The load `make bench` puts on a running backrehab: clinicians reading, patients logging.

Run by bench/bench_load.py, which seeds the database, signs people in and starts gunicorn; to
run it by hand against such a server:

    BENCH_SIGN_INS=var/bench/sqlite/sign-ins.json locust -f bench/locustfile.py --headless \
        -u 8 -r 8 -t 60s --host http://127.0.0.1:8077

Every endpoint, the trivial /healthz included, is requested by the same users in the same run,
so the ratio of each to /healthz compares like with like. Environment:

- BENCH_SIGN_INS: the JSON written by `python -m bench.seed_clinic sign-ins`;
- BENCH_ENDPOINTS: the endpoint names to load (default: all), so that pages not built yet are
  left out rather than counted as failures;
- BENCH_SAMPLES: where to write every successful response time (ms) by endpoint name;
- BENCH_WAIT: "min,max" seconds each simulated person waits between requests.
"""

from __future__ import annotations

import json
import os
import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from locust import FastHttpUser, TaskSet, between, events

from bench.load_body import DASHBOARD_VARIANTS, LABELS, session_body

SIGN_INS: dict[str, Any] = json.loads(Path(os.environ["BENCH_SIGN_INS"]).read_text())
WAIT = [float(s) for s in os.environ.get("BENCH_WAIT", "0.5,1.5").split(",")]

ENABLED = set(os.environ.get("BENCH_ENDPOINTS", ",".join(LABELS)).split(","))

samples: dict[str, list[float]] = defaultdict(list)
failures: dict[str, int] = defaultdict(int)


@events.request.add_listener  # type: ignore[untyped-decorator,unused-ignore]
def keep_sample(name: str, response_time: float, exception: BaseException | None, **_: Any) -> None:
    # Locust rounds the percentiles it prints; keep every time to compute them exactly.
    if exception is None:
        samples[name].append(response_time)
    else:
        failures[name] += 1


@events.quitting.add_listener  # type: ignore[untyped-decorator,unused-ignore]
def write_samples(**_: Any) -> None:
    out = os.environ.get("BENCH_SAMPLES")
    if out:
        Path(out).write_text(json.dumps({"samples": samples, "failures": failures}))


class Person(FastHttpUser):
    abstract = True
    wait_time = between(WAIT[0], WAIT[1])
    cookie = ""
    extra_headers: dict[str, str] = {}

    def get(self, endpoint: str, path: str, **headers: str) -> None:
        self.send("GET", endpoint, path, None, headers)

    def send(
        self, method: str, endpoint: str, path: str, body: Any, headers: dict[str, str]
    ) -> None:
        # Only the signed-in cookies given at the start: a cookie set by a response (e.g. a
        # fresh CSRF cookie on a page with forms) must not pile up beside them.
        self.client.cookiejar.clear()
        all_headers = {"Cookie": self.cookie, **self.extra_headers, **headers}
        with self.client.request(
            method,
            path,
            name=LABELS[endpoint],
            json=body,
            headers=all_headers,
            catch_response=True,
        ) as response:
            expected = 201 if method == "POST" else 200
            if response.status_code != expected:
                response.failure(f"HTTP {response.status_code}")


def task_list(tasks: dict[str, Callable[[Any], None]]) -> list[TaskSet | Callable[..., Any]]:
    return [task for endpoint, task in tasks.items() if endpoint in ENABLED]


def health(user: Person) -> None:
    user.get("health", "/healthz")


class Clinician(Person):
    """A clinician going through the caseload, in the browser and through an integration."""

    weight = 3

    def on_start(self) -> None:
        self.person: dict[str, Any] = random.choice(SIGN_INS["clinicians"])
        self.cookie = f"{SIGN_INS['session_cookie']}={self.person['session']}"

    def token(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.person['token']}"}

    def patient_id(self) -> int:
        patient: int = random.choice(self.person["patients"])
        return patient

    def dashboard(self) -> None:
        self.get("dashboard", "/clinic/")

    def dashboard_clinic(self) -> None:
        self.get("dashboard_clinic", "/clinic/?scope=clinic&sort=adherence")

    def dashboard_variants(self) -> None:
        self.get("dashboard_variants", random.choice(DASHBOARD_VARIANTS))

    def patient_record(self) -> None:
        self.get("patient_record", f"/clinic/patients/{self.patient_id()}/")

    def api_patients(self) -> None:
        self.get("api_patients", "/api/v1/patients", **self.token())

    def api_exercises(self) -> None:
        self.get("api_exercises", "/api/v1/exercises", **self.token())

    def api_alerts(self) -> None:
        self.get("api_alerts", "/api/v1/alerts", **self.token())

    def api_sessions(self) -> None:
        self.get("api_sessions", f"/api/v1/patients/{self.patient_id()}/sessions", **self.token())

    tasks = task_list(
        {
            "health": health,
            "dashboard": dashboard,
            "dashboard_clinic": dashboard_clinic,
            "dashboard_variants": dashboard_variants,
            "patient_record": patient_record,
            "api_patients": api_patients,
            "api_exercises": api_exercises,
            "api_alerts": api_alerts,
            "api_sessions": api_sessions,
        }
    )


class PatientPhone(Person):
    """A patient's phone sending finished sessions (each a new log)."""

    weight = 1

    def on_start(self) -> None:
        self.person: dict[str, Any] = random.choice(SIGN_INS["patients"])
        csrf = self.person["csrf"]
        self.cookie = (
            f"{SIGN_INS['session_cookie']}={self.person['session']}; "
            f"{SIGN_INS['csrf_cookie']}={csrf}"
        )
        self.extra_headers = {"X-CSRFToken": csrf}

    def session_log(self) -> None:
        self.send("POST", "session_log", "/my/session/log", session_body(self.person), {})

    tasks = task_list({"health": health, "session_log": session_log})
