"""The library as a patient or therapist sees it, on a phone and on a desktop."""

from __future__ import annotations

import pytest

from .conftest import screenshot, serious_accessibility_problems

pytestmark = pytest.mark.browser


def only_this_host(page, site) -> list[str]:
    return [url for url in page.requests if not url.startswith(site.url)]


def test_the_library_lists_exercises_and_filters_them(page, site, library):
    page.goto(f"{site.url}/exercises/")
    assert page.locator(".card").count() == len(library)
    screenshot(page, "library")
    if page.viewport_name == "phone":
        assert not page.is_visible("#id_category")  # folded away on a phone
    page.click("summary")
    page.select_option("#id_category", "stretch")
    page.click("text=Show exercises")
    page.wait_for_url("**category=stretch**")
    stretches = [e for e in library.all() if e.category.value == "stretch"]
    assert page.locator(".card").count() == len(stretches)
    assert only_this_host(page, site) == []


def test_the_page_fits_the_screen_without_sideways_scrolling(page, site):
    for path in ("/", "/exercises/", "/exercises/cat-camel/"):
        page.goto(f"{site.url}{path}")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, path


def test_the_detail_page_animation_runs_and_can_be_paused(page, site):
    page.goto(f"{site.url}/exercises/glute-bridge/")
    figure = page.locator("figure.demo svg")
    figure.scroll_into_view_if_needed()
    first = figure.screenshot()
    page.wait_for_timeout(900)
    assert figure.screenshot() != first, "the figure did not move"
    assert page.evaluate("document.querySelector('figure.demo svg').getCurrentTime()") > 0.5
    screenshot(page, "detail-glute-bridge")

    page.click("[data-figure-toggle]")
    assert page.evaluate("document.querySelector('figure.demo svg').animationsPaused()")
    paused = figure.screenshot()
    page.wait_for_timeout(600)
    assert figure.screenshot() == paused
    assert page.get_attribute("[data-figure-toggle]", "aria-pressed") == "true"
    assert only_this_host(page, site) == []


@pytest.mark.parametrize(
    "exercise_id", ["knee-rotations", "clam-shells", "cat-camel", "wall-squat"]
)
def test_article_exercises_show_their_figure(page, site, exercise_id):
    page.goto(f"{site.url}/exercises/{exercise_id}/")
    box = page.locator("figure.demo svg").bounding_box()
    assert box is not None and box["width"] > 250 and box["height"] > 120
    if page.viewport_name == "phone":
        screenshot(page, f"detail-{exercise_id}")


def test_reduced_motion_starts_the_figure_paused(browser, site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, reduced_motion="reduce")
    page = context.new_page()
    page.goto(f"{site.url}/exercises/glute-bridge/")
    assert page.evaluate("document.querySelector('figure.demo svg').animationsPaused()")
    assert page.inner_text("[data-figure-toggle]") == "Play"
    context.close()


@pytest.mark.parametrize("path", ["/", "/exercises/", "/exercises/glute-bridge/", "/login/"])
def test_public_pages_have_no_serious_accessibility_problems(page, site, path):
    page.goto(f"{site.url}{path}")
    assert serious_accessibility_problems(page) == []


def test_the_accessibility_check_does_catch_problems(browser):
    page = browser.new_page()
    page.set_content(
        "<html lang=en><title>t</title><main><img src='x.png'><button></button></main>"
    )
    problems = serious_accessibility_problems(page)
    assert any(p.startswith("image-alt") for p in problems)
    assert any(p.startswith("button-name") for p in problems)
    page.close()
