"""The demo clinic that `make run` sets up, so a new installation has something to look at.

Idempotent: running it again finds the same people and adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.utils import timezone

from backrehab.care import prescribing
from backrehab.care import services as care
from backrehab.care.listing import refresh_listing
from backrehab.care.models import Alert, ClinicianNote, Program
from backrehab.care.schedules import schedule_of
from backrehab.clinic.models import Clinic, Patient, Role, StaffMember
from backrehab.clinical.progression import done_as_prescribed
from backrehab.clinical.schedule import scheduled_days
from backrehab.library.actions import do_sync_bundled_library
from backrehab.library.catalog import Catalog, library_is_loaded
from backrehab.messaging.models import Message, QuickReply, Side

DEMO_CLINIC = ("Riverside Physical Therapy (demo)", "riverside-demo")
DEMO_INTAKES = Path(__file__).resolve().parent.parent / "content" / "demo"
# Fixed namespace: the same demo session always gets the same id, so re-seeding adds nothing.
DEMO_NAMESPACE = uuid.UUID("6f1d0c8e-2b1a-4c1e-9a55-3f0b8d6c2a10")


@dataclass(frozen=True)
class DemoLogin:
    role: str
    username: str
    password: str
    name: str


DEMO_PEOPLE = (
    DemoLogin("clinic admin", "demo-admin", "demo-admin-pass", "Morgan Reyes"),
    DemoLogin("clinician", "demo-clinician", "demo-clinician-pass", "Dana Okafor"),
    DemoLogin("patient", "demo-alex", "demo-alex-pass", "Alex Turner"),
    DemoLogin("patient", "demo-sam", "demo-sam-pass", "Sam Lindqvist"),
)


def _user(login: DemoLogin, *, staff: bool) -> User:
    first, last = login.name.split(" ", 1)
    user, created = User.objects.get_or_create(
        username=login.username,
        defaults={"first_name": first, "last_name": last, "is_staff": staff},
    )
    if created:
        user.set_password(login.password)
        user.save()
    return user


@transaction.atomic
def seed_demo_clinic() -> list[DemoLogin]:
    clinic, _ = Clinic.objects.get_or_create(slug=DEMO_CLINIC[1], defaults={"name": DEMO_CLINIC[0]})
    admin_login, clinician_login, *patient_logins = DEMO_PEOPLE
    admin = _user(admin_login, staff=True)
    StaffMember.objects.get_or_create(user=admin, defaults={"clinic": clinic, "role": Role.ADMIN})
    clinician_user = _user(clinician_login, staff=True)
    clinician, _ = StaffMember.objects.get_or_create(
        user=clinician_user, defaults={"clinic": clinic, "role": Role.CLINICIAN}
    )
    # Staff curate clinic exercises in the admin.
    curate = Permission.objects.filter(
        content_type__app_label="library", codename__endswith="exerciserecord"
    )
    for user in (admin, clinician_user):
        user.user_permissions.add(*curate)
    if not library_is_loaded():
        do_sync_bundled_library()
    today = timezone.localdate()
    patients: list[Patient] = []
    # Alex started three weeks ago and is improving; Sam started last week.
    for weeks_ago, sessions, login, intake in (
        (3, 8, patient_logins[0], "alex.json"),
        (1, 2, patient_logins[1], "sam.json"),
    ):
        user = _user(login, staff=False)
        patient, _ = Patient.objects.get_or_create(
            user=user,
            defaults={
                "clinic": clinic,
                "clinician": clinician,
                "joined_on": today - dt.timedelta(weeks=weeks_ago),
            },
        )
        _give_history(patient, intake, sessions, by=clinician_user)
        patients.append(patient)
    _give_workspace(clinic, clinician_user, *patients)
    _give_messages(clinic, clinician_user, patients[0])
    return list(DEMO_PEOPLE)


def _give_messages(clinic: Clinic, clinician: User, alex: Patient) -> None:
    """A thread with Alex (the last message not read yet by the team) and two quick replies."""
    if not clinic.quick_replies.exists():
        QuickReply.objects.bulk_create(
            [
                QuickReply(
                    clinic=clinic,
                    title="Soreness after exercise",
                    body="Some soreness for a day after a session is normal. If it lasts "
                    "longer, or the pain spreads down your leg, stop that exercise and tell us.",
                    created_by=clinician,
                ),
                QuickReply(
                    clinic=clinic,
                    title="Missed sessions",
                    body="No problem: pick up again at your next session day. There is no "
                    "need to catch up.",
                    created_by=clinician,
                ),
            ]
        )
    if alex.messages.exists():
        return
    now = timezone.now()
    name = clinician.get_full_name() or clinician.get_username()
    thread = [
        (Side.PATIENT, alex.user, "Is it normal that my back feels stiff the morning after?", 26),
        (
            Side.TEAM,
            clinician,
            "Yes, a little stiffness the next morning is common in the "
            "first weeks. It should ease as you move. Tell me if it lasts past midday.",
            25,
        ),
        (Side.PATIENT, alex.user, "It eased by lunchtime today. Thanks!", 2),
    ]
    Message.objects.bulk_create(
        [
            Message(
                patient=alex,
                author=author,
                author_role=side,
                author_name=str(alex) if side == Side.PATIENT else name,
                body=body,
                created_at=now - dt.timedelta(hours=hours),
                # The writer read it when sent; the other side an hour later (the team has not
                # read the last one yet).
                read_by_patient_at=now
                - dt.timedelta(hours=hours if side == Side.PATIENT else hours - 1),
                read_by_team_at=(
                    now - dt.timedelta(hours=hours if side == Side.TEAM else hours - 1)
                    if hours > 2
                    else None
                ),
            )
            for side, author, body, hours in thread
        ]
    )
    refresh_listing(Patient.objects.filter(pk=alex.pk))  # bulk inserts send no signals


def _give_workspace(clinic: Clinic, clinician: User, alex: Patient, sam: Patient) -> None:
    """What the clinician's pages show: a note, a template, an alert, an edited program."""
    if not alex.notes.exists():
        ClinicianNote.objects.create(
            patient=alex,
            author=clinician,
            text="Phoned Alex: sitting at work is easier with a break every 30 minutes. "
            "Keep the walking; review at the re-assessment.",
        )
    alex_program = Program.objects.filter(patient=alex, is_active=True).first()
    if alex_program is not None and not clinic.program_templates.exists():
        prescribing.save_template(
            clinic,
            "Disc-related leg pain, first weeks",
            "Extension-biased start for leg pain that centralises with backward bending.",
            prescribing.from_program(alex_program),
            by=clinician,
        )
    program = Program.objects.filter(patient=sam, is_active=True).first()
    if program is None or sam.alerts.filter(kind=Alert.Kind.PERIPHERALISATION).exists():
        return
    # Sam's leg pain spread with the last exercise yesterday: the engine stops it and alerts Dana,
    # who then sets the program herself.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    data = _session(program.plan, yesterday, 4)
    data["exercises"][-1]["peripheralised"] = True
    care.record_session(
        sam, program, uuid.uuid5(DEMO_NAMESPACE, f"{sam.user.username}/spread"), data
    )
    care.apply_progression(sam)
    current = Program.objects.get(patient=sam, is_active=True)
    draft = prescribing.from_program(current)
    draft.sessions_per_week = max(2, draft.sessions_per_week - 1)
    prescribing.save(
        sam,
        draft,
        by=clinician,
        reason="One session fewer a week while Sam's leg pain settles; reviewed by phone.",
        overrides={},
        library=Catalog.for_clinic(sam.clinic_id).library(),
    )


