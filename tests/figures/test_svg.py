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


def _spec(**fields) -> FigureSpec:
    base = {
        "keyframes": [{"label": "stand", "pose": {}}, {"label": "reach", "pose": {"shoulder": 80}}]
    }
    return FigureSpec.model_validate({**base, **fields})


def test_the_working_part_is_drawn_in_the_accent_colour():
    plain = render(_spec(), mode="start")
    marked = render(_spec(highlight=["pelvis", "thigh_near"]), mode="start")
    assert 'class="pelvis" d' in marked and "#d9731f" in marked and "#b5520f" in marked
    assert "#d9731f" not in plain


def test_the_spine_line_follows_the_back_in_every_frame():
    svg = render(_spec(spine_line=True))
    root = ET.fromstring(svg)
    line = root.find(f".//{SVG}path[@class='spine-line']")
    assert line is not None and line.find(f"{SVG}animate") is not None


@pytest.mark.parametrize("muscle", ["deep-abdominals", "pelvic-floor", "multifidus"])
def test_an_inner_muscle_is_drawn_tightening_from_start_to_peak(muscle):
    # The body barely moves in these exercises, so the arc itself must change shape.
    spec = _spec(inner_muscle=muscle)
    find = re.compile(r'class="inner-muscle" [^>]*d="([^"]+)"')
    start, peak = (find.search(render(spec, mode=mode)) for mode in ("start", "peak"))
    assert start is not None and peak is not None
    assert start.group(1) != peak.group(1)
    line = ET.fromstring(render(spec)).find(f".//{SVG}path[@class='inner-muscle']")
    assert line is not None and line.find(f"{SVG}animate") is not None
    assert "inner-muscle" not in render(_spec(), mode="peak")


def test_a_held_weight_moves_with_the_hand():
    spec = _spec(props=["floor", "weight"], holding=["wrist_near"])
    start, peak = render(spec, mode="start"), render(spec, mode="peak")
    find = re.compile(r'class="weight" r="[^"]+" fill="[^"]+" [^>]*cx="([^"]+)" cy="([^"]+)"')
    assert find.search(start).groups() != find.search(peak).groups()


def test_a_band_runs_from_its_fixing_point_to_the_hand():
    spec = _spec(props=["floor", "band"], band_anchor=(0.8, 0.5, 0.0))
    svg = render(spec, mode="peak")
    assert 'class="band"' in svg


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"holding": ["wrist_near"]}, "needs 'weight'"),
        ({"props": ["floor", "band"]}, "band_anchor"),
        ({"highlight": ["spleen"]}, "spleen"),
        ({"props": ["floor", "weight"], "holding": ["ankle_near"]}, "wrist_near"),
    ],
)
def test_inconsistent_props_are_refused_with_a_reason(fields, message):
    with pytest.raises(ValueError, match=message):
        _spec(**fields)


def test_the_step_and_the_bike_are_drawn_as_shapes_behind_the_body():
    step = render(
        _spec(
            props=["floor", "step"],
            keyframes=[
                {
                    "label": "on the step",
                    "pose": {"hip_near": 40, "knee_near": 60, "ankle_near": 20},
                },
                {"label": "up", "pose": {"hip_near": 0}},
            ],
        ),
        mode="start",
    )
    assert step.count("<polygon") == 1
    bike = render(
        _spec(
            props=["bike"],
            keyframes=[
                {"label": "seated", "pose": {"hip": 70, "knee": 60, "shoulder": 60}},
                {"label": "pedal", "pose": {"hip_near": 90, "knee_near": 100}},
            ],
        ),
        mode="start",
    )
    assert bike.count("<circle") >= 4  # wheel, pedal circle, head, face
