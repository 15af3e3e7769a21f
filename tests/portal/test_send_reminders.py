"""`manage.py send_reminders`: an e-mail on session days at the chosen hour, never twice a day."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from backrehab.care.models import Program, SessionLog
from backrehab.clinic.models import Patient
from backrehab.clinical.schedule import is_session_day, next_session_day
from backrehab.operations.demo import seed_demo_clinic
from backrehab.portal import reminders
from backrehab.portal.actions import do_save_reminder_settings
from backrehab.portal.reminders import send_due_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def alex():
    seed_demo_clinic()
    patient = Patient.objects.get(user__username="demo-alex")
    patient.user.email = "alex@example.org"
    patient.user.save()
    do_save_reminder_settings(patient, by_email=True, at=dt.time(8))
    return patient


def per_week(patient: Patient) -> int:
    return int(Program.objects.get(patient=patient, is_active=True).plan["sessions_per_week"])


def session_day(patient: Patient) -> dt.date:
    """A session day after any session the demo recorded."""
    return next_session_day(timezone.localdate() + dt.timedelta(days=1), per_week(patient))


def rest_day(patient: Patient) -> dt.date:
    day = timezone.localdate() + dt.timedelta(days=1)
    while is_session_day(day, per_week(patient)):
        day += dt.timedelta(days=1)
    return day


def at(day: dt.date, hour: int, minute: int = 5, zone: str = "UTC") -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


def test_a_patient_who_opted_in_is_emailed_on_a_session_day_at_their_hour(alex):
    assert send_due_reminders(at(session_day(alex), 8)) == 1
    (message,) = mail.outbox
    assert message.to == ["alex@example.org"]
    assert message.subject == "Your back exercises today"
    assert "Hello Alex" in message.body and "minutes" in message.body


def test_no_second_email_the_same_day(alex):
    day = session_day(alex)
    send_due_reminders(at(day, 8))
    send_due_reminders(at(day, 9))
    assert len(mail.outbox) == 1


def test_nothing_before_the_chosen_hour(alex):
    assert send_due_reminders(at(session_day(alex), 7)) == 0 and mail.outbox == []


def test_a_time_with_minutes_is_kept_to_the_quarter_hour(alex):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8, 45))
    day = session_day(alex)
    assert send_due_reminders(at(day, 8, 40)) == 0
    assert send_due_reminders(at(day, 8, 45)) == 1


def test_a_reminder_time_off_the_quarter_hours_is_refused(alex):
    with pytest.raises(ValueError, match="steps of 15 minutes"):
        do_save_reminder_settings(alex, by_email=True, at=dt.time(8, 10))


def test_a_late_evening_reminder_is_not_sent_after_midnight(alex):
    do_save_reminder_settings(alex, by_email=True, at=dt.time(22, 45))
    day = session_day(alex)
    assert send_due_reminders(at(day, 0, 30)) == 0
    assert send_due_reminders(at(day, 22, 50)) == 1


def test_a_missed_hourly_run_is_caught_up_but_not_late_in_the_day(alex):
    day = session_day(alex)
    assert send_due_reminders(at(day, 8 + reminders.SEND_WINDOW_HOURS)) == 0
    assert send_due_reminders(at(day, 8 + reminders.SEND_WINDOW_HOURS - 1)) == 1


def test_nothing_on_a_rest_day(alex):
    assert send_due_reminders(at(rest_day(alex), 8)) == 0


def test_nothing_once_todays_session_is_done(alex):
    day = session_day(alex)
    log = SessionLog.objects.filter(patient=alex).first()
    log.pk = None
    log.client_id = "00000000-0000-4000-8000-000000000001"
    log.performed_on = day
    log.save()
    assert send_due_reminders(at(day, 8)) == 0


def test_nothing_for_patients_who_did_not_opt_in_or_have_no_email(alex):
    day = session_day(alex)
    do_save_reminder_settings(alex, by_email=False, at=dt.time(8))
    assert send_due_reminders(at(day, 8)) == 0
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8))
    alex.user.email = ""
    alex.user.save()
    assert send_due_reminders(at(day, 8)) == 0


def test_the_hour_is_clinic_time(alex, settings):
    settings.TIME_ZONE = "America/New_York"
    day = session_day(alex)
    # 08:05 in New York is 13:05 UTC (November, no daylight saving)
    assert send_due_reminders(at(day, 8, zone="UTC")) == 0
    assert send_due_reminders(at(day, 8, zone="America/New_York")) == 1


def test_a_failed_send_is_tried_again_next_hour(alex, monkeypatch):
    day = session_day(alex)

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert send_due_reminders(at(day, 8)) == 0
    monkeypatch.undo()
    assert send_due_reminders(at(day, 9)) == 1


def test_the_command_sends_with_a_link_and_reports_the_count(alex, monkeypatch):
    day = session_day(alex)
    monkeypatch.setattr(timezone, "now", lambda: at(day, 8))
    out = StringIO()
    call_command("send_reminders", "--site-url", "https://rehab.example.org", stdout=out)
    assert out.getvalue().strip() == "1 reminder sent"
    assert "https://rehab.example.org/my/" in mail.outbox[0].body


def test_the_command_help_says_how_to_schedule_it():
    from backrehab.portal.management.commands.send_reminders import Command

    assert "every 15 minutes" in Command.help and "cron" in Command.help
    assert "OnCalendar=*:0/15" in Command.help


def test_each_email_goes_out_in_the_patients_language(alex, settings):
    day = session_day(alex)
    do_save_reminder_settings(alex, by_email=True, at=dt.time(8), language="es")
    assert send_due_reminders(at(day, 8)) == 1
    message = mail.outbox[0]
    assert "Hola" in message.body and "Hello" not in message.body
    assert message.subject != "Your back exercises today"


def test_without_a_chosen_language_emails_are_in_the_sites_default(alex, settings):
    settings.LANGUAGE_CODE = "en"
    from django.utils import translation

    with translation.override("es"):  # whatever language the job happens to run in
        assert send_due_reminders(at(session_day(alex), 8)) == 1
    assert mail.outbox[0].body.startswith("Hello")
