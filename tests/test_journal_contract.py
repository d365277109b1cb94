"""The Journal interface, one contract for every backend: the CSV files the app uses and the
journal in memory run the same behaviours, refusals included, and a page runs on either
without knowing which."""

from __future__ import annotations

import ast
import datetime as dt
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import catalog, measures, schema
from lumbarlog.domain.measures import Measure
from lumbarlog.domain.plan import Plan, PlanError, make_plan
from lumbarlog.domain.schema import Entry, Session, ValidationError
from lumbarlog.journal import demo, repository
from lumbarlog.journal.days import DayChanged, DayEdit
from lumbarlog.journal.errors import EntryExists, WriteFailed
from lumbarlog.journal.files import MEASURES_FILE, SESSIONS_FILE
from lumbarlog.journal.memory import MemoryJournal
from lumbarlog.journal.repository import CsvJournal, Journal
from lumbarlog.journal.transfer import export_csv
from tests.pinned_day import TODAY

from .conftest import MakeJournal
from .test_journal_properties import DATES, _as_model, _entry, _expected, day
from .test_pages import fill_form, open_page


@pytest.fixture
def journal(make_journal: MakeJournal) -> Journal:
    return make_journal()


def days_ago(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def an_entry(n: int = 0, pain: int = 4, exercises: tuple[str, ...] = (), notes: str = "") -> Entry:
    return Entry(days_ago(n), pain, 7.5, exercises, notes)


def a_session(n: int, exercises: tuple[str, ...]) -> Session:
    start = dt.datetime.combine(days_ago(n), dt.time(8, 0))
    return Session(start, start + dt.timedelta(minutes=10), "desk_break", exercises)


def test_a_new_journal_is_empty_and_readable(journal: Journal) -> None:
    journal.check()
    assert journal.entries().frame.empty and journal.entries().problems == ()
    assert journal.sessions().frame.empty
    assert journal.measures().frame.empty and journal.measures().problems == ()
    assert list(journal.measures().frame.columns) == list(measures.MEASURE_COLUMNS)
    assert journal.problems() == () and journal.notices() == ()
    assert journal.plan() == Plan()


def test_a_saved_day_reads_back_and_is_not_saved_twice(journal: Journal) -> None:
    journal.save(an_entry(1, pain=6, notes="long drive"))
    assert journal.entry(days_ago(1)) == an_entry(1, pain=6, notes="long drive")
    with pytest.raises(EntryExists):
        journal.save(an_entry(1, pain=2))
    assert journal.entry(days_ago(1)).pain == 6
    journal.save(an_entry(1, pain=2), replace=True)
    assert journal.entry(days_ago(1)).pain == 2
    assert list(journal.entries().frame.columns) == list(schema.ENTRY_COLUMNS)


def test_the_version_changes_on_every_write_and_only_then(journal: Journal) -> None:
    seen = {journal.version()}
    writes = [
        lambda: journal.save(an_entry(2)),
        lambda: journal.save_day(an_entry(1), shown=None),
        lambda: journal.add_session(a_session(1, ("glute_bridge",))),
        lambda: journal.set_pain_after(a_session(1, ()).start, "desk_break", 3),
        lambda: journal.delete([days_ago(2)]),
        lambda: journal.save_plan(make_plan({"desk_break": [0]}), today=TODAY),
        lambda: journal.save_measure(Measure(days_ago(1), "peg", (5, 4, 6))),
    ]
    for write in writes:
        write()
        assert journal.version() not in seen
        seen.add(journal.version())
    before = journal.version()
    assert journal.delete([days_ago(30)]) == 0  # nothing to change: nothing written
    assert journal.version() == before


def test_a_day_changed_since_it_was_shown_is_refused(journal: Journal) -> None:
    journal.save(an_entry(0, pain=5))
    shown = journal.entry(days_ago(0))
    journal.save(an_entry(0, pain=8), replace=True)  # another window
    with pytest.raises(DayChanged) as refused:
        journal.save_day(an_entry(0, pain=1), shown=shown)
    assert refused.value.conflict.now == an_entry(0, pain=8)
    with pytest.raises(DayChanged):
        journal.save_day(an_entry(0, pain=1), shown=None)  # logged meanwhile
    assert journal.entry(days_ago(0)).pain == 8


def test_a_form_keeps_exercises_of_routines_finished_while_it_was_open(journal: Journal) -> None:
    journal.add_session(a_session(0, ("glute_bridge",)))
    saved = journal.save_day(an_entry(0, exercises=("bird_dog",)), shown=None)
    assert saved.exercises == ("bird_dog", "glute_bridge")
    assert journal.entry(days_ago(0)) == saved


def test_day_edits_apply_where_the_day_is_unchanged_and_report_the_others(
    journal: Journal,
) -> None:
    journal.save(an_entry(1, pain=3))
    journal.save(an_entry(2, pain=4))
    result = journal.apply_day_edits(
        [
            DayEdit(days_ago(1), an_entry(1, pain=3), an_entry(1, pain=7)),
            DayEdit(days_ago(2), an_entry(2, pain=9), None),  # not what is saved
            DayEdit(days_ago(3), None, an_entry(3, pain=1)),
        ]
    )
    assert {e.date for e in result.written} == {days_ago(1), days_ago(3)}
    assert [c.date for c in result.conflicts] == [days_ago(2)]
    assert journal.entry(days_ago(2)).pain == 4
    assert journal.entry(days_ago(1)).pain == 7


def test_an_import_is_previewed_then_merged(journal: Journal) -> None:
    journal.save(an_entry(1, pain=3))
    rows = [schema.entry_to_row(e) for e in (an_entry(1, pain=6), an_entry(2, pain=2))]
    data = export_csv(pd.DataFrame(rows).astype(dict(schema.ENTRY_DTYPES)))
    preview = journal.preview_import(data, known_exercises=catalog.exercise_ids(), today=TODAY)
    assert (preview.new_dates, preview.changed_dates) == ((days_ago(2),), (days_ago(1),))
    assert journal.entry(days_ago(2)) is None  # a preview writes nothing
    result = journal.upsert(preview.entries, replace_existing=False)
    assert (result.added, result.kept_existing) == (1, 1)
    assert journal.entry(days_ago(1)).pain == 3


def test_an_export_imports_into_a_new_journal_as_the_same_days(
    make_journal: MakeJournal,
) -> None:
    journal = make_journal()
    journal.save(an_entry(3, pain=2, exercises=("glute_bridge",), notes='=1+1, "quoted"\nline'))
    journal.save(Entry(days_ago(2), 7, None, (), "", extra={"mood": "low"}))
    journal.save(an_entry(1, pain=0))
    data = export_csv(journal.entries().frame)
    assert data.startswith(b"\xef\xbb\xbfdate,pain,sitting_hours,exercises,notes,mood\r\n")
    other = make_journal()
    preview = other.preview_import(data, known_exercises=catalog.exercise_ids(), today=TODAY)
    assert preview.problems == () and len(preview.new_dates) == 3
    other.upsert(preview.entries)
    pd.testing.assert_frame_equal(other.entries().frame, journal.entries().frame)
    assert export_csv(other.entries().frame) == data


def test_a_session_counts_its_exercises_on_a_logged_day(journal: Journal) -> None:
    assert journal.add_session(a_session(3, ("bird_dog",))) is False  # day not logged
    journal.save(an_entry(0, exercises=("bird_dog",)))
    assert journal.add_session(a_session(0, ("glute_bridge",))) is True
    assert journal.entry(days_ago(0)).exercises == ("bird_dog", "glute_bridge")
    assert len(journal.sessions().frame) == 2


def test_a_pain_rating_after_a_session_is_checked(journal: Journal) -> None:
    session = a_session(0, ())
    journal.add_session(session)
    with pytest.raises(ValidationError):
        journal.set_pain_after(session.start, "desk_break", 11)
    with pytest.raises(KeyError):
        journal.set_pain_after(session.start, "core_strength", 3)
    journal.set_pain_after(session.start, "desk_break", 2)
    assert journal.sessions().frame["pain_after"].tolist() == [2.0]


def test_a_day_that_would_not_read_back_is_refused(journal: Journal) -> None:
    journal.save(an_entry(1))
    before = journal.version()
    with pytest.raises(WriteFailed):
        journal.save(Entry(days_ago(0), 11, None, (), ""))  # out of range: not a day
    assert journal.version() == before
    assert journal.entry(days_ago(0)) is None


def test_a_plan_is_checked_and_kept(journal: Journal) -> None:
    saved = journal.save_plan(make_plan({"desk_break": [0, 2]}), today=TODAY)
    assert saved.started_on == TODAY
    assert journal.plan() == saved
    with pytest.raises(PlanError):
        journal.save_plan(Plan(routines={"no_such_routine": frozenset({0})}), today=TODAY)
    assert journal.plan() == saved


def test_an_earlier_version_can_be_restored(journal: Journal) -> None:
    journal.save(an_entry(1, pain=3))
    journal.save(an_entry(1, pain=9), replace=True)
    earlier = journal.backups()
    assert earlier, "the version before a save is kept"
    journal.restore(earlier[0])
    assert journal.entry(days_ago(1)).pain == 3
    assert journal.keep_readable_rows()[1] == 1


def test_the_demo_is_written_through_the_journal(journal: Journal) -> None:
    demo.write_demo(journal, days=20, end=TODAY)
    entries, sessions = demo.generate(days=20, end=TODAY)
    pd.testing.assert_frame_equal(journal.entries().frame, entries)
    pd.testing.assert_frame_equal(journal.sessions().frame, sessions)
    demo.write_demo(journal, days=10, end=TODAY)  # over it: the old one is kept
    assert len(journal.backups(SESSIONS_FILE)) == 1


def test_questionnaires_are_saved_read_back_and_replaced_on_the_same_day(
    journal: Journal,
) -> None:
    peg_then = Measure(days_ago(7), "peg", (6, 5, 7))
    back = Measure(days_ago(7), "startback", (1, 0, 1, 1, 0, 1, 0, 0, 3))
    peg_now = Measure(days_ago(0), "peg", (4, 4, 5))
    for measure in (peg_now, back, peg_then):
        journal.save_measure(measure)
    frame = journal.measures().frame
    assert [measures.row_to_measure(r) for r in frame.to_dict("records")] == [
        peg_then,
        back,
        peg_now,
    ]
    assert frame["score"].tolist()[:2] == [6.0, 5.0]
    assert frame["subscale"].isna().tolist() == [True, False, True]
    assert frame["subscale"].iloc[1] == 2
    assert measures.latest(frame, "peg", before=days_ago(0)) == peg_then
    journal.save_measure(Measure(days_ago(0), "peg", (2, 2, 2)))  # answered again today
    assert measures.latest(journal.measures().frame, "peg").items == (2, 2, 2)
    assert len(journal.measures().frame) == 3
    assert len(journal.backups(MEASURES_FILE)) == 3  # each earlier version kept


def test_a_questionnaire_out_of_range_is_never_made(journal: Journal) -> None:
    with pytest.raises(ValidationError):
        journal.save_measure(Measure(days_ago(0), "peg", (11, 0, 0)))
    with pytest.raises(ValidationError):
        journal.save_measure(Measure(days_ago(0), "startback", (2,) * 9))
    assert journal.measures().frame.empty


operation = st.one_of(
    st.tuples(st.just("save"), day, st.booleans()),
    st.tuples(st.just("delete"), st.lists(st.sampled_from(DATES), max_size=2)),
    st.tuples(st.just("upsert"), st.lists(day, max_size=3), st.booleans()),
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(operations=st.lists(operation, max_size=10))
def test_any_sequence_of_saves_and_deletes_matches_a_simple_model(
    make_journal: MakeJournal, operations
) -> None:
    journal = make_journal()
    model: dict[dt.date, Entry] = {}
    for op in operations:
        if op[0] == "save":
            entry, replace = _entry(op[1]), op[2]
            try:
                journal.save(entry, replace=replace)
            except EntryExists:
                assert entry.date in model and not replace
            else:
                model[entry.date] = entry
        elif op[0] == "delete":
            assert journal.delete(op[1]) == len(set(op[1]) & set(model))
            for gone in op[1]:
                model.pop(gone, None)
        else:
            entries = list({e.date: e for e in map(_entry, op[1])}.values())
            journal.upsert(entries, replace_existing=op[2])
            for entry in entries:
                if op[2] or entry.date not in model:
                    model[entry.date] = entry
        assert _as_model(journal.entries().frame) == _expected(model), op


# ---- A page on another backend -------------------------------------------------------------


@pytest.fixture
def memory_journal(journal_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[MemoryJournal]:
    """The app's journal, for this test, is a MemoryJournal: the one seam the ui uses to get
    its journal (journal_for) gives it for any folder."""
    held = MemoryJournal(journal_dir)
    monkeypatch.setattr(repository, "journal_for", lambda folder: held)
    yield held


def test_the_log_page_saves_a_day_into_a_memory_journal(
    memory_journal: MemoryJournal, journal_dir: Path
) -> None:
    app = open_page("app_pages/log.py")
    fill_form(app, pain=6, sitting=8.0, exercises=["glute_bridge"], notes="long drive")  # + Save
    assert not app.exception
    assert memory_journal.entry(TODAY) == Entry(TODAY, 6, 8.0, ("glute_bridge",), "long drive")
    assert any("Saved" in m.value for m in app.success)
    assert not (journal_dir / "entries.csv").exists()  # nothing went to the files


# ---- Rooms ---------------------------------------------------------------------------------

REPO = Path(__file__).resolve().parent.parent
STORAGE = {"csv_files", "files", "backups", "sessions", "plan_file", "meta", "memory"}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_pages_reach_the_journal_only_through_its_interface() -> None:
    for path in (REPO / "app_pages").glob("*.py"):
        reached = {
            m.removeprefix("lumbarlog.journal.").split(".")[0]
            for m in _imports(path)
            if m.startswith("lumbarlog.journal.")
        }
        assert not reached & STORAGE, (path.name, reached & STORAGE)


def test_a_stopped_session_is_kept_as_stopped(journal: Journal) -> None:
    finished = a_session(1, ("glute_bridge",))
    stopped = replace(a_session(0, ()), outcome="stopped")
    journal.add_session(finished)
    journal.add_session(stopped)
    assert journal.sessions().frame["outcome"].tolist() == ["finished", "stopped"]
    journal.set_pain_after(stopped.start, "desk_break", 3)
    assert journal.sessions().frame["outcome"].tolist() == ["finished", "stopped"]
    if isinstance(journal, CsvJournal):
        lines = (journal.folder / SESSIONS_FILE).read_text(encoding="utf-8").splitlines()
        assert lines[0] == "start,end,routine_id,exercises_completed,pain_before,pain_after,outcome"
        assert lines[2].endswith(",3,stopped")
