"""The Log form, the Today quick form and the demo, through the app (AppTest): a form shows
one day as it is saved, asks before replacing it, and never writes values nobody entered or
into a journal the person is not looking at."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from streamlit.testing.v1 import AppTest

from lumbarlog.domain import catalog, schema
from lumbarlog.journal.csv_files import load_sessions
from lumbarlog.journal.days import save_entry
from lumbarlog.journal.sessions import add_session
from tests.pinned_day import TODAY

from .test_pages import APP, entries_text, open_page

HEADER = "date,pain,sitting_hours,exercises,notes\n"


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def choose(app: AppTest, day: dt.date) -> None:
    app.date_input(key="log_date").set_value(day).run()
    assert not app.exception


def save(app: AppTest) -> None:
    app.button(key="FormSubmitter:log_form-Save").click().run()
    assert not app.exception


def form_values(app: AppTest) -> tuple:
    return (
        app.select_slider(key="log_pain").value,
        app.number_input(key="log_sitting").value,
        app.button_group(key="log_exercises").value,
        app.text_area(key="log_notes").value,
    )


def record_routine(folder: Path, day: dt.date, exercises: tuple[str, ...]) -> None:
    start = dt.datetime.combine(day, dt.time(7, 30))
    session = schema.Session(start, start + dt.timedelta(minutes=10), "desk_break", exercises)
    add_session(folder, session)


def test_choosing_a_date_shows_that_days_values_or_an_empty_day(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(days_ago(3), 6, 9.0, ("glute_bridge",), "long drive"))
    app = open_page("app_pages/log.py")
    assert form_values(app) == (None, None, [], "")  # today: not logged, pain not made up
    choose(app, days_ago(3))
    assert form_values(app) == (6, 9.0, ["glute_bridge"], "long drive")
    choose(app, days_ago(2))
    assert form_values(app) == (None, None, [], "")


def test_a_save_without_pain_is_refused_beside_the_slider(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    app.number_input(key="log_sitting").set_value(30.0)
    save(app)
    errors = [e.value.replace("\\", "") for e in app.error]
    assert "Pain (0-10): is missing; give a whole number from 0 to 10" in errors
    assert "Hours sitting: must be from 0 to 24 hours (got 30)" in errors
    assert not (journal_dir / "entries.csv").exists()


def test_the_form_offers_every_exercise_of_the_catalog(journal_dir: Path) -> None:
    app = open_page("app_pages/log.py")
    offered = app.button_group(key="log_exercises").options
    assert len(offered) == len(catalog.load().exercises) == 13
    names = set(offered)
    assert {"Stand-up break", "Walking break", "Getting out of bed (log roll)"} <= names


def test_routine_exercises_are_ticked_only_on_their_own_day(journal_dir: Path) -> None:
    record_routine(journal_dir, TODAY, ("stand_up_break", "walking_break"))
    app = open_page("app_pages/log.py")
    assert app.button_group(key="log_exercises").value == ["stand_up_break", "walking_break"]
    choose(app, days_ago(10))
    assert app.button_group(key="log_exercises").value == []
    app.select_slider(key="log_pain").set_value(3)
    save(app)
    assert entries_text(journal_dir) == HEADER + f"{days_ago(10).isoformat()},3,,,\n"


def test_replace_says_field_by_field_what_changes(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(days_ago(1), 3, 5.0, ("log_roll",), "stiff"))
    before = entries_text(journal_dir)
    app = open_page("app_pages/log.py")
    choose(app, days_ago(1))
    app.select_slider(key="log_pain").set_value(5)
    app.text_area(key="log_notes").set_value("")
    save(app)
    assert entries_text(journal_dir) == before
    changes = " ".join(m.value for m in app.markdown)
    assert "**Pain (0-10)**: 3 → 5" in changes
    assert '**Notes**: "stiff" → none' in changes
    assert "Hours sitting" not in changes  # unchanged fields are not listed

    app.button(key="log_replace").click().run()
    assert entries_text(journal_dir) == HEADER + f"{days_ago(1).isoformat()},5,5,log_roll,\n"
    assert [s.value for s in app.success] == [
        f"Replaced {days_ago(1):%a %d %b %Y}: pain 5, sitting 5 h, exercises: Getting out of "
        "bed (log roll), no notes."
    ]


def test_any_other_action_drops_the_replace_question(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(TODAY, 3, None, ("log_roll",), "walked"))
    before = entries_text(journal_dir)
    app = open_page("app_pages/log.py")
    app.select_slider(key="log_pain").set_value(4)
    save(app)
    assert app.button(key="log_replace")
    # Another action (here: the history's period) and the question is gone.
    app.button_group(key="log_period").set_value("Everything").run()
    assert not [b for b in app.button if b.key == "log_replace"]
    save(app)  # asked again, about the values in the form now
    assert app.button(key="log_replace")
    app.switch_page("app_pages/today.py").run()
    app.switch_page("app_pages/log.py").run()
    assert not [b for b in app.button if b.key == "log_replace"]
    assert entries_text(journal_dir) == before


def test_a_routine_finished_while_the_form_was_open_is_not_dropped(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(TODAY, 3))
    app = open_page("app_pages/log.py")
    app.select_slider(key="log_pain").set_value(5)
    record_routine(journal_dir, TODAY, ("walking_break",))  # adds it to today's entry
    save(app)
    assert any("changed in another window (or by a routine)" in w.value for w in app.warning)
    changes = " ".join(m.value for m in app.markdown)
    assert "**Pain (0-10)**: 3 → 5" in changes
    assert "Exercises done" not in changes  # the routine's exercise is kept in the new values
    assert entries_text(journal_dir) == HEADER + f"{TODAY.isoformat()},3,,walking_break,\n"
    app.button(key="log_replace").click().run()
    assert entries_text(journal_dir) == HEADER + f"{TODAY.isoformat()},5,,walking_break,\n"

    # On a day not logged yet, the routine's exercises are added to what the form saves.
    choose(app, days_ago(1))
    app.select_slider(key="log_pain").set_value(2)
    record_routine(journal_dir, days_ago(1), ("stand_up_break",))
    save(app)
    assert f"{days_ago(1).isoformat()},2,,stand_up_break," in entries_text(journal_dir)


def test_two_quick_forms_saving_today_ask_instead_of_dropping_one(journal_dir: Path) -> None:
    first, second = open_page("app_pages/today.py"), open_page("app_pages/today.py")
    for app, pain in ((first, 3), (second, 7)):
        app.select_slider(key="today_pain").set_value(pain)
    first.button(key="FormSubmitter:today_form-Save").click().run()
    second.button(key="FormSubmitter:today_form-Save").click().run()
    assert not second.exception
    assert entries_text(journal_dir) == HEADER + f"{TODAY.isoformat()},3,,,\n"
    shown = " ".join(m.value for m in second.markdown)
    assert "**Saved there**: pain 3" in shown and "**Yours**: pain 7" in shown
    second.button(key="today_replace").click().run()
    assert entries_text(journal_dir) == HEADER + f"{TODAY.isoformat()},7,,,\n"


def demo_app() -> AppTest:
    app = open_page("app_pages/today.py")
    app.button(key="demo_start").click().run()
    assert not app.exception
    return app


def test_leaving_the_demo_with_a_replace_question_open_writes_nothing(journal_dir: Path) -> None:
    app = demo_app()
    app.switch_page("app_pages/log.py").run()
    app.select_slider(key="log_pain").set_value(9)  # today is logged in the demo
    save(app)
    assert app.button(key="log_replace")
    app.sidebar.button(key="demo_leave_sidebar").click().run()
    assert not [b for b in app.button if b.key == "log_replace"]
    assert not (journal_dir / "entries.csv").exists()


def test_a_routine_started_in_the_demo_is_recorded_in_the_demo(journal_dir: Path) -> None:
    app = demo_app()
    app.switch_page("app_pages/routines.py").run()
    app.selectbox(key="routine").set_value("desk_break").run()
    app.button(key="routines_start").click().run()
    app.button(key="routines_next").click().run()
    app.sidebar.button(key="demo_leave_sidebar").click().run()
    app.button(key="routines_stop").click().run()
    assert not app.exception
    assert not (journal_dir / "sessions.csv").exists()
    demo_sessions = load_sessions(journal_dir.with_name("journal-demo"))
    assert demo_sessions["start"].max().date() == TODAY


def test_a_save_is_confirmed_once_on_the_page_not_twice(journal_dir: Path) -> None:
    """One confirmation per save, in the page where it stays readable (a screen reader finds
    it; on a phone a toast would cover the title), not a toast repeating the same words."""
    app = open_page("app_pages/log.py")
    app.select_slider(key="log_pain").set_value(4)
    save(app)
    confirmations = [s.value for s in app.success]
    assert len(confirmations) == 1 and confirmations[0].startswith(f"Saved {TODAY:%a %d %b %Y}")
    assert list(app.toast) == []


def test_the_demo_can_be_opened_with_days_logged_and_its_address_says_so(
    journal_dir: Path,
) -> None:
    save_entry(journal_dir, schema.Entry(days_ago(1), 4, 2.0, (), "mine"))
    before = entries_text(journal_dir)
    app = open_page("app_pages/log.py")
    app.sidebar.button(key="demo_start_sidebar").click().run()
    assert not app.exception
    assert any("Demo data" in w.value for w in app.warning)
    assert app.query_params.get("demo") == "1"
    # Another page of the demo keeps it in the address.
    app.switch_page("app_pages/today.py").run()
    assert app.query_params.get("demo") == "1"
    app.sidebar.button(key="demo_leave_sidebar").click().run()
    assert "demo" not in app.query_params
    assert not any("Demo data" in w.value for w in app.warning)
    assert entries_text(journal_dir) == before


def test_an_address_with_demo_opens_the_demo_in_a_new_session(journal_dir: Path) -> None:
    """A reload is a new session: the address alone keeps it in the demo, labelled."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["demo"] = "1"
    app.run()
    assert not app.exception
    assert any("Demo data" in w.value for w in app.warning)
    assert "Logged today" in " ".join(m.value for m in app.markdown)  # the demo's today
    assert not (journal_dir / "entries.csv").exists()


def test_today_offers_the_demo_once_days_are_logged(journal_dir: Path) -> None:
    save_entry(journal_dir, schema.Entry(days_ago(1), 4, 2.0, (), ""))
    app = open_page("app_pages/today.py")
    app.button(key="demo_start_today").click().run()
    assert any("Demo data" in w.value for w in app.warning)
    assert not [b for b in app.button if b.key == "demo_start_today"]
