"""experiments.json in the journal folder: read strictly, and changed under the journal's lock
by an atomic write with a backup, like the journal itself. What an experiment may hold and
which changes are allowed is domain/experiment_log.py's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from lumbarlog.domain.experiment_json import ExperimentFileError, log_from_json, log_to_json
from lumbarlog.domain.experiment_log import EXPERIMENTS_FILE, ExperimentLog
from lumbarlog.journal.errors import WriteFailed
from lumbarlog.journal.files import atomic_write, journal_lock

Change = Callable[[ExperimentLog], ExperimentLog]


def load_experiments(folder: Path) -> ExperimentLog:
    """The experiments kept in ``folder``; none when there is no experiments.json. A file that
    cannot be read raises ExperimentFileError."""
    return _read(Path(folder) / EXPERIMENTS_FILE)


def change_experiments(folder: Path, change: Change) -> ExperimentLog:
    """Apply ``change`` to the experiments as they are now on disk and save what it returns;
    returns that. ``change`` refuses by raising (DesignError), and then nothing is written; a
    file that cannot be read is reported, never replaced."""
    folder = Path(folder)
    path = folder / EXPERIMENTS_FILE
    with journal_lock(folder):
        changed = change(_read(path))
        atomic_write(path, checked_text(changed).encode("utf-8"))
    return changed


def checked_text(log: ExperimentLog) -> str:
    """experiments.json's text for ``log``, once it is known to read back as the same (what a
    restart would read; compared as text, since a NaN in a result is never equal to itself).
    Raises WriteFailed otherwise: every backend stores this text."""
    text = log_to_json(log)
    if log_to_json(log_from_json(text)) != text:
        raise WriteFailed(f"Nothing was saved: {EXPERIMENTS_FILE} would not read back the same")
    return text


def _read(path: Path) -> ExperimentLog:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ExperimentLog()
    except (UnicodeDecodeError, OSError) as error:
        raise ExperimentFileError("file", f"cannot be read ({error})") from None
    return log_from_json(text)
