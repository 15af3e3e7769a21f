"""Session reminders: the calendar feed a patient subscribes to, and who is reminded when: by
a notification on each phone they switched notifications on for (Web Push), by e-mail when they
have none or no phone took it (and they asked for e-mails).

Both follow the weekly pattern of backrehab.clinical.schedule, so the calendar, the e-mail and the
Today screen always name the same days. Times are the clinic's (settings.TIME_ZONE).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Alarm, Calendar, Event

from backrehab.care.models import Program, SessionLog
from backrehab.care.schedules import schedule_of
from backrehab.clinic.models import Patient
from backrehab.clinical.schedule import is_session_day, scheduled_days
from backrehab.messaging import push
from backrehab.messaging.notify import push_to_patient
from backrehab.portal.models import CalendarFeed
from backrehab.portal.services import active_program

log = logging.getLogger(__name__)

FEED_WEEKS = 8
# A job that missed runs (machine asleep, restart) still sends within this many hours after the
# patient's chosen time, but never late in the evening for a morning reminder.
SEND_WINDOW_HOURS = 3
DEFAULT_MINUTES = 20
DEFAULT_TIME = dt.time(9, 0)


def clinic_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def feed_for(patient: Patient) -> CalendarFeed:
    """The patient's calendar feed, made on first use."""
    feed, _created = CalendarFeed.objects.get_or_create(patient=patient)
    return feed


def email_language(patient: Patient) -> str:
    """The language the patient's e-mails are written in."""
    known = {code for code, _name in settings.LANGUAGES}
    return patient.language if patient.language in known else settings.LANGUAGE_CODE


@dataclass(frozen=True)
class SessionEvent:
    day: dt.date
    start: dt.datetime  # aware, clinic time
    minutes: int
    exercises: int


def session_events(
    patient: Patient, today: dt.date, *, weeks: int = FEED_WEEKS, at: dt.time | None = None
) -> list[SessionEvent]:
    """One event per scheduled session of the program in force, from today for `weeks` weeks,
    starting at `at` (default: the patient's reminder time)."""
    program = active_program(patient)
    if program is None:
        return []
    if at is None:
        feed = CalendarFeed.objects.filter(patient=patient).first()
        at = feed.reminder_time if feed else DEFAULT_TIME
    per_week = program.sessions_per_week
    if per_week < 1:
        return []  # a red flag stopped the program: no sessions to put in a calendar
    minutes = max(5, int(program.plan.get("minutes") or DEFAULT_MINUTES))
    exercises = len(program.plan.get("items", []))
    zone = clinic_zone()
    end = today + dt.timedelta(weeks=weeks) - dt.timedelta(days=1)
    return [
        SessionEvent(day, dt.datetime.combine(day, at, tzinfo=zone), minutes, exercises)
        for day in scheduled_days(today, end, schedule_of(patient, per_week))
    ]


def calendar_ics(feed: CalendarFeed, today: dt.date, *, session_url: str = "") -> bytes:
    """The iCalendar document for a feed: the next sessions, with a reminder at their start."""
    calendar = Calendar()
    calendar.add("prodid", "-//backrehab//session calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Back exercises"))
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for event in session_events(feed.patient, today, at=feed.reminder_time):
        entry = Event()
        # Stable per patient and day, so calendar apps update an event instead of duplicating it;
        # the feed's secret token is deliberately not part of it.
        entry.add("uid", f"session-{feed.patient.pk}-{event.day.isoformat()}@backrehab")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.start)
        entry.add("dtend", event.start + dt.timedelta(minutes=event.minutes))
        entry.add("summary", _("Back exercises"))
        text = ngettext(
            "Your exercise session: %(count)s exercise, about %(minutes)s minutes.",
            "Your exercise session: %(count)s exercises, about %(minutes)s minutes.",
            event.exercises,
        ) % {"count": event.exercises, "minutes": event.minutes}
        if session_url:
            text += "\n" + _("Start it here: %(url)s") % {"url": session_url}
            entry.add("url", session_url)
        entry.add("description", text)
        entry.add("transp", "OPAQUE")
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _("Time for your back exercises"))
        alarm.add("trigger", dt.timedelta(0))
        entry.add_component(alarm)
        calendar.add_component(entry)
    calendar.add_missing_timezones()
    body: bytes = calendar.to_ical()
    return body


