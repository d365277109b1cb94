"""The Log form and the history table in a real browser: what a person enters is exactly what
is saved, whatever they did before, in another tab, or on another day."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from lumbarlog.domain import schema
from lumbarlog.journal.csv_files import load_entries
from lumbarlog.journal.days import save_entry
from lumbarlog.journal.rows import entries_by_date, entry_for
from tests.pinned_day import TODAY

from .conftest import DESKTOP, App, screenshot, wait_for_app

# A save reruns the whole page; on a busy machine that can take longer than the default 5 s.
expect.set_options(timeout=15_000)


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def shown(day: dt.date) -> str:
    return f"{day:%a %d %b %Y}"


def open_log(page: Page, app: App) -> None:
    page.goto(f"{app.url}/log")
    wait_for_app(page)


def choose_date(page: Page, day: dt.date) -> None:
    """Type the date as a person does, then leave the field (that is when it counts)."""
    page.get_by_role("spinbutton", name="year, Date").click()
    page.keyboard.type(day.strftime("%Y%m%d"))
    page.get_by_role("heading", name="Log your day").click()
    if day > TODAY:
        expect(page.get_by_text("is in the future", exact=False)).to_be_visible()
    else:
        expect(page.get_by_text(f"{shown(day)} is ", exact=False)).to_be_visible()
    wait_for_app(page)


def set_pain(page: Page, pain: int) -> None:
    slider = page.get_by_role("slider", name="Pain (0-10)")
    for _ in range(3):  # a rerun that redraws the form may swallow a key press: try again
        slider.focus()
        slider.press("Home")  # "Not set"
        for _ in range(pain + 1):
            slider.press("ArrowRight")
        if slider.get_attribute("aria-valuetext") == schema_label(pain):
            break
    expect(slider).to_have_attribute("aria-valuetext", schema_label(pain))


def schema_label(pain: int) -> str:
    words = schema.PAIN_SCALE_WORDS.get(pain)
    return f"{pain} – {words}" if words else str(pain)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()
    wait_for_app(page)


def expect_message(page: Page, text: str) -> None:
    expect(page.locator('[data-testid="stAlert"]').filter(has_text=text)).to_have_count(1)


def entries_lines(folder: Path) -> list[str]:
    return (folder / "entries.csv").read_text(encoding="utf-8").splitlines()


def grid_cell(page: Page, row: int, column: int) -> None:
    """Select a cell of the history table (a canvas grid) by row and column, from 0."""
    grid = page.locator('[data-testid="stDataFrame"]')
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 30, box["y"] + 35 + row * 35 + 17)
    for _ in range(column):
        page.keyboard.press("ArrowRight")


def edit_cell(page: Page, row: int, column: int, text: str, pending: str = "changed") -> None:
    """Type ``text`` into a cell, then wait until the page lists the day under the table as
    ``pending`` (not saved yet): only then has the app got the edit, and Save changes sees it."""
    # The date column is read-only: its editor opens disabled when a key press went astray.
    editor = page.locator(".gdg-input:not([disabled])")
    for _ in range(3):  # a click that lands while the grid redraws selects nothing: again
        grid_cell(page, row, column)
        page.keyboard.press("Enter")
        try:
            editor.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    editor.fill(text)
    page.keyboard.press("Enter")
    expect(page.get_by_test_id(f"glide-cell-{column}-{row}")).to_have_text(text)
    expect_pending(page, row, pending)


def expect_pending(page: Page, row: int, what: str) -> None:
    day = dt.date.fromisoformat(page.get_by_test_id(f"glide-cell-0-{row}").inner_text())
    expect(page.get_by_text("Not saved yet:", exact=False)).to_contain_text(
        re.compile(rf"{day:%d %b %Y}[^;]* {what}")
    )
    wait_for_app(page)


def tick_delete(page: Page, row: int) -> None:
    cell = page.get_by_test_id(f"glide-cell-5-{row}")
    for _ in range(3):  # a click that lands while the grid redraws selects nothing: again
        if cell.text_content() != "true":
            grid_cell(page, row, 5)
            page.keyboard.press("Space")
        try:
            expect(cell).to_have_text("true", timeout=3_000)
            break
        except AssertionError:
            continue
    expect(cell).to_have_text("true")
    expect_pending(page, row, "ticked to delete")


def grid_text(page: Page) -> str:
    return page.locator('[data-testid="stDataFrame"] table').inner_text()


def test_back_filled_days_hold_exactly_what_was_entered(app: App, page: Page) -> None:
    first, second, third = days_ago(4), days_ago(3), days_ago(2)
    open_log(page, app)

    choose_date(page, first)
    set_pain(page, 5)
    page.get_by_role("spinbutton", name="Hours sitting").fill("9")
    page.get_by_role("textbox", name="Notes").fill("long drive")
    save(page)
    expect_message(
        page, f'Saved {shown(first)}: pain 5, sitting 9 h, no exercises, note "long drive".'
    )

    # Only the date and the pain change for the next two days.
    choose_date(page, second)
    expect(page.get_by_role("textbox", name="Notes")).to_have_value("")
    expect(page.get_by_role("spinbutton", name="Hours sitting")).to_have_value("")
    set_pain(page, 4)
    save(page)
    expect_message(
        page, f"Saved {shown(second)}: pain 4, sitting not recorded, no exercises, no notes."
    )
    choose_date(page, third)
    set_pain(page, 6)
    save(page)
    expect_message(
        page, f"Saved {shown(third)}: pain 6, sitting not recorded, no exercises, no notes."
    )

    assert entries_lines(app.folder) == [
        "date,pain,sitting_hours,exercises,notes",
        f"{first.isoformat()},5,9,,long drive",
        f"{second.isoformat()},4,,,",
        f"{third.isoformat()},6,,,",
    ]
    # Opening a logged day shows all its values, so saving it again erases nothing.
    choose_date(page, first)
    expect(page.get_by_role("spinbutton", name="Hours sitting")).to_have_value("9.00")
    expect(page.get_by_role("textbox", name="Notes")).to_have_value("long drive")
    expect(page.get_by_role("slider", name="Pain (0-10)")).to_have_attribute("aria-valuetext", "5")
    screenshot(page, "log-form-desktop")


def test_a_new_day_needs_a_pain_rating_and_sane_hours(app: App, page: Page) -> None:
    open_log(page, app)
    page.get_by_role("spinbutton", name="Hours sitting").fill("30")
    save(page)
    form = page.locator('[data-testid="stForm"]')
    expect(form.get_by_text("Pain (0-10): is missing", exact=False)).to_be_visible()
    expect(
        form.get_by_text("Hours sitting: must be from 0 to 24 hours (got 30)", exact=False)
    ).to_be_visible()
    assert not (app.folder / "entries.csv").exists()


def test_no_replace_question_can_write_over_another_day(app: App, page: Page) -> None:
    open_log(page, app)
    set_pain(page, 3)
    page.get_by_role("button", name="Glute bridge").click()
    page.get_by_role("textbox", name="Notes").fill("walked to work")
    save(page)
    expect_message(page, f"Saved {shown(TODAY)}")
    today_line = f"{TODAY.isoformat()},3,,glute_bridge,walked to work"
    assert entries_lines(app.folder)[1:] == [today_line]

    # A future date is an error beside the date; nothing switches to today, nothing is asked.
    future = TODAY + dt.timedelta(days=3)
    choose_date(page, future)
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_disabled()
    expect(page.get_by_role("button", name="Replace")).to_have_count(0)
    assert entries_lines(app.folder)[1:] == [today_line]

    # Changing today opens the question, field by field ...
    choose_date(page, TODAY)
    set_pain(page, 4)
    save(page)
    expect(page.get_by_text("Replace what is saved?", exact=False)).to_be_visible()
    expect(page.get_by_text("Pain (0-10): 3 → 4")).to_be_visible()
    # ... and choosing another date drops it.
    earlier = days_ago(8)
    choose_date(page, earlier)
    expect(page.get_by_role("button", name="Replace")).to_have_count(0)
    set_pain(page, 4)
    save(page)
    expect_message(page, f"Saved {shown(earlier)}: pain 4")
    expect(page.get_by_role("button", name="Replace")).to_have_count(0)
    assert entries_lines(app.folder)[1:] == [f"{earlier.isoformat()},4,,,", today_line]


def test_history_edits_land_on_their_day_whatever_another_tab_did(
    app: App, browser: Browser
) -> None:
    for n in range(5, 0, -1):  # five days, today not logged
        save_entry(app.folder, schema.Entry(days_ago(n), n))
    tab_a = browser.new_context(viewport=DESKTOP).new_page()
    tab_b = browser.new_context(viewport=DESKTOP).new_page()
    for tab in (tab_a, tab_b):
        tab.set_default_timeout(30_000)
        open_log(tab, app)

    # B writes a note on the fourth row (newest first): days_ago(4).
    edit_cell(tab_b, 3, 4, "long drive")
    # A deletes the oldest day and logs today.
    tick_delete(tab_a, 4)
    tab_a.get_by_role("button", name="Save changes").click()
    expect(tab_a.get_by_text("Delete 1 day?")).to_be_visible()
    tab_a.get_by_role("button", name="Delete", exact=True).click()
    wait_for_app(tab_a)
    expect_message(tab_a, f"Deleted {days_ago(5):%d %b %Y}.")
    set_pain(tab_a, 2)
    save(tab_a)
    expect_message(tab_a, f"Saved {shown(TODAY)}")

    tab_b.get_by_role("button", name="Save changes").click()
    wait_for_app(tab_b)
    expect_message(tab_b, f"Saved {days_ago(4):%d %b %Y}")
    entries = entries_by_date(load_entries(app.folder))
    assert entries[days_ago(4)].notes == "long drive"
    assert all(e.notes == "" for d, e in entries.items() if d != days_ago(4))
    assert sorted(entries) == [days_ago(n) for n in (4, 3, 2, 1, 0)]

    # B deletes a day that A changes first: reported, not deleted.
    tab_b.reload()
    wait_for_app(tab_b)
    tick_delete(tab_b, 0)  # today
    edit_cell(tab_a, 0, 1, "7")
    # Only what A did since its last save is pending: no tick left from the deleted day.
    expect(tab_a.get_by_text("Not saved yet:", exact=False)).to_have_text(
        f"Not saved yet: {TODAY:%d %b %Y} changed."
    )
    tab_a.get_by_role("button", name="Save changes").click()
    wait_for_app(tab_a)
    expect_message(tab_a, f"Saved {TODAY:%d %b %Y}.")
    tab_b.get_by_role("button", name="Save changes").click()
    wait_for_app(tab_b)
    tab_b.get_by_role("button", name="Delete", exact=True).click()
    wait_for_app(tab_b)
    expect(
        tab_b.get_by_text(f"{TODAY:%d %b %Y} changed in another window; not saved.")
    ).to_be_visible()
    assert entry_for(load_entries(app.folder), TODAY).pain == 7
    tab_a.context.close()
    tab_b.context.close()


def test_delete_asks_first_and_can_be_undone(app: App, page: Page) -> None:
    for n, note in ((3, "a"), (2, "b, with a comma"), (1, "c")):
        save_entry(app.folder, schema.Entry(days_ago(n), n, 6.5, ("log_roll",), note))
    before = (app.folder / "entries.csv").read_bytes()
    open_log(page, app)

    # A value out of range is refused with its field, day and reason, never clamped.
    edit_cell(page, 0, 1, "11", pending="value to check")
    page.get_by_role("button", name="Save changes").click()
    wait_for_app(page)
    expect(
        page.get_by_text(
            f"{days_ago(1).isoformat()}: Pain (0-10): must be from 0 to 10", exact=False
        )
    ).to_be_visible()
    assert (app.folder / "entries.csv").read_bytes() == before

    page.reload()
    wait_for_app(page)
    tick_delete(page, 1)
    page.get_by_role("button", name="Save changes").click()
    wait_for_app(page)
    expect(page.get_by_text("Delete 1 day?")).to_be_visible()
    expect(page.get_by_text('note "b, with a comma"', exact=False)).to_be_visible()
    assert (app.folder / "entries.csv").read_bytes() == before

    page.get_by_role("button", name="Delete", exact=True).click()
    wait_for_app(page)
    expect_message(page, f"Deleted {days_ago(2):%d %b %Y}.")
    assert [line.split(",")[0] for line in entries_lines(app.folder)[1:]] == [
        days_ago(3).isoformat(),
        days_ago(1).isoformat(),
    ]
    page.get_by_role("button", name="Undo").click()
    wait_for_app(page)
    expect_message(page, f"Put back {days_ago(2):%d %b %Y}.")
    assert (app.folder / "entries.csv").read_bytes() == before
    expect(page.get_by_role("button", name="Undo")).to_have_count(0)


def test_logging_a_day_on_a_phone(app: App, phone_page: Page) -> None:
    page = phone_page
    open_log(page, app)
    set_pain(page, 6)
    page.get_by_role("spinbutton", name="Hours sitting").fill("7.5")
    page.get_by_role("button", name="Walking break").click()
    page.get_by_role("textbox", name="Notes").fill("Stiff after the drive")
    save(page)
    expect_message(
        page,
        f'Saved {shown(TODAY)}: pain 6, sitting 7.5 h, exercises: Walking break, note "Stiff '
        'after the drive".',
    )
    assert entries_lines(app.folder)[1:] == [
        f"{TODAY.isoformat()},6,7.5,walking_break,Stiff after the drive"
    ]
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    screenshot(page, "log-form-phone")
