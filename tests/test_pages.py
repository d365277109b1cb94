"""The pages as a person uses them, through the app's entry point (Streamlit's AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lumbarlog.journal.backups import list_backups
from lumbarlog.journal.csv_files import forget_parsed, load_entries
from lumbarlog.journal.days import log_day
from tests.pinned_day import TODAY

PAGES = [
    "app_pages/today.py",
    "app_pages/log.py",
    "app_pages/routines.py",
    "app_pages/trends.py",
    "app_pages/learn.py",
    "app_pages/experiment.py",
]
APP = Path(__file__).resolve().parent.parent / "streamlit_app.py"


def open_page(page: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.switch_page(page)
    app.run()
    return app


def entries_text(folder: Path) -> str:
    return (folder / "entries.csv").read_text(encoding="utf-8")


def fill_form(app: AppTest, *, pain: int, sitting: float | None, exercises=(), notes: str = ""):
    app.select_slider(key="log_pain").set_value(pain)
    app.number_input(key="log_sitting").set_value(sitting)
    app.button_group(key="log_exercises").set_value(list(exercises))
    app.text_area(key="log_notes").set_value(notes)
    app.button(key="FormSubmitter:log_form-Save").click()
    app.run()


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_through_the_entry_point(journal_dir: Path, page: str) -> None:
    app = open_page(page)
    assert not app.exception
    assert app.title, f"{page} shows no title"
    # It ran inside the entry point: the shared sidebar is there.
    assert any("Your journal" in c.value for c in app.sidebar.caption)


def test_the_log_form_uses_plain_labels(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    assert app.select_slider(key="log_pain").label == "Pain (0-10)"
    assert app.number_input(key="log_sitting").label == "Hours sitting"
    assert app.button_group(key="log_exercises").label == "Exercises done"
    assert app.button(key="FormSubmitter:log_form-Save").label == "Save"


def test_logging_a_day_writes_exactly_that_row(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    fill_form(
        app, pain=6, sitting=7.5, exercises=["glute_bridge", "walking_break"], notes='ok, "fine"'
    )
    assert not app.exception
    assert entries_text(journal_dir) == (
        "date,pain,sitting_hours,exercises,notes\n"
        f'{TODAY.isoformat()},6,7.5,glute_bridge;walking_break,"ok, ""fine"""\n'
    )
    assert [s.value for s in app.success] == [
        f"Saved {TODAY:%a %d %b %Y}: pain 6, sitting 7.5 h, exercises: Glute bridge · "
        'Walking break, note "ok, ""fine""".'.replace('""', '"')
    ]
    # The form now shows the day as saved, nothing more.
    assert app.text_area(key="log_notes").value == 'ok, "fine"'
    # The new day shows in the history table.
    history = app.dataframe[0].value
    assert history["pain"].tolist() == [6]


