"""Words for the library's vocabulary as people read them, in their language."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

LABELS: dict[str, Promise] = {
    # categories
    "warm-up": _("Warm-up"),
    "mobility": _("Mobility"),
    "stretch": _("Stretch"),
    "motor-control": _("Motor control"),
    "strength": _("Strength"),
    "aerobic": _("Aerobic"),
    # positions
    "supine": _("Lying on your back"),
    "prone": _("Lying face down"),
    "side-lying": _("Lying on your side"),
    "quadruped": _("Hands and knees"),
    "kneeling": _("Kneeling"),
    "seated": _("Seated"),
    "standing": _("Standing"),
    # movement bias
    "flexion": _("Bending forward (flexion)"),
    "extension": _("Bending backward (extension)"),
    "rotation": _("Twisting (rotation)"),
    "neutral": _("Neutral spine"),
    # equipment
    "mat": _("Mat"),
    "wall": _("Wall"),
    "chair": _("Chair"),
    "strap": _("Strap or towel"),
    "pillow": _("Pillow"),
    "step": _("Step"),
    "band": _("Resistance band"),
    "wedge": _("Wedge or cushions"),
    "weight": _("Weight (dumbbell, kettlebell or a filled bag)"),
    "bike": _("Exercise bike"),
}


def choices(values: list[str]) -> list[tuple[str, Promise]]:
    return [(value, LABELS[value]) for value in values]
