"""Log's "Download everything": one zip of the journal whose files, put in a folder of their
own, are the same journal for a fresh process (days, sessions, questionnaires, plan and
self-experiments)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lumbarlog.domain.experiment_log import start
from lumbarlog.journal import demo
from lumbarlog.journal.repository import CsvJournal
from lumbarlog.ui import your_data
from lumbarlog.ui.data import JournalView
from tests.pinned_day import TODAY
from tests.support.fresh import printed_by_fresh_process
from tests.test_experiment_store import an_experiment

READ = (
    "import sys; from pathlib import Path; from lumbarlog.journal.repository import "
    "journal_for; j = journal_for(Path(sys.argv[1])); "
    "print(len(j.entries().frame), len(j.sessions().frame), len(j.measures().frame), "
    "sorted(j.plan().routines), [e.id for e in j.experiments().experiments], "
    "len(j.problems()))"
)


def test_everything_is_the_same_journal_in_a_fresh_process(tmp_path: Path) -> None:
    journal = demo.write_demo(CsvJournal(tmp_path / "journal"), days=60, end=TODAY)
    journal.change_experiments(lambda log: start(log, an_experiment(TODAY), TODAY))
    view = JournalView(
        journal,
        journal.entries().frame,
        journal.sessions().frame,
        measures=journal.measures().frame,
    )
    archive = zipfile.ZipFile(io.BytesIO(your_data.everything(view)))
    assert sorted(archive.namelist()) == [
        "entries.csv",
        "experiments.json",
        "measures.csv",
        "plan.json",
        "sessions.csv",
    ]
    copy = tmp_path / "copy"
    copy.mkdir()
    archive.extractall(copy)
    assert printed_by_fresh_process(READ, copy) == printed_by_fresh_process(
        READ, tmp_path / "journal"
    )
    assert printed_by_fresh_process(READ, copy).split()[-1] == "0"  # read without a problem