# --- Reminders: a push to the patient's phones, or an e-mail ------------------------------------


def wants_email(feed: CalendarFeed) -> bool:
    return feed.reminders_by_email and bool(feed.patient.user.email)


def due_reminders(now: dt.datetime) -> list[CalendarFeed]:
    """Feeds whose patient should be reminded now.

    Notifications on for a phone, or e-mails asked for with an address; a program whose sessions
    fall today, the chosen time reached (within SEND_WINDOW_HOURS), today's session not yet
    done, and no reminder sent today.
    """
    local = now.astimezone(clinic_zone())
    today = local.date()
    window_start = local - dt.timedelta(hours=SEND_WINDOW_HOURS)
    # Times are of the day: a window reaching back over midnight starts at midnight.
    earliest = window_start.time() if window_start.date() == today else None
    reachable = Q(reminders_by_email=True) & ~Q(patient__user__email="")
    reachable |= Q(patient__push_subscriptions__isnull=False)
    in_window = Q(reminder_time__lte=local.time())
    if earliest is not None:
        in_window &= Q(reminder_time__gt=earliest)
    candidates = (
        CalendarFeed.objects.filter(reachable, in_window, patient__user__is_active=True)
        .exclude(last_reminder_on=today)
        .select_related("patient__user")
        .distinct()
    )
    due = []
    for feed in candidates:
        program = Program.objects.filter(patient=feed.patient, is_active=True).first()
        if program is None or program.sessions_per_week < 1:
            continue
        if not is_session_day(today, schedule_of(feed.patient, program.sessions_per_week)):
            continue
        if SessionLog.objects.filter(patient=feed.patient, performed_on=today).exists():
            continue
        due.append(feed)
    return due


def reminder_message(feed: CalendarFeed, *, site_url: str = "") -> tuple[str, str]:
    program = active_program(feed.patient)
    user = feed.patient.user
    name = user.first_name or user.get_username()
    minutes = int(program.plan.get("minutes") or DEFAULT_MINUTES) if program else DEFAULT_MINUTES
    lines = [
        _("Hello %(name)s,") % {"name": name},
        "",
        _("Today is one of your exercise days. Your session takes about %(minutes)s minutes.")
        % {"minutes": minutes},
    ]
    if site_url:
        lines += ["", _("Start it here: %(url)s") % {"url": f"{site_url.rstrip('/')}/my/"}]
    lines += [
        "",
        _(
            "If your pain is much worse, spreads down your leg, or comes with numbness, weakness "
            "or bladder or bowel changes, do not exercise: contact your doctor or physical "
            "therapist."
        ),
        "",
        _(
            "You get this e-mail because you switched on reminders in backrehab. "
            "You can switch them off on the Reminders page."
        ),
    ]
    return _("Your back exercises today"), "\n".join(lines)


def send_due_reminders(now: dt.datetime, *, site_url: str = "") -> int:
    """Remind everyone due now, by push or else by e-mail; returns how many patients were
    reminded. Safe to run as often as you like: nobody is reminded twice a day."""
    today = now.astimezone(clinic_zone()).date()
    sent = 0
    for feed in due_reminders(now):
        # Claim the day first, so two overlapping runs cannot both send.
        with transaction.atomic():
            claimed = (
                CalendarFeed.objects.filter(pk=feed.pk)
                .exclude(last_reminder_on=today)
                .update(last_reminder_on=today)
            )
        if not claimed:
            continue
        if push_to_patient(feed.patient, push.REMINDER):
            sent += 1
            continue
        if not wants_email(feed):
            # No phone took it and no e-mail asked for: give the day back for the next run.
            CalendarFeed.objects.filter(pk=feed.pk).update(last_reminder_on=feed.last_reminder_on)
            continue
        # Each e-mail in the patient's own language, whatever language the job runs in.
        with translation.override(email_language(feed.patient)):
            subject, body = reminder_message(feed, site_url=site_url)
        try:
            send_mail(subject, body, None, [feed.patient.user.email])
        except Exception:
            # Give the day back, so the next run tries again.
            CalendarFeed.objects.filter(pk=feed.pk).update(last_reminder_on=feed.last_reminder_on)
            log.exception("reminder to patient %s not sent", feed.patient.pk)
            continue
        sent += 1
    return sent
