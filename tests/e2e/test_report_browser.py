"""The clinician report in a real browser (AppTest cannot download, nor keep what a person typed
across pages): made on Log with a name, a question and a ticked note, downloaded and read back
with pypdf; the Trends button carries the same choices for its own period; the printable page
shows the same words and prints without the app's links and buttons; a phone can use it all."""

from __future__ import annotations

import datetime as dt
import re
from io import BytesIO
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from lumbarlog.analysis.charts import by_week
from lumbarlog.domain.schema import Entry
from lumbarlog.journal import demo
from lumbarlog.journal.repository import CsvJournal
from tests.pinned_day import TODAY

from .conftest import PAGE_LINKS, App, screenshot, wait_for_app

DOWNLOAD = "Download report for your doctor (PDF)"
NAME = "Your name on the report (optional)"
QUESTIONS = "Questions to ask your doctor (optional)"
RED_FLAG_DAY = TODAY - dt.timedelta(days=20)
RED_FLAG_NOTE = "Tingling in both legs after gardening"


@pytest.fixture
def journal(app: App) -> CsvJournal:
    """The 90-day demo, with a red-flag note 20 days ago."""
    journal = CsvJournal(app.folder)
    demo.write_demo(journal, days=90, end=TODAY)
    day = journal.entry(RED_FLAG_DAY)
    assert day is not None
    journal.save(
        Entry(day.date, day.pain, day.sitting_hours, day.exercises, RED_FLAG_NOTE), replace=True
    )
    return journal


def pdf_words(path: Path) -> tuple[PdfReader, str]:
    reader = PdfReader(BytesIO(path.read_bytes()))
    return reader, " ".join(" ".join(p.extract_text().split()) for p in reader.pages)


def download(page: Page, tmp: Path, name: str) -> tuple[str, PdfReader, str]:
    with page.expect_download() as started:
        page.get_by_role("button", name=DOWNLOAD).click()
    path = tmp / name
    started.value.save_as(path)
    return (started.value.suggested_filename, *pdf_words(path))


def logged_days(journal: CsvJournal, start: dt.date, end: dt.date) -> int:
    dates = journal.entries().frame["date"].dt.date
    return int(((dates >= start) & (dates <= end)).sum())


