"""The SVG output: animated for screens, still start and end for print."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from backrehab.figures.spec import FigureSpec
from backrehab.figures.svg import render, render_all

SVG = "{http://www.w3.org/2000/svg}"
SPEC = FigureSpec.model_validate(
    {
        "props": ["floor", "wall"],
        "keyframes": [
            {"label": "stand", "pose": {}},
            {
                "label": "squat",
                "hold": 2,
                "pose": {"hip": 80, "knee": 90, "ankle": 20, "pelvis_y": -0.3},
            },
        ],
        "plant": ["ankle_near", "ankle_far"],
    }
)


def test_the_animated_figure_is_valid_svg_with_looping_smil_animations():
    root = ET.fromstring(render(SPEC, title="Wall squat"))
    animations = root.findall(f".//{SVG}animate")
    assert animations, "no <animate> elements"
    assert {a.get("repeatCount") for a in animations} == {"indefinite"}
    assert root.get("role") == "img" and root.get("aria-label") == "Wall squat"


def test_every_animation_has_as_many_values_as_key_times():
    root = ET.fromstring(render(SPEC))
    for animation in root.iter(f"{SVG}animate"):
        times = animation.get("keyTimes").split(";")
        assert len(animation.get("values").split(";")) == len(times)
        assert float(times[0]) == 0 and float(times[-1]) == 1


def test_stills_have_no_animation_and_differ_between_start_and_end():
    figures = render_all(SPEC, "Wall squat")
    assert "<animate" not in figures["start"] and "<animate" not in figures["peak"]
    assert figures["start"] != figures["peak"]


def test_props_are_drawn():
    svg = render(SPEC, mode="start")
    assert svg.count("<rect") >= 2  # floor and wall


def test_the_view_box_contains_the_whole_figure():
    svg = render(SPEC, mode="start")
    x, y, w, h = map(float, re.search(r'viewBox="([^"]+)"', svg).group(1).split())
    for px, py in re.findall(r"M(-?[\d.]+) (-?[\d.]+)", svg):
        assert x <= float(px) <= x + w and y <= float(py) <= y + h


def test_an_unknown_mode_is_refused():
    with pytest.raises(ValueError, match="mode"):
        render(SPEC, mode="sideways")
