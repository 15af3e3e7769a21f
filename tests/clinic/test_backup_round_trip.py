"""`backup` then `restore` gives back the same clinic, on whichever database the suite runs on
(`make test` runs it on SQLite and on PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.utils import timezone

from backrehab.audit import log as audit
from backrehab.audit.models import Action, AuditEvent
from backrehab.clinic.models import Clinic
from backrehab.library.models import ExerciseRecord, Origin
from backrehab.operations import backup
from backrehab.portal.models import CalendarFeed
from tests import personas
from tests.clinic.backup_canon import canonical
from tests.clinic.rights_world import USERNAME, person, rich_world
from tests.personas import PASSWORD, World

pytestmark = pytest.mark.django_db


def _clinic_world() -> World:
    world = rich_world()
    home = world.home
    clinician = person(world, "clinician")
    exercise = ExerciseRecord.objects.filter(origin=Origin.LIBRARY).first()
    exercise.pk, exercise.slug, exercise.clinic, exercise.origin = (
        None,
        "home-wall-slide",
        home,
        "clinic",
    )
    exercise.save()
    world.alert.acknowledged_by, world.alert.acknowledged_at = clinician, timezone.now()
    world.alert.save()
    clinician.user_permissions.add(Permission.objects.get(codename="change_exerciserecord"))
    audit.record(None, Action.CHANGED, "program", world.subject, actor=clinician)
    return world


def _wipe(clinic: Clinic) -> None:
    """What a database without the clinic looks like: no clinic, no people, no events."""
    users = User.objects.filter(staff__clinic=clinic) | User.objects.filter(patient__clinic=clinic)
    AuditEvent.objects.filter(clinic_id=clinic.pk).delete()
    ids = list(users.values_list("pk", flat=True))
    clinic.delete()
    User.objects.filter(pk__in=ids).delete()


def test_a_clinic_comes_back_exactly_as_it_was(library_in_db, tmp_path):
    world = _clinic_world()
    before = canonical()
    path = tmp_path / "home.json.gz"
    backup.write(backup.backup_clinic("home"), path)

    _wipe(world.home)
    assert not Clinic.objects.filter(slug="home").exists()
    counts = backup.restore(backup.read(path))

    assert canonical() == before
    assert counts["clinic.patient"] == 2 and counts["care.sessionlog"] == 1


def test_restored_people_sign_in_with_their_old_passwords(library_in_db, tmp_path):
    world = _clinic_world()
    document = backup.backup_clinic("home")
    _wipe(world.home)

    backup.restore(document)

    response = Client().post("/login/", {"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 302
    staff = Client().post("/login/", {"username": "clinic-admin", "password": PASSWORD})
    assert staff.status_code == 302


def test_the_whole_site_comes_back(library_in_db, tmp_path):
    _clinic_world()
    personas.superuser("operator")
    audit.record(None, Action.EXPORTED, "clinic list", None)
    before = canonical()
    path = tmp_path / "site.json"
    backup.write(backup.backup_site(), path)

    AuditEvent.objects.all().delete()
    Clinic.objects.all().delete()
    User.objects.all().delete()
    backup.restore(backup.read(path), everything=True)

    assert canonical() == before


def test_restoring_over_an_existing_clinic_changes_nothing_and_says_why(library_in_db):
    _clinic_world()
    document = backup.backup_clinic("home")
    before = canonical()

    with pytest.raises(backup.BackupError, match="clinics already here: home"):
        backup.restore(document)

    assert canonical() == before


def test_the_file_is_for_its_owner_only(library_in_db, tmp_path):
    _clinic_world()
    path = tmp_path / "home.json"

    backup.write(backup.backup_clinic("home"), path)

    assert path.stat().st_mode & 0o077 == 0
    assert backup.read(path)["sections"][0]["slug"] == "home"


def test_a_file_that_is_not_a_backup_is_refused_clearly(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello")

    with pytest.raises(backup.BackupError, match="is not a backrehab backup"):
        backup.read(path)


def test_an_unknown_clinic_is_named_with_the_ones_there_are(library_in_db):
    _clinic_world()

    with pytest.raises(backup.BackupError, match="No clinic 'nope'. Clinics here: away, home"):
        backup.backup_clinic("nope")


def test_a_backup_made_before_reminder_times_had_minutes_keeps_the_hour(library_in_db):
    world = _clinic_world()
    document = backup.backup_clinic("home")
    _wipe(world.home)
    for section in document["sections"]:
        for row in section["tables"].get("portal.calendarfeed", []):
            del row["reminder_time"]
            row["reminder_hour"] = 6

    backup.restore(document)

    feed = CalendarFeed.objects.get(patient__user__username=USERNAME)
    assert feed.reminder_time == dt.time(6, 0)
