"""The 0-10 pain scale sits in one row on a 360 px phone with its end labels over 0 and 10
(issue 13, item 6: "10 worst" used to sit above the 5, the scale wrapping to a second row)."""

from __future__ import annotations

import pytest

from backrehab.operations.demo import seed_demo_clinic
from tests.browser.conftest import sign_in


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    page = context.new_page()
    yield page
    context.close()


def test_the_pain_scale_is_one_row_with_its_ends_over_0_and_10(site, phone):
    seed_demo_clinic()
    sign_in(phone, site.url, "demo-sam", "demo-sam-pass")
    phone.goto(f"{site.url}/my/evaluation/?kind=reassessment")
    phone.goto(f"{site.url}/my/evaluation/pain/")
    scale = phone.locator(".choices.scale").first
    boxes = [scale.locator(".choice").nth(i).bounding_box() for i in range(11)]
    assert all(b is not None for b in boxes)
    assert len({round(b["y"]) for b in boxes}) == 1
    assert all(b["width"] >= 24 and b["height"] >= 44 for b in boxes)
    assert boxes[-1]["x"] + boxes[-1]["width"] <= 360
    ends = phone.locator(".scale-ends").first.locator("span")
    low, high = ends.nth(0).bounding_box(), ends.nth(1).bounding_box()
    assert low is not None and high is not None
    assert abs(low["x"] - boxes[0]["x"]) < 8
    right_edge = boxes[-1]["x"] + boxes[-1]["width"]
    assert abs(high["x"] + high["width"] - right_edge) < 8
