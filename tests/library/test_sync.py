"""Loading the bundled library into the database: idempotent, and clinic exercises are safe."""

from __future__ import annotations

import pytest

from backrehab.library import actions, services
from backrehab.library.catalog import Catalog
from backrehab.library.models import ExerciseRecord, Origin

from .factories import clinic_staff, document, make_library, save_for

pytestmark = pytest.mark.django_db


def test_loading_stores_each_exercise_with_its_figures():
    report = actions.do_sync_bundled_library(
        make_library(document("bridge-a"), document("bridge-b"))
    )
    assert sorted(report.created) == ["bridge-a", "bridge-b"]
    record = ExerciseRecord.objects.get(slug="bridge-a")
    assert record.origin == Origin.LIBRARY
    assert "<animate" in record.figure_animated and "<svg" in record.figure_start
    assert record.equipment_tags == ",mat,"


def test_loading_twice_changes_nothing_and_duplicates_nothing():
    library = make_library(document("bridge-a"))
    actions.do_sync_bundled_library(library)
    report = actions.do_sync_bundled_library(library)
    assert report.unchanged == ["bridge-a"] and not report.created and not report.updated
    assert ExerciseRecord.objects.count() == 1


def test_an_edited_file_updates_its_exercise():
    actions.do_sync_bundled_library(make_library(document("bridge-a")))
    report = actions.do_sync_bundled_library(
        make_library(document("bridge-a", name="Bridge, renamed"))
    )
    assert report.updated == ["bridge-a"]
    assert ExerciseRecord.objects.get(slug="bridge-a").name == "Bridge, renamed"


def test_clinic_exercises_survive_a_reload():
    actions.do_sync_bundled_library(make_library(document("bridge-a")))
    save_for(clinic_staff("home"), document("our-bridge", name="Our bridge"))
    actions.do_sync_bundled_library(make_library(document("bridge-a")))
    assert ExerciseRecord.objects.get(slug="our-bridge").origin == Origin.CLINIC


def test_a_removed_file_retires_its_exercise_instead_of_deleting_it():
    actions.do_sync_bundled_library(make_library(document("bridge-a"), document("bridge-b")))
    report = actions.do_sync_bundled_library(make_library(document("bridge-a")))
    assert report.retired == ["bridge-b"]
    assert ExerciseRecord.objects.get(slug="bridge-b").retired


def test_a_bundled_exercise_never_overwrites_a_clinic_one_with_the_same_id():
    save_for(clinic_staff("home"), document("bridge-a", name="Clinic bridge"))
    report = actions.do_sync_bundled_library(make_library(document("bridge-a")))
    assert report.conflicts == ["bridge-a"]
    assert ExerciseRecord.objects.get(slug="bridge-a").name == "Clinic bridge"


def test_a_clinic_exercise_is_validated_like_a_data_file():
    with pytest.raises(services.ExerciseInvalid) as error:
        save_for(clinic_staff("home"), document("our-bridge", dose={"sets": 0, "reps": 5}))
    assert "dose.sets" in str(error.value)
    assert not ExerciseRecord.objects.exists()


def test_a_clinic_exercise_cannot_take_an_existing_id():
    actions.do_sync_bundled_library(make_library(document("bridge-a")))
    with pytest.raises(services.ExerciseInvalid, match="already exists"):
        save_for(clinic_staff("home"), document("bridge-a"))


def test_the_engine_library_has_the_clinics_exercises_but_not_retired_ones():
    actions.do_sync_bundled_library(make_library(document("bridge-a"), document("bridge-b")))
    actions.do_sync_bundled_library(make_library(document("bridge-a")))
    home = clinic_staff("home")
    save_for(home, document("our-bridge"))
    save_for(clinic_staff("away"), document("their-bridge"))
    assert sorted(Catalog.for_clinic(home.clinic).library()) == ["bridge-a", "our-bridge"]
    assert sorted(Catalog.for_clinic(None).library()) == ["bridge-a"]
