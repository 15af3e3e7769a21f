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


# The conditions exercise precautions name (clinical/conditions.py keeps the English label with
# its reason and source; these are what a page shows, in the reader's language).
CONDITION_NAMES: dict[str, Promise] = {
    "lumbar-stenosis": _("Lumbar spinal stenosis"),
    "spondylolisthesis": _("Spondylolisthesis"),
    "flexion-peripheralises": _("Bending forward sends pain down the leg (extension preference)"),
    "extension-peripheralises": _("Bending backward sends pain down the leg (flexion preference)"),
    "osteoporosis": _("Osteoporosis"),
    "pregnancy-trimester-1": _("Pregnancy, first trimester"),
    "pregnancy-trimester-2": _("Pregnancy, second trimester"),
    "pregnancy-trimester-3": _("Pregnancy, third trimester"),
    "high-irritability": _("High irritability (pain 7/10 or more)"),
    "post-operative": _("After spinal surgery (first weeks)"),
    "radicular-leg-pain": _("Nerve-related leg pain (sciatica)"),
}


def condition_name(condition: str) -> str:
    """A condition's name in the reader's language (its id, for one this version does not know)."""
    return str(CONDITION_NAMES.get(condition, condition))
