"""The journal on disk: what is written, what is refused, and that nothing is ever lost."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pandas as pd
import pytest

from lumbarlog.domain import catalog, records, schema
from lumbarlog.journal import reader
from lumbarlog.journal.backups import list_backups, restore_backup
from lumbarlog.journal.csv_files import forget_parsed, load_entries, load_sessions
from lumbarlog.journal.csv_format import entries_to_csv
from lumbarlog.journal.days import delete_entries, log_day, upsert_entries
from lumbarlog.journal.errors import EntryExists, JournalError
from lumbarlog.journal.files import BACKUPS_KEPT, create_folder
from lumbarlog.journal.rows import exercises_from_sessions
from lumbarlog.journal.sessions import add_session, set_session_pain_after
from lumbarlog.journal.transfer import export_csv, parse_import

TODAY = dt.date(2026, 11, 24)
KNOWN = catalog.exercise_ids()
REPO = Path(__file__).resolve().parent.parent


def log(folder: Path, replace: bool = False, **raw: object) -> schema.Entry:
    values = {"date": "2026-11-20", "pain": 4, "sitting_hours": 6.5, "exercises": "", "notes": ""}
    values.update(raw)
    return log_day(folder, values, known_exercises=KNOWN, today=TODAY, replace=replace)


def test_a_new_journal_has_exactly_the_contract_header(journal_dir: Path) -> None:
    log(journal_dir, exercises="glute_bridge;log_roll")
    lines = (journal_dir / "entries.csv").read_text(encoding="utf-8").splitlines()
    assert lines == [
        "date,pain,sitting_hours,exercises,notes",
        "2026-11-20,4,6.5,glute_bridge;log_roll,",
    ]
    assert '"schema_version": 2' in (journal_dir / "journal.json").read_text()


TRICKY_NOTES = [
    "commas, in, the, middle",
    'she said "stretch slowly"',
    "two lines\nof notes\r\nwith CRLF",
    "emoji 🙂🔥 and accents: déjà vu",
    "=SUM(A1:A9)",
    "+1 -1 @home\ttab",
    "  leading and trailing spaces  ",
    '"',
    "",
]


@pytest.mark.parametrize("notes", TRICKY_NOTES)
def test_tricky_notes_round_trip_exactly(journal_dir: Path, notes: str) -> None:
    log(journal_dir, notes=notes)
    loaded = load_entries(journal_dir)
    assert loaded["notes"].tolist() == [notes]


def test_all_fields_round_trip_with_right_types(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01", pain="7", sitting_hours="8.25", exercises=["walking_break"])
    log(journal_dir, date="2026-10-31", pain=0, sitting_hours=None)
    loaded = load_entries(journal_dir)
    assert loaded["date"].dt.date.tolist() == [dt.date(2026, 10, 31), dt.date(2026, 11, 1)]
    assert loaded["pain"].tolist() == [0, 7]
    assert loaded["sitting_hours"].isna().tolist() == [True, False]
    assert loaded["sitting_hours"].iloc[1] == 8.25
    assert loaded["exercises"].tolist() == [(), ("walking_break",)]
    assert dict(loaded.dtypes.astype(str)) == dict(schema.ENTRY_DTYPES)


BAD_INPUTS = [
    ({"pain": -1}, "pain", "from 0 to 10"),
    ({"pain": 11}, "pain", "from 0 to 10"),
    ({"pain": 3.5}, "pain", "whole number"),
    ({"pain": "abc"}, "pain", "must be a number"),
    ({"pain": ""}, "pain", "missing"),
    ({"pain": None}, "pain", "missing"),
    ({"sitting_hours": -1}, "sitting_hours", "from 0 to 24"),
    ({"sitting_hours": 25}, "sitting_hours", "from 0 to 24"),
    ({"sitting_hours": float("nan")}, "sitting_hours", "must be a number"),
    ({"sitting_hours": "nan"}, "sitting_hours", "must be a number"),
    ({"sitting_hours": 24.5}, "sitting_hours", "from 0 to 24"),
    ({"date": "2026-11-25"}, "date", "in the future"),
    ({"date": "11/10/2026"}, "date", "YYYY-MM-DD"),
    ({"date": "1026-11-20"}, "date", "not a plausible date"),
    ({"date": ""}, "date", "missing"),
    ({"exercises": "glute_bridge;not_an_exercise"}, "exercises", "not an exercise in the catalog"),
    ({"notes": "x" * 10_000}, "notes", "10,000 characters"),
]


@pytest.mark.parametrize(("change", "field", "reason"), BAD_INPUTS)
def test_bad_input_is_refused_naming_the_field_and_nothing_changes(
    journal_dir: Path, change: dict, field: str, reason: str
) -> None:
    log(journal_dir, date="2026-11-01", notes="the day before")
    before = (journal_dir / "entries.csv").read_bytes()
    backups_before = list_backups(journal_dir)
    with pytest.raises(schema.ValidationError) as raised:
        log(journal_dir, **change)
    assert [p.field for p in raised.value.problems] == [field]
    assert reason in str(raised.value)
    assert schema.FIELD_LABELS[field] in str(raised.value)
    assert (journal_dir / "entries.csv").read_bytes() == before
    assert list_backups(journal_dir) == backups_before


def test_every_problem_of_a_day_is_reported_at_once() -> None:
    raw = {"date": "2999-01-01", "pain": 12, "sitting_hours": 30, "exercises": "x_y"}
    with pytest.raises(schema.ValidationError) as raised:
        records.validate_entry(raw, known_exercises=KNOWN, today=TODAY)
    assert [p.field for p in raised.value.problems] == [
        "date",
        "pain",
        "sitting_hours",
        "exercises",
    ]


def test_saving_a_day_twice_asks_before_replacing(journal_dir: Path) -> None:
    log(journal_dir, pain=3)
    before = (journal_dir / "entries.csv").read_bytes()
    with pytest.raises(EntryExists) as raised:
        log(journal_dir, pain=8)
    assert raised.value.existing.pain == 3
    assert (journal_dir / "entries.csv").read_bytes() == before
    log(journal_dir, pain=8, replace=True)
    assert load_entries(journal_dir)["pain"].tolist() == [8]
    # The replaced version is kept as a backup.
    [backup] = list_backups(journal_dir)
    assert backup.path.read_bytes() == before


def test_backups_rotate_keeping_the_newest(journal_dir: Path) -> None:
    for day in range(1, BACKUPS_KEPT + 6):
        log(journal_dir, date=(TODAY - dt.timedelta(days=day)).isoformat())
    backups = list_backups(journal_dir)
    assert len(backups) == BACKUPS_KEPT
    # The newest backup is the journal as it was just before the last save.
    newest_rows = backups[0].path.read_text(encoding="utf-8").splitlines()[1:]
    assert len(newest_rows) == BACKUPS_KEPT + 4


def test_extra_columns_are_kept_untouched(journal_dir: Path) -> None:
    (journal_dir / "entries.csv").write_text(
        "date,pain,sitting_hours,exercises,notes,mood,sleep_hours\n"
        '2026-11-01,3,5,,,"good, calm",7.5\n',
        encoding="utf-8",
    )
    log(journal_dir, date="2026-11-02", pain=5)
    text = (journal_dir / "entries.csv").read_text(encoding="utf-8")
    assert text == (
        "date,pain,sitting_hours,exercises,notes,mood,sleep_hours\n"
        '2026-11-01,3,5,,,"good, calm",7.5\n'
        "2026-11-02,5,6.5,,,,\n"
    )


def test_deleting_days(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01")
    log(journal_dir, date="2026-11-02")
    assert delete_entries(journal_dir, [dt.date(2026, 11, 1)]) == 1
    assert load_entries(journal_dir)["date"].dt.date.tolist() == [dt.date(2026, 11, 2)]


# ---- Files that cannot be read -------------------------------------------------------------

GOOD = "date,pain,sitting_hours,exercises,notes\n2026-11-01,3,5,,fine\n2026-11-02,4,,,\n"
BROKEN_FILES = [
    (GOOD[:-9], "cut short"),  # truncated in the middle of the last line
    (GOOD + "2026-11-03,4,,,,\n", "line 4: has 6 fields"),
    (GOOD + "2026-11-03,eleven,,,\n", "line 4: Pain (0-10): must be a number"),
    (GOOD + "2026-11-03,11,,,\n", "line 4: Pain (0-10): must be from 0 to 10"),
    (GOOD + "2026-11-03,2,26,,\n", "line 4: Hours sitting"),
    (GOOD + "2026-13-03,2,,,\n", "line 4: Date"),
    (GOOD + "2026-11-02,2,,,\n", "line 4: Date: 2026-11-02 is already on line 3"),
    (GOOD + '2026-11-03,2,,,"unclosed\n', "never closed"),
    (GOOD.replace("pain", "ache"), "header"),
    ("notes,date\n", "header"),
]
# Files that only look odd (no final newline, other encodings, headers in other spellings,
# short rows) open: see tests/test_hand_made_files.py.


@pytest.mark.parametrize(("content", "message"), BROKEN_FILES)
def test_a_journal_that_cannot_be_read_raises_and_is_never_overwritten(
    journal_dir: Path, content: str, message: str
) -> None:
    path = journal_dir / "entries.csv"
    data = content.encode("utf-8")
    path.write_bytes(data)
    with pytest.raises(JournalError) as raised:
        load_entries(journal_dir)
    assert message in str(raised.value)
    for attempt in (
        lambda: log(journal_dir, date="2026-11-10"),
        lambda: delete_entries(journal_dir, [dt.date(2026, 11, 1)]),
        lambda: upsert_entries(journal_dir, []),
    ):
        with pytest.raises(JournalError):
            attempt()
        assert path.read_bytes() == data
    assert list_backups(journal_dir) == []


def test_a_journal_from_a_newer_version_is_refused(journal_dir: Path) -> None:
    log(journal_dir)
    (journal_dir / "journal.json").write_text('{"schema_version": 99}')
    before = (journal_dir / "entries.csv").read_bytes()
    with pytest.raises(JournalError, match="newer Lumbar Log"):
        load_entries(journal_dir)
    with pytest.raises(JournalError):
        log(journal_dir, date="2026-11-10")
    assert (journal_dir / "entries.csv").read_bytes() == before


def test_restoring_a_backup_keeps_the_broken_file(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01")
    log(journal_dir, date="2026-11-02")
    path = journal_dir / "entries.csv"
    torn = path.read_bytes()[:-5]
    path.write_bytes(torn)
    [backup] = list_backups(journal_dir)
    set_aside = restore_backup(journal_dir, backup.path)
    assert load_entries(journal_dir)["date"].dt.date.tolist() == [dt.date(2026, 11, 1)]
    assert set_aside is not None and set_aside.read_bytes() == torn


def test_a_broken_backup_is_not_restored(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01")
    log(journal_dir, date="2026-11-02")
    [backup] = list_backups(journal_dir)
    backup.path.write_text("not,a,journal\n")
    before = (journal_dir / "entries.csv").read_bytes()
    with pytest.raises(JournalError):
        restore_backup(journal_dir, backup.path)
    assert (journal_dir / "entries.csv").read_bytes() == before


# ---- Concurrency and crashes ---------------------------------------------------------------


def test_eight_threads_saving_different_days_lose_nothing(journal_dir: Path) -> None:
    errors: list[BaseException] = []

    def worker(thread: int) -> None:
        try:
            for k in range(6):
                day = TODAY - dt.timedelta(days=thread * 10 + k)
                log(journal_dir, date=day.isoformat(), pain=thread, notes=f"thread {thread}")
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    loaded = load_entries(journal_dir)
    assert len(loaded) == 48
    assert sorted(loaded["notes"].value_counts().tolist()) == [6] * 8


WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from lumbarlog.domain import catalog
    from lumbarlog.journal.days import log_day
    folder, first_day, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for k in range(count):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=first_day + k)
        log_day(folder, {"date": day, "pain": k % 11, "notes": f"process {first_day}"},
                      known_exercises=catalog.exercise_ids(), today=dt.date(2026, 11, 24))
    """
)


