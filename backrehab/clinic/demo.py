"""The demo clinic that `make run` sets up, so a new installation has something to look at.

Idempotent: running it again finds the same people and adds nothing twice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import Permission, User
from django.db import transaction
from django.utils import timezone

from backrehab.clinic.models import Clinic, Patient, Role, StaffMember

DEMO_CLINIC = ("Riverside Physical Therapy (demo)", "riverside-demo")


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
    today = timezone.localdate()
    for weeks_ago, login in zip((3, 1), patient_logins, strict=True):
        user = _user(login, staff=False)
        Patient.objects.get_or_create(
            user=user,
            defaults={
                "clinic": clinic,
                "clinician": clinician,
                "joined_on": today - dt.timedelta(weeks=weeks_ago),
            },
        )
    return list(DEMO_PEOPLE)
