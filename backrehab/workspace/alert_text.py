"""An alert in the reader's language and in clinician words.

Alerts store what they say as data (care.alerts.message: a message id, rule and exercise ids,
dates, numbers); this module turns that into a sentence for the clinician reading it, naming
exercises by their names in the clinic's library. An alert without a message (raised by an
older version) or with a message this version cannot say shows the English text it was
raised with.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from backrehab.care.models import Alert
from backrehab.library.catalog import Catalog
from backrehab.portal.reason_text import question_finding, red_flag_finding

URGENCY = {
    "emergency": gettext_lazy("emergency: today, at an emergency department"),
    "urgent": gettext_lazy("urgent: within 24 hours"),
    "soon": gettext_lazy("soon: within a week or two"),
    "routine": gettext_lazy("routine review"),
}
EVALUATION = {
    "intake": gettext_lazy("First evaluation"),
    "reassessment": gettext_lazy("Re-assessment"),
    "examination": gettext_lazy("Examination finding"),
}


def _day(value: Any) -> str:
    try:
        return date_format(dt.date.fromisoformat(str(value)), "j M Y")
    except ValueError:
        return str(value)


class Names:
    """Exercise names from the clinic's catalog, read only when a message names an exercise
    (most alerts do not, and the dashboard lists many)."""

    def __init__(
        self, catalog: Callable[[], Catalog], known: Mapping[str, str] | None = None
    ) -> None:
        self._load = catalog
        self._known = known or {}
        self._catalog: Catalog | None = None

    def name(self, exercise: Any) -> str:
        if str(exercise) in self._known:
            return self._known[str(exercise)]
        if self._catalog is None:
            self._catalog = self._load()
        return self._catalog.name(str(exercise))

    def names(self, exercises: Any) -> str:
        return ", ".join(self.name(e) for e in (exercises or []))


def _names(ids: Any, catalog: Names) -> str:
    return catalog.names(ids)


def _red_flag_evaluation(p: Mapping[str, Any], catalog: Names) -> str:
    findings = []
    for reason in p.get("reasons") or []:
        found = red_flag_finding(str(reason.get("rule", "")))
        findings.append(found if found is not None else str(reason.get("text", "")))
    urgency = URGENCY.get(str(p.get("urgency")), p.get("urgency", ""))
    return _("%(evaluation)s: red-flag answers that need a doctor (%(urgency)s). %(findings)s") % {
        "evaluation": EVALUATION.get(str(p.get("kind")), p.get("kind", "")),
        "urgency": urgency,
        "findings": " ".join(f"{f.rstrip('.')}." for f in findings if f),
    }


def _red_flag_session(p: Mapping[str, Any], catalog: Names) -> str:
    return _("Red-flag answer after the session of %(day)s: %(findings)s. Contact the patient.") % {
        "day": _day(p.get("day")),
        "findings": "; ".join(question_finding(str(q)) for q in p.get("questions") or []),
    }


def _peripheralisation(p: Mapping[str, Any], catalog: Names) -> str:
    return _(
        "Leg pain spread further (peripheralised) in the session of %(day)s with %(exercises)s. "
        "The exercise is stopped until you review it."
    ) % {"day": _day(p.get("day")), "exercises": _names(p.get("exercises"), catalog)}


def _morning_rise(p: Mapping[str, Any], catalog: Names) -> str:
    return _(
        "Next-morning pain after the session of %(day)s was %(rise)s points above pain before "
        "it: the program is held; review the dose."
    ) % {"day": _day(p.get("day")), "rise": p.get("rise", "?")}


def _skipped_painful(p: Mapping[str, Any], catalog: Names) -> str:
    return _(
        "%(exercise)s was skipped as too painful again (latest: session of %(day)s): consider "
        "an easier variation or another exercise."
    ) % {"exercise": catalog.name(p.get("exercise", "")), "day": _day(p.get("day"))}


def _directional_no_replacement(p: Mapping[str, Any], catalog: Names) -> str:
    return _(
        "The directional exercise %(exercise)s was stopped after the session of %(day)s and its "
        "file has no easier exercise in the same direction: choose what replaces it."
    ) % {"exercise": catalog.name(p.get("exercise", "")), "day": _day(p.get("day"))}


def _regress(p: Mapping[str, Any], catalog: Names) -> str:
    parts = []
    if p.get("eased"):
        parts.append(_("made easier: %(names)s") % {"names": _names(p["eased"], catalog)})
    if p.get("stopped"):
        parts.append(
            _("stopped, no easier step left: %(names)s") % {"names": _names(p["stopped"], catalog)}
        )
    return _("The progression rules eased the program after painful sessions (%(parts)s).") % {
        "parts": "; ".join(parts)
    }


def _pain_rising(p: Mapping[str, Any], catalog: Names) -> str:
    return _(
        "Mean pain in the week to %(day)s is %(rise)s points above the week before (pain before "
        "sessions and next-morning checks)."
    ) % {"day": _day(p.get("day")), "rise": p.get("rise", "?")}


def _no_session(p: Mapping[str, Any], catalog: Names) -> str:
    return _("No session logged since %(since)s (%(days)s days).") % {
        "since": _day(p.get("since")),
        "days": p.get("days", "?"),
    }


def _proposal(p: Mapping[str, Any], catalog: Names) -> str:
    words = {
        "add": lambda name: _("add %(name)s") % {"name": name},
        "remove": lambda name: _("remove %(name)s") % {"name": name},
        "pathway": lambda name: _("a new stratified pathway"),
        "referral": lambda name: _("a referral note"),
    }
    changes = [
        words[str(c["kind"])](catalog.name(c["exercise"]) if c.get("exercise") else "")
        for c in p.get("changes") or []
    ]
    return _(
        "The re-assessment calls for a larger program change (%(changes)s). The patient keeps "
        "the program in force until you approve or reject it."
    ) % {"changes": "; ".join(changes)}


MEASURES = {
    "nprs": gettext_lazy("pain"),
    "odi": gettext_lazy("ODI"),
    "rmdq": gettext_lazy("RMDQ"),
    "psfs": gettext_lazy("PSFS"),
}


def _no_change(p: Mapping[str, Any], catalog: Names) -> str:
    outcomes = ", ".join(
        f"{MEASURES.get(str(o['measure']), o['measure'])} {o['baseline']:g} → {o['latest']:g}"
        for o in p.get("outcomes") or []
    )
    return _(
        "No important change after %(weeks)s weeks of care (%(outcomes)s): consider reviewing "
        "the diagnosis and the plan."
    ) % {"weeks": p.get("weeks", "?"), "outcomes": outcomes}


SAY: dict[str, Callable[[Mapping[str, Any], Names], str]] = {
    "red-flag-evaluation": _red_flag_evaluation,
    "red-flag-session": _red_flag_session,
    "peripheralisation": _peripheralisation,
    "alert-morning-rise": _morning_rise,
    "alert-skipped-painful": _skipped_painful,
    "alert-directional-no-replacement": _directional_no_replacement,
    "regress": _regress,
    "pain-rising": _pain_rising,
    "no-session": _no_session,
    "proposal": _proposal,
    "no-change": _no_change,
}


def alert_text(
    alert: Alert,
    catalog: Catalog | Callable[[], Catalog],
    names: Mapping[str, str] | None = None,
) -> str:
    """The alert's sentence; `names` (exercise id -> name, in the reader's language) or else
    `catalog` (or a function that reads it) names the exercises."""
    said = alert.message or {}
    say = SAY.get(str(said.get("id", "")))
    if say is None:
        return alert.detail
    known = Names((lambda: catalog) if isinstance(catalog, Catalog) else catalog, names)
    try:
        return say(said.get("params") or {}, known)
    except (KeyError, TypeError, ValueError):
        return alert.detail
