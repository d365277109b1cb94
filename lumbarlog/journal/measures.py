"""Saving an answered questionnaire (PEG, STarT Back) in measures.csv, under the journal's lock,
checked and written like the journal's other files. A journal without measures.csv simply has
no answers yet: the file is made by the first save, so an existing journal needs no migration."""

from __future__ import annotations

from pathlib import Path

from lumbarlog.domain.measures import Measure, with_measure
from lumbarlog.journal.csv_files import load_measures, write_measures
from lumbarlog.journal.files import journal_lock
from lumbarlog.journal.migrate import ensure_current


def save_measure(folder: Path, measure: Measure) -> None:
    """Add one answered questionnaire (replacing that questionnaire's answer of the same day).
    Refuses, writing nothing, when measures.csv cannot be fully read or the journal is newer
    than this app."""
    folder = Path(folder)
    with journal_lock(folder):
        frame = with_measure(load_measures(folder), measure)
        ensure_current(folder)
        write_measures(folder, frame)
