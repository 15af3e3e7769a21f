"""The clinician sees how the player counted each exercise's repetitions: by the phone's camera
(and how many reached the full range), tapped by the patient, or paced by the player."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from backrehab.workspace.queries import count_words
from tests.workspace.conftest import active_program, log_session

pytestmark = pytest.mark.django_db


def test_the_words_for_each_source():
    camera = {"count_source": "camera", "reps_counted": 20, "full_range_reps": 18}
    assert count_words(camera) == "20 reps counted by the camera, 18 to the full range"
    corrected = {**camera, "reps_counted": 1, "full_range_reps": 1, "count_corrected": True}
    assert count_words(corrected) == (
        "1 rep counted by the camera, 1 to the full range (number corrected by the patient)"
    )
    assert count_words({"count_source": "tapped", "reps_counted": 9}) == (
        "9 reps tapped by the patient"
    )
    assert count_words({"count_source": "paced", "reps_counted": 10}) == (
        "10 reps paced by the player"
    )
    assert count_words({"sets": 2, "reps": 10}) == ""  # a log from before the camera coach
    assert count_words({"count_source": None, "reps_counted": None}) == ""


def test_the_record_shows_the_count_and_its_source(client, people, alex):
    client.force_login(people.me.user)
    log = log_session(alex, active_program(alex), dt.date.today(), pain_during=3)
    url = reverse("patient-record", kwargs={"patient_id": alex.pk})
    assert "counted by the camera" not in client.get(url).content.decode()
    log.data["exercises"][0].update(
        {"count_source": "camera", "reps_counted": 20, "full_range_reps": 16}
    )
    log.save(update_fields=["data"])
    body = client.get(url).content.decode()
    assert "(20 reps counted by the camera, 16 to the full range)" in body
