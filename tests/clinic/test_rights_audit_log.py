"""The clinic admin's audit log: their clinic's events, newest first, filtered and paged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from backrehab.audit.models import Action, AuditEvent
from backrehab.clinic.models import Clinic
from backrehab.records.actions import do_delete_patient
from backrehab.records.views import AUDIT_PAGE_SIZE
from tests.clinic.rights_world import person
from tests.personas import World, build_world

pytestmark = pytest.mark.django_db


def _event(
    world: World,
    *,
    clinic: Clinic,
    patient_id: int | None = None,
    actor: str = "clinician",
    action: str = Action.VIEWED,
    ago: int = 0,
) -> AuditEvent:
    return AuditEvent.objects.create(
        at=timezone.now() - dt.timedelta(minutes=ago),
        actor_name=actor,
        clinic_id=clinic.pk,
        patient_id=patient_id,
        action=action,
        what=f"record seen {ago} minutes ago",
    )


def _admin_client(world) -> Client:
    client = Client()
    client.force_login(person(world, "clinic_admin"))
    return client


def test_the_admin_sees_their_clinics_events_newest_first_and_no_other_clinics(library_in_db):
    world = build_world()
    _event(world, clinic=world.home, patient_id=world.subject.pk, ago=10)
    _event(world, clinic=world.home, patient_id=world.subject.pk, ago=1)
    _event(world, clinic=world.away, actor="other-clinician", ago=5)

    page = _admin_client(world).get(reverse("audit-log")).content.decode()

    assert page.index("record seen 1 minutes ago") < page.index("record seen 10 minutes ago")
    assert "other-clinician" not in page
    assert f"subject</a> (#{world.subject.pk})" in page or f"subject (#{world.subject.pk})" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"patient": "subject"}, {"record seen 1 minutes ago"}),
        ({"person": "ADMIN"}, {"record seen 2 minutes ago"}),
        ({"action": "changed"}, {"record seen 3 minutes ago"}),
    ],
)
def test_filters_by_patient_person_and_action(library_in_db, query, expected):
    world = build_world()
    other = person(world, "other_patient").patient
    _event(world, clinic=world.home, patient_id=world.subject.pk, ago=1)
    _event(world, clinic=world.home, patient_id=other.pk, actor="clinic-admin", ago=2)
    _event(world, clinic=world.home, patient_id=other.pk, action=Action.CHANGED, ago=3)
    if query.get("patient") == "subject":
        query = {"patient": str(world.subject.pk)}

    page = _admin_client(world).get(reverse("audit-log"), query).content.decode()

    shown = {f"record seen {n} minutes ago" for n in (1, 2, 3)}
    assert {what for what in shown if what in page} == expected


def test_a_bad_filter_says_what_is_wrong_instead_of_failing(library_in_db):
    world = build_world()
    _event(world, clinic=world.home)

    response = _admin_client(world).get(reverse("audit-log"), {"patient": "abc"})

    assert response.status_code == 200
    assert "Enter a whole number." in response.content.decode()
    assert "No events match these filters." in response.content.decode()


def test_long_logs_are_paged(library_in_db):
    world = build_world()
    for minutes in range(AUDIT_PAGE_SIZE + 5):
        _event(world, clinic=world.home, ago=minutes)
    client = _admin_client(world)

    first = client.get(reverse("audit-log"), {"action": "viewed"}).content.decode()
    second = client.get(reverse("audit-log"), {"action": "viewed", "page": "2"}).content.decode()

    assert "record seen 0 minutes ago" in first and "record seen 54 minutes ago" not in first
    assert "record seen 54 minutes ago" in second
    assert "action=viewed&amp;page=2" in first


def test_a_deleted_patient_shows_by_record_number_only(library_in_db):
    world = build_world()
    patient_id = world.subject.pk
    do_delete_patient(world.subject, person(world, "clinic_admin"))

    page = _admin_client(world).get(reverse("audit-log")).content.decode()

    assert f"#{patient_id} (deleted)" in page
    assert "Deleted" in page


def test_viewing_a_patient_record_is_audited(library_in_db):
    world = build_world()
    try:
        url = reverse("patient-record", kwargs={"patient_id": world.subject.pk})
    except NoReverseMatch:
        pytest.skip("the workspace's patient record page is not there yet")
    client = Client()
    client.force_login(person(world, "clinician"))

    assert client.get(url).status_code == 200

    assert AuditEvent.objects.filter(
        action=Action.VIEWED, patient_id=world.subject.pk, actor_name="clinician"
    ).exists()
