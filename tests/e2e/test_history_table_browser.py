"""The history table on a phone and a desktop: every column can be reached and read (the
table scrolls sideways within itself on a phone, the date staying in sight), the page never
scrolls sideways, and the table's toolbar covers none of the text above it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from lumbarlog.journal import demo, repository
from tests.pinned_day import TODAY

from .conftest import App, screenshot, wait_for_app

COLUMNS = ["Date", "Pain (0-10)", "Hours sitting", "Exercises done", "Notes", "Delete"]
GRID = '[data-testid="stDataFrame"]'
# The grid draws on a canvas; beside it an accessible table lists the columns in sight.
HEADERS_IN_SIGHT = f"""() => [...document.querySelectorAll('{GRID} [role=columnheader]')]
    .map(e => e.textContent)"""
SCROLL_TO_END = f"""() => {{
    const s = document.querySelector('{GRID} .dvn-scroller');
    s.scrollLeft = s.scrollWidth;
    return s.scrollLeft > 0;
}}"""


def boxes_overlap(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


@pytest.mark.parametrize("width", [390, 1280])
def test_every_column_of_the_history_can_be_reached_and_the_toolbar_covers_nothing(
    app: App, page: Page, width: int
) -> None:
    demo.write_demo(repository.journal_for(app.folder), days=90, end=TODAY)
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    grid = page.locator(GRID)
    grid.scroll_into_view_if_needed()
    expect(page.locator(f"{GRID} [role=columnheader]").first).to_be_attached()
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth")

    in_sight = page.evaluate(HEADERS_IN_SIGHT)
    if width >= 1280:
        assert in_sight == COLUMNS  # all six at once, none pushed out of the table
    else:
        # The table scrolls within itself; at its far end the last columns are in sight
        # and the date is still there, so every row says which day it is.
        assert page.evaluate(SCROLL_TO_END)
        page.wait_for_function(f"() => ({HEADERS_IN_SIGHT})().includes('Delete')")
        in_sight = page.evaluate(HEADERS_IN_SIGHT)
        assert in_sight[0] == "Date" and {"Notes", "Delete"} <= set(in_sight)
    screenshot(page, f"log-history-{width}")

    caption = page.get_by_text("logged days. Edit a cell", exact=False)
    grid.hover()
    toolbar = page.get_by_test_id("stElementToolbar")
    expect(toolbar).to_be_visible()
    toolbar_box, caption_box = toolbar.bounding_box(), caption.bounding_box()
    assert toolbar_box is not None and caption_box is not None
    assert not boxes_overlap(toolbar_box, caption_box), (toolbar_box, caption_box)
