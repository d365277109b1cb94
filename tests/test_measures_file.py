"""measures.csv on disk: written like the journal's other files (locked, atomic, backed up,
read back before it replaces the old file), read leniently about form and strictly about
meaning, and never written over when it cannot be fully read."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lumbarlog.domain import measures
from lumbarlog.domain.measures import Measure
from lumbarlog.journal.backups import keep_readable_rows, list_backups
from lumbarlog.journal.csv_files import forget_parsed, load_measures, read_measures
from lumbarlog.journal.errors import JournalError
from lumbarlog.journal.files import MEASURES_FILE, journal_lock
from lumbarlog.journal.measures import save_measure
from lumbarlog.journal.repository import CsvJournal
from tests.pinned_day import TODAY

REPO = Path(__file__).resolve().parent.parent
HEADER = "date,instrument,item1,item2,item3,item4,item5,item6,item7,item8,item9,score,subscale\n"


def test_the_file_has_its_header_and_one_line_per_answer(journal_dir: Path) -> None:
    save_measure(journal_dir, Measure(TODAY, "peg", (4, 4, 5)))
    save_measure(journal_dir, Measure(TODAY, "startback", (1, 1, 1, 1, 1, 1, 1, 0, 3)))
    assert (journal_dir / MEASURES_FILE).read_text(encoding="utf-8") == (
        HEADER
        + "2026-12-02,peg,4,4,5,,,,,,,4.33,\n"
        + "2026-12-02,startback,1,1,1,1,1,1,1,0,3,8,4\n"
    )
    assert json.loads((journal_dir / "journal.json").read_text())["schema_version"] >= 1


def test_a_journal_without_measures_csv_has_no_answers(journal_dir: Path) -> None:
    (journal_dir / "entries.csv").write_text("date,pain,sitting_hours,exercises,notes\n")
    journal = CsvJournal(journal_dir)
    assert journal.measures().frame.empty and journal.problems() == ()
    journal.save_measure(Measure(TODAY, "peg", (1, 2, 3)))  # the first save makes the file
    assert len(journal.measures().frame) == 1


def test_a_hand_edited_file_is_read_leniently_about_form(journal_dir: Path) -> None:
    (journal_dir / MEASURES_FILE).write_bytes(
        "Date; Instrument; Item 1; Item 2; Item 3; Score\r\n"
        "2026/12/01; PEG-3; 6; 5; 7; 6\r\n"
        "2026-11-20; peg; 2; 2; 3;\r\n".encode("utf-16")
    )
    reading = read_measures(journal_dir)
    assert reading.problems == ()
    assert reading.frame["score"].round(2).tolist() == [2.33, 6.0]
    assert reading.notices == ()


def test_bad_rows_are_named_and_the_rest_still_read(journal_dir: Path) -> None:
    (journal_dir / MEASURES_FILE).write_text(
        HEADER
        + "2026-11-01,peg,4,4,5,,,,,,,4.33,\n"
        + "2026-11-08,peg,4,11,5,,,,,,,,\n"
        + "2026-11-08,startback,1,1,1,1,1,1,1,0,3,9,4\n"
        + "2026-11-09,oswestry,1,1,1,,,,,,,,\n"
        + "2026-11-01,peg,1,1,1,,,,,,,1,\n",
        encoding="utf-8",
    )
    reading = read_measures(journal_dir)
    assert len(reading.frame) == 1
    named = [(p.line, p.field) for p in reading.problems]
    assert named == [(3, "item2"), (4, "score"), (5, "instrument"), (6, "date")]
    assert "Enjoyment of life (PEG item 2) must be a whole number from 0 to 10 (got '11')" in (
        reading.problems[0].reason
    )
    assert "does not agree with the answers on its line (8)" in reading.problems[1].reason
    assert "already on line 2" in reading.problems[3].reason
    journal = CsvJournal(journal_dir)
    [problem] = journal.problems()
    assert problem.path.name == MEASURES_FILE and len(problem.readable) == 1


def test_a_file_that_cannot_be_fully_read_is_never_written_over(journal_dir: Path) -> None:
    text = HEADER + "2026-11-01,peg,4,4,5,,,,,,,4.33,\n2026-11-08,peg,x,4,5,,,,,,,,\n"
    (journal_dir / MEASURES_FILE).write_text(text, encoding="utf-8")
    with pytest.raises(JournalError) as refused:
        save_measure(journal_dir, Measure(TODAY, "peg", (1, 1, 1)))
    assert "line 3" in str(refused.value)
    assert (journal_dir / MEASURES_FILE).read_text(encoding="utf-8") == text
    kept_as, rows = keep_readable_rows(journal_dir, MEASURES_FILE)
    assert rows == 1 and kept_as is not None and kept_as.read_text(encoding="utf-8") == text
    save_measure(journal_dir, Measure(TODAY, "peg", (1, 1, 1)))
    assert len(load_measures(journal_dir)) == 2


def test_an_unknown_column_keeps_the_file_from_being_rewritten(journal_dir: Path) -> None:
    text = HEADER.replace(",subscale\n", ",subscale,comment\n") + (
        "2026-11-01,peg,4,4,5,,,,,,,4.33,,after the flight\n"
    )
    (journal_dir / MEASURES_FILE).write_text(text, encoding="utf-8")
    reading = read_measures(journal_dir)
    assert len(reading.frame) == 1 and "'comment'" in reading.problems[0].reason
    with pytest.raises(JournalError):
        save_measure(journal_dir, Measure(TODAY, "peg", (1, 1, 1)))
    assert (journal_dir / MEASURES_FILE).read_text(encoding="utf-8") == text


def test_each_save_keeps_the_version_before_and_dead_temporary_files_go(
    journal_dir: Path,
) -> None:
    save_measure(journal_dir, Measure(TODAY - dt.timedelta(days=7), "peg", (5, 5, 5)))
    (journal_dir / ".measures.csv.dead.tmp").write_text("half a file")
    save_measure(journal_dir, Measure(TODAY, "peg", (4, 4, 4)))
    assert not (journal_dir / ".measures.csv.dead.tmp").exists()
    [backup] = list_backups(journal_dir, MEASURES_FILE)
    assert backup.path.read_text(encoding="utf-8") == HEADER + "2026-11-25,peg,5,5,5,,,,,,,5,\n"


def test_a_save_waits_for_the_journal_lock(journal_dir: Path) -> None:
    """The write takes the same lock as every write of the journal: while another process
    holds it, a save gives up with JournalBusy and the file is untouched."""
    with journal_lock(journal_dir):
        code = (
            "import sys, datetime as dt\n"
            "from lumbarlog.journal import files\n"
            "files.LOCK_TIMEOUT_SECONDS = 0.2\n"
            "from lumbarlog.journal.errors import JournalBusy\n"
            "from lumbarlog.journal.measures import save_measure\n"
            "from lumbarlog.domain.measures import Measure\n"
            "try:\n"
            "    save_measure(sys.argv[1], Measure(dt.date(2026, 12, 2), 'peg', (1, 1, 1)))\n"
            "except JournalBusy:\n"
            "    print('busy')\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", code, str(journal_dir)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        )
    assert done.stdout.strip() == "busy"
    assert not (journal_dir / MEASURES_FILE).exists()


answers = st.one_of(
    st.builds(
        lambda d, items: Measure(TODAY - dt.timedelta(days=d), "peg", tuple(items)),
        st.integers(0, 400),
        st.lists(st.integers(0, 10), min_size=3, max_size=3),
    ),
    st.builds(
        lambda d, items, bother: Measure(
            TODAY - dt.timedelta(days=d), "startback", (*items, bother)
        ),
        st.integers(0, 400),
        st.lists(st.integers(0, 1), min_size=8, max_size=8),
        st.integers(0, 4),
    ),
)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(saved=st.lists(answers, max_size=6))
def test_any_answers_read_back_from_a_fresh_read_as_saved(
    tmp_path_factory: pytest.TempPathFactory, saved: list[Measure]
) -> None:
    folder = tmp_path_factory.mktemp("journal")
    model: dict[tuple[dt.date, str], Measure] = {}
    for measure in saved:
        save_measure(folder, measure)
        model[(measure.date, measure.instrument)] = measure
    forget_parsed()
    frame = load_measures(folder)
    assert [measures.row_to_measure(r) for r in frame.to_dict("records")] == [
        model[k] for k in sorted(model, key=lambda k: (k[0], measures.INSTRUMENTS.index(k[1])))
    ]
