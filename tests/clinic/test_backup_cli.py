"""`backrehab backup` / `backrehab restore` from the command line."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from typer.testing import CliRunner

from backrehab.audit.models import AuditEvent
from backrehab.cli import app
from backrehab.clinic.models import Clinic, Patient
from tests.personas import build_world

pytestmark = pytest.mark.django_db
runner = CliRunner()


def test_backup_then_restore_a_clinic(library_in_db, tmp_path):
    world = build_world()
    path = tmp_path / "home.json.gz"

    made = runner.invoke(app, ["backup", "--clinic", "home", "-o", str(path)])

    assert made.exit_code == 0, made.output
    assert "Backed up 1 clinic(s) (home): 2 patients, 1 session logs" in made.output
    AuditEvent.objects.filter(clinic_id=world.home.pk).delete()
    users = list(User.objects.filter(staff__clinic=world.home).values_list("pk", flat=True)) + list(
        User.objects.filter(patient__clinic=world.home).values_list("pk", flat=True)
    )
    world.home.delete()
    User.objects.filter(pk__in=users).delete()

    restored = runner.invoke(app, ["restore", str(path)])

    assert restored.exit_code == 0, restored.output
    assert "Restored 1 clinic(s), 4 accounts, 2 patients, 1 session logs" in restored.output
    assert Patient.objects.filter(clinic__slug="home").count() == 2


def test_restore_refuses_a_clinic_that_is_already_there(library_in_db, tmp_path):
    build_world()
    path = tmp_path / "home.json"
    runner.invoke(app, ["backup", "--clinic", "home", "-o", str(path)])

    again = runner.invoke(app, ["restore", str(path)])

    assert again.exit_code == 1
    assert "Nothing was restored: clinics already here: home" in again.output
    assert Clinic.objects.filter(slug="home").count() == 1


def test_backup_of_the_whole_site(library_in_db, tmp_path):
    build_world()
    path = tmp_path / "site.json"

    made = runner.invoke(app, ["backup", "--all", "-o", str(path)])

    assert made.exit_code == 0, made.output
    assert "Backed up 2 clinic(s) (home, away): 3 patients" in made.output


def test_one_of_clinic_or_all_is_required(tmp_path):
    for arguments in ([], ["--all", "--clinic", "home"]):
        result = runner.invoke(app, ["backup", "-o", str(tmp_path / "x.json"), *arguments])
        assert result.exit_code == 2
        assert "--clinic SLUG for one clinic, or --all" in result.output


def test_an_unknown_clinic_fails_with_a_message(library_in_db, tmp_path):
    build_world()
    result = runner.invoke(app, ["backup", "--clinic", "nope", "-o", str(tmp_path / "x.json")])
    assert result.exit_code == 1
    assert "No clinic 'nope'" in result.output
    assert not (tmp_path / "x.json").exists()
