"""The report's section on Log and its printable page, as a person meets them (AppTest): plain
labels, what the person adds kept across pages in the session, a journal with a file that
cannot be fully read still reported from what could be, and an empty journal told what to do."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.journal import demo
from lumbarlog.journal.repository import CsvJournal
from tests.pinned_day import TODAY

from .test_pages import open_page

DOWNLOAD = "Download report for your doctor (PDF)"


def texts(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [t.value for t in app.text] + [i.value for i in app.info]
    return " ".join(str(p) for p in parts)


def downloads(app: AppTest) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


def test_log_offers_the_report_with_plain_labels(journal_dir: Path) -> None:
    demo.write_demo(CsvJournal(journal_dir), days=60, end=TODAY)
    app = open_page("app_pages/log.py")
    assert not app.exception
    assert "Report for your doctor" in [h.value for h in app.header]
    assert app.text_input(key="report_name").label == "Your name on the report (optional)"
    assert app.text_area(key="report_questions").label == "Questions to ask your doctor (optional)"
    assert app.multiselect(key="report_notes").label == "Notes to share with your doctor"
    assert app.radio(key="report_paper").label == "Paper size"
    assert DOWNLOAD in downloads(app)


def test_what_the_person_adds_on_log_is_on_the_printable_page(journal_dir: Path) -> None:
    demo.write_demo(CsvJournal(journal_dir), days=60, end=TODAY)
    before = sorted(p.name for p in journal_dir.rglob("*"))
    app = open_page("app_pages/log.py")
    app.text_input(key="report_name").set_value("Sam Example").run()
    app.text_area(key="report_questions").set_value("Is it safe to run again?").run()
    app.switch_page("app_pages/report.py").run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Lower back pain: self-report"]
    shown = texts(app)
    assert "Sam Example" in shown
    assert "Is it safe to run again?" in shown
    assert "No period in the address: showing the last 90 days." in shown
    assert DOWNLOAD in downloads(app)
    # Back on Log, the fields hold what was typed: nothing is lost between pages.
    app.switch_page("app_pages/log.py").run()
    assert app.text_input(key="report_name").value == "Sam Example"
    # None of it is written into the journal.
    assert sorted(p.name for p in journal_dir.rglob("*")) == before


def test_an_unreadable_row_does_not_stop_the_report(journal_dir: Path) -> None:
    demo.write_demo(CsvJournal(journal_dir), days=30, end=TODAY)
    entries = journal_dir / "entries.csv"
    entries.write_text(
        entries.read_text(encoding="utf-8") + "2026-13-45,eleven,,,\n", encoding="utf-8"
    )
    app = open_page("app_pages/log.py")
    assert not app.exception
    assert "Report for your doctor" in [h.value for h in app.header]
    assert DOWNLOAD in downloads(app)
    assert "the report uses every row that could be" in texts(app)


def test_an_empty_journal_is_told_what_the_report_needs(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    assert not app.exception
    assert "Log a few days first" in texts(app)
    assert DOWNLOAD not in downloads(app)
    app.switch_page("app_pages/report.py").run()
    assert "Nothing to report yet" in texts(app)
