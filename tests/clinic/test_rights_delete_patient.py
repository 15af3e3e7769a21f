"""A clinic admin deletes a patient completely: account, care records, and every trace of them."""

from __future__ import annotations

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from backrehab.audit.models import Action, AuditEvent
from backrehab.care.models import Evaluation, ProgramTemplate, SessionLog
from backrehab.clinic.models import Patient
from backrehab.portal.models import Invite
from backrehab.records.actions import do_delete_patient
from tests import personas
from tests.clinic.rights_world import EMAIL, FIRST_NAME, USERNAME, person, rich_world

pytestmark = pytest.mark.django_db


def _rows_pointing_at(patient_id: int, user_id: int) -> list[str]:
    """Every row, in every table, with a foreign key to the patient or to their account."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if not field.is_relation or field.related_model not in (Patient, User):
                continue
            target = patient_id if field.related_model is Patient else user_id
            count = model._default_manager.filter(**{field.attname: target}).count()
            if count:
                found.append(f"{model._meta.label}.{field.name}: {count}")
    return found


def _rows_mentioning(*words: str) -> list[str]:
    """Every row, in every table, whose stored text contains one of `words`."""
    found = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.values(*fields).iterator():
            text = json.dumps(row, default=str).lower()
            hits = [word for word in words if word.lower() in text]
            if hits:
                found.append(f"{model._meta.label} #{row.get('id', '?')}: {hits}")
    return found


def _session_user_ids() -> set[str]:
    return {str(s.get_decoded().get("_auth_user_id")) for s in Session.objects.all()}


def test_nothing_referencing_the_patient_remains_anywhere(library_in_db):
    world = rich_world()
    subject = world.subject
    patient_id, user_id = subject.pk, subject.user_id
    assert _rows_pointing_at(patient_id, user_id), "the world should reference the patient"
    assert AccessAttempt.objects.filter(username=USERNAME).exists()
    assert AccessLog.objects.filter(username=USERNAME).exists()
    assert AccessFailureLog.objects.filter(username=USERNAME).exists()
    assert str(user_id) in _session_user_ids()

    do_delete_patient(subject, person(world, "clinic_admin"))

    assert _rows_pointing_at(patient_id, user_id) == []
    assert _rows_mentioning(USERNAME, EMAIL, FIRST_NAME) == []
    assert str(user_id) not in _session_user_ids()
    assert not Patient.objects.filter(pk=patient_id).exists()
    assert not User.objects.filter(pk=user_id).exists()


def test_the_other_patients_and_the_clinic_are_untouched(library_in_db):
    world = rich_world()
    other = person(world, "other_patient").patient
    before = (Evaluation.objects.filter(patient=other).count(), User.objects.count())

    do_delete_patient(world.subject, person(world, "clinic_admin"))

    assert Evaluation.objects.filter(patient=other).count() == before[0]
    assert User.objects.count() == before[1] - 1
    assert ProgramTemplate.objects.filter(clinic=world.home).exists()
    assert Invite.objects.filter(email="else@example.org").exists()


def test_the_deletion_is_audited_with_the_record_number_only(library_in_db):
    world = rich_world()
    patient_id = world.subject.pk
    admin = person(world, "clinic_admin")

    do_delete_patient(world.subject, admin)

    event = AuditEvent.objects.get(action=Action.DELETED)
    assert (event.patient_id, event.clinic_id, event.actor) == (patient_id, world.home.pk, admin)
    # Who viewed the record stays accountable, under the record number.
    assert AuditEvent.objects.filter(
        patient_id=patient_id, action=Action.VIEWED, actor_name="clinician"
    ).exists()
    # What the patient did themselves no longer carries their name.
    own = AuditEvent.objects.get(patient_id=patient_id, action=Action.EXPORTED)
    assert own.actor is None and own.actor_name == f"patient #{patient_id} (deleted)"


def test_the_page_counts_what_will_be_deleted_and_asks_for_the_user_name(library_in_db):
    world = rich_world()
    client = Client()
    client.force_login(person(world, "clinic_admin"))
    url = reverse("patient-delete", kwargs={"patient_id": world.subject.pk})

    page = client.get(url).content.decode()

    assert USERNAME in page
    assert "session logs" in page and "clinician notes" in page
    sessions = SessionLog.objects.filter(patient=world.subject).count()
    assert f"<dt>{sessions}</dt><dd>session logs" in page


def test_a_wrong_user_name_deletes_nothing_and_says_so(library_in_db):
    world = rich_world()
    client = Client()
    client.force_login(person(world, "clinic_admin"))
    url = reverse("patient-delete", kwargs={"patient_id": world.subject.pk})

    response = client.post(url, {"username": "someone-else"})

    assert response.status_code == 400
    assert "not this patient&#x27;s user name" in response.content.decode()
    assert Patient.objects.filter(pk=world.subject.pk).exists()
    assert not AuditEvent.objects.filter(action=Action.DELETED).exists()


def test_confirming_deletes_and_tells_the_admin(library_in_db):
    world = rich_world()
    client = Client()
    client.force_login(person(world, "clinic_admin"))
    url = reverse("patient-delete", kwargs={"patient_id": world.subject.pk})

    response = client.post(url, {"username": USERNAME})

    assert not Patient.objects.filter(pk=world.subject.pk).exists()
    assert response.status_code == 302
    # The message shows on the next page the admin opens.
    assert (
        "and all their records have been deleted"
        in client.get(reverse("audit-log")).content.decode()
    )
    event = AuditEvent.objects.get(action=Action.DELETED)
    assert event.path == url and event.actor_name == "clinic-admin"


def test_a_patient_who_also_works_at_a_clinic_keeps_their_staff_account(library_in_db):
    world = rich_world()
    user = world.subject.user
    personas.works_at(user, world.away)

    do_delete_patient(world.subject, person(world, "clinic_admin"))

    assert User.objects.filter(pk=user.pk).exists()
    assert not Patient.objects.filter(user=user).exists()
    assert not Evaluation.objects.filter(patient_id=world.subject.pk).exists()


def test_a_deleted_patient_can_no_longer_sign_in(library_in_db):
    world = rich_world()
    signed_in = world.extra["client"]

    do_delete_patient(world.subject, person(world, "clinic_admin"))

    assert signed_in.get(reverse("today")).status_code == 302
    again = Client().post("/login/", {"username": USERNAME, "password": personas.PASSWORD})
    assert again.status_code == 200  # the form again, with an error


def test_the_admin_history_and_audit_descriptions_lose_the_name(library_in_db):
    from django.contrib.admin.models import CHANGE, LogEntry
    from django.contrib.contenttypes.models import ContentType

    from backrehab.api.actions import do_create_api_token

    world = rich_world()
    subject = world.subject
    operator = personas.superuser("operator")
    LogEntry.objects.log_actions(
        operator.pk, [subject], CHANGE, change_message=f"Changed {USERNAME}", single_object=True
    )
    do_create_api_token(subject.user, "phone", by=operator)
    assert _rows_mentioning(USERNAME, EMAIL, FIRST_NAME) != []

    do_delete_patient(subject, person(world, "clinic_admin"))

    assert _rows_mentioning(USERNAME, EMAIL, FIRST_NAME) == []
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Patient))
    assert entry.object_repr == f"patient #{subject.pk} (deleted)"
