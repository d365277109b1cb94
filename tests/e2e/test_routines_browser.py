"""The Routines page in a real browser: the countdown ticks by itself; screenshots."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from lumbarlog.domain import player
from lumbarlog.journal.csv_files import load_sessions

from .conftest import App, screenshot, wait_for_app
from .test_accessibility_browser import NOT_OURS, RULES

GET_READY = re.compile(r"^Get ready… \d+$")
# Getting ready takes player.FIRST_GET_READY_SECONDS; the countdown shows up after it.
READY_MS = (player.FIRST_GET_READY_SECONDS + 15) * 1000
COUNTDOWN = re.compile(r"^(\d+):(\d{2})$")
SECONDS_SHOWN = """() => {
    for (const h of document.querySelectorAll('[data-testid="stMain"] h2')) {
        const m = h.textContent.trim().match(/^(\\d+):(\\d{2})$/);
        if (m) return Number(m[1]) * 60 + Number(m[2]);
    }
    return null;
}"""


def test_follow_a_routine_and_watch_the_countdown(app: App, page: Page) -> None:
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Routines", exact=True)).to_be_visible()

    page.get_by_role("tab", name="Exercise library").click()
    expect(page.get_by_text("13 of 13 exercises")).to_be_visible()
    page.get_by_text("Glute bridge · strength").click()
    expect(page.get_by_role("img", name=re.compile("^Glute bridge, end: "))).to_be_visible()
    bridge = page.locator('[data-testid="stExpander"]', has_text="Glute bridge")
    expect(bridge.get_by_text("Take care")).to_be_visible()
    screenshot(page, "routines-library-desktop")

    page.get_by_role("tab", name="Follow a routine").click()
    page.get_by_role("button", name=re.compile("^Start ")).click()
    # Time to get into position first: the first step does not count down on the first paint.
    expect(page.get_by_role("heading", name=GET_READY)).to_be_visible()
    countdown = page.get_by_role("heading", name=COUNTDOWN)
    expect(countdown).to_be_visible(timeout=READY_MS)
    first = page.evaluate(SECONDS_SHOWN)
    assert first is not None and first >= 4
    # Nobody clicks: the timer fragment reruns by itself and the number goes down.
    page.wait_for_function(
        f"() => ({SECONDS_SHOWN})() !== null && ({SECONDS_SHOWN})() <= {first - 2}"
    )
    expect(page.get_by_role("progressbar")).to_be_visible()
    screenshot(page, "routines-step-desktop")

    page.get_by_role("button", name="Stop and save").click()
    expect(page.get_by_text("Session saved", exact=False)).to_be_visible()
    sessions = load_sessions(app.folder)
    assert sessions["routine_id"].tolist() == ["relief_60_seconds"]


def test_a_routine_on_a_phone(app: App, phone_page: Page) -> None:
    page = phone_page
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    page.get_by_role("tab", name="Exercise library").click()
    expect(page.get_by_text("13 of 13 exercises")).to_be_visible()
    screenshot(page, "routines-library-phone")
    page.get_by_role("tab", name="Follow a routine").click()
    page.get_by_role("button", name=re.compile("^Start ")).click()
    expect(page.get_by_role("heading", name=GET_READY)).to_be_visible()
    expect(page.get_by_role("heading", name=COUNTDOWN)).to_be_visible(timeout=READY_MS)
    expect(page.get_by_role("button", name="Done, next")).to_be_in_viewport()
    screenshot(page, "routines-step-phone")


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_player_running_paused_asking_and_stopped(
    app: App, page: Page, phone_page: Page, size: str
) -> None:
    """Screens of the player at 1280 and 390 px: time can be added, the timer paused, an early
    "Done, next" asks before counting, and a stop is said as a stop."""
    page = phone_page if size == "phone" else page
    page.goto(f"{app.url}/routines")
    wait_for_app(page)
    page.get_by_role("combobox", name="Routine").click()
    page.get_by_role("option", name=re.compile("^Desk break")).click()
    wait_for_app(page)
    page.get_by_role("button", name="Start Desk break").click()
    expect(page.get_by_role("heading", name=GET_READY)).to_be_visible()
    extend = page.get_by_role("button", name="Add 30 seconds")
    extend.click()  # while getting ready: the first 30 seconds become 60
    wait_for_app(page)
    box = extend.bounding_box()
    assert box is not None and box["width"] >= 24 and box["height"] >= 24
    expect(page.get_by_role("heading", name=COUNTDOWN)).to_be_visible(timeout=READY_MS)
    assert page.evaluate(SECONDS_SHOWN) > 30
    # Once a second of the step has run, so that the question below has a time to name.
    page.wait_for_function(f"() => ({SECONDS_SHOWN})() < 60")
    expect(page.get_by_role("button", name="Done, next")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    screenshot(page, f"player-running-{size}")

    page.get_by_role("button", name="Pause").click()
    expect(page.get_by_role("button", name="Resume")).to_be_visible()
    screenshot(page, f"player-paused-{size}")
    page.get_by_role("button", name="Done, next").click()
    question = page.get_by_text(re.compile(r"^Only \d+ of 30 seconds ran\. Count it as done\?$"))
    expect(question).to_be_visible()
    expect(page.get_by_role("button", name="Count it")).to_be_in_viewport()
    screenshot(page, f"player-question-{size}")
    scan = Axe().run(page, context=NOT_OURS, options=RULES).response
    assert [v["id"] for v in scan["violations"] if v["impact"] in ("serious", "critical")] == []
    page.get_by_role("button", name="Not yet").click()
    expect(question).to_have_count(0)

    page.get_by_role("button", name="Stop and save").click()
    expect(page.get_by_text(re.compile("^Stopped after 0 of 2 exercises"))).to_be_visible()
    expect(page.get_by_text("does not count as done in your plan", exact=False)).to_be_visible()
    screenshot(page, f"player-stopped-{size}")
    assert load_sessions(app.folder)["outcome"].tolist() == ["stopped"]
