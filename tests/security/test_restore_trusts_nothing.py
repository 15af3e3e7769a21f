"""`backrehab restore` does not trust the file (issue 10, Medium 6 and 7)."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from backrehab.cli import app
from backrehab.clinic.models import Clinic
from backrehab.library.models import ExerciseRecord, Origin
from backrehab.operations import backup
from tests import personas

pytestmark = pytest.mark.django_db
runner = CliRunner()


def home_backup_then_wiped(library_in_db) -> dict:
    world = personas.build_world()
    document = backup.backup_clinic("home")
    ids = list(User.objects.filter(staff__clinic=world.home).values_list("pk", flat=True))
    ids += User.objects.filter(patient__clinic=world.home).values_list("pk", flat=True)
    world.home.delete()
    User.objects.filter(pk__in=ids).delete()
    return document


def tampered(document: dict, table: str, **changes) -> dict:
    rows = document["sections"][0]["tables"][table]
    rows[0].update(changes)
    return document


def test_a_tampered_superuser_flag_is_not_restored(library_in_db):
    document = tampered(home_backup_then_wiped(library_in_db), "auth.user", is_superuser=True)
    backup.restore(document)
    assert not User.objects.filter(is_superuser=True).exists()


def test_tampered_site_permissions_are_not_restored(library_in_db):
    document = home_backup_then_wiped(library_in_db)
    patient = document["sections"][0]["tables"]["clinic.patient"][0]["user_id"]
    document["sections"][0]["tables"]["auth.user.permissions"] += [
        {"user": patient, "permission": ["auth", "change_user"]},
        {"user": patient, "permission": ["clinic", "delete_clinic"]},
    ]
    backup.restore(document)
    assert not any(
        user.has_perm("auth.change_user") for user in User.objects.filter(patient__isnull=False)
    )
    restored_clinician = User.objects.get(username="clinician")
    assert restored_clinician.is_staff
    assert restored_clinician.has_perm("library.change_exerciserecord")


def test_a_malformed_program_plan_is_refused_and_nothing_is_restored(library_in_db):
    document = tampered(home_backup_then_wiped(library_in_db), "care.program", plan={"x": 1})
    with pytest.raises(backup.BackupError, match="care.program #.* plan"):
        backup.restore(document)
    assert not Clinic.objects.filter(slug="home").exists()


def test_a_malformed_session_log_is_refused(library_in_db):
    document = tampered(
        home_backup_then_wiped(library_in_db), "care.sessionlog", data={"pain_before": 99}
    )
    with pytest.raises(backup.BackupError, match="care.sessionlog"):
        backup.restore(document)


def test_the_command_prints_a_message_not_a_traceback_for_a_damaged_file(library_in_db, tmp_path):
    document = home_backup_then_wiped(library_in_db)
    del document["sections"][0]["tables"]["clinic.patient"][0]["id"]
    path = tmp_path / "damaged.json"
    path.write_text(json.dumps(document))
    result = runner.invoke(app, ["restore", str(path)])
    assert result.exit_code == 1
    assert "Nothing was restored" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_restore_all_needs_an_empty_database(library_in_db, tmp_path):
    personas.build_world()
    path = tmp_path / "site.json"
    backup.write(backup.backup_site(), path)
    result = runner.invoke(app, ["restore", "--all", str(path)])
    assert result.exit_code == 1
    assert "needs an empty database" in result.output


def test_backup_all_keeps_clinic_exercises_saved_with_no_clinic(library_in_db):
    from backrehab.library.services import fill, validate_document
    from tests.library.factories import document as exercise

    # Saved by an older admin that allowed no clinic (the actions refuse it now).
    orphan = ExerciseRecord(origin=Origin.CLINIC, clinic=None, slug="towel-bridge")
    fill(orphan, validate_document(exercise("towel-bridge")))
    orphan.save()
    site = backup.backup_site()
    kept = [
        row["slug"]
        for section in site["sections"]
        for row in section["tables"]["library.exerciserecord"]
    ]
    assert kept == ["towel-bridge"]
    ExerciseRecord.objects.filter(origin=Origin.CLINIC).delete()
    User.objects.all().delete()
    backup.restore(site, everything=True)
    assert ExerciseRecord.objects.filter(slug="towel-bridge", clinic=None).exists()
