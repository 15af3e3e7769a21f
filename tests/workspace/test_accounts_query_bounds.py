"""The staff and invitation pages ask the database a fixed number of questions, whether the
clinic has 10 patients and invitations or 1,000 (each clinician's caseload is counted in one
query; the invitation list is paginated)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from backrehab.clinic.models import Patient, Role, StaffMember
from backrehab.portal.models import Invite

pytestmark = pytest.mark.django_db

STAFF_PAGE_QUERIES = 8
INVITATION_PAGE_QUERIES = 7


def populate(people, n: int) -> Patient:
    users = User.objects.bulk_create([User(username=f"bulk-{i:05d}") for i in range(n)])
    patients = Patient.objects.bulk_create(
        [
            Patient(
                user=user,
                clinic=people.clinic,
                clinician=people.me if i % 2 else people.colleague,
                joined_on=dt.date(2026, 10, 1),
            )
            for i, user in enumerate(users)
        ]
    )
    colleagues = User.objects.bulk_create(
        [User(username=f"staff-{i:04d}", first_name=f"S{i}") for i in range(n // 10)]
    )
    StaffMember.objects.bulk_create(
        [StaffMember(user=u, clinic=people.clinic, role=Role.CLINICIAN) for u in colleagues]
    )
    now = timezone.now()
    Invite.objects.bulk_create(
        [
            Invite(
                clinic=people.clinic,
                created_by=people.me,
                clinician=people.colleague if i % 3 else None,
                token=f"bulk-token-{i:05d}",
                name=f"Invited {i}",
                email=f"invited{i}@example.org",
                expires_at=now + dt.timedelta(days=10 if i % 2 else -1),
                withdrawn_at=now if i % 7 == 0 else None,
            )
            for i in range(n)
        ]
    )
    return patients[-1]


@pytest.mark.parametrize("n", [10, 1000])
def test_the_staff_pages_query_count_does_not_grow(
    client, people, n, django_assert_max_num_queries
):
    patient = populate(people, n)
    client.force_login(people.admin.user)
    for url in (
        reverse("staff-list"),
        reverse("staff-member", args=[people.me.pk]),
        reverse("patient-account", args=[patient.pk]),
    ):
        with django_assert_max_num_queries(STAFF_PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("n", [10, 1000])
def test_the_invitation_pages_query_count_does_not_grow(
    client, people, n, django_assert_max_num_queries
):
    populate(people, n)
    client.force_login(people.me.user)
    invite = Invite.objects.filter(withdrawn_at__isnull=True).order_by("pk").last()
    assert invite is not None
    for url in (
        reverse("invitations"),
        reverse("invitations") + "?page=2",
        reverse("invite-detail", args=[invite.pk]),
        reverse("invite-new"),
    ):
        with django_assert_max_num_queries(INVITATION_PAGE_QUERIES):
            response = client.get(url)
        assert response.status_code == 200, url
