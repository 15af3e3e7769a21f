"""CalendarFeed.reminder_hour (whole hours) becomes reminder_time (hours and minutes); each
patient keeps the hour they chose."""

import datetime

from django.db import migrations, models


def hour_to_time(apps, schema_editor):
    CalendarFeed = apps.get_model("portal", "CalendarFeed")
    for hour in CalendarFeed.objects.values_list("reminder_hour", flat=True).distinct():
        CalendarFeed.objects.filter(reminder_hour=hour).update(
            reminder_time=datetime.time(min(max(hour, 0), 23), 0)
        )


def time_to_hour(apps, schema_editor):
    CalendarFeed = apps.get_model("portal", "CalendarFeed")
    for feed in CalendarFeed.objects.only("pk", "reminder_time"):
        CalendarFeed.objects.filter(pk=feed.pk).update(reminder_hour=feed.reminder_time.hour)


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0005_invite_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="calendarfeed",
            name="reminder_time",
            field=models.TimeField(default=datetime.time(9, 0)),
        ),
        migrations.RunPython(hour_to_time, time_to_hour),
        migrations.RemoveField(model_name="calendarfeed", name="reminder_hour"),
    ]
