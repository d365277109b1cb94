"""A journal written by version 1 of the layout (sessions.csv without ``outcome``) is read with
each session's outcome filled by the stated rule, upgraded to version 2 on the next save (old
files kept in backups/), and read back the same by a fresh process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lumbarlog.domain import schema
from lumbarlog.journal import csv_files
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.repository import CsvJournal
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process

REPO = Path(__file__).resolve().parent.parent

V1_SESSIONS = (
    "start,end,routine_id,exercises_completed,pain_before,pain_after\n"
    # every exercise of the routine: finished
    "2026-11-01T08:00:00,2026-11-01T08:01:10,desk_break,stand_up_break;walking_break,4,3\n"
    # one of two: stopped
    "2026-11-02T08:00:00,2026-11-02T08:00:40,desk_break,stand_up_break,,\n"
    # none: stopped
    "2026-11-03T08:00:00,2026-11-03T08:00:05,relief_60_seconds,,5,\n"
    # a routine no longer in the catalog: nothing shows it was cut short, so finished
    "2026-11-04T08:00:00,2026-11-04T08:10:00,old_routine,glute_bridge,,\n"
)
OUTCOMES = ["finished", "stopped", "stopped", "finished"]


def write_v1_journal(folder: Path) -> None:
    (folder / "journal.json").write_text('{"schema_version": 1, "app": "Lumbar Log"}\n')
    (folder / "entries.csv").write_text(
        "date,pain,sitting_hours,exercises,notes\n2026-11-01,4,6,,\n"
    )
    (folder / "sessions.csv").write_text(V1_SESSIONS)


def fresh_read(folder: Path) -> list[str]:
    """The outcomes as a new process of the app reads them (no cache shared with this one)."""
    script = (
        "import sys; from lumbarlog.journal.repository import CsvJournal; "
        "r = CsvJournal(sys.argv[1]).sessions(); "
        "assert not r.problems, r.problems; "
        "print(','.join(r.frame['outcome']))"
    )
    return printed_by_fresh_process(script, folder).strip().split(",")


def test_a_version_1_journal_is_read_upgraded_on_save_and_read_back(journal_dir: Path) -> None:
    write_v1_journal(journal_dir)
    journal = CsvJournal(journal_dir)
    reading = journal.sessions()
    assert not reading.problems
    assert reading.frame["outcome"].tolist() == OUTCOMES
    assert journal.problems() == ()
    # Reading writes nothing.
    assert (journal_dir / "sessions.csv").read_text() == V1_SESSIONS
    assert not (journal_dir / "backups").exists()

    journal.save(schema.Entry(TODAY, 3, 5.0))

    meta = json.loads((journal_dir / "journal.json").read_text())
    assert meta["schema_version"] == schema.SCHEMA_VERSION == 2
    lines = (journal_dir / "sessions.csv").read_text().splitlines()
    assert lines[0] == ",".join(schema.SESSION_COLUMNS)
    assert lines[0].endswith(",outcome")
    assert [line.rsplit(",", 1)[1] for line in lines[1:]] == OUTCOMES
    backups = sorted(p.name for p in (journal_dir / "backups").iterdir())
    assert any(name.startswith("sessions-") for name in backups)
    assert any(name.startswith("journal-") for name in backups)
    kept = next(p for p in (journal_dir / "backups").iterdir() if p.name.startswith("sessions-"))
    assert kept.read_text() == V1_SESSIONS

    csv_files.forget_parsed()
    assert fresh_read(journal_dir) == OUTCOMES
    assert CsvJournal(journal_dir).sessions().frame["outcome"].tolist() == OUTCOMES


def test_an_outcome_a_person_typed_is_checked(journal_dir: Path) -> None:
    (journal_dir / "sessions.csv").write_text(
        "start,end,routine_id,exercises_completed,pain_before,pain_after,outcome\n"
        "2026-11-01T08:00:00,2026-11-01T08:01:10,desk_break,stand_up_break,4,3, Stopped\n"
        "2026-11-02T08:00:00,2026-11-02T08:01:10,desk_break,stand_up_break,4,3,\n"
        "2026-11-03T08:00:00,2026-11-03T08:01:10,desk_break,,4,3,maybe\n"
    )
    reading = CsvJournal(journal_dir).sessions()
    assert reading.frame["outcome"].tolist() == ["stopped", "stopped"]  # blank: by the rule
    [problem] = reading.problems
    assert (problem.line, problem.field) == (4, "outcome")
    assert "finished or stopped" in str(problem)


def test_a_journal_of_a_newer_version_stays_read_only(journal_dir: Path) -> None:
    write_v1_journal(journal_dir)
    newer = {"schema_version": schema.SCHEMA_VERSION + 1}
    (journal_dir / "journal.json").write_text(json.dumps(newer))
    journal = CsvJournal(journal_dir)
    assert journal.sessions().frame["outcome"].tolist() == OUTCOMES  # still shown
    with pytest.raises(JournalError, match="newer Lumbar Log"):
        journal.save(schema.Entry(TODAY, 3, 5.0))
    assert (journal_dir / "sessions.csv").read_text() == V1_SESSIONS
    assert json.loads((journal_dir / "journal.json").read_text()) == newer
