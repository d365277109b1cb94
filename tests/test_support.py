"""tests/support: what the tests and the benchmarks share. The benchmarks import it, never the
other way round; and the browser tests' shared server gets an empty journal before each test
that no cached read can mistake for an earlier test's files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from lumbarlog.domain import schema
from lumbarlog.journal.csv_files import load_entries
from lumbarlog.journal.days import save_entry
from lumbarlog.journal.files import BACKUP_DIR, ENTRIES_FILE, LOCK_FILE
from tests.support.folders import empty_folder
from tests.test_public_api import imported_modules

REPO = Path(__file__).resolve().parent.parent


def test_no_test_imports_the_benchmarks() -> None:
    found = {
        path.relative_to(REPO).as_posix(): [m for m in imported_modules(path) if m == "bench"
                                            or m.startswith(("bench.", "chromium"))]
        for path in (REPO / "tests").rglob("*.py")
    }  # fmt: skip
    assert {path: names for path, names in found.items() if names} == {}


def test_the_benchmark_starts_the_app_and_browser_from_tests_support() -> None:
    assert {"tests.support.browser", "tests.support.server"} <= set(
        imported_modules(REPO / "bench" / "chromium.py")
    )


def test_emptying_removes_every_file_and_the_demo_but_keeps_the_folder(tmp_path: Path) -> None:
    folder = tmp_path / "journal"
    folder.mkdir()
    save_entry(folder, schema.Entry(dt.date(2026, 1, 1), 3))
    save_entry(folder, schema.Entry(dt.date(2026, 1, 2), 4))
    (folder / LOCK_FILE).write_text("")
    (folder / ".entries.csv.abc123.tmp").write_text("half a save")
    (folder / "notes from a person.txt").write_text("x")
    demo = tmp_path / "journal-demo"
    demo.mkdir()
    (demo / "entries.csv").write_text("date,pain\n")
    assert any((folder / BACKUP_DIR).iterdir())

    empty_folder(folder)

    assert folder.is_dir() and list(folder.iterdir()) == []
    assert not demo.exists()


def test_a_file_written_after_emptying_is_never_read_from_an_earlier_cache(
    tmp_path: Path,
) -> None:
    """Same name, same size, same mtime, possibly the same inode: the new file is still read."""
    folder = tmp_path / "journal"
    folder.mkdir()
    path = folder / ENTRIES_FILE
    mtime = 1_700_000_000_000_000_000
    for pain in (3, 7, 5):
        path.write_text(f"date,pain,sitting_hours,exercises,notes\n2026-01-01,{pain},,,\n")
        os.utime(path, ns=(mtime, mtime))
        # Read twice: the second read comes from the journal's cache of parsed files.
        assert load_entries(folder)["pain"].tolist() == [pain]
        assert load_entries(folder)["pain"].tolist() == [pain]
        empty_folder(folder)
