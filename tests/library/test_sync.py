"""Loading the bundled library into the database: idempotent, and clinic exercises are safe."""

from __future__ import annotations

import pytest

from backrehab.library import services
from backrehab.library.models import ExerciseRecord, Origin

from .factories import document, make_library

pytestmark = pytest.mark.django_db


def test_loading_stores_each_exercise_with_its_figures():
    report = services.sync_bundled_library(make_library(document("bridge-a"), document("bridge-b")))
    assert sorted(report.created) == ["bridge-a", "bridge-b"]
    record = ExerciseRecord.objects.get(slug="bridge-a")
    assert record.origin == Origin.LIBRARY
    assert "<animate" in record.figure_animated and "<svg" in record.figure_start
    assert record.equipment_tags == ",mat,"


def test_loading_twice_changes_nothing_and_duplicates_nothing():
    library = make_library(document("bridge-a"))
    services.sync_bundled_library(library)
    report = services.sync_bundled_library(library)
    assert report.unchanged == ["bridge-a"] and not report.created and not report.updated
    assert ExerciseRecord.objects.count() == 1


def test_an_edited_file_updates_its_exercise():
    services.sync_bundled_library(make_library(document("bridge-a")))
    report = services.sync_bundled_library(
        make_library(document("bridge-a", name="Bridge, renamed"))
    )
    assert report.updated == ["bridge-a"]
    assert ExerciseRecord.objects.get(slug="bridge-a").name == "Bridge, renamed"


def test_clinic_exercises_survive_a_reload():
    services.sync_bundled_library(make_library(document("bridge-a")))
    services.save_clinic_exercise(document("our-bridge", name="Our bridge"), clinic=None)
    services.sync_bundled_library(make_library(document("bridge-a")))
    assert ExerciseRecord.objects.get(slug="our-bridge").origin == Origin.CLINIC


def test_a_removed_file_retires_its_exercise_instead_of_deleting_it():
    services.sync_bundled_library(make_library(document("bridge-a"), document("bridge-b")))
    report = services.sync_bundled_library(make_library(document("bridge-a")))
    assert report.retired == ["bridge-b"]
    assert ExerciseRecord.objects.get(slug="bridge-b").retired


def test_a_bundled_exercise_never_overwrites_a_clinic_one_with_the_same_id():
    services.save_clinic_exercise(document("bridge-a", name="Clinic bridge"), clinic=None)
    report = services.sync_bundled_library(make_library(document("bridge-a")))
    assert report.conflicts == ["bridge-a"]
    assert ExerciseRecord.objects.get(slug="bridge-a").name == "Clinic bridge"


def test_a_clinic_exercise_is_validated_like_a_data_file():
    with pytest.raises(services.ExerciseInvalid) as error:
        services.save_clinic_exercise(
            document("our-bridge", dose={"sets": 0, "reps": 5}), clinic=None
        )
    assert "dose.sets" in str(error.value)
    assert not ExerciseRecord.objects.exists()


def test_a_clinic_exercise_cannot_take_an_existing_id():
    services.sync_bundled_library(make_library(document("bridge-a")))
    with pytest.raises(services.ExerciseInvalid, match="already exists"):
        services.save_clinic_exercise(document("bridge-a"), clinic=None)


def test_the_stored_library_includes_clinic_exercises_but_not_retired_ones():
    services.sync_bundled_library(make_library(document("bridge-a"), document("bridge-b")))
    services.sync_bundled_library(make_library(document("bridge-a")))
    services.save_clinic_exercise(document("our-bridge"), clinic=None)
    assert sorted(services.stored_library()) == ["bridge-a", "our-bridge"]
