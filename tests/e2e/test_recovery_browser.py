"""A journal with a line that lost its meaning, in a real browser: every page still opens with
the days that could be read, the line is named, what could be read downloads, and keeping the
readable rows sets the original aside."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from lumbarlog.journal.csv_files import forget_parsed, load_entries

from .conftest import PHONE, App, screenshot, wait_for_app

BROKEN = (
    b"date,pain,sitting_hours,exercises,notes\n"
    b"2026-11-01,3,6.5,,first\n"
    b"2026-11-02,eleven,,,bad pain\n"
    b"2026-11-03,4,,,third\n"
)


def test_a_bad_line_locks_nobody_out(app: App, page: Page) -> None:
    path = app.folder / "entries.csv"
    path.write_bytes(BROKEN)
    for address, title in (("", "Today"), ("trends", "Trends"), ("routines", "Routines")):
        page.goto(f"{app.url}/{address}")
        wait_for_app(page)
        expect(page.get_by_role("heading", name=title).first).to_be_visible()
        expect(page.get_by_text("cannot fully read entries.csv", exact=False)).to_be_visible()
        expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    panel = page.get_by_text("cannot fully read entries.csv", exact=False)
    expect(panel).to_be_visible()
    expect(page.get_by_text("shows the 2 days it could read", exact=False)).to_be_visible()
    expect(page.get_by_role("heading", name="History (read-only)")).to_be_visible()
    expect(page.get_by_role("button", name="Save", exact=True)).to_have_count(0)
    screenshot(page, "recovery-desktop")

    with page.expect_download() as download:
        page.get_by_role("button", name="Download the 2 readable days (CSV)").click()
    exported = download.value.path().read_bytes().decode("utf-8-sig")
    assert "first" in exported and "third" in exported and "eleven" not in exported
    assert path.read_bytes() == BROKEN

    page.get_by_role("tab", name="Keep the readable rows").click()
    page.get_by_role("button", name="Keep the 2 readable days").click()
    expect(page.get_by_text("Kept 2 readable days", exact=False).first).to_be_visible()
    wait_for_app(page)
    forget_parsed()
    assert load_entries(app.folder)["notes"].tolist() == ["first", "third"]
    set_aside = list((app.folder / "backups").glob("entries-replaced-*.csv"))
    assert [p.read_bytes() for p in set_aside] == [BROKEN]
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_visible()


def test_the_recovery_panel_fits_a_phone(app: App, phone_page: Page) -> None:
    (app.folder / "entries.csv").write_bytes(BROKEN)
    phone_page.set_viewport_size(PHONE)
    phone_page.goto(f"{app.url}/log")
    wait_for_app(phone_page)
    expect(phone_page.get_by_text("cannot fully read entries.csv", exact=False)).to_be_visible()
    expect(phone_page.get_by_role("heading", name="History (read-only)")).to_be_visible()
    expect(phone_page.get_by_role("button", name="Download journal (CSV)")).to_be_visible()
    width = phone_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    screenshot(phone_page, "recovery-phone")