def test_replacing_a_day_asks_first(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    fill_form(app, pain=3, sitting=5.0)
    first = entries_text(journal_dir)

    fill_form(app, pain=8, sitting=9.0)
    assert entries_text(journal_dir) == first, "a day was replaced without asking"
    assert any("already logged" in w.value for w in app.warning)

    app.button(key="log_keep").click().run()
    assert entries_text(journal_dir) == first

    fill_form(app, pain=8, sitting=9.0)
    app.button(key="log_replace").click().run()
    assert not app.exception
    assert load_entries(journal_dir)["pain"].tolist() == [8]
    assert len(list_backups(journal_dir)) == 1


@pytest.mark.parametrize("page", PAGES)
def test_a_corrupt_journal_shows_the_error_and_the_page_still_renders(
    journal_dir: Path, page: str
) -> None:
    path = journal_dir / "entries.csv"
    path.write_text("date,pain,sitting_hours,exercises,notes\n2026-11-01,12,,,\n")
    before = path.read_bytes()
    app = open_page(page)
    assert not app.exception
    assert app.title
    if page != "app_pages/learn.py":
        errors = " ".join(e.value for e in app.error)
        assert "cannot fully read entries" in errors
        problems = problem_rows(app)
        assert problems[0]["Line"] == 2 and problems[0]["Field"] == "Pain (0-10)"
        assert problems[0]["Value"] == "12"
    assert path.read_bytes() == before


def shown(element) -> str:
    """An element's text as the person reads it (markdown escapes removed)."""
    return element.value.replace("\\", "")


def problem_rows(app: AppTest) -> list[dict]:
    """The rows of the recovery panel's table of lines that could not be read."""
    return [
        row
        for table in app.dataframe
        if "Problem" in table.value.columns
        for row in table.value.to_dict("records")
    ]


def test_a_corrupt_journal_can_be_restored_from_a_backup(journal_dir: Path) -> None:
    for day in ("2026-11-01", "2026-11-02"):
        log_day(
            journal_dir, {"date": day, "pain": 2}, known_exercises=(), today=dt.date(2026, 11, 24)
        )
    path = journal_dir / "entries.csv"
    path.write_bytes(path.read_bytes()[:-3])
    app = open_page("app_pages/log.py")
    assert "cut short" in problem_rows(app)[0]["Problem"]
    app.button(key="recover_restore_entries_csv").click().run()
    assert not app.exception
    assert load_entries(journal_dir)["date"].dt.date.tolist() == [dt.date(2026, 11, 1)]
    assert any("Restored" in s.value for s in app.success)


def test_a_journal_with_a_bad_line_shows_the_rest_and_can_keep_only_them(
    journal_dir: Path,
) -> None:
    path = journal_dir / "entries.csv"
    path.write_text(
        "date,pain,sitting_hours,exercises,notes\n2026-11-01,3,,,kept\n2026-11-02,eleven,,,\n"
    )
    before = path.read_bytes()
    app = open_page("app_pages/log.py")
    assert not app.exception
    # Read-only: the day that could be read is shown and can be exported; no form to save.
    shown = [t.value for t in app.dataframe if "notes" in t.value.columns]
    assert shown and shown[0]["notes"].tolist() == ["kept"]
    assert app.get("download_button")
    assert not [b for b in app.button if b.label == "Save"]
    assert path.read_bytes() == before
    app.button(key="recover_keep_entries_csv").click().run()
    assert not app.exception
    forget_parsed()
    assert load_entries(journal_dir)["notes"].tolist() == ["kept"]
    set_aside = list((journal_dir / "backups").glob("entries-replaced-*.csv"))
    assert [p.read_bytes() for p in set_aside] == [before]


def test_a_broken_sessions_file_does_not_block_logging_a_day(journal_dir: Path) -> None:
    (journal_dir / "sessions.csv").write_text("start,end\nnot a time,\n")
    (journal_dir / "journal.json").write_text('{"schema_version": 1e999}')
    app = open_page("app_pages/log.py")
    assert not app.exception
    assert any("sessions.csv" in shown(e) for e in app.error)
    assert any("journal.json" in shown(i) and "damaged" in shown(i) for i in app.info)
    fill_form(app, pain=3, sitting=None)
    assert not app.exception
    forget_parsed()
    assert load_entries(journal_dir)["pain"].tolist() == [3]
    assert '"schema_version": 2' in (journal_dir / "journal.json").read_text()
    assert list((journal_dir / "backups").glob("journal-replaced-*.json"))


def test_a_missing_journal_folder_is_named_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    missing = tmp_path / "unmounted" / "lumbarlog"
    monkeypatch.setenv("LUMBARLOG_DATA_DIR", str(missing))
    for page in PAGES[:4]:
        app = open_page(page)
        assert not app.exception
        assert any(str(missing) in shown(e) and "does not exist" in shown(e) for e in app.error)
    assert not missing.exists()
    app.button(key="missing_create").click().run()
    assert missing.is_dir()


def test_a_period_with_no_days_still_shows_export_and_import(journal_dir: Path) -> None:
    log_day(journal_dir, {"date": "2020-01-01", "pain": 2}, known_exercises=(), today=TODAY)
    app = open_page("app_pages/log.py")
    assert not app.exception
    assert any("No days logged in this period" in i.value for i in app.info)
    assert app.get("download_button")
    app.button_group(key="log_period").set_value("Everything").run()
    assert app.dataframe[0].value["pain"].tolist() == [2]


def test_saving_notes_that_mention_a_red_flag_brings_up_the_check(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    fill_form(app, pain=3, sitting=None, notes="pins and needles in both legs today")
    assert not app.exception
    assert "pins and needles in both legs" in entries_text(journal_dir)
    alarm = " ".join(e.value for e in app.error)
    assert "Your notes mention" in alarm
    assert "emergency department (A&E, ER)" in alarm
    # Shown once, after the save; the next run of the page does not repeat it.
    app.run()
    assert not any("Your notes mention" in e.value for e in app.error)
