"""The SVG charts: drawn on the server for a phone, no script, no other host, always with text."""

from __future__ import annotations

import datetime as dt
import re

from backrehab.portal.charts import (
    BOTTOM,
    HEIGHT,
    TOP,
    Series,
    Target,
    legend_marker,
    line_chart,
    nice_max,
)

DAY = dt.date(2026, 11, 2)


def pain(*values: float) -> Series:
    return Series(
        "before", "Before", tuple((DAY + dt.timedelta(days=2 * i), v) for i, v in enumerate(values))
    )


def test_a_chart_is_an_accessible_image_with_title_and_description():
    chart = line_chart("c", "Pain, 0 to 10", [pain(6, 4, 3)], y_max=10, summary="Went down.")
    assert 'role="img"' in chart.svg and 'aria-labelledby="c-title c-desc"' in chart.svg
    assert '<title id="c-title">Pain, 0 to 10</title>' in chart.svg
    assert '<desc id="c-desc">Went down.</desc>' in chart.svg


def test_a_chart_has_its_numbers_as_a_table():
    chart = line_chart("c", "Pain", [pain(6, 4)], y_max=10, summary="")
    assert chart.columns == ("Date", "Before")
    assert chart.rows == (("2 Nov", "6"), ("4 Nov", "4"))


def test_a_chart_needs_no_script_and_no_other_host():
    chart = line_chart("c", "Pain", [pain(6, 4)], y_max=10, summary="")
    assert "<script" not in chart.svg and "http" not in chart.svg and "href" not in chart.svg
    assert "style=" not in chart.svg  # styled from progress.css, so a strict CSP allows it


def test_a_chart_is_drawn_for_a_phone_with_readable_text():
    chart = line_chart("c", "Pain", [pain(6, 4, 3, 2, 2, 1, 1, 0)], y_max=10, summary="")
    assert 'viewBox="0 0 320 210"' in chart.svg
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', chart.svg)}
    assert sizes and min(sizes) >= 16  # shown about 300 px wide: 15 px text
    # at most three date labels, so they never overlap at 320 units
    assert len(re.findall(r"\d+ Nov</text>", chart.svg)) <= 3


def test_the_target_band_is_shaded_on_the_better_side():
    lower = line_chart(
        "c", "P", [pain(6)], y_max=10, summary="", target=Target(4, True, "4 or less")
    )
    higher = line_chart(
        "c", "P", [pain(3)], y_max=10, summary="", target=Target(5, False, "5 or more")
    )
    band = re.compile(r'class="target-band" x="\d+" y="([\d.]+)" width="\d+" height="([\d.]+)"')
    y_low, h_low = map(float, band.search(lower.svg).groups())
    y_high, h_high = map(float, band.search(higher.svg).groups())
    bottom, top = HEIGHT - BOTTOM, TOP
    assert y_low + h_low == bottom  # lower is better: from the line down to 0
    assert y_high == top  # higher is better: from the line up to the maximum


def test_one_point_is_drawn_without_a_line():
    chart = line_chart("c", "P", [pain(5)], y_max=10, summary="")
    assert "<polyline" not in chart.svg and "<circle" in chart.svg


def test_a_chart_without_points_is_empty_and_draws_nothing():
    chart = line_chart("c", "P", [pain()], y_max=10, summary="No scores yet.")
    assert chart.empty and chart.svg == "" and chart.rows == ()


def test_series_differ_by_marker_shape_not_only_colour():
    shapes = {
        m: legend_marker(Series("s", "S", (), m))
        for m in ("circle", "square", "diamond", "triangle")
    }
    assert "<circle" in shapes["circle"] and "<rect" in shapes["square"]
    assert "<polygon" in shapes["diamond"] and 'aria-hidden="true"' in shapes["diamond"]


def test_a_dose_series_is_drawn_as_steps_until_today():
    dose = Series("dose", "Reps", ((DAY, 8.0), (DAY + dt.timedelta(days=7), 10.0)), step=True)
    chart = line_chart("c", "Dose", [dose], y_max=10, summary="", until=DAY + dt.timedelta(days=14))
    points = re.search(r'<polyline[^>]*points="([^"]+)"', chart.svg)
    assert points and len(points.group(1).split()) == 4  # start, step over, step up, until today


def test_axis_maxima_are_round_numbers():
    assert [nice_max(v) for v in (3, 10, 17, 24, 63)] == [10, 10, 20, 30, 70]
