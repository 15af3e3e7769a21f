"""Server-rendered SVG charts for the progress page.

Hand-written SVG rather than a chart library, after trying the candidates:
- pygal always embeds an inline <script> (its tooltip configuration), which our
  Content-Security-Policy (script-src 'self') forbids.
- matplotlib's SVG backend (3.11, tried for a 12-point pain chart): no script, but an inline
  <style> element (style-src 'self' forbids it), no <desc>, fixed point sizes and its own colours
  instead of classes; 13 KB per chart against 1.8 KB here, 100-160 ms per chart against 0.3 ms,
  2 s to import, and about 80 MB of dependencies (numpy). Not worth it for four line charts.
These charts are drawn for a phone first (a 320-unit-wide drawing shown about 300 px wide),
reference no other host, carry no script and are styled by class from progress.css.

Every chart comes with its text alternative: a one-sentence summary and the numbers as a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape
from math import ceil

from django.utils.dateformat import format as format_date
from django.utils.formats import number_format
from django.utils.safestring import SafeString, mark_safe

WIDTH = 320
HEIGHT = 210
LEFT, RIGHT, TOP, BOTTOM = 42, 16, 14, 32
FONT = 16  # drawing units: about 15 px on a 360 px phone; the tables carry the exact numbers

MARKERS = ("circle", "square", "diamond", "triangle")


@dataclass(frozen=True)
class Series:
    key: str  # CSS class suffix: series-<key>
    label: str
    points: tuple[tuple[dt.date, float], ...]
    marker: str = "circle"
    step: bool = False  # a dose holds until it changes: draw steps, not slopes

    @property
    def swatch(self) -> SafeString:
        return legend_marker(self)


@dataclass(frozen=True)
class Target:
    """The change that matters (MCID) from the baseline, shaded on the side that is better."""

    value: float
    lower_is_better: bool
    label: str


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    summary: str
    svg: SafeString
    series: tuple[Series, ...]
    target: Target | None
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...] = field(default_factory=tuple)

    @property
    def empty(self) -> bool:
        return not any(s.points for s in self.series)


def show_number(value: float) -> str:
    # One decimal at most, with the reader's decimal mark ("37.8" in English, "37,8" in Spanish).
    return str(int(value)) if float(value).is_integer() else number_format(round(value, 1), 1)


def show_date(day: dt.date) -> str:
    # "3 Nov" in English, the active language's month abbreviation otherwise.
    return str(format_date(day, "j M"))


def nice_max(value: float) -> float:
    """A round axis maximum at or above the value, whose half (the middle grid line) is whole."""
    if value <= 10:
        return 10
    return float(ceil(value / 10) * 10)


def line_chart(
    id: str,
    title: str,
    series: Sequence[Series],
    *,
    y_max: float,
    summary: str,
    target: Target | None = None,
    until: dt.date | None = None,
) -> Chart:
    """Values over dates, 0 at the bottom; `until` stretches the time axis (e.g. to today)."""
    days = sorted({d for s in series for d, _v in s.points} | ({until} if until else set()))
    table = _table(series)
    if not any(s.points for s in series):
        return Chart(id, title, summary, mark_safe(""), tuple(series), target, *table)
    first, last = days[0], days[-1]
    span = max(1, (last - first).days)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(day: dt.date) -> float:
        if first == last:
            return LEFT + plot_w / 2
        return LEFT + plot_w * (day - first).days / span

    def y(value: float) -> float:
        return TOP + plot_h * (1 - max(0.0, min(value, y_max)) / y_max)

    parts: list[str] = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{id}-title {id}-desc" focusable="false">',
        f'<title id="{id}-title">{escape(title)}</title>',
        f'<desc id="{id}-desc">{escape(summary)}</desc>',
    ]
    if target is not None:
        line_y = y(target.value)
        top, bottom = (line_y, TOP + plot_h) if target.lower_is_better else (TOP, line_y)
        parts.append(
            f'<rect class="target-band" x="{LEFT}" y="{top:.1f}" width="{plot_w}" '
            f'height="{max(0.0, bottom - top):.1f}"/>'
        )
        parts.append(
            f'<line class="target-line" x1="{LEFT}" x2="{LEFT + plot_w}" '
            f'y1="{line_y:.1f}" y2="{line_y:.1f}"/>'
        )
    for value in (0, y_max / 2, y_max):
        gy = y(value)
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{LEFT + plot_w}" y1="{gy}" y2="{gy}"/>')
        parts.append(
            f'<text class="tick" x="{LEFT - 6}" y="{gy + FONT / 3:.1f}" '
            f'text-anchor="end" font-size="{FONT}">{show_number(value)}</text>'
        )
    ticks = [first] if first == last else [first, last]
    if span >= 14:
        ticks.insert(1, first + dt.timedelta(days=span // 2))
    anchors = {1: ("middle",), 2: ("start", "end"), 3: ("start", "middle", "end")}[len(ticks)]
    for day, anchor in zip(ticks, anchors, strict=True):
        parts.append(
            f'<text class="tick" x="{x(day):.1f}" y="{HEIGHT - 8}" text-anchor="{anchor}" '
            f'font-size="{FONT}">{escape(show_date(day))}</text>'
        )
    for s in series:
        points = sorted(s.points)
        if not points:
            continue
        coords: list[tuple[float, float]] = []
        for i, (day, value) in enumerate(points):
            if s.step and i:
                coords.append((x(day), coords[-1][1]))
            coords.append((x(day), y(value)))
        if s.step and until is not None and points[-1][0] < last:
            coords.append((x(last), coords[-1][1]))
        if len(coords) > 1:
            path = " ".join(f"{cx:.1f},{cy:.1f}" for cx, cy in coords)
            parts.append(f'<polyline class="line series-{s.key}" points="{path}"/>')
        for day, value in points:
            parts.append(_marker(s, x(day), y(value)))
    parts.append(
        f'<line class="axis" x1="{LEFT}" x2="{LEFT + plot_w}" '
        f'y1="{TOP + plot_h}" y2="{TOP + plot_h}"/>'
    )
    parts.append("</svg>")
    return Chart(id, title, summary, mark_safe("".join(parts)), tuple(series), target, *table)


def _marker(s: Series, cx: float, cy: float, size: float = 5) -> str:
    cls = f'class="marker series-{s.key}"'
    if s.marker == "square":
        return (
            f'<rect {cls} x="{cx - size:.1f}" y="{cy - size:.1f}" '
            f'width="{2 * size}" height="{2 * size}"/>'
        )
    if s.marker == "diamond":
        d = size * 1.3
        return (
            f'<polygon {cls} points="{cx:.1f},{cy - d:.1f} {cx + d:.1f},{cy:.1f} '
            f'{cx:.1f},{cy + d:.1f} {cx - d:.1f},{cy:.1f}"/>'
        )
    if s.marker == "triangle":
        d = size * 1.3
        return (
            f'<polygon {cls} points="{cx:.1f},{cy - d:.1f} {cx + d:.1f},{cy + d * 0.8:.1f} '
            f'{cx - d:.1f},{cy + d * 0.8:.1f}"/>'
        )
    return f'<circle {cls} cx="{cx:.1f}" cy="{cy:.1f}" r="{size}"/>'


def legend_marker(s: Series) -> SafeString:
    """The series' marker as a small standalone SVG, for the legend beside the chart."""
    inner = _marker(s, 10, 10)
    line = f'<line class="line series-{s.key}" x1="0" x2="20" y1="10" y2="10"/>'
    return mark_safe(
        f'<svg class="swatch" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true" '
        f'focusable="false">{line}{inner}</svg>'
    )


def _table(
    series: Sequence[Series],
) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    days = sorted({d for s in series for d, _v in s.points})
    columns = (
        "Date",
        *(s.label for s in series),
    )  # the template says "Date" in the reader's language
    values = [{d: v for d, v in s.points} for s in series]
    rows = tuple(
        (
            show_date(day) + (f" {day.year}" if day.year != days[-1].year else ""),
            *(show_number(v[day]) if day in v else "-" for v in values),
        )
        for day in days
    )
    return columns, rows
