"""The Log page in a real browser: log a day, see it in the history, screenshots."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lumbarlog.journal.csv_files import load_entries
from tests.pinned_day import TODAY

from .conftest import PHONE, App, screenshot, wait_for_app


def test_log_a_day_and_see_it_in_the_history(app: App, page: Page) -> None:
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log your day")).to_be_visible()

    pain = page.get_by_role("slider", name="Pain (0-10)")
    pain.focus()
    pain.press("Home")  # "Not set"
    for _ in range(7):
        pain.press("ArrowRight")
    expect(pain).to_have_attribute("aria-valuetext", "6")
    page.get_by_role("spinbutton", name="Hours sitting").fill("7.5")
    page.get_by_role("textbox", name="Notes").fill("Stiff after the drive, better by evening.")
    page.get_by_role("button", name="Save").click()

    # The confirmation names the day ("Saved Wed 25 Nov 2026: ..."); the page says "your
    # saved days" before any save, so a bare "Saved" would not wait for this one.
    expect(page.get_by_text(re.compile(r"Saved \w{3} \d{2} \w{3} \d{4}:"))).to_have_count(
        1
    )  # said once
    wait_for_app(page)
    entries = load_entries(app.folder)
    assert entries["date"].dt.date.tolist() == [TODAY]
    assert entries["pain"].tolist() == [6]
    assert entries["sitting_hours"].tolist() == [7.5]
    assert entries["notes"].tolist() == ["Stiff after the drive, better by evening."]

    # The history grid shows the new day.
    expect(page.get_by_text("1 of 1 logged day.", exact=False)).to_be_visible()
    grid = page.locator('[data-testid="stDataFrame"]')
    expect(grid).to_be_visible()
    expect(grid.get_by_text(TODAY.isoformat())).to_have_count(1)
    screenshot(page, "log-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Log your day")).to_be_visible()
    screenshot(page, "log-phone")
