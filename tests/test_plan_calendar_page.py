"""The My plan tab's calendar download, as a person meets it (AppTest): offered only for a saved
plan and a time of day, with a message beside a cleared time, and nothing written."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.domain.plan import make_plan
from lumbarlog.journal.plan_file import save_plan
from tests.pinned_day import TODAY

from .test_pages import open_page, shown

DOWNLOAD = "Download plan for your calendar (.ics)"


def download_labels(app: AppTest) -> list[str]:
    return [element.proto.label for element in app.get("download_button")]


def folder_state(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def saved_plan(folder: Path) -> None:
    save_plan(folder, make_plan({"desk_break": [0, 2, 4]}), today=TODAY)


def test_with_a_saved_plan_the_download_is_offered_with_the_reminder_sentence(
    journal_dir: Path,
) -> None:
    saved_plan(journal_dir)
    app = open_page("app_pages/routines.py")
    assert not app.exception
    assert DOWNLOAD in download_labels(app)
    assert app.time_input(key="plan_calendar_time").value.isoformat() == "18:00:00"
    captions = " ".join(c.value for c in app.caption)
    assert "Google Calendar and Outlook ignore reminders in imported files" in captions
    # The check-in is asked for, not assumed.
    assert app.checkbox(key="plan_calendar_check_in").value is False


def test_without_a_plan_there_is_no_download_and_the_tab_says_why(journal_dir: Path) -> None:
    app = open_page("app_pages/routines.py")
    assert not app.exception
    assert DOWNLOAD not in download_labels(app)
    assert any("to download it for your calendar" in i.value for i in app.info)


def test_a_cleared_time_is_named_beside_the_field_and_nothing_is_offered_or_written(
    journal_dir: Path,
) -> None:
    saved_plan(journal_dir)
    before = folder_state(journal_dir)
    app = open_page("app_pages/routines.py")
    app.time_input(key="plan_calendar_time").set_value(None).run()
    assert not app.exception
    assert DOWNLOAD not in download_labels(app)
    assert [shown(e) for e in app.error] == [
        "Time for your routines: choose a time of day (for example 18:00) to download the plan."
    ]
    assert folder_state(journal_dir) == before


def test_the_check_in_needs_its_own_time(journal_dir: Path) -> None:
    saved_plan(journal_dir)
    before = folder_state(journal_dir)
    app = open_page("app_pages/routines.py")
    app.checkbox(key="plan_calendar_check_in").check().run()
    assert app.time_input(key="plan_calendar_check_in_time").value.isoformat() == "21:00:00"
    assert DOWNLOAD in download_labels(app)
    app.time_input(key="plan_calendar_check_in_time").set_value(None).run()
    assert not app.exception
    assert DOWNLOAD not in download_labels(app)
    assert [shown(e) for e in app.error] == [
        "Time for the check-in: choose a time of day (for example 21:00), or untick "
        "the daily check-in."
    ]
    assert folder_state(journal_dir) == before