def test_make_the_report_on_log_then_download_it_from_trends_and_print_it(
    app: App, journal: CsvJournal, page: Page, tmp_path: Path
) -> None:
    page.goto(app.url)
    wait_for_app(page)
    page.locator(PAGE_LINKS).get_by_role("link", name="Log").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Report for your doctor")).to_be_visible()
    page.get_by_label(NAME).fill("Sam Example")
    page.get_by_label(NAME).press("Tab")
    wait_for_app(page)
    page.get_by_label(QUESTIONS).fill("Is it safe to run again?")
    page.get_by_label(NAME).click()  # leaving the field sends it
    wait_for_app(page)
    page.get_by_role("combobox", name="Notes to share with your doctor").click()
    page.get_by_role("option", name=re.compile(re.escape(RED_FLAG_NOTE[:30]))).click()
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_text("Letter (US)").click()
    wait_for_app(page)
    screenshot(page, "report-log-desktop")
    before = sorted((p.name, p.stat().st_mtime_ns) for p in app.folder.rglob("*"))

    start = TODAY - dt.timedelta(days=89)
    name, reader, words = download(page, tmp_path, "log.pdf")
    assert name == f"lumbar-log-report-{start.isoformat()}-to-{TODAY.isoformat()}.pdf"
    assert len(reader.pages) == 1
    assert round(float(reader.pages[0].mediabox.height)) == 792  # Letter, as chosen
    logged = logged_days(journal, start, TODAY)
    for expected in [
        "Sam Example",
        f"pain logged on {logged} of 90 days",
        "Is it safe to run again?",
        f"{RED_FLAG_DAY.day} {RED_FLAG_DAY:%b}: {RED_FLAG_NOTE}",  # the ticked note
        "“Tingling in both legs”",  # and at the top, as a red-flag sign
        "Morning stretches",
        "not a diagnosis",
    ]:
        assert expected in words
    # Making and downloading the report writes nothing into the journal.
    assert sorted((p.name, p.stat().st_mtime_ns) for p in app.folder.rglob("*")) == before

    # Trends offers the same report for the period it shows, with what was added on Log.
    page.locator(PAGE_LINKS).get_by_role("link", name="Trends").click()
    wait_for_app(page)
    page.get_by_role("radio", name="Last 30 days").click()
    start = TODAY - dt.timedelta(days=29)
    # The page has run for the new period (the click's run may not have begun at once).
    expect(page.get_by_text(f"between {start:%d %b %Y} and", exact=False)).to_be_visible()
    wait_for_app(page)
    name, reader, words = download(page, tmp_path, "trends.pdf")
    assert name == f"lumbar-log-report-{start.isoformat()}-to-{TODAY.isoformat()}.pdf"
    assert f"pain logged on {logged_days(journal, start, TODAY)} of 30 days" in words
    assert "Sam Example" in words and "Is it safe to run again?" in words

    # The printable page: the same words, and a printout without the app's links or buttons.
    page.get_by_role("link", name="Open the printable page").click()
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Lower back pain: self-report")).to_be_visible()
    expect(page.get_by_text("Sam Example")).to_be_visible()
    expect(
        page.get_by_text(f"pain logged on {logged_days(journal, start, TODAY)} of 30")
    ).to_be_visible()
    expect(page.get_by_text("Tingling in both legs after gardening")).to_be_visible()
    assert f"from={start.isoformat()}" in page.url
    page.emulate_media(media="print")
    expect(page.locator(PAGE_LINKS)).to_be_hidden()
    expect(page.get_by_role("button", name=DOWNLOAD)).to_be_hidden()
    expect(page.get_by_role("heading", name="Lower back pain: self-report")).to_be_visible()
    page.emulate_media(media="screen")
    screenshot(page, "report-printable-desktop")


def test_the_report_on_a_phone(
    app: App, journal: CsvJournal, phone_page: Page, tmp_path: Path
) -> None:
    page = phone_page
    start = TODAY - dt.timedelta(days=29)
    page.goto(f"{app.url}/report?from={start.isoformat()}&to={TODAY.isoformat()}")
    wait_for_app(page)
    expect(page.get_by_role("heading", name="Lower back pain: self-report")).to_be_visible()
    expect(page.get_by_role("heading", name="Pain, week by week")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # The plot itself is HEIGHT tall; the legend and the axis come on top of it (a chart
    # squeezed into HEIGHT whole was 40 px of plot).
    charts = page.locator('[data-testid="stVegaLiteChart"] svg')
    charts.first.wait_for()
    heights = charts.evaluate_all("all => all.map(c => c.getBoundingClientRect().height)")
    assert heights[0] > by_week.HEIGHT + 40
    screenshot(page, "report-printable-phone")
    _, reader, words = download(page, tmp_path, "phone.pdf")
    assert len(reader.pages) == 1 and "of 30 days" in words

    page.locator(PAGE_LINKS).get_by_role("link", name="Log").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Report for your doctor").scroll_into_view_if_needed()
    expect(page.get_by_role("button", name=DOWNLOAD)).to_be_visible()
    expect(page.get_by_label(NAME)).to_be_visible()
    expect(page.get_by_role("combobox", name="Notes to share with your doctor")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "report-log-phone")


def test_a_period_in_the_address_that_is_not_one_falls_back_and_says_so(
    app: App, journal: CsvJournal, page: Page
) -> None:
    page.goto(f"{app.url}/report?from=yesterday&to=2026-02-30")
    wait_for_app(page)
    expect(page.get_by_text("No period in the address: showing the last 90 days.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"pain logged on \d+ of 90 days"))).to_be_visible()
