"""Why the journal could not be read or written, in words a person can act on. Pages show the
text of these errors; each subclass says what happened."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from lumbarlog.domain.schema import Entry, Problem

MAX_PROBLEMS_SHOWN = 20


class StoreError(Exception):
    """Anything that stopped the journal from being read or written. Pages show its text; each
    subclass says what happened in words a person can act on."""


class JournalError(StoreError):
    """A journal file that cannot be fully read. It is never written over; ``readable`` holds
    every row that could be read, so the person can still see and export them."""

    def __init__(
        self,
        path: Path,
        problems: Sequence[Problem] | str,
        readable: pd.DataFrame | None = None,
    ):
        self.path = Path(path)
        if isinstance(problems, str):
            problems = [Problem(field="file", reason=problems)]
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.readable = readable
        shown = self.problems[:MAX_PROBLEMS_SHOWN]
        more = len(self.problems) - len(shown)
        super().__init__(
            f"{self.path.name}: "
            + "; ".join(self._describe(p) for p in shown)
            + (f"; and {more} more" if more > 0 else "")
        )

    @staticmethod
    def _describe(problem: Problem) -> str:
        if problem.field == "file":
            return f"line {problem.line}: {problem.reason}" if problem.line else problem.reason
        return str(problem)


class EntryExists(StoreError):
    """Saving a day that is already in the journal, without saying to replace it."""

    def __init__(self, existing: Entry):
        self.existing = existing
        super().__init__(f"{existing.date.isoformat()} is already in the journal")


class JournalBusy(StoreError):
    """Another save held the journal for longer than LOCK_TIMEOUT_SECONDS."""


class DatabaseUnavailable(StoreError):
    """The journal's database could not be reached, or broke off during a save. Nothing was
    half-written: a save is one transaction."""


class DatabaseUnreachable(DatabaseUnavailable):
    """The database did not answer (down, or cut off mid-save): the same request may work once
    it is back."""


class WriteFailed(StoreError):
    """The disk or the folder refused a write. Nothing was changed."""


class DataFolderMissing(StoreError):
    """The journal folder the app was pointed at does not exist (or is not a folder)."""

    def __init__(self, folder: Path, reason: str):
        self.folder = Path(folder)
        super().__init__(reason)
