"""Staff curate their own clinic's exercises in the admin; bundled exercises are read-only there,
and another clinic's exercises are out of sight and out of reach."""

from __future__ import annotations

import pytest
import yaml

from backrehab.audit.models import Action, AuditEvent
from backrehab.library import actions
from backrehab.library.models import ExerciseRecord, Origin
from tests import personas

from .factories import clinic_staff, document, make_library, save_for

pytestmark = pytest.mark.django_db

ADMIN = "/admin/library/exerciserecord/"


@pytest.fixture
def home():
    return clinic_staff("home")


@pytest.fixture
def away():
    return clinic_staff("away")


@pytest.fixture
def staff_client(client, home):
    client.force_login(home.user)
    return client


def content(exercise_id: str, **changes) -> str:
    return yaml.safe_dump(document(exercise_id, **changes), sort_keys=False)


def test_staff_add_a_clinic_exercise_as_yaml_to_their_own_clinic(staff_client, home):
    response = staff_client.post(f"{ADMIN}add/", {"content": content("towel-bridge")})
    assert response.status_code == 302, response.content
    record = ExerciseRecord.objects.get(slug="towel-bridge")
    assert record.origin == Origin.CLINIC and "<animate" in record.figure_animated
    assert record.clinic == home.clinic


def test_staff_cannot_put_an_exercise_into_another_clinic(staff_client, home, away):
    staff_client.post(
        f"{ADMIN}add/", {"content": content("towel-bridge"), "clinic": away.clinic.pk}
    )
    assert ExerciseRecord.objects.get(slug="towel-bridge").clinic == home.clinic


def test_an_invalid_clinic_exercise_is_refused_with_the_field_named(staff_client):
    response = staff_client.post(f"{ADMIN}add/", {"content": content("towel", bias="sideways")})
    assert response.status_code == 200
    assert "bias: Input should be" in response.text
    assert not ExerciseRecord.objects.exists()


def test_broken_yaml_is_refused_with_a_message(staff_client):
    response = staff_client.post(f"{ADMIN}add/", {"content": "id: [oops"})
    assert "Not valid YAML" in response.text


def test_a_clinic_exercise_can_be_edited_by_its_clinic(staff_client, home):
    record = save_for(home, document("towel-bridge"))
    response = staff_client.post(
        f"{ADMIN}{record.pk}/change/", {"content": content("towel-bridge", name="Slower")}
    )
    assert response.status_code == 302
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Slower"


def test_another_clinics_exercises_are_not_listed(client, home, away):
    save_for(home, document("home-bridge", name="Home bridge"))
    save_for(away, document("away-bridge", name="Away bridge"))
    client.force_login(away.user)
    listing = client.get(ADMIN).text
    assert "Away bridge" in listing and "Home bridge" not in listing


def test_another_clinics_exercise_cannot_be_opened_edited_or_deleted(client, home, away):
    record = save_for(home, document("home-bridge", precautions=[]))
    client.force_login(away.user)
    assert client.get(f"{ADMIN}{record.pk}/change/").status_code in (302, 404)
    client.post(f"{ADMIN}{record.pk}/change/", {"content": content("home-bridge", name="Hacked")})
    client.post(f"{ADMIN}{record.pk}/delete/", {"post": "yes"})
    client.post(
        ADMIN, {"action": "delete_selected", "_selected_action": [record.pk], "post": "yes"}
    )
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Glute bridge"


def test_every_change_to_a_clinic_exercise_is_in_that_clinics_audit_log(staff_client, home):
    staff_client.post(f"{ADMIN}add/", {"content": content("towel-bridge")})
    record = ExerciseRecord.objects.get(slug="towel-bridge")
    staff_client.post(f"{ADMIN}{record.pk}/change/", {"content": content("towel-bridge")})
    staff_client.post(f"{ADMIN}{record.pk}/delete/", {"post": "yes"})
    assert not ExerciseRecord.objects.filter(pk=record.pk).exists()
    events = AuditEvent.objects.filter(clinic_id=home.clinic.pk).order_by("at", "pk")
    assert [(e.action, e.what, e.actor) for e in events] == [
        (Action.CHANGED, "clinic exercise towel-bridge: added", home.user),
        (Action.CHANGED, "clinic exercise towel-bridge: changed", home.user),
        (Action.DELETED, "clinic exercise towel-bridge (Glute bridge): deleted", home.user),
    ]


