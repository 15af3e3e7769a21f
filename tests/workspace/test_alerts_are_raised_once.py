"""Each trigger raises one alert, however often the event or the daily check repeats."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.management import call_command

from backrehab.care import alerts, services
from backrehab.care.actions.evaluations import do_record_referral
from backrehab.care.models import Alert, Evaluation
from tests.workspace.conftest import active_program, alex_answers, log_session

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


def kinds(patient: Any) -> list[str]:
    return sorted(Alert.objects.filter(patient=patient).values_list("kind", flat=True))


def test_a_red_flag_answer_in_an_evaluation_raises_one_alert(alex):
    answers = alex_answers()
    answers["red_flags"] = {"saddle_numbness": True}
    result = services.evaluate(alex, answers, kind=Evaluation.Kind.REASSESSMENT)
    assert kinds(alex) == ["red_flag"]
    alert = Alert.objects.get(patient=alex)
    assert alert.key == f"evaluation-{result.evaluation.pk}"
    assert "emergency" in alert.detail
    alerts.after_evaluation(result.evaluation)  # the same event again
    assert Alert.objects.filter(patient=alex).count() == 1


def test_an_evaluation_stopped_by_a_red_flag_raises_an_alert(alex):
    do_record_referral(
        alex,
        {"red_flags": {"saddle_numbness": True}},
        {"urgency": "emergency", "reasons": [{"rule": "x", "text": "Numbness in the saddle."}]},
    )
    assert kinds(alex) == ["red_flag"]
    assert "Numbness in the saddle." in Alert.objects.get(patient=alex).detail


def test_a_red_flag_answered_in_a_session_raises_an_alert(alex):
    log_session(alex, active_program(alex), TODAY, red_flags=["saddle_numbness"])
    assert "red_flag" in kinds(alex)


def test_pain_spreading_down_the_leg_raises_one_alert_per_session(alex):
    program = active_program(alex)
    log = log_session(alex, program, TODAY, peripheralised=True)
    # The engine stops the exercise and alerts too; that is the same event, not a second alert.
    services.apply_progression(alex)
    assert kinds(alex).count("peripheralisation") == 1
    alerts.after_session(log)
    assert kinds(alex).count("peripheralisation") == 1


def test_pain_up_two_points_over_a_week_raises_one_alert_that_week(alex):
    program = active_program(alex)
    for days_ago in (12, 10, 8):
        log_session(alex, program, TODAY - dt.timedelta(days=days_ago), pain_before=2)
    assert "pain_rising" not in kinds(alex)
    log_session(alex, program, TODAY - dt.timedelta(days=1), pain_before=4)
    assert kinds(alex).count("pain_rising") == 1
    log_session(alex, program, TODAY, pain_before=5)
    assert kinds(alex).count("pain_rising") == 1


def test_pain_up_less_than_two_points_raises_nothing(alex):
    program = active_program(alex)
    log_session(alex, program, TODAY - dt.timedelta(days=9), pain_before=3)
    log_session(alex, program, TODAY, pain_before=4)
    assert "pain_rising" not in kinds(alex)


def test_the_weekly_rise_counts_morning_checks_on_the_morning_after():
    day = dt.date(2026, 3, 10)
    readings = alerts.pain_readings(
        [
            {"performed_on": day - dt.timedelta(days=9), "pain_before": "2", "morning": "2"},
            {"performed_on": day, "pain_before": "3", "morning": "6"},
        ]
    )
    assert (day + dt.timedelta(days=1), 6) in readings
    found = alerts.weekly_rise(readings)
    assert found is not None
    rise, last = found
    assert rise == pytest.approx(2.5) and last == day + dt.timedelta(days=1)


def test_a_regress_decision_raises_one_alert(alex):
    program = active_program(alex)
    log_session(alex, program, TODAY, pain_during=8, morning=3)
    new = services.apply_progression(alex)
    assert new is not None
    assert kinds(alex).count("regress") == 1
    assert Alert.objects.get(patient=alex, kind="regress").key == f"program-{new.pk}"


def test_no_session_for_seven_days_is_raised_by_the_daily_command_once(alex):
    log_session(alex, active_program(alex), TODAY - dt.timedelta(days=8))
    out = io.StringIO()
    call_command("raise_alerts", stdout=out)
    assert "no_session: 1" in out.getvalue()
    call_command("raise_alerts", stdout=io.StringIO())
    alert = Alert.objects.get(patient=alex, kind="no_session")
    assert "8 days" in alert.detail


def test_no_alert_while_sessions_are_recent(alex):
    log_session(alex, active_program(alex), TODAY - dt.timedelta(days=6))
    alerts.raise_time_based()
    assert "no_session" not in kinds(alex)


def test_a_patient_without_a_program_in_force_gets_no_quiet_week_alert(alex):
    active_program(alex).delete()
    alerts.raise_time_based(TODAY + dt.timedelta(days=30))
    assert "no_session" not in kinds(alex)
