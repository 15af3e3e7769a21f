"""Seed a clinic-scale database for the load benchmark, and hand out sign-ins for the load tool.

At scale 1: 200 clinicians, 10,000 patients, each with an intake, a program in force and about
8 weeks of session logs - 1,000,000 logged exercises in all - plus alerts and notes. Rows are
written with bulk_create in batches; the programs are built by the engine for a handful of
distinct intakes and reused, and every user shares one precomputed password hash (hashing 10,000
Argon2 passwords would take longer than the whole seeding).

Run in its own process (it picks the database from DATABASE_URL before Django starts):

    DATABASE_URL=sqlite:///var/bench/clinic.sqlite3 python -m bench.seed_clinic seed --scale 0.02
    python -m bench.seed_clinic sign-ins --out var/bench/sign-ins.json
    python -m bench.seed_clinic reset --sign-ins var/bench/sign-ins.json

`seed` keeps a database already seeded at the same scale (it only migrates it), so a second
`make bench` starts measuring at once; `reset` removes what a load run added.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import secrets
import sys
import time
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backrehab.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.contrib.sessions.models import Session  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, models, transaction  # noqa: E402
from django.db.migrations.executor import MigrationExecutor  # noqa: E402
from django.utils import timezone  # noqa: E402

from backrehab.audit.models import AuditEvent  # noqa: E402
from backrehab.care.activity import (  # noqa: E402
    recount_activity,
    recount_stale_activity,
    refresh_planner_statistics,
)
from backrehab.care.listing import refresh_listing  # noqa: E402
from backrehab.care.models import (  # noqa: E402
    Alert,
    ClinicianNote,
    Evaluation,
    Program,
    SessionLog,
    sessions_per_week_of,
)
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember  # noqa: E402
from backrehab.clinical.intake import Intake  # noqa: E402
from backrehab.clinical.program import generate_program  # noqa: E402
from backrehab.library.actions import do_sync_bundled_library  # noqa: E402
from backrehab.library.catalog import Catalog, library_is_loaded  # noqa: E402
from bench.bench_engine import intakes  # noqa: E402

FULL = {"clinicians": 200, "patients": 10_000, "exercise_logs": 1_000_000}
WEEKS_OF_LOGS = 8
BATCH = 2_000
SLUG = "bench-clinic"
PASSWORD = "bench-pass-not-secret"  # noqa: S105 - a throw-away benchmark database
AUTH_BACKEND = "django.contrib.auth.backends.ModelBackend"
FIRST = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Gus", "Hana", "Ivan", "Jo", "Kemi", "Lars"]
LAST = ["Adams", "Brown", "Costa", "Diaz", "Evans", "Fischer", "Garcia", "Ito", "Jensen", "Khan"]
ALERT_KINDS = [kind.value for kind in Alert.Kind]

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Target:
    clinicians: int
    patients: int
    exercise_logs: int

    @classmethod
    def at(cls, scale: float) -> Target:
        return cls(
            clinicians=max(2, round(FULL["clinicians"] * scale)),
            patients=max(10, round(FULL["patients"] * scale)),
            exercise_logs=max(100, round(FULL["exercise_logs"] * scale)),
        )


def batched(items: Sequence[M], size: int = BATCH) -> Iterable[Sequence[M]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def insert(model: type[M], rows: Sequence[M]) -> list[M]:
    """bulk_create in batches, one transaction per batch; returns the rows with their ids."""
    saved: list[M] = []
    for chunk in batched(rows):
        with transaction.atomic():
            saved.extend(model.objects.bulk_create(chunk))
    return saved


def manifest_path() -> Path:
    """Where the seeding of this database is described (next to the SQLite file, or by name)."""
    db = settings.DATABASES["default"]
    folder = Path(__file__).resolve().parent.parent / "var" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{Path(str(db['NAME'])).stem}-{connection.vendor}.json"


def seeded_scale() -> dict[str, Any] | None:
    """What an earlier run seeded here, or None if the database no longer holds it."""
    path = manifest_path()
    if not path.exists():
        return None
    found: dict[str, Any] = json.loads(path.read_text())
    clinic = Clinic.objects.filter(slug=SLUG).first()
    if clinic is None or clinic.patients.count() != found.get("patients"):
        return None
    return found


# --- Seeding ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    answers: dict[str, Any]
    scores: dict[str, Any]
    better_scores: dict[str, Any]  # a re-assessment four weeks later, pain down
    plan: dict[str, Any]


def templates() -> list[Template]:
    """Engine programs for the example intakes and their variants (those that get a program)."""
    library = Catalog.for_clinic(None).library()
    found = []
    for intake in intakes():
        plan = generate_program(intake, library)
        if plan.program is None:
            continue
        answers = intake.model_dump(mode="json")
        better = dict(answers)
        pain = answers["pain"]
        better["pain"] = {
            "now": max(0, pain["now"] - 2),
            "best": max(0, pain["best"] - 1),
            "worst": max(max(0, pain["now"] - 2), pain["worst"] - 2, pain["best"] - 1),
        }
        better_plan = generate_program(Intake.model_validate(better), library)
        found.append(
            Template(
                answers=answers,
                scores=plan.scores.model_dump(mode="json"),
                better_scores=better_plan.scores.model_dump(mode="json"),
                plan=plan.program.model_dump(mode="json"),
            )
        )
    return found


def session_data(
    plan: dict[str, Any], day: dt.date, pain: int, rng: random.Random
) -> dict[str, Any]:
    exercises = [
        {
            "exercise": item["exercise"],
            "sets": item["sets"],
            "reps": item["reps"],
            "hold_seconds": item["hold_seconds"],
            "duration_seconds": item["duration_seconds"],
            "pain_during": min(10, max(0, pain + rng.choice((-1, 0, 0, 1)))),
            "effort": rng.randint(3, 7),
        }
        for item in plan["items"]
    ]
    return {
        "date": day.isoformat(),
        "pain_before": pain,
        "pain_after": max(0, pain - 1),
        "next_morning_pain": max(0, pain + rng.choice((-1, 0, 0))),
        "exercises": exercises,
    }


def sessions_per_patient(items: list[int], total_logs: int, rng: random.Random) -> list[int]:
    """How many sessions each patient logged so that the exercises add up to `total_logs`."""
    mean_items = sum(items) / len(items)
    sessions = total_logs / mean_items
    per = sessions / len(items)
    counts = [max(0, round(per * rng.uniform(0.4, 1.6))) for _ in items]
    logged = sum(c * n for c, n in zip(counts, items, strict=True))
    # Top up or trim one session at a time until the exercise count is as close as it gets.
    while abs(total_logs - logged) > max(items):
        i = rng.randrange(len(items))
        if logged < total_logs:
            counts[i] += 1
            logged += items[i]
        elif counts[i] > 0:
            counts[i] -= 1
            logged -= items[i]
    return counts


def seed(scale: float) -> dict[str, Any]:
    target = Target.at(scale)
    rng = random.Random(20260)
    started = time.perf_counter()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            # Seeding only: no fsync per transaction (the file is a throw-away benchmark copy).
            cursor.execute("PRAGMA synchronous=OFF")
    if not library_is_loaded():
        do_sync_bundled_library()
    kinds = templates()
    today = timezone.localdate()
    now = timezone.now()
    password = make_password(PASSWORD)

    clinic = Clinic.objects.create(name="Bench clinic", slug=SLUG)
    staff_users = insert(
        User,
        [
            User(
                username=f"bench-clinician-{n:04d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                password=password,
                is_staff=True,
            )
            for n in range(target.clinicians + 1)
        ],
    )
    staff = insert(
        StaffMember,
        [
            StaffMember(user=user, clinic=clinic, role=Role.ADMIN if n == 0 else Role.CLINICIAN)
            for n, user in enumerate(staff_users)
        ],
    )
    clinicians = staff[1:]
    patient_users = insert(
        User,
        [
            User(
                username=f"bench-patient-{n:05d}",
                first_name=rng.choice(FIRST),
                last_name=rng.choice(LAST),
                password=password,
            )
            for n in range(target.patients)
        ],
    )
    patients = insert(
        Patient,
        [
            Patient(
                user=user,
                clinic=clinic,
                clinician=clinicians[n % len(clinicians)],
                joined_on=today - dt.timedelta(days=rng.randint(28, 120)),
            )
            for n, user in enumerate(patient_users)
        ],
    )
    kind_of = [rng.randrange(len(kinds)) for _ in patients]

    def at_ten(day: dt.date) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(10, 0)))

    intakes_rows = insert(
        Evaluation,
        [
            Evaluation(
                patient=p,
                kind=Evaluation.Kind.INTAKE,
                taken_at=at_ten(p.joined_on),
                answers=kinds[k].answers,
                scores=kinds[k].scores,
            )
            for p, k in zip(patients, kind_of, strict=True)
        ],
    )
    # A third were re-assessed four weeks in (pain down: an outcome change to show).
    insert(
        Evaluation,
        [
            Evaluation(
                patient=p,
                kind=Evaluation.Kind.REASSESSMENT,
                taken_at=at_ten(p.joined_on + dt.timedelta(weeks=4)),
                answers=kinds[k].answers,
                scores=kinds[k].better_scores,
            )
            for p, k in zip(patients, kind_of, strict=True)
            if rng.random() < 1 / 3
        ],
    )
    # A fifth had their first program changed two weeks in, so the record has a history.
    changed = {p.pk for p in patients if rng.random() < 0.2}
    insert(
        Program,
        [
            Program(
                patient=p,
                evaluation=e,
                created_at=at_ten(p.joined_on),
                created_by=p.clinician.user if p.clinician else None,
                is_active=False,
                plan=kinds[k].plan,
                sessions_per_week=sessions_per_week_of(kinds[k].plan),
                reason="Built by the program engine from the first evaluation.",
            )
            for p, e, k in zip(patients, intakes_rows, kind_of, strict=True)
            if p.pk in changed
        ],
    )
    active = insert(
        Program,
        [
            Program(
                patient=p,
                evaluation=e,
                created_at=at_ten(p.joined_on + dt.timedelta(weeks=2 if p.pk in changed else 0)),
                created_by=p.clinician.user if p.clinician else None,
                is_active=True,
                plan=kinds[k].plan,
                sessions_per_week=sessions_per_week_of(kinds[k].plan),
                reason=(
                    "Adjusted by the progression rules after recent sessions."
                    if p.pk in changed
                    else "Built by the program engine from the first evaluation."
                ),
            )
            for p, e, k in zip(patients, intakes_rows, kind_of, strict=True)
        ],
    )

    items = [len(kinds[k].plan["items"]) for k in kind_of]
    counts = sessions_per_patient(items, target.exercise_logs, rng)
    window_start = today - dt.timedelta(weeks=WEEKS_OF_LOGS)
    logged = 0
    sessions = 0
    pending: list[SessionLog] = []
    for p, program, k, count in zip(patients, active, kind_of, counts, strict=True):
        first = max(p.joined_on, window_start)
        # One patient in twenty has stopped logging: nothing in the last ten days.
        last = today - dt.timedelta(days=11 if rng.random() < 0.05 else 1)
        span = max(1, (last - first).days + 1)
        days = sorted(first + dt.timedelta(days=rng.randrange(span)) for _ in range(count))
        pain = int(kinds[k].answers["pain"]["now"])
        trend = rng.choice((-1, -1, 0, 1))
        for n, day in enumerate(days):
            level = min(10, max(0, pain + trend * (n * 3 // max(1, count))))
            pending.append(
                SessionLog(
                    patient=p,
                    program=program,
                    client_id=uuid.UUID(int=rng.getrandbits(128), version=4),
                    performed_on=day,
                    data=session_data(kinds[k].plan, day, level, rng),
                )
            )
            logged += len(kinds[k].plan["items"])
            sessions += 1
        if len(pending) >= 10 * BATCH:
            insert(SessionLog, pending)
            pending = []
    insert(SessionLog, pending)
    # What logging each session through the app keeps on the patient for the dashboard.
    recount_activity(Patient.objects.filter(clinic=clinic), today)

    alerts = []
    for n, p in enumerate(patients):
        if rng.random() < 0.08:
            acknowledged = rng.random() < 0.6
            alerts.append(
                Alert(
                    patient=p,
                    kind=rng.choice(ALERT_KINDS),
                    key=f"bench-{n}",
                    raised_at=now - dt.timedelta(hours=rng.randint(1, 24 * 20)),
                    detail="Raised by the benchmark seeder.",
                    acknowledged_by=p.clinician.user if acknowledged and p.clinician else None,
                    acknowledged_at=now if acknowledged else None,
                )
            )
    insert(Alert, alerts)
    insert(
        ClinicianNote,
        [
            ClinicianNote(
                patient=p,
                author=p.clinician.user if p.clinician else None,
                written_at=at_ten(p.joined_on + dt.timedelta(days=n % 20)),
                text="Reviewed the last sessions; keep the dose, check hip strength next visit.",
            )
            for p in patients
            if rng.random() < 0.3
            for n in range(rng.randint(1, 3))
        ],
    )
    # What the app's writes keep on each patient for the dashboard (bulk inserts send none).
    refresh_listing(Patient.objects.filter(clinic=clinic))
    seconds = time.perf_counter() - started
    manifest = {
        "scale": scale,
        "clinicians": len(clinicians),
        "patients": len(patients),
        "sessions": sessions,
        "exercise_logs": logged,
        "alerts": len(alerts),
        "seconds": round(seconds, 1),
    }
    manifest_path().write_text(json.dumps(manifest))
    refresh_planner_statistics()  # the daily job's, on SQLite
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # What autovacuum does after a bulk load: planner statistics, and the visibility map
            # that lets the (patient, performed_on) index answer without reading the logs.
            cursor.execute("VACUUM ANALYZE")
    return manifest


def wipe() -> None:
    """Empty every table (a database seeded at another scale)."""
    call_command("flush", interactive=False, verbosity=0)


def command_seed(args: argparse.Namespace) -> None:
    executor = MigrationExecutor(connection)
    migrated = bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    call_command("migrate", verbosity=0)
    found = seeded_scale()
    if found is not None and found.get("scale") == args.scale and not args.fresh:
        # What the daily job does: the two-week window has moved since the seeding.
        recount_stale_activity(timezone.localdate())
        refresh_planner_statistics()
        if migrated and connection.vendor == "postgresql":
            # A migration may have rewritten a table: what autovacuum does soon after.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
        print(json.dumps({**found, "reused": True}))
        return
    if found is not None or Patient.objects.exists():
        wipe()
    print(json.dumps({**seed(args.scale), "reused": False}))


# --- Sign-ins for the load tool -----------------------------------------------------------------


def session_cookie(user: User) -> str:
    """A signed-in session made directly (the benchmark measures pages, not signing in)."""
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = AUTH_BACKEND
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    assert store.session_key is not None
    return store.session_key


def api_token(user: User) -> str | None:
    try:
        from backrehab.api.auth import issue_token  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return None  # the API is not built yet: its endpoints show as not available
    token: str = issue_token(user, "bench")
    return token


def watermarks() -> dict[str, int]:
    """The highest id of each table a load run writes to, to remove its rows afterwards."""
    marks = {}
    for model in (SessionLog, Program, Alert, AuditEvent, Evaluation, ClinicianNote):
        top = model.objects.aggregate(top=models.Max("pk"))["top"]
        marks[model._meta.label] = int(top or 0)
    return marks


def command_sign_ins(args: argparse.Namespace) -> None:
    rng = random.Random()
    clinic = Clinic.objects.get(slug=SLUG)
    staff = list(
        StaffMember.objects.filter(clinic=clinic, role=Role.CLINICIAN).select_related("user")
    )
    patient_ids = list(Patient.objects.filter(clinic=clinic).values_list("pk", flat=True))
    clinicians = []
    for member in rng.sample(staff, min(args.clinicians, len(staff))):
        own = list(member.caseload.values_list("pk", flat=True)[:50])
        clinicians.append(
            {
                "user": member.user.pk,
                "session": session_cookie(member.user),
                "token": api_token(member.user),
                "patients": own or rng.sample(patient_ids, min(50, len(patient_ids))),
            }
        )
    chosen = rng.sample(patient_ids, min(args.patients, len(patient_ids)))
    programs = Program.objects.filter(patient_id__in=chosen, is_active=True).select_related(
        "patient__user"
    )
    patients = [
        {
            "patient": program.patient_id,
            "user": program.patient.user_id,
            "session": session_cookie(program.patient.user),
            "csrf": secrets.token_hex(16),  # 32 characters: Django's unmasked CSRF secret
            "program": program.pk,
            "items": program.plan["items"],
        }
        for program in programs
    ]
    Path(args.out).write_text(
        json.dumps(
            {
                "clinicians": clinicians,
                "patients": patients,
                "watermarks": watermarks(),
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "csrf_cookie": settings.CSRF_COOKIE_NAME,
            }
        )
    )
    print(json.dumps({"clinicians": len(clinicians), "patients": len(patients)}))


def command_reset(args: argparse.Namespace) -> None:
    """Remove what a load run added, so the next run measures the same database."""
    sign_ins = json.loads(Path(args.sign_ins).read_text())
    marks: dict[str, int] = sign_ins["watermarks"]
    with transaction.atomic():
        for model in (SessionLog, Program, Alert, AuditEvent, Evaluation, ClinicianNote):
            model.objects.filter(pk__gt=marks[model._meta.label]).delete()
        # The progression rules may have replaced a program in force: put the seeded one back.
        program_ids = [p["program"] for p in sign_ins["patients"]]
        Program.objects.filter(pk__in=program_ids).update(is_active=True)
        # The removed logs no longer count in these patients' recent activity.
        touched = Patient.objects.filter(pk__in=[p["patient"] for p in sign_ins["patients"]])
        recount_activity(touched, timezone.localdate())
        refresh_listing(touched)
        # Every sign-in of this throw-away database was made by the benchmark (the load's and
        # the test client's when counting queries).
        Session.objects.all().delete()
    try:
        from backrehab.api.models import ApiToken  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        return
    ApiToken.objects.filter(name="bench").delete()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    commands = parser.add_subparsers(dest="command", required=True)
    seed_cmd = commands.add_parser("seed", help="seed (or reuse) the clinic-scale database")
    seed_cmd.add_argument("--scale", type=float, default=1.0, help="fraction of full size")
    seed_cmd.add_argument("--fresh", action="store_true", help="seed again even if it matches")
    sign_cmd = commands.add_parser("sign-ins", help="signed-in sessions and tokens for locust")
    sign_cmd.add_argument("--out", required=True)
    sign_cmd.add_argument("--clinicians", type=int, default=40)
    sign_cmd.add_argument("--patients", type=int, default=400)
    reset_cmd = commands.add_parser("reset", help="remove what a load run added")
    reset_cmd.add_argument("--sign-ins", required=True)
    args = parser.parse_args(argv)
    {"seed": command_seed, "sign-ins": command_sign_ins, "reset": command_reset}[args.command](args)


if __name__ == "__main__":
    main()
