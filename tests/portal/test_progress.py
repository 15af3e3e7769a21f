"""My progress: pain and questionnaire charts, sessions week by week, dose changes and why."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from backrehab.care.models import Evaluation, Program
from backrehab.clinic.models import Patient
from backrehab.library.catalog import Catalog
from backrehab.library.queries import dose_words, item_dose_words
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal.charts import show_number
from backrehab.portal.progress_data import adherence_calendar, dose_histories
from tests import personas

pytestmark = pytest.mark.django_db
URL = "/my/progress/"


@pytest.fixture
def alex(client):
    seed_demo_clinic()
    client.force_login(User.objects.get(username="demo-alex"))
    return Patient.objects.get(user__username="demo-alex")


def new_patient(client) -> Patient:
    clinic = personas.clinic("Clinic", "c")
    newbie = personas.patient(clinic, None, "newbie", joined_on=timezone.localdate())
    client.force_login(newbie.user)
    return newbie


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_a_new_patient_sees_an_empty_state_instead_of_empty_charts(client):
    new_patient(client)
    text = client.get(URL).text
    assert "Nothing to show yet" in text and "<svg" not in text


def test_the_pain_chart_shows_session_and_evaluation_pain_with_a_text_alternative(client, alex):
    text = client.get(URL).text
    assert 'id="chart-pain-h"' in text
    assert 'class="chart"' in text and 'role="img"' in text
    assert "Before a session" in text and "Next morning" in text and "At an evaluation" in text
    # the sentence and the numbers, for screen readers and anyone who prefers text
    assert re.search(r"Pain before a session went down from \d+ on", text)
    assert "Show the numbers" in text and '<th scope="col">Before a session</th>' in text


def test_the_important_change_is_marked_from_the_first_score(client, alex):
    first = Evaluation.objects.filter(patient=alex).earliest("taken_at")
    nprs = first.scores["nprs"]["now"]
    text = client.get(URL).text
    assert 'class="target-band"' in text and 'class="target-line"' in text
    assert f"Shaded: {nprs - 2} or less, an improvement that matters" in text
    odi = first.scores["odi"]["percent"]
    assert f"Shaded: {show_number(round(odi - 10, 1))}% or less" in text


def test_questionnaire_charts_show_the_change_that_matters_between_evaluations(client, alex):
    first = Evaluation.objects.filter(patient=alex).earliest("taken_at")
    scores = {**first.scores, "odi": {**first.scores["odi"], "percent": 10.0}}
    Evaluation.objects.create(
        patient=alex, kind="reassessment", answers=first.answers, scores=scores
    )
    text = client.get(URL).text
    assert "Back pain and daily life (ODI)" in text
    assert "an improvement that matters" in text


def test_charts_reference_no_other_host_and_carry_no_script(client, alex):
    text = client.get(URL).text
    charts = re.findall(r"<svg class=\"chart\".*?</svg>", text, flags=re.S)
    assert charts
    for svg in charts:
        assert "http" not in svg and "<script" not in svg and "href" not in svg
    assert "<script" not in text.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_adherence_calendar_counts_done_against_prescribed_per_week(client, alex):
    text = client.get(URL).text
    assert "Sessions week by week" in text
    assert re.search(r"\d+ of \d+ planned sessions done so far", text)
    assert "session done" in text and re.search(r'<td class="count">\d+/\d+</td>', text)


def test_adherence_calendar_marks_days_done_missed_planned_and_rest():
    program = Program(plan={"sessions_per_week": 3})  # Monday, Wednesday, Saturday
    monday = dt.date(2026, 11, 2)
    weeks, summary = adherence_calendar(program, [monday], monday, monday + dt.timedelta(days=3))
    states = [d.state for d in weeks[0].days]
    assert states == ["done", "rest", "missed", "rest", "rest", "planned", "rest"]
    assert (weeks[0].done, weeks[0].prescribed) == (1, 3)
    assert summary == "1 of 2 planned sessions done so far (3 a week)."


def test_dose_history_shows_each_change_with_its_reason(alex):
    program = Program.objects.get(patient=alex, is_active=True)
    item = program.plan["items"][0]
    program.is_active = False
    program.save()
    harder = {**item, "sets": item["sets"] + 1}
    Program.objects.create(
        patient=alex,
        plan={**program.plan, "items": [harder, *program.plan["items"][1:]]},
        changes=[
            {
                "exercise": item["exercise"],
                "decision": "progress",
                "dose": None,
                "replacement": None,
                "reasons": [{"rule": "progress-easy", "text": "It felt easy twice: one more set."}],
            }
        ],
        created_at=timezone.now() + dt.timedelta(seconds=1),
    )
    histories = {
        h.exercise: h
        for h in dose_histories(
            list(alex.programs.order_by("created_at")), Catalog.for_clinic(alex.clinic_id)
        )
    }
    steps = histories[item["exercise"]].steps
    assert [s.dose for s in steps[-2:]] == [
        item_dose_words(item, compact=True),
        item_dose_words(harder, compact=True),
    ]
    assert steps[-1].why == ("It felt easy twice: one more set.",)


def compact(item: dict[str, object]) -> str:
    return item_dose_words(item, compact=True)


def test_the_dose_table_uses_the_short_form_of_the_program_wording():
    assert compact({"sets": 2, "reps": 10, "per_side": True}) == "2 sets of 10 each side"
    assert compact({"sets": 1, "hold_seconds": 20}) == "1 set holding 20 s"
    assert compact({"sets": 1, "duration_seconds": 720}) == "12 min"
    assert compact({"sets": 2, "duration_seconds": 30}) == "2 sets of 30 s"
    assert compact({"sets": 1, "duration_seconds": 150}) == "2.5 min"


def test_the_program_says_the_dose_in_full_with_the_same_function():
    item = {"sets": 2, "reps": 10, "hold_seconds": 5, "per_side": True}
    assert item_dose_words(item) == "2 sets of 10 repetitions, hold each 5 s, each side"
    # The rest between sets is said only when there is more than one set.
    assert dose_words(2, 8, None, None, False, 30).endswith("; rest 30 s between sets")
    assert dose_words(1, 8, None, None, False, 30) == "1 set of 8 repetitions"


def test_a_check_in_is_offered_when_the_last_evaluation_is_two_weeks_old(client, alex):
    Evaluation.objects.filter(patient=alex).update(taken_at=timezone.now() - dt.timedelta(days=14))
    text = client.get(URL).text
    assert "Time for a check-in" in text and "/my/evaluation/?kind=reassessment" in text


def test_no_check_in_is_offered_after_a_recent_evaluation(client, alex):
    Evaluation.objects.filter(patient=alex).update(taken_at=timezone.now() - dt.timedelta(days=13))
    assert "Time for a check-in" not in client.get(URL).text


def test_a_changed_dose_is_also_drawn_as_a_step_chart(client, alex):
    program = Program.objects.get(patient=alex, is_active=True)
    item = program.plan["items"][0]
    program.is_active = False
    program.save()
    Program.objects.create(
        patient=alex,
        plan={
            **program.plan,
            "items": [{**item, "sets": item["sets"] + 1}, *program.plan["items"][1:]],
        },
        created_at=timezone.now() + dt.timedelta(seconds=1),
    )
    text = client.get(URL).text
    assert f'id="chart-dose-{item["exercise"]}-title"' in text
    assert "per session." in text