def test_two_processes_saving_different_days_lose_nothing(journal_dir: Path) -> None:
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(journal_dir), str(first), "40"],
            cwd=REPO,
        )
        for first in (0, 100)
    ]
    assert [p.wait(timeout=120) for p in processes] == [0, 0]
    loaded = load_entries(journal_dir)
    assert len(loaded) == 80
    assert loaded["notes"].value_counts().to_dict() == {"process 0": 40, "process 100": 40}


# The child stops at a chosen point inside a save (it announces it and waits), so the test
# kills it exactly there: no timing involved.
KILLED_WRITER = textwrap.dedent(
    """
    import datetime as dt, os, sys
    from pathlib import Path
    from lumbarlog.domain import records
    from lumbarlog.journal.days import upsert_entries
    folder, stage = Path(sys.argv[1]), sys.argv[2]

    def stop_here():
        print("stopped", flush=True)
        sys.stdin.readline()  # never answered: the parent kills us

    real_fsync, real_replace = os.fsync, os.replace
    if stage == "writing":
        import os as _os
        real_fdopen = _os.fdopen
        class HalfWriter:
            def __init__(self, handle): self.handle = handle
            def __enter__(self): return self
            def __exit__(self, *exc): return self.handle.__exit__(*exc)
            def write(self, data):
                self.handle.write(data[: len(data) // 2]); self.handle.flush(); stop_here()
            def flush(self): self.handle.flush()
            def fileno(self): return self.handle.fileno()
        os.fdopen = lambda fd, mode: HalfWriter(real_fdopen(fd, mode).__enter__())
    elif stage == "before-replace":
        def replace(src, dst):
            stop_here(); real_replace(src, dst)
        os.replace = replace
    rows = [{"date": dt.date(2026, 1, 1) + dt.timedelta(days=k), "pain": 5, "notes": "new " * 50}
            for k in range(300)]
    entries = [records.validate_entry(r, known_exercises=None) for r in rows]
    upsert_entries(folder, entries)
    print("finished", flush=True)
    """
)


