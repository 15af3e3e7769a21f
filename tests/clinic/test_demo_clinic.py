"""The demo clinic `make run` creates: people who can sign in, created once."""

from __future__ import annotations

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from backrehab.clinic.models import Clinic, Patient, StaffMember
from backrehab.operations.demo import DEMO_PEOPLE, seed_demo_clinic

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_clinic_an_admin_a_clinician_and_two_patients():
    seed_demo_clinic()
    assert Clinic.objects.count() == 1
    assert StaffMember.objects.filter(role="clinician").count() == 1
    assert StaffMember.objects.filter(role="admin").count() == 1
    assert Patient.objects.count() == 2
    assert all(p.clinician is not None for p in Patient.objects.all())


def test_every_printed_login_works():
    for login in seed_demo_clinic():
        request = RequestFactory().post("/login/")
        assert authenticate(request, username=login.username, password=login.password) is not None


def test_running_it_twice_adds_nothing():
    seed_demo_clinic()
    seed_demo_clinic()
    assert Clinic.objects.count() == 1 and Patient.objects.count() == 2
    assert StaffMember.objects.count() == len(DEMO_PEOPLE) - 2


def test_each_demo_patient_has_an_evaluation_a_program_and_sessions():
    seed_demo_clinic()
    for patient in Patient.objects.all():
        assert patient.evaluations.count() == 1
        assert patient.programs.filter(is_active=True).count() == 1
        assert patient.session_logs.exists()
    alex = Patient.objects.get(user__username="demo-alex")
    assert alex.session_logs.count() == 8
    # Alex's comfortable sessions have already moved the program on, with reasons.
    assert alex.programs.filter(is_active=True).get().changes


def test_seeding_twice_adds_no_history():
    seed_demo_clinic()
    seed_demo_clinic()
    alex = Patient.objects.get(user__username="demo-alex")
    assert alex.evaluations.count() == 1 and alex.session_logs.count() == 8
    assert alex.programs.count() == 2
