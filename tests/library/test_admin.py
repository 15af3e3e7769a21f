"""Staff curate clinic exercises in the admin; bundled exercises are read-only there."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.auth.models import User

from backrehab.library import services
from backrehab.library.models import ExerciseRecord, Origin

from .factories import document, make_library

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = User.objects.create_superuser("curator", "c@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def test_staff_add_a_clinic_exercise_as_yaml(staff_client):
    content = yaml.safe_dump(document("towel-bridge", name="Towel bridge"), sort_keys=False)
    response = staff_client.post("/admin/library/exerciserecord/add/", {"content": content})
    assert response.status_code == 302, response.content
    record = ExerciseRecord.objects.get(slug="towel-bridge")
    assert record.origin == Origin.CLINIC and "<animate" in record.figure_animated


def test_an_invalid_clinic_exercise_is_refused_with_the_field_named(staff_client):
    content = yaml.safe_dump(document("towel-bridge", bias="sideways"))
    response = staff_client.post("/admin/library/exerciserecord/add/", {"content": content})
    assert response.status_code == 200
    assert "bias: Input should be" in response.text
    assert not ExerciseRecord.objects.exists()


def test_broken_yaml_is_refused_with_a_message(staff_client):
    response = staff_client.post("/admin/library/exerciserecord/add/", {"content": "id: [oops"})
    assert "Not valid YAML" in response.text


def test_a_clinic_exercise_can_be_edited(staff_client):
    record = services.save_clinic_exercise(document("towel-bridge"), clinic=None)
    content = yaml.safe_dump(document("towel-bridge", name="Towel bridge, slower"))
    response = staff_client.post(
        f"/admin/library/exerciserecord/{record.pk}/change/", {"content": content}
    )
    assert response.status_code == 302
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Towel bridge, slower"


def test_bundled_exercises_are_view_only(staff_client):
    services.sync_bundled_library(make_library(document("glute-bridge")))
    record = ExerciseRecord.objects.get(slug="glute-bridge")
    url = f"/admin/library/exerciserecord/{record.pk}/change/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"content": yaml.safe_dump(document("glute-bridge", name="Hacked"))})
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Glute bridge"


def test_a_bundled_exercise_can_be_copied_into_an_editable_clinic_version(staff_client):
    services.sync_bundled_library(make_library(document("glute-bridge")))
    record = ExerciseRecord.objects.get(slug="glute-bridge")
    staff_client.post(
        "/admin/library/exerciserecord/",
        {"action": "copy_to_clinic", "_selected_action": [record.pk]},
    )
    copy = ExerciseRecord.objects.get(slug="glute-bridge-clinic")
    assert copy.origin == Origin.CLINIC and copy.name == "Glute bridge (clinic version)"


def test_patients_cannot_reach_the_admin(client):
    client.force_login(User.objects.create_user("patient", password="a-long-test-password"))
    assert client.get("/admin/library/exerciserecord/").status_code == 302
