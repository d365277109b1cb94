"""Today and Trends in a real browser, on the demo: every chart draws; screenshots."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .conftest import PAGE_LINKS, App, screenshot, wait_for_app

CHARTS_DRAWN = """() => {
    const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
    if (charts.length === 0) return false;
    return [...charts].every(c => c.querySelector('svg, canvas'));
}"""


def start_demo(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.get_by_role("button", name="Try with demo data").click()
    expect(page.get_by_text("Demo data:", exact=False)).to_be_visible()
    wait_for_app(page)


def test_trends_draws_every_chart_on_the_demo(app: App, page: Page) -> None:
    start_demo(page, app.url)
    screenshot(page, "today-desktop")
    page.get_by_role("link", name="Trends").click()
    expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN)
    expect(page.locator('[data-testid="stVegaLiteChart"]')).to_have_count(7)
    expect(page.get_by_text("Pain the day after exercise was", exact=False)).to_be_visible()
    screenshot(page, "trends-desktop")
    # Nothing of the demo went into the person's own journal.
    assert not (app.folder / "entries.csv").exists()


def test_today_and_trends_on_a_phone(app: App, phone_page: Page) -> None:
    start_demo(phone_page, app.url)
    screenshot(phone_page, "today-phone")
    # Through the row of pages at the top, as a person would (the demo belongs to this
    # browser session); nothing is left open over the page.
    phone_page.locator(PAGE_LINKS).get_by_role("link", name="Trends").click()
    expect(phone_page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
    wait_for_app(phone_page)
    phone_page.wait_for_function(CHARTS_DRAWN)
    expect(phone_page.get_by_test_id("stSidebarContent")).not_to_be_in_viewport()
    screenshot(phone_page, "trends-phone")
