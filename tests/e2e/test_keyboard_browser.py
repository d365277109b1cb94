"""Logging a day with the keyboard alone (Tab, arrows, typing, Space and Enter; no pointer), on
Log and on Today, as a person who cannot use a mouse or a touch screen does. What was typed is
then read back from entries.csv by a fresh process, as the next start of the app would."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from playwright.sync_api import Page, expect

from lumbarlog.domain import schema
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

from .conftest import App, wait_for_app

expect.set_options(timeout=15_000)
NO_SKELETONS = "() => document.querySelectorAll('[data-testid=\"stSkeleton\"]').length === 0"
# What has the keyboard focus, in the words a screen reader would use for it.
FOCUSED = """() => {
    const e = document.activeElement;
    return (e.getAttribute('aria-label') || e.innerText || '').trim();
}"""
MOST_TABS = 80


def open_page(page: Page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    page.wait_for_function(NO_SKELETONS)


def tab_to(page: Page, name: str) -> None:
    """Press Tab until the focus is on the control named ``name`` (it must be reachable). On
    the way, no stop is a heading's "Link to heading": a control nobody logging a day needs,
    one more key press each time."""
    seen = []
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused != "Link to heading", f"a heading's link is a Tab stop, after {seen}"
        if focused == name or focused.endswith(f"\n{name}"):
            return
        seen.append(focused)
    raise AssertionError(f"{name!r} is not reachable with Tab; the focus went through {seen}")


def set_pain_with_arrows(page: Page, pain: int) -> None:
    """The pain rating is a slider: Home is "Not set", each ArrowRight one point more."""
    tab_to(page, schema.FIELD_LABELS["pain"])
    page.keyboard.press("Home")
    for _ in range(pain + 1):
        page.keyboard.press("ArrowRight")
    words = schema.PAIN_SCALE_WORDS.get(pain)
    slider = page.get_by_role("slider", name=schema.FIELD_LABELS["pain"])
    expect(slider).to_have_attribute("aria-valuetext", f"{pain} – {words}" if words else str(pain))
    expect(slider).to_be_focused()


def saved_rows(folder: Path) -> list[dict]:
    """entries.csv as a fresh Python process reads it (nothing cached in this one)."""
    code = (
        "import json, sys\n"
        "from lumbarlog.journal.csv_files import load_entries\n"
        "f = load_entries(sys.argv[1])\n"
        "print(json.dumps([{**r, 'date': r['date'].date().isoformat(),"
        " 'exercises': list(r['exercises'])} for r in f.to_dict('records')], default=str))\n"
    )
    return json.loads(printed_by_fresh_process(code, folder))


def test_a_past_day_is_logged_on_log_with_the_keyboard_alone(app: App, page: Page) -> None:
    day = TODAY - dt.timedelta(days=3)
    open_page(page, f"{app.url}/log")

    tab_to(page, "year, Date")
    page.keyboard.type(day.strftime("%Y%m%d"))  # year, month and day, one after the other
    tab_to(page, "Choose date")  # the calendar button belongs to the field
    page.keyboard.press("Tab")  # leaving the field is when the date counts
    expect(page.get_by_text(f"{day:%a %d %b %Y} is not logged yet.")).to_be_visible()
    wait_for_app(page)

    set_pain_with_arrows(page, 6)
    tab_to(page, schema.FIELD_LABELS["sitting_hours"])
    page.keyboard.type("6.5")
    tab_to(page, "Partial crunch")  # the first exercise; arrows move along the others
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("button", name="Knee to chest, warm-up")).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_role("button", name="Knee to chest, warm-up")).to_have_attribute(
        "aria-pressed", "true"
    )
    tab_to(page, schema.FIELD_LABELS["notes"])
    page.keyboard.type("Typed without a mouse.")
    tab_to(page, "Save")
    page.keyboard.press("Enter")

    expect(page.get_by_text(f"Saved {day:%a %d %b %Y}:", exact=False)).to_be_visible()
    assert saved_rows(app.folder) == [
        {
            "date": day.isoformat(),
            "pain": 6,
            "sitting_hours": 6.5,
            "exercises": ["knee_to_chest_warmup"],
            "notes": "Typed without a mouse.",
        }
    ]


def test_today_is_logged_on_today_with_the_keyboard_alone(app: App, page: Page) -> None:
    open_page(page, app.url)
    set_pain_with_arrows(page, 0)
    tab_to(page, schema.FIELD_LABELS["sitting_hours"])
    page.keyboard.type("3")
    tab_to(page, schema.FIELD_LABELS["notes"])
    page.keyboard.type("Good day.")
    tab_to(page, "Save")
    page.keyboard.press("Space")

    expect(page.get_by_text("Saved today:", exact=False)).to_be_visible()
    assert saved_rows(app.folder) == [
        {
            "date": TODAY.isoformat(),
            "pain": 0,
            "sitting_hours": 3.0,
            "exercises": [],
            "notes": "Good day.",
        }
    ]
