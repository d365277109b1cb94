"""The demo in a real browser: found again once days are logged, kept by a reload (the address
says ?demo=1), labelled on every page, and never written into the person's journal."""

from __future__ import annotations

import datetime as dt

from playwright.sync_api import Page, expect

from lumbarlog.domain import schema
from lumbarlog.journal.days import save_entry
from tests.pinned_day import TODAY

from .conftest import App, screenshot, wait_for_app

expect.set_options(timeout=15_000)
BANNER = "Demo data: a made-up journal"


def test_the_demo_is_found_with_days_logged_survives_a_reload_and_leaves_the_journal_alone(
    app: App, page: Page
) -> None:
    save_entry(app.folder, schema.Entry(TODAY - dt.timedelta(days=1), 4, 2.0, (), "mine"))
    before = (app.folder / "entries.csv").read_bytes()
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    expect(page.get_by_text(BANNER)).to_have_count(0)

    page.get_by_role("button", name="Try the demo").first.click()
    expect(page.get_by_text(BANNER)).to_be_visible()
    wait_for_app(page)
    assert "demo=1" in page.url

    # Another page through the menu, then a reload: still the demo, and still labelled.
    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
    wait_for_app(page)
    expect(page).to_have_url(f"{app.url}/trends?demo=1")
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(BANNER)).to_be_visible()
    page.get_by_role("link", name="Today").click()
    wait_for_app(page)
    expect(page.get_by_text("Logged today")).to_be_visible()  # the demo's today, not theirs
    screenshot(page, "demo-after-reload-desktop")

    page.get_by_role("button", name="Back to my journal").first.click()
    expect(page.get_by_text("Back to your own journal.")).to_be_visible()
    wait_for_app(page)
    expect(page.get_by_text(BANNER)).to_have_count(0)
    assert "demo" not in page.url
    page.reload()
    wait_for_app(page)
    expect(page.get_by_text(BANNER)).to_have_count(0)
    expect(page.get_by_text("Logged today")).to_have_count(0)  # their today is not logged
    assert (app.folder / "entries.csv").read_bytes() == before


def test_the_demo_on_a_phone_is_labelled_and_reachable_from_today(
    app: App, phone_page: Page
) -> None:
    save_entry(app.folder, schema.Entry(TODAY - dt.timedelta(days=1), 4, 2.0, (), ""))
    phone_page.goto(app.url)
    wait_for_app(phone_page)
    main = phone_page.get_by_test_id("stMain")
    main.get_by_role("button", name="Try the demo").click()  # on Today, in sight
    expect(phone_page.get_by_text(BANNER)).to_be_visible()
    wait_for_app(phone_page)
    phone_page.reload()
    wait_for_app(phone_page)
    expect(phone_page.get_by_text(BANNER)).to_be_visible()
    screenshot(phone_page, "demo-after-reload-phone")
