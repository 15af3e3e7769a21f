"""Latency under concurrent load at clinic scale, on SQLite and on PostgreSQL (issue 5).

For each database: seed (or reuse) 10,000 patients, 200 clinicians and 1,000,000 logged
exercises; serve the app with gunicorn as in production (DEBUG off, several workers); put
clinicians and patients' phones on it with locust (headless) for a fixed time; report p50 and
p95 of each endpoint and the ratio of its p95 to the trivial /healthz measured in the same run.
Then count the SQL queries each page makes, and take out what the run added.

Environment (all optional):

- BENCH_SCALE (1.0): fraction of the full clinic, e.g. 0.02 for a quick run;
- BENCH_DATABASES (sqlite,postgresql); BENCH_PG (postgres://postgres@127.0.0.1:5432) server;
  BENCH_PG_DB: the PostgreSQL database to use instead of `bench` (e.g. one per checkout);
- BENCH_USERS (8) simulated people; BENCH_SECONDS (60) of load; BENCH_WAIT ("0.5,1.5") seconds
  each waits between requests; BENCH_WORKERS (3) gunicorn processes. The default load keeps
  the server busy but not saturated on 2 cores: saturated, every request mostly waits in the
  queue and all the ratios tend to 1x, which says nothing about the pages;
- BENCH_DOCS: 1 to write the measurement into docs/bench.md, 0 not to (default: 1 for a
  full-scale run only).

The seeded databases stay in var/bench/ (SQLite) and in the PostgreSQL database `bench`, so the
next run measures at once; a database seeded at another scale is seeded again.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.load_body import DASHBOARD_VARIANTS, LABELS, session_body

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WORK = ROOT / "var" / "bench"
DOCS = ROOT / "docs" / "bench.md"
SECRET = "bench-only-secret-key-0f3a9c1e7d5b2a4c6e8f0a1b3c5d7e9f"  # noqa: S105
GOAL = 5.0  # issue 5's aim: p95 within 5x the trivial view
# Issue 12's aim for the clinician pages, each within 10x the trivial view at 10,000 patients.
GOALS = {
    "dashboard": 10.0,
    "dashboard_clinic": 10.0,
    "dashboard_variants": 10.0,
    "patient_record": 10.0,
}

# (name, what the table calls it), in the order of the report.
ENDPOINTS = [
    ("health", "/healthz (trivial view)"),
    ("dashboard", "dashboard /clinic/ (own caseload)"),
    ("dashboard_clinic", "dashboard, whole clinic by adherence"),
    ("dashboard_variants", "dashboard, every other sort and filter (one at random)"),
    ("patient_record", "patient record /clinic/patients/<id>/"),
    ("session_log", "session log POST /my/session/log"),
    ("api_patients", "API GET /api/v1/patients"),
    ("api_exercises", "API GET /api/v1/exercises"),
    ("api_alerts", "API GET /api/v1/alerts"),
    ("api_sessions", "API GET /api/v1/patients/<id>/sessions"),
]


DEFAULTS = {
    "BENCH_USERS": "8",
    "BENCH_SECONDS": "60",
    "BENCH_WAIT": "0.5,1.5",
    "BENCH_WORKERS": "3",
}


def setting(name: str) -> str:
    return os.environ.get(name, DEFAULTS[name])


def env_float(name: str, default: str) -> float:
    return float(os.environ.get(name, default))


@dataclass
class Row:
    endpoint: str
    title: str
    available: bool = False
    why_not: str = ""
    count: int = 0
    failures: int = 0
    p50: float = 0.0
    p95: float = 0.0
    queries: str = ""
    alone: float | None = None


@dataclass
class Result:
    database: str
    seeded: dict[str, Any] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    requests_per_second: float = 0.0
    seconds: float = 0.0
    load_average: str = ""
    problem: str = ""
    slow_queries: list[str] = field(default_factory=list)


# --- Processes --------------------------------------------------------------------------------


def app_env(database_url: str) -> dict[str, str]:
    """Production settings over plain HTTP on the loopback (no TLS, so no Secure cookies)."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "AXES_ENABLED": "0",
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "ERROR",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def run(args: list[str], env: dict[str, str], timeout: float = 1800, ok: int = 0) -> str:
    """Run a step of the benchmark; `ok` is the highest exit status that is not a failure."""
    started = time.perf_counter()
    done = subprocess.run(
        args, env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )
    step = " ".join(a for a in args[1:4] if not a.startswith("-"))
    print(f"   {step}: {time.perf_counter() - started:.1f} s", flush=True)
    if done.returncode > ok:
        raise RuntimeError(f"{step} failed:\n{done.stderr[-1500:]}")
    return done.stdout


