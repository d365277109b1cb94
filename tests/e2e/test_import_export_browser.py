"""Import and export on the Log page in a real browser (AppTest cannot upload or download)."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from lumbarlog.domain import catalog
from lumbarlog.journal.csv_files import load_entries
from lumbarlog.journal.days import log_day
from tests.pinned_day import TODAY

from .conftest import App, wait_for_app


def test_import_shows_a_preview_and_writes_only_after_confirming(
    app: App, page: Page, tmp_path: Path
) -> None:
    log_day(app.folder, {"date": "2026-01-01", "pain": 2}, known_exercises=(),
                  today=TODAY)  # fmt: skip
    before = (app.folder / "entries.csv").read_bytes()
    upload = tmp_path / "old-tracker.csv"
    upload.write_text(
        "date,pain,sitting_hours,notes\n"
        "2026-01-01,7,,a different day one\n"
        "2026-01-02,3,8,\n"
        '2026-01-03,4,6.5,"commas, and ""quotes"""\n'
        "2026-01-04,12,,too much\n"
    )
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(upload)
    expect(page.get_by_text("Import preview: nothing is written until you confirm")).to_be_visible()
    wait_for_app(page)
    assert (app.folder / "entries.csv").read_bytes() == before
    # The problems table is a canvas grid; its cells are in the page for screen readers.
    expect(page.get_by_text("must be from 0 to 10 (got '12')")).to_have_count(1)

    page.get_by_role("button", name="Import 2 days").click()
    # Said once, on the page.
    expect(page.get_by_text("2 new days, 0 replaced, 1 kept as they were")).to_have_count(1)
    entries = load_entries(app.folder)
    assert entries["pain"].tolist() == [2, 3, 4]  # my own day one was kept
    assert entries["notes"].tolist()[2] == 'commas, and "quotes"'


def test_export_downloads_a_spreadsheet_safe_csv(app: App, page: Page) -> None:
    log_day(
        app.folder,
        {"date": "2026-01-01", "pain": 5, "sitting_hours": 7.5, "exercises": "log_roll",
         "notes": "=HYPERLINK(\"x\")"},
        known_exercises=catalog.exercise_ids(),
        today=TODAY,
    )  # fmt: skip
    page.goto(f"{app.url}/log")
    wait_for_app(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download journal (CSV)").click()
    text = Path(download.value.path()).read_bytes().decode("utf-8-sig")
    assert text.splitlines() == [
        "date,pain,sitting_hours,exercises,notes",
        '2026-01-01,5,7.5,log_roll,"\'=HYPERLINK(""x"")"',
    ]
