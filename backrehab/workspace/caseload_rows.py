"""The dashboard's caseload table rows, drawn in Python.

Fifty rows of nine cells were the larger part of the dashboard's time: the template engine
resolved some 1,500 variables and 500 `{% if %}` for one page (about half of the page's time
under cProfile on a 10,000-patient clinic). Here each row is one f-string; every value from the
database or a translation goes through `escape` (the standard library's, which Django's own
`escape` wraps), and each word is translated once a page, not once a row. The header, filters
and pager stay in workspace/dashboard.html.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from django.utils.formats import date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from backrehab.workspace.queries import OutcomeChange, PainTrend, Row


class _Words:
    """What the cells say, translated (and escaped) once for a page."""

    def __init__(self) -> None:
        self.risk = {
            "high": escape(_("High")),
            "medium": escape(_("Medium")),
            "low": escape(_("Low")),
        }
        self.not_scored = self._muted(_("Not scored"))
        self.none_yet = self._muted(_("None yet"))
        self.not_due = self._muted(_("No session due yet"))
        self.no_program = self._muted(_("No program"))
        self.no_clinician = self._muted(_("No clinician"))
        self.no_sessions = self._muted(_("No sessions"))
        self.no_reassessment = self._muted(_("No re-assessment yet"))
        self.verdicts = {
            "improved": _("improved"),
            "worse": _("worse"),
            "no-important-change": _("no important change"),
        }
        self.up, self.down, self.steady = (
            _("Up, %(a)s to %(b)s"),
            _("Down, %(a)s to %(b)s"),
            _("Steady at %(a)s"),
        )
        self._days: dict[dt.date, str] = {}
        self._unread: dict[int, str] = {}

    @staticmethod
    def _muted(text: str) -> str:
        return f'<span class="muted">{escape(text)}</span>'

    def day(self, day: dt.date) -> str:
        if day not in self._days:
            self._days[day] = escape(date_format(day, "j M Y"))
        return self._days[day]

    def messages_label(self, patient: str, n: int) -> str:
        if n not in self._unread:
            self._unread[n] = ngettext(
                "Messages with %(patient)s: %(n)s unread",
                "Messages with %(patient)s: %(n)s unread",
                n,
            )
        return escape(self._unread[n] % {"patient": patient, "n": n})

    def pain(self, trend: PainTrend) -> str:
        first, last = trend.first, trend.last
        if trend.direction > 0:
            kind, arrow, words = "up", "↑", self.up % {"a": first, "b": last}
        elif trend.direction < 0:
            kind, arrow, words = "down", "↓", self.down % {"a": first, "b": last}
        else:
            kind, arrow, words = "flat", "→", self.steady % {"a": first}
        return (
            f'<span class="trend trend-{kind}"><span aria-hidden="true">{arrow}</span> '
            f"{escape(words)}</span>"
        )

    def outcome(self, change: OutcomeChange) -> str:
        verdict = self.verdicts.get(change.verdict, self.verdicts["no-important-change"])
        text = f"{change.measure} {change.before} → {change.after}: {verdict}"
        return (
            f'<span class="verdict verdict-{escape(change.verdict)}" '
            f'title="{escape(change.reason)}">{escape(text)}</span>'
        )


def _badge_or_zero(n: int) -> str:
    return f'<span class="badge">{n}</span>' if n else "0"


def caseload_rows(rows: Sequence[Row]) -> list[SafeString]:
    """One `<tr>` per row, in the order given."""
    words = _Words()
    drawn = []
    for row in rows:
        if row.risk in words.risk:
            risk = f'<span class="risk risk-{row.risk}">{words.risk[row.risk]}</span>'
        else:
            risk = words.not_scored
        last = words.day(row.last_session) if row.last_session else words.none_yet
        if row.prescribed:
            adherence = (
                f'{row.done} / {row.prescribed} <span class="muted">'
                f"({row.adherence_percent}%)</span>"
            )
        else:
            adherence = words.not_due if row.per_week else words.no_program
        name = str(row.patient)
        drawn.append(
            mark_safe(  # noqa: S308 - every value above and below is escaped or a number
                f'<tr><th scope="row"><a href="{escape(row.record_url)}">{escape(name)}</a></th>'
                f"<td>{risk}</td><td>{last}</td><td>{adherence}</td>"
                f"<td>{escape(row.clinician) if row.clinician else words.no_clinician}</td>"
                f"<td>{words.pain(row.pain) if row.pain else words.no_sessions}</td>"
                f"<td>{words.outcome(row.outcome) if row.outcome else words.no_reassessment}</td>"
                f"<td>{_badge_or_zero(row.open_alerts)}</td>"
                f'<td><a class="thread-link" href="{escape(row.messages_url)}" '
                f'aria-label="{words.messages_label(name, row.unread_messages)}">'
                f"{_badge_or_zero(row.unread_messages)}</a></td></tr>"
            )
        )
    return drawn