def collect_static(env: dict[str, str]) -> None:
    """Collect (and compress) the static files for whitenoise, unless done since they changed."""
    manifest = WORK / "static" / "staticfiles.json"
    sources = (ROOT / "backrehab").glob("**/static/**/*")
    newest = max((p.stat().st_mtime for p in sources if p.is_file()), default=0.0)
    if manifest.exists() and manifest.stat().st_mtime > newest:
        return
    run([str(BIN / "python"), "manage.py", "collectstatic", "--noinput", "-v", "0"], env)


def last_json(output: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(output.strip().splitlines()[-1])
    return found


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def fetch(url: str, *, method: str = "GET", body: Any = None, headers: dict[str, str]) -> int:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - loopback
            status: int = response.status
            return status
    except urllib.error.HTTPError as exc:
        return exc.code


class Server:
    """gunicorn serving the app, as the production set-up does (several worker processes)."""

    def __init__(self, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        workers = setting("BENCH_WORKERS")
        self.log = open(WORK / "gunicorn.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "backrehab.wsgi:application", "--workers", workers,
             "--bind", f"127.0.0.1:{self.port}", "--timeout", "120"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if fetch(self.base + "/healthz", headers={}) == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer; see {WORK / 'gunicorn.log'}")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# --- Databases --------------------------------------------------------------------------------


def database_name(scale: float) -> str:
    return "bench" if scale == 1.0 else "bench_" + f"{scale:g}".replace(".", "_")


def sqlite_url(scale: float) -> str:
    return f"sqlite:///{WORK / (database_name(scale) + '.sqlite3')}"


def postgres_url(scale: float) -> str:
    """The `bench` database on the local server, created if missing (never the test ones)."""
    import psycopg

    server = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
    name = os.environ.get("BENCH_PG_DB") or database_name(scale)
    with psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


# --- One database -----------------------------------------------------------------------------


def probe(base: str, sign_ins: dict[str, Any]) -> dict[str, str]:
    """Which endpoints answer as they should; the others are reported as not available."""
    clinician = sign_ins["clinicians"][0]
    patient = sign_ins["patients"][0]
    page = {"Cookie": f"{sign_ins['session_cookie']}={clinician['session']}"}
    token = {"Authorization": f"Bearer {clinician['token']}"} if clinician["token"] else None
    record = clinician["patients"][0]
    csrf = patient["csrf"]
    phone = {
        "Cookie": f"{sign_ins['session_cookie']}={patient['session']}; "
        f"{sign_ins['csrf_cookie']}={csrf}",
        "X-CSRFToken": csrf,
    }
    checks: dict[str, tuple[str, str, Any, dict[str, str] | None, int]] = {
        "health": ("GET", "/healthz", None, {}, 200),
        "dashboard": ("GET", "/clinic/", None, page, 200),
        "dashboard_clinic": ("GET", LABELS["dashboard_clinic"], None, page, 200),
        "dashboard_variants": ("GET", DASHBOARD_VARIANTS[0], None, page, 200),
        "patient_record": ("GET", f"/clinic/patients/{record}/", None, page, 200),
        "session_log": ("POST", "/my/session/log", session_body(patient), phone, 201),
        "api_patients": ("GET", "/api/v1/patients", None, token, 200),
        "api_exercises": ("GET", "/api/v1/exercises", None, token, 200),
        "api_alerts": ("GET", "/api/v1/alerts", None, token, 200),
        "api_sessions": ("GET", f"/api/v1/patients/{record}/sessions", None, token, 200),
    }  # fmt: skip
    why_not = {}
    for endpoint, (method, path, body, headers, expected) in checks.items():
        if headers is None:
            why_not[endpoint] = "not available (no API token: backrehab.api.auth.issue_token)"
            continue
        # A few calls each, so every worker has loaded what it keeps (the library, templates).
        for _ in range(4):
            try:
                status = fetch(base + path, method=method, body=body, headers=headers)
            except OSError as exc:  # no answer in time, connection dropped
                why_not[endpoint] = f"not available ({exc})"
                break
            if method == "POST":
                body = session_body(patient)
            if status != expected:
                why_not[endpoint] = f"not available (HTTP {status})"
                break
    return why_not


def percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[round(q) - 1]


def measure(label: str, database_url: str, scale: float) -> Result:
    result = Result(database=label)
    env = app_env(database_url)
    python = str(BIN / "python")
    started = time.perf_counter()
    result.seeded = last_json(
        run([python, "-m", "bench.seed_clinic", "seed", "--scale", str(scale)], env)
    )
    collect_static(env)
    folder = WORK / database_name(scale) / label.lower()
    folder.mkdir(parents=True, exist_ok=True)
    sign_ins_path = folder / "sign-ins.json"
    run([python, "-m", "bench.seed_clinic", "sign-ins", "--out", str(sign_ins_path)], env)
    sign_ins = json.loads(sign_ins_path.read_text())
    try:
        server = Server(env)
        try:
            why_not = probe(server.base, sign_ins)
            enabled = [e for e, _ in ENDPOINTS if e not in why_not]
            samples_path = folder / "samples.json"
            users = setting("BENCH_USERS")
            seconds = setting("BENCH_SECONDS")
            result.load_average = " ".join(f"{x:.1f}" for x in os.getloadavg())
            run(
                [str(BIN / "locust"), "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
                 "-u", users, "-r", users, "-t", f"{seconds}s", "--host", server.base,
                 "--only-summary", "--loglevel", "WARNING", "--stop-timeout", "10"],
                {**env, "BENCH_SIGN_INS": str(sign_ins_path),
                 "BENCH_ENDPOINTS": ",".join(enabled), "BENCH_SAMPLES": str(samples_path),
                 "BENCH_WAIT": setting("BENCH_WAIT")},
                timeout=float(seconds) + 120,
                ok=1,  # locust's status when some requests failed: counted in the report
            )  # fmt: skip
        finally:
            server.stop()
        measured = json.loads(samples_path.read_text())
        total = 0
        for endpoint, title in ENDPOINTS:
            row = Row(endpoint, title)
            result.rows.append(row)
            if endpoint in why_not:
                row.why_not = why_not[endpoint]
                continue
            times = measured["samples"].get(LABELS[endpoint], [])
            row.failures = measured["failures"].get(LABELS[endpoint], 0)
            row.count = len(times)
            total += row.count + row.failures
            row.available = bool(times)
            if not times:
                row.why_not = f"no successful request ({row.failures} failed)"
                continue
            row.p50 = percentile(times, 50)
            row.p95 = percentile(times, 95)
        result.requests_per_second = total / float(seconds)
        profile = last_json(
            run([python, "-m", "bench.profile_views", "--sign-ins", str(sign_ins_path)], env)
        )
        for row in result.rows:
            found = profile["queries"].get(row.endpoint)
            if found is not None and row.available:
                row.queries = str(found)
                row.alone = profile["alone_ms"].get(row.endpoint)
        result.slow_queries = profile["slowest"]
    finally:
        run([python, "-m", "bench.seed_clinic", "reset", "--sign-ins", str(sign_ins_path)], env)
    result.seconds = time.perf_counter() - started
    return result


# --- Report -----------------------------------------------------------------------------------


def table(result: Result) -> list[str]:
    health = next((r for r in result.rows if r.endpoint == "health" and r.available), None)
    lines = [
        "| endpoint | requests | failed | p50 ms | p95 ms | **p95 / healthz p95** "
        "| p50 / healthz p50 | SQL queries | alone ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in result.rows:
        if not row.available:
            lines.append(f"| {row.title} | | | | | {row.why_not} | | | |")
            continue
        ratio = row.p95 / health.p95 if health and health.p95 else float("nan")
        ratio50 = row.p50 / health.p50 if health and health.p50 else float("nan")
        goal = GOALS.get(row.endpoint, GOAL)
        mark = "" if ratio <= goal else f" over {goal:g}x"
        alone = f"{row.alone:.0f}" if row.alone is not None else ""
        lines.append(
            f"| {row.title} | {row.count} | {row.failures} | {row.p50:.1f} | {row.p95:.1f} "
            f"| {ratio:.1f}x{mark} | {ratio50:.1f}x | {row.queries} | {alone} |"
        )
    return lines


def describe(result: Result) -> list[str]:
    if result.problem:
        return [f"### {result.database}", "", f"Not measured: {result.problem}", ""]
    s = result.seeded
    how = "reused from an earlier run" if s.get("reused") else "seeded in this run"
    lines = [
        f"### {result.database}",
        "",
        f"{s['patients']:,} patients, {s['clinicians']:,} clinicians, {s['sessions']:,} session "
        f"logs holding {s['exercise_logs']:,} exercise logs, {s['alerts']:,} alerts "
        f"(scale {s['scale']:g}; {how}, seeding took {s['seconds']:.0f} s). "
        f"{result.requests_per_second:.0f} requests/s in all; load average at start "
        f"{result.load_average}; whole measurement {result.seconds:.0f} s.",
        "",
        *table(result),
        "",
    ]
    if result.slow_queries:
        lines += ["Slowest SQL statements seen while counting queries:", ""]
        lines += [f"- {q}" for q in result.slow_queries]
        lines.append("")
    return lines


def report(results: list[Result], scale: float) -> str:
    users = setting("BENCH_USERS")
    seconds = setting("BENCH_SECONDS")
    wait = setting("BENCH_WAIT").replace(",", "-")
    workers = setting("BENCH_WORKERS")
    head = [
        f"Measured {dt.date.today().isoformat()} on {platform.machine()} with "
        f"{os.cpu_count()} CPU cores (shared by the server, the database and the load tool), "
        f"Python {platform.python_version()}. gunicorn {workers} sync workers, DEBUG off; "
        f"locust (headless) {users} simulated people - 3 clinicians to each patient's phone - "
        f"each waiting {wait} s between requests, for {seconds} s per database. "
        "Every endpoint and the trivial view are requested by the same people in the same run. "
        "SQL queries: per request, counted afterwards with Django's test client on the same data.",
        "",
    ]
    body = [line for r in results for line in describe(r)]
    return "\n".join(head + body)


HOW_TO = """# Load benchmark (issue 5)

`make bench` seeds a clinic-scale database - one clinic with 10,000 patients and 200
clinicians; per patient an intake (a third also re-assessed), a program in force (a fifth with
an earlier version), about 8 weeks of session logs holding 1,000,000 logged exercises in all
(about 230,000 session logs), alerts and notes - on SQLite and on PostgreSQL. It serves the app
with gunicorn as in production (DEBUG off, 3 worker processes, whitenoise for static files),
puts clinicians and patients' phones on it with locust (headless), and reports p50 and p95
latency of the dashboard, the patient record, the session log POST and the API list endpoints,
with the ratio of each to the trivial view (/healthz) measured in the same run. The aim is a p95
within 5x the trivial view (issue 5), and within 10x for every dashboard and patient record
variant (issue 12): "every other sort and filter" picks one at random per request from the whole
clinic sorted by each column both ways, the risk, alert and name filters, a later page and the
own caseload by adherence and by risk (bench/load_body.py).

The load: 8 simulated people (6 clinicians, 2 patients' phones), each waiting 0.5-1.5 s between
requests, for 60 s per database. Clinicians open the dashboard (their own caseload, and the
whole clinic sorted by adherence), patient records of their caseload and the API lists (with an
API token); phones send finished sessions, each with a new client id (a new row), to
/my/session/log with the session cookie and CSRF token. Everyone also calls /healthz, so the
trivial view is measured under the same load. People are signed in by sessions made directly in
the database: the benchmark measures pages, not signing in. The load keeps the 2 cores busy
without saturating them: saturated, every request mostly waits in gunicorn's queue and all the
ratios tend to 1x, which would say nothing about the pages.

Other columns: "SQL queries" is the most queries one request of that endpoint made, counted
with Django's test client on the same data afterwards; "alone ms" is the median time of such a
request with nothing else running (no HTTP, so a lower bound).

How to run:

    make bench                          # all benchmarks, this one at full scale: ~3 min
                                        # (~6 min the first time, while it seeds)
    make bench BENCH_SCALE=0.02         # 2% of the clinic, for a quick look
    .venv/bin/python bench/run.py load  # only this benchmark
    BENCH_DATABASES=postgresql BENCH_SECONDS=90 .venv/bin/python bench/run.py load

Seeding takes about 1 minute on SQLite and 1.5 minutes on PostgreSQL at full scale; the seeded
databases are kept (var/bench/bench.sqlite3 and the PostgreSQL database `bench`; other scales
get their own), so the next run starts measuring at once. Whatever a load run adds (session
logs, program versions, audit events, sign-ins, tokens) is removed afterwards.
`python -m bench.seed_clinic --help` seeds by hand, and bench/locustfile.py runs against any
server (see its docstring). An endpoint that does not answer as expected is listed as not
available instead of stopping the run. Settings: BENCH_SCALE, BENCH_DATABASES, BENCH_PG,
BENCH_USERS, BENCH_SECONDS, BENCH_WAIT, BENCH_WORKERS, BENCH_DOCS, BENCH_PG_DB (see
bench/bench_load.py).
A measurement is written here only from a full-scale run (or with BENCH_DOCS=1).

## Latest measurement

"""
START, END = "<!-- bench:start (written by make bench) -->", "<!-- bench:end -->"


def write_docs(text: str) -> None:
    """Put the measurement between the markers, keeping what is written around them."""
    block = f"{START}\n{text}\n{END}"
    current = DOCS.read_text() if DOCS.exists() else ""
    if START in current and END in current:
        before, rest = current.split(START, 1)
        after = rest.split(END, 1)[1]
        DOCS.write_text(before + block + after)
    else:
        DOCS.write_text(HOW_TO + block + "\n")


def main() -> None:
    WORK.mkdir(parents=True, exist_ok=True)
    scale = env_float("BENCH_SCALE", "1.0")
    wanted = os.environ.get("BENCH_DATABASES", "sqlite,postgresql").split(",")
    results = []
    for label, key in (("SQLite", "sqlite"), ("PostgreSQL", "postgresql")):
        if key not in wanted:
            continue
        try:
            url = sqlite_url(scale) if key == "sqlite" else postgres_url(scale)
        except Exception as exc:  # noqa: BLE001 - no server: say so and go on
            results.append(Result(database=label, problem=f"no database server ({exc})"))
            continue
        seconds = setting("BENCH_SECONDS")
        print(f"-- {label}: seeding (or reusing), then {seconds} s of load", flush=True)
        try:
            results.append(measure(label, url, scale))
        except Exception as exc:  # noqa: BLE001 - report it, and go on to the other database
            results.append(Result(database=label, problem=f"{type(exc).__name__}: {exc}"))
    text = report(results, scale)
    print(text)
    if os.environ.get("BENCH_DOCS", "1" if scale == 1.0 else "0") == "1":
        write_docs(text)
        print(f"(written to {DOCS.relative_to(ROOT)})")


if __name__ == "__main__":
    main()
