"""The prescribing page's safety warnings in the clinician's language, naming exercises by name.

care.prescribing keeps each warning's English text (stored with an override) and what it says
as data; this module says it in the reader's language. A warning this module cannot say shows
its English text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.utils.translation import gettext as _

from backrehab.care.prescribing import SafetyWarning
from backrehab.library.catalog import Catalog
from backrehab.portal.reason_text import reason_text
from backrehab.workspace.alert_text import URGENCY


def _above(parts: list[Mapping[str, Any]]) -> str:
    words = {
        "sets": lambda d, t: _("%(dose)s sets (top %(top)s)") % {"dose": d, "top": t},
        "reps": lambda d, t: _("%(dose)s repetitions (top %(top)s)") % {"dose": d, "top": t},
        "hold": lambda d, t: _("a %(dose)s s hold (top %(top)s s)") % {"dose": d, "top": t},
        "duration": lambda d, t: _("%(dose)s s (top %(top)s s)") % {"dose": d, "top": t},
    }
    return ", ".join(words[p["what"]](p["dose"], p["top"]) for p in parts)


def _referral(w: SafetyWarning, name: str, catalog: Catalog | None = None) -> str:
    urgency = str(w.params.get("urgency", ""))
    return _(
        "The latest evaluation found a red flag and referred the patient to a doctor "
        "(%(urgency)s). The engine builds no program until the referral is cleared."
    ) % {"urgency": URGENCY.get(urgency, urgency)}


def _spread(w: SafetyWarning, name: str, catalog: Catalog | None = None) -> str:
    return _(
        "%(exercise)s: stopped by the progression rules because leg pain spread further "
        "(peripheralised) with it."
    ) % {"exercise": name}


def _dose(w: SafetyWarning, name: str, catalog: Catalog | None = None) -> str:
    return _("%(exercise)s: the dose is above the top of its progression ladder (%(above)s).") % {
        "exercise": name,
        "above": _above(list(w.params["above"])),
    }


def _precaution(w: SafetyWarning, name: str, catalog: Catalog | None = None) -> str:
    return _("%(exercise)s goes against a precaution from the latest evaluation: %(why)s") % {
        "exercise": name,
        "why": reason_text(w.params["reason"], catalog),
    }


SAY: dict[str, Callable[[SafetyWarning, str, Catalog | None], str]] = {
    "red-flag-referral": _referral,
    "stop-peripheralisation": _spread,
    "dose-above-ladder": _dose,
}


def warning_text(
    warning: SafetyWarning, names: Mapping[str, str], catalog: Catalog | None = None
) -> str:
    """The warning in the active language; `catalog` (the page's) names exercises without
    asking the database again."""
    name = names.get(warning.exercise, warning.exercise)
    say = SAY.get(warning.rule) or (_precaution if "reason" in warning.params else None)
    if say is None:
        return warning.text
    try:
        return say(warning, name, catalog)
    except (KeyError, TypeError, ValueError):
        return warning.text
