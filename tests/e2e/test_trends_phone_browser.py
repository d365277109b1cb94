"""Trends on a 390 px phone and at 1280 px: every chart fits its column, draws without a
warning, says "not recorded" rather than null, and can be read as a table; the calendar says
each day's pain in numbers, not in colour alone; the pages are one tap away on a phone."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import Page, expect

from lumbarlog.domain.schema import Entry
from lumbarlog.journal import demo, repository
from tests.pinned_day import TODAY

from .conftest import PAGE_LINKS, App, screenshot, wait_for_app

CHARTS_DRAWN = """() => {
    const charts = document.querySelectorAll('[data-testid="stVegaLiteChart"]');
    return charts.length > 0 && [...charts].every(c => c.querySelector('svg, canvas'));
}"""

# How far each chart's drawing reaches past the right edge of its own box, in pixels.
OVERFLOW = """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map(c => {
    const drawn = c.querySelector('svg, canvas').getBoundingClientRect();
    return Math.round(drawn.right - c.getBoundingClientRect().right);
})"""


def open_trends(page: Page, url: str, console: list[str]) -> None:
    page.on(
        "console",
        lambda message: (
            console.append(f"{message.type}: {message.text}")
            if message.type in ("warning", "error")
            else None
        ),
    )
    page.goto(url)
    wait_for_app(page)
    # The pages sit in a row at the top of every page, on a phone too: one tap, no menu.
    page.locator(PAGE_LINKS).get_by_role("link", name="Trends", exact=True).click()
    expect(page.get_by_role("heading", name="Trends", exact=True)).to_be_visible()
    wait_for_app(page)
    page.wait_for_function(CHARTS_DRAWN)


@pytest.mark.parametrize("days", [9, 90])
@pytest.mark.parametrize("width", [390, 1280])
def test_every_chart_fits_and_draws_without_warnings(
    app: App, browser, days: int, width: int
) -> None:
    demo.write_demo(repository.journal_for(app.folder), days=days, end=TODAY)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    console: list[str] = []
    try:
        open_trends(page, app.url, console)
        assert page.evaluate("() => document.documentElement.scrollWidth") == width
        overflow = page.evaluate(OVERFLOW)
        assert overflow and max(overflow) <= 1, overflow
        if width < 640:
            # Chosen on a phone, the page leaves nothing open over it.
            expect(page.get_by_test_id("stSidebarContent")).not_to_be_in_viewport()
        # Each chart can be read as a table, with its numbers in words where none was kept.
        charts = page.locator('[data-testid="stVegaLiteChart"]').count()
        tables = page.get_by_text(re.compile(r"^Show as table: "))
        expect(tables).to_have_count(charts)
        screenshot(page, f"trends-{days}-days-{width}")
        assert console == []
    finally:
        context.close()


def test_the_calendar_says_each_days_pain_in_numbers(app: App, page: Page) -> None:
    # Eight days with known pain; the calendar shows each number in its box.
    pains = [0, 2, 3, 5, 7, 8, 10, 4]
    first = TODAY - dt.timedelta(days=len(pains) - 1)
    journal = repository.journal_for(app.folder)
    journal.create()
    for offset, pain in enumerate(pains):
        journal.save(Entry(first + dt.timedelta(days=offset), pain))
    open_trends(page, app.url, [])
    calendar = page.locator('[data-testid="stVegaLiteChart"]').last
    texts = calendar.locator("svg text").evaluate_all("(all) => all.map(t => t.textContent)")
    for pain in pains:
        assert str(pain) in texts, (pain, texts)


def test_the_five_pages_fit_one_row_on_a_phone(app: App, phone_page: Page) -> None:
    phone_page.goto(app.url)
    wait_for_app(phone_page)
    links = phone_page.locator(PAGE_LINKS).get_by_role("link")
    expect(links).to_have_count(5)
    boxes = [link.bounding_box() for link in links.all()]
    assert len({round(box["y"]) for box in boxes if box}) == 1, boxes
    # Each is a target of at least 24 by 24 px (WCAG 2.5.8).
    assert all(box and box["width"] >= 24 and box["height"] >= 24 for box in boxes), boxes
