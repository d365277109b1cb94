"""The Routines page in a real browser: the countdown ticks by itself; screenshots."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lumbarlog.domain import player
from lumbarlog.journal.csv_files import load_sessions

from .conftest import App, screenshot, wait_for_app

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