def test_the_action_refuses_staff_of_another_clinic(home, away):
    from django.core.exceptions import PermissionDenied

    record = save_for(home, document("home-bridge"))
    with pytest.raises(PermissionDenied):
        actions.do_save_clinic_exercise(
            document("home-bridge", name="Hacked"),
            away.clinic,
            by=away.user,
            record_to_change=record,
        )
    with pytest.raises(PermissionDenied):
        actions.do_delete_clinic_exercise(record, by=away.user)
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Glute bridge"
    assert not AuditEvent.objects.filter(clinic_id=away.clinic.pk).exists()


def test_a_clinic_exercise_without_a_clinic_cannot_be_saved(client):
    curator = personas.superuser("curator")
    client.force_login(curator)
    response = client.post(f"{ADMIN}add/", {"content": content("towel-bridge")})
    assert response.status_code == 200 and "This field is required" in response.text
    with pytest.raises(actions.ExerciseInvalid, match="clinic"):
        actions.do_save_clinic_exercise(document("towel-bridge"), None, by=curator)
    assert not ExerciseRecord.objects.exists()


def test_a_site_superuser_sees_every_clinic_and_chooses_the_clinic(client, home, away):
    save_for(home, document("home-bridge", name="Home bridge"))
    client.force_login(personas.superuser("curator"))
    assert "Home bridge" in client.get(ADMIN).text
    client.post(f"{ADMIN}add/", {"content": content("towel-bridge"), "clinic": away.clinic.pk})
    assert ExerciseRecord.objects.get(slug="towel-bridge").clinic == away.clinic


def test_bundled_exercises_are_view_only(staff_client):
    actions.do_sync_bundled_library(make_library(document("glute-bridge")))
    record = ExerciseRecord.objects.get(slug="glute-bridge")
    url = f"{ADMIN}{record.pk}/change/"
    assert staff_client.get(url).status_code == 200
    staff_client.post(url, {"content": content("glute-bridge", name="Hacked")})
    assert ExerciseRecord.objects.get(pk=record.pk).name == "Glute bridge"


def test_a_bundled_exercise_can_be_copied_into_an_editable_clinic_version(staff_client, home):
    actions.do_sync_bundled_library(make_library(document("glute-bridge")))
    record = ExerciseRecord.objects.get(slug="glute-bridge")
    staff_client.post(ADMIN, {"action": "copy_to_clinic", "_selected_action": [record.pk]})
    copy = ExerciseRecord.objects.get(slug="glute-bridge-clinic")
    assert copy.origin == Origin.CLINIC and copy.name == "Glute bridge (clinic version)"
    assert copy.clinic == home.clinic


def test_another_clinics_exercise_cannot_be_copied(client, home, away):
    record = save_for(home, document("home-bridge"))
    client.force_login(away.user)
    client.post(ADMIN, {"action": "copy_to_clinic", "_selected_action": [record.pk]})
    assert not ExerciseRecord.objects.filter(clinic=away.clinic).exists()


def test_patients_cannot_reach_the_admin(client, home):
    client.force_login(personas.patient(home.clinic, home).user)
    assert client.get(ADMIN).status_code == 302


def test_steps_may_lead_only_to_exercises_the_clinic_can_read(home, away):
    save_for(away, document("away-bridge"))
    with pytest.raises(actions.ExerciseInvalid, match="no exercise with id 'away-bridge'"):
        save_for(home, document("home-bridge", progression=[{"exercise": "away-bridge"}]))
