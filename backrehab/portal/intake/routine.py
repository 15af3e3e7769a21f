"""The screens about what the patient wants and has: goals, time, equipment, fitness."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from backrehab.clinical.exercises import Equipment
from backrehab.clinical.intake import (
    Fitness,
    Goal,
)
from backrehab.portal.intake.fields import (
    StepForm,
    any_of,
    as_int,
    one_of,
    yes_no,
)


class Goals(StepForm):
    goals = any_of(
        _("What would you most like to get back to?"),
        [
            (Goal.LESS_PAIN, _("Less pain")),
            (Goal.WALK_FURTHER, _("Walking further")),
            (Goal.SIT_LONGER, _("Sitting for longer")),
            (Goal.STAND_LONGER, _("Standing for longer")),
            (Goal.LIFT_AND_CARRY, _("Lifting and carrying")),
            (Goal.BEND_AND_REACH, _("Bending and reaching")),
            (Goal.SLEEP_BETTER, _("Sleeping better")),
            (Goal.RETURN_TO_WORK, _("Getting back to work")),
            (Goal.RETURN_TO_SPORT, _("Getting back to sport")),
            (Goal.PREVENT_RECURRENCE, _("Keeping the pain from coming back")),
        ],
        _("Choose all that matter to you."),
    )
    goal_notes = forms.CharField(
        label=_("Anything else you want to be able to do? (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


MINUTES = _("%(n)s minutes")  # 10 and more
DAYS = _("%(n)s days")  # 2 and more


class Routine(StepForm):
    minutes_per_session = one_of(
        _("How many minutes can you give each session?"),
        [(str(n), MINUTES % {"n": n}) for n in (10, 15, 20, 30, 45)],
        coerce=as_int,
    )
    sessions_per_week = one_of(
        _("How many days a week can you exercise?"),
        [(str(n), DAYS % {"n": n}) for n in range(2, 8)],
        coerce=as_int,
    )
    equipment = any_of(
        _("Do you have any of these at home?"),
        [
            (Equipment.STRAP, _("A strap or belt (a long towel works too)")),
            (Equipment.BAND, _("An exercise band")),
            (Equipment.STEP, _("A step or sturdy low box")),
            (Equipment.WEDGE, _("A foam wedge")),
            (Equipment.WEIGHT, _("A weight to hold (a dumbbell, kettlebell or a filled bag)")),
            (Equipment.BIKE, _("An exercise bike")),
        ],
        _("A floor, a wall, a chair and a pillow are all most exercises need."),
    )
    floor_transfer = yes_no(
        _("Can you get down to the floor and up again without help?"),
        help_text=_("If not, your exercises are chosen to be done standing, sitting or on a bed."),
    )
    fitness = one_of(
        _("How active are you usually?"),
        [
            (Fitness.LOW, _("Not very active")),
            (Fitness.MODERATE, _("Somewhat active (walks, some exercise)")),
            (Fitness.HIGH, _("Very active (regular sport or training)")),
        ],
    )