def _give_history(patient: Patient, intake_file: str, sessions: int, *, by: User) -> None:
    """A first evaluation, its program, and a few sessions of gently falling pain."""
    if not patient.evaluations.exists():
        answers = json.loads((DEMO_INTAKES / intake_file).read_text(encoding="utf-8"))
        result = care.evaluate(patient, answers, by=by)
        started = timezone.make_aware(dt.datetime.combine(patient.joined_on, dt.time(10, 0)))
        result.evaluation.taken_at = started
        result.evaluation.save(update_fields=["taken_at"])
        if result.program is not None:
            result.program.created_at = started
            result.program.save(update_fields=["created_at"])
    program = Program.objects.filter(patient=patient, is_active=True).first()
    if program is None:
        return
    if program.session_logs.exists() or program.changes:
        return  # history already given
    pain = int(patient.evaluations.earliest("taken_at").answers["pain"]["now"])
    # The most recent session days up to yesterday, so the streak and adherence look lived-in.
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    plan = schedule_of(patient, program.sessions_per_week)
    days = scheduled_days(patient.joined_on, yesterday, plan)
    for n, day in enumerate(days[-sessions:]):
        pain_now = max(1, pain - n // 2)
        care.record_session(
            patient,
            program,
            uuid.uuid5(DEMO_NAMESPACE, f"{patient.user.username}/{day.isoformat()}"),
            _session(program.plan, day, pain_now),
        )
    # Let the progression rules look at those sessions, as they do after a real one.
    care.apply_progression(patient)


def _session(plan: dict[str, Any], day: dt.date, pain: int) -> dict[str, Any]:
    exercises = [
        done_as_prescribed(
            item, pain_during=min(10, pain + (1 if index % 3 == 0 else 0)), effort=4 + index % 3
        )
        for index, item in enumerate(plan["items"])
    ]
    return {
        "date": day.isoformat(),
        "pain_before": pain,
        "next_morning_pain": max(0, pain - 1),
        "exercises": exercises,
    }
