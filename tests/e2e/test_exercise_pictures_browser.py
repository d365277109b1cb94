"""Each exercise's start and end pictures in a real browser, on a desktop and a phone: two
images described for screen readers, labelled "Start" and "End" in words; on a phone they
fit the width side by side, below the player's timer and buttons."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from lumbarlog.domain import catalog
from lumbarlog.ui import figures

from .conftest import ARTIFACTS, App, screenshot, wait_for_app

NO_SIDEWAYS_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"
BOX = """(element) => {
    const r = element.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
}"""

SHOWN_TOOLBARS = """[...document.querySelectorAll('[data-testid="stElementToolbar"]')]
    .filter((t) => getComputedStyle(t).opacity === "1" && t.getBoundingClientRect().width > 0)"""
COVERED_BUTTONS = f"""() => {{
    const bars = ({SHOWN_TOOLBARS}).map((t) => t.getBoundingClientRect());
    const buttons = [...document.querySelectorAll('[data-testid="stMain"] button')]
        .filter((b) => !b.closest('[data-testid="stElementToolbar"]'));
    return buttons.filter((b) => {{
        const r = b.getBoundingClientRect();
        return bars.some((t) => t.left < r.right && r.left < t.right && t.top < r.bottom
            && r.top < t.bottom);
    }}).map((b) => b.innerText);
}}"""


def alts(exercise_id: str) -> tuple[str, str]:
    exercise = catalog.load().exercises[exercise_id]
    return figures.figure_alt(exercise, "start"), figures.figure_alt(exercise, "end")


def start_and_end(page: Page, exercise_id: str, within: str) -> list[list[float]]:
    """The start and end pictures of ``exercise_id`` inside ``within``: both visible, each
    with its alt text and its word label; their boxes, start first."""
    area = page.locator(within)
    boxes = []
    for label, alt in zip(("Start", "End"), alts(exercise_id), strict=True):
        picture = area.get_by_role("img", name=alt, exact=True)
        expect(picture).to_have_count(1)
        expect(picture).to_be_visible()
        figure = area.locator('[data-testid="stImage"]').filter(
            has=page.get_by_role("img", name=alt, exact=True)
        )
        expect(figure).to_have_text(label)
        boxes.append(picture.evaluate(BOX))
    return boxes


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_the_player_shows_start_and_end_below_its_controls(
    app: App, device: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(device)
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    page.get_by_role("button", name=re.compile("^Start ")).click()
    expect(page.get_by_role("button", name="Stop and save")).to_be_visible()
    wait_for_app(page)
    first = catalog.load().routines["relief_60_seconds"].steps[0].exercise.id
    start, end = start_and_end(page, first, '[data-testid="stMain"]')
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    width = page.evaluate("() => window.innerWidth")
    assert start[2] <= width and end[2] <= width
    if device == "phone_page":
        # Timer and buttons come first, then both pictures in one row.
        buttons = page.get_by_role("button", name="Stop and save").evaluate(BOX)
        assert buttons[3] <= start[1]
        assert start[1] == pytest.approx(end[1], abs=1) and start[2] <= end[0]
        assert end[3] <= page.evaluate("() => window.innerHeight")  # no scrolling to see them
        # A finger on a picture brings up its full-screen button: it covers no other button.
        page.get_by_role("img", name=alts(first)[0], exact=True).hover()
        page.wait_for_function(SHOWN_TOOLBARS + ".length === 1")
        assert page.evaluate(COVERED_BUTTONS) == []
    screenshot(page, f"exercise-pictures-player-{'phone' if device == 'phone_page' else 'desktop'}")


@pytest.mark.parametrize("device", ["page", "phone_page"])
def test_the_library_shows_start_and_end_of_an_exercise(
    app: App, device: str, request: pytest.FixtureRequest
) -> None:
    page: Page = request.getfixturevalue(device)
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    page.get_by_role("tab", name="Exercise library").click()
    page.get_by_text("Glute bridge · strength").click()
    bridge = '[data-testid="stExpander"]:has-text("Glute bridge · strength")'
    start_and_end(page, "glute_bridge", bridge)
    assert page.evaluate(NO_SIDEWAYS_SCROLL)
    name = "phone" if device == "phone_page" else "desktop"
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator(bridge).screenshot(path=ARTIFACTS / f"exercise-pictures-library-{name}.png")