@pytest.mark.parametrize("stage", ["writing", "before-replace"])
def test_a_writer_killed_mid_save_leaves_the_old_file_whole(journal_dir: Path, stage: str) -> None:
    log(journal_dir, date="2026-11-01", notes="the old journal")
    before = (journal_dir / "entries.csv").read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(journal_dir), stage],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "stopped"
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    assert (journal_dir / "entries.csv").read_bytes() == before
    assert load_entries(journal_dir)["notes"].tolist() == ["the old journal"]
    # The lock died with the process: the next save goes through.
    log(journal_dir, date="2026-11-02")
    assert len(load_entries(journal_dir)) == 2


def test_a_writer_killed_after_replace_leaves_the_new_file_whole(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01")
    child = subprocess.run(
        [sys.executable, "-c", KILLED_WRITER, str(journal_dir), "none"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert child.stdout.strip() == "finished"
    assert len(load_entries(journal_dir)) == 301


# ---- Export and import ---------------------------------------------------------------------


def test_export_neutralises_formulas_and_keeps_numbers_as_numbers(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01", pain=3, sitting_hours=7.5, notes="=HYPERLINK(1)")
    log(journal_dir, date="2026-11-02", pain=0, notes="-2 today, @work, +1")
    log(journal_dir, date="2026-11-03", pain=10, notes="\tindent")
    data = export_csv(load_entries(journal_dir))
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[1] == "2026-11-01,3,7.5,,'=HYPERLINK(1)"
    assert lines[2] == '2026-11-02,0,6.5,,"\'-2 today, @work, +1"'
    assert lines[3] == "2026-11-03,10,6.5,,'\tindent"


def test_exported_file_imports_back_to_the_same_journal(journal_dir: Path, tmp_path: Path) -> None:
    for k, notes in enumerate(TRICKY_NOTES):
        log(journal_dir, date=f"2026-10-{k + 1:02d}", pain=k, notes=notes)
    original = load_entries(journal_dir)
    data = export_csv(original)
    other = create_folder(tmp_path / "other")
    preview = parse_import(data, schema.empty_entries(), known_exercises=KNOWN, today=TODAY)
    assert preview.problems == ()
    upsert_entries(other, preview.entries)
    pd.testing.assert_frame_equal(load_entries(other), original)


def test_import_preview_lists_bad_rows_and_writes_nothing(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01", pain=3)
    log(journal_dir, date="2026-11-02", pain=4)
    before = (journal_dir / "entries.csv").read_bytes()
    data = (
        b"date,pain,notes\n"
        b"2026-11-01,3,\n"  # the same as mine (notes empty, sitting empty -> differs: sitting)
        b"2026-11-02,9,changed\n"
        b"2026-11-03,2,new\n"
        b"2026-11-04,12,bad pain\n"
        b"2099-01-01,2,future\n"
        b"2026-11-05,2,too,many\n"
    )
    preview = parse_import(data, load_entries(journal_dir), known_exercises=KNOWN, today=TODAY)
    assert (journal_dir / "entries.csv").read_bytes() == before
    assert preview.new_dates == (dt.date(2026, 11, 3),)
    assert set(preview.changed_dates) == {dt.date(2026, 11, 1), dt.date(2026, 11, 2)}
    assert [(p.line, p.field) for p in preview.problems] == [(5, "pain"), (6, "date"), (7, "file")]
    result = upsert_entries(journal_dir, preview.entries, replace_existing=False)
    assert (result.added, result.replaced, result.kept_existing) == (1, 0, 2)
    assert load_entries(journal_dir)["pain"].tolist() == [3, 4, 2]


def test_import_needs_date_and_pain_columns() -> None:
    with pytest.raises(schema.ValidationError, match="missing: pain"):
        parse_import(
            b"date,notes\n2026-11-01,x\n",
            schema.empty_entries(),
            known_exercises=KNOWN,
            today=TODAY,
        )


# ---- Sessions ------------------------------------------------------------------------------


def test_sessions_round_trip(journal_dir: Path) -> None:
    session = schema.Session(
        start=dt.datetime(2026, 11, 20, 7, 30),
        end=dt.datetime(2026, 11, 20, 7, 41, 5),
        routine_id="morning_stretches",
        exercises_completed=("knee_to_chest_hold", "lying_knee_twist"),
        pain_before=5,
        pain_after=None,
    )
    add_session(journal_dir, session)
    text = (journal_dir / "sessions.csv").read_text()
    assert text.splitlines() == [
        "start,end,routine_id,exercises_completed,pain_before,pain_after,outcome",
        "2026-11-20T07:30:00,2026-11-20T07:41:05,morning_stretches,"
        "knee_to_chest_hold;lying_knee_twist,5,,finished",
    ]
    loaded = load_sessions(journal_dir)
    assert loaded["exercises_completed"].tolist() == [("knee_to_chest_hold", "lying_knee_twist")]
    assert loaded["pain_before"].tolist() == [5.0]


def test_a_session_counts_its_exercises_in_that_days_entry(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-20", exercises="walking_break", notes="kept")
    session = schema.Session(
        start=dt.datetime(2026, 11, 20, 18, 0),
        end=dt.datetime(2026, 11, 20, 18, 5),
        routine_id="core_strength",
        exercises_completed=("glute_bridge", "walking_break"),
    )
    assert add_session(journal_dir, session) is True
    entries = load_entries(journal_dir)
    assert entries["exercises"].tolist() == [("walking_break", "glute_bridge")]
    assert entries["notes"].tolist() == ["kept"]
    # A day not logged yet is left for the person to log; its exercises are offered from sessions.
    later = schema.Session(
        start=dt.datetime(2026, 11, 21, 7, 0),
        end=dt.datetime(2026, 11, 21, 7, 1),
        routine_id="relief_60s",
        exercises_completed=("partial_crunch",),
    )
    assert add_session(journal_dir, later) is False
    assert len(load_entries(journal_dir)) == 1
    sessions = load_sessions(journal_dir)
    assert exercises_from_sessions(sessions, dt.date(2026, 11, 21)) == ("partial_crunch",)


def test_pain_after_is_added_to_a_recorded_session(journal_dir: Path) -> None:
    start = dt.datetime(2026, 11, 20, 7, 30)
    for routine in ("desk_break", "morning_stretches"):
        add_session(
            journal_dir,
            schema.Session(start=start, end=start, routine_id=routine, pain_before=6),
        )
    set_session_pain_after(journal_dir, start, "morning_stretches", 4)
    sessions = load_sessions(journal_dir)
    assert sessions["pain_after"].fillna(-1).tolist() == [-1, 4]
    before = (journal_dir / "sessions.csv").read_bytes()
    with pytest.raises(schema.ValidationError, match="Pain after"):
        set_session_pain_after(journal_dir, start, "desk_break", 12)
    with pytest.raises(KeyError):
        set_session_pain_after(journal_dir, start, "core_strength", 3)
    assert (journal_dir / "sessions.csv").read_bytes() == before


def test_the_frame_kept_after_a_save_equals_a_fresh_read(journal_dir: Path) -> None:
    for k, notes in enumerate(TRICKY_NOTES):
        log(journal_dir, date=f"2026-10-{k + 1:02d}", pain=k, exercises="log_roll", notes=notes)
    add_session(
        journal_dir,
        schema.Session(start=dt.datetime(2026, 10, 1, 8), end=dt.datetime(2026, 10, 1, 8, 5),
                       routine_id="desk_break", exercises_completed=("walking_break",)),
    )  # fmt: skip
    kept_entries, kept_sessions = load_entries(journal_dir), load_sessions(journal_dir)
    forget_parsed()
    pd.testing.assert_frame_equal(kept_entries, load_entries(journal_dir))
    pd.testing.assert_frame_equal(kept_sessions, load_sessions(journal_dir))


def test_a_change_made_by_another_program_is_seen(journal_dir: Path) -> None:
    log(journal_dir, date="2026-11-01", pain=3)
    assert load_entries(journal_dir)["pain"].tolist() == [3]
    path = journal_dir / "entries.csv"
    # Same size, same inode: only the times tell the file changed.
    path.write_text(path.read_text().replace(",3,", ",9,"))
    assert load_entries(journal_dir)["pain"].tolist() == [9]
    path.write_text(path.read_text().replace(",9,", ",x,"))
    with pytest.raises(JournalError):
        load_entries(journal_dir)


def test_logging_the_newest_day_writes_the_same_file_as_a_full_rewrite(journal_dir: Path) -> None:
    (journal_dir / "entries.csv").write_text(
        'date,pain,sitting_hours,exercises,notes,mood\n2026-11-01,3,5,,"a, b",calm\n'
    )
    load_entries(journal_dir)  # the app has the journal open
    log(journal_dir, date="2026-11-03", pain=5, notes="=x")
    log(journal_dir, date="2026-11-02", pain=4)  # in between: sorted into place
    log(journal_dir, date="2026-11-04", pain=6, exercises="log_roll")
    text = (journal_dir / "entries.csv").read_text()
    assert text == (
        "date,pain,sitting_hours,exercises,notes,mood\n"
        '2026-11-01,3,5,,"a, b",calm\n'
        "2026-11-02,4,6.5,,,\n"
        "2026-11-03,5,6.5,,=x,\n"
        "2026-11-04,6,6.5,log_roll,,\n"
    )
    forget_parsed()
    assert text == entries_to_csv(load_entries(journal_dir))


def test_a_hand_edited_file_with_crlf_and_a_byte_order_mark_stays_readable(
    journal_dir: Path,
) -> None:
    (journal_dir / "entries.csv").write_bytes(
        b"\xef\xbb\xbfdate,pain,sitting_hours,exercises,notes\r\n2026-11-01,3,5,,\r\n"
    )
    log(journal_dir, date="2026-11-02", pain=4)
    forget_parsed()
    assert load_entries(journal_dir)["pain"].tolist() == [3, 4]


def test_import_takes_exercise_names_and_finds_an_unclosed_quote(journal_dir: Path) -> None:
    data = (
        b"Date;Pain;Exercises;Notes\n"
        b"2026-11-01;3;Glute bridge, walking break;ok\n"  # one name with a comma is not two
        b"2026-11-02;4;Glute bridge;Walking break;\n"
        b'2026-11-03;5;;"starts a quote\n'
        b"2026-11-04;2;;swallowed\n"
    )
    preview = parse_import(data, schema.empty_entries(), known_exercises=KNOWN, today=TODAY)
    problems = {(p.line, p.field) for p in preview.problems}
    assert (2, "exercises") in problems  # "Glute bridge, walking break" is no exercise
    assert (3, "file") in problems  # five fields where the header has four
    assert (4, "notes") in problems and "never closed" in str(preview.problems)
    assert preview.entries == ()


def test_import_reads_exercise_names_and_ids(journal_dir: Path) -> None:
    data = b"date,pain,exercises\n2026-11-01,3,Glute bridge; WALKING BREAK ;log_roll\n"
    preview = parse_import(data, schema.empty_entries(), known_exercises=KNOWN, today=TODAY)
    assert preview.problems == ()
    assert preview.entries[0].exercises == ("glute_bridge", "walking_break", "log_roll")


@pytest.mark.parametrize("extra", [51, 20_000])
def test_import_refuses_more_than_fifty_extra_columns(extra: int) -> None:
    header = ",".join(["date", "pain", *(f"c{k}" for k in range(extra))])
    row = ",".join(["2026-11-01", "3", *("x" for _ in range(extra))])
    data = f"{header}\n{row}\n".encode()
    with pytest.raises(schema.ValidationError, match="at most 50"):
        parse_import(data, schema.empty_entries(), known_exercises=KNOWN, today=TODAY)


def test_a_journal_with_thousands_of_extra_columns_still_opens(journal_dir: Path) -> None:
    header = ",".join([*schema.ENTRY_COLUMNS, *(f"c{k}" for k in range(2_000))])
    row = ",".join(["2026-11-01", "3", "", "", "", *("x" for _ in range(2_000))])
    (journal_dir / "entries.csv").write_text(f"{header}\n{row}\n")
    frame = load_entries(journal_dir)
    assert frame.shape == (1, 2_005) and frame["c1999"].tolist() == ["x"]


def test_a_trailing_blank_line_never_becomes_a_lockout(journal_dir: Path) -> None:
    path = journal_dir / "entries.csv"
    path.write_bytes(b"date,pain,sitting_hours,exercises,notes\n2026-11-01,3,6.5,,a\n\n")
    for k in range(35):
        log(journal_dir, date=f"2026-10-{k % 28 + 1:02d}" if k else "2026-11-02", replace=True)
    forget_parsed()  # as after a restart
    assert len(load_entries(journal_dir)) == 30
    backups = list_backups(journal_dir)
    assert len(backups) == BACKUPS_KEPT
    for backup in backups:
        reading = reader.read_entries_bytes(backup.path.read_bytes(), {})
        assert reading.problems == (), backup.path.name


def test_a_bare_carriage_return_in_a_note_reads_back(journal_dir: Path) -> None:
    log(journal_dir, notes="line one\rline two")
    log(journal_dir, date="2026-11-21", notes="next")
    forget_parsed()
    assert load_entries(journal_dir)["notes"].tolist() == ["line one\rline two", "next"]
