"""When the disk or the folder refuses, the person reads "Nothing was saved: <reason>" and the
journal is exactly as it was: no traceback, no half-written file, no leftover copy of health
data. Backups rotate in the order they were made, whatever the clock says."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from lumbarlog.domain import catalog, plan
from lumbarlog.journal import files, plan_file
from lumbarlog.journal.backups import list_backups
from lumbarlog.journal.csv_files import forget_parsed, load_entries, read_notices
from lumbarlog.journal.days import log_day
from lumbarlog.journal.errors import DataFolderMissing, JournalBusy, StoreError, WriteFailed
from lumbarlog.journal.files import BACKUPS_KEPT, LOCK_FILE, journal_lock
from lumbarlog.journal.meta import read_meta

TODAY = dt.date(2026, 11, 24)
KNOWN = catalog.exercise_ids()


def log(folder: Path, day: str = "2026-11-20", pain: int = 4) -> None:
    log_day(folder, {"date": day, "pain": pain}, known_exercises=KNOWN, today=TODAY, replace=True)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != LOCK_FILE
    }


@pytest.mark.parametrize(
    ("errno_code", "words"),
    [
        (errno.ENOSPC, "the disk is full"),
        (errno.EROFS, "read-only disk"),
        (errno.EACCES, "permission denied"),
    ],
)
@pytest.mark.parametrize("step", ["mkstemp", "replace", "fsync"])
def test_a_refusing_disk_says_nothing_was_saved_and_changes_nothing(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch, errno_code: int, words: str, step: str
) -> None:
    log(journal_dir, "2026-11-19")
    before = snapshot(journal_dir)

    def refuse(*args, **kwargs):
        raise OSError(errno_code, os.strerror(errno_code), str(journal_dir / "entries.csv"))

    target = {"mkstemp": files.tempfile, "replace": files.os, "fsync": files.os}[step]
    monkeypatch.setattr(target, step, refuse)
    with pytest.raises(WriteFailed) as refused:
        log(journal_dir)
    monkeypatch.undo()
    assert str(refused.value).startswith("Nothing was saved: ")
    assert words in str(refused.value)
    after = snapshot(journal_dir)
    # At most a backup link of the unchanged file may have been made before the refusal.
    assert {k: v for k, v in after.items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }
    assert not [p for p in journal_dir.iterdir() if p.name.endswith(".tmp")]
    forget_parsed()
    assert load_entries(journal_dir)["date"].dt.date.tolist() == [dt.date(2026, 11, 19)]


def test_backups_being_a_file_is_named(journal_dir: Path) -> None:
    log(journal_dir, "2026-11-19")
    (journal_dir / "backups").write_text("not a folder")
    before = (journal_dir / "entries.csv").read_bytes()
    with pytest.raises(WriteFailed, match="backups is a file"):
        log(journal_dir)
    assert (journal_dir / "entries.csv").read_bytes() == before


def test_the_lock_path_being_a_folder_is_named(journal_dir: Path) -> None:
    (journal_dir / LOCK_FILE).mkdir()
    with pytest.raises(StoreError, match=r"Nothing was saved|busy"):
        log(journal_dir)
    assert not (journal_dir / "entries.csv").exists()


def test_the_data_path_being_a_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "journal"
    path.write_text("a file")
    with pytest.raises(DataFolderMissing, match="is a file"):
        log(path)
    assert path.read_text() == "a file"


def test_a_missing_journal_folder_is_never_created(tmp_path: Path) -> None:
    missing = tmp_path / "unmounted" / "journal"
    with pytest.raises(DataFolderMissing, match="does not exist"):
        log(missing)
    assert not missing.exists() and not missing.parent.exists()


def test_odd_files_in_backups_are_left_alone(journal_dir: Path) -> None:
    backups = journal_dir / "backups"
    backups.mkdir()
    for name in ("entries-", "entries-.csv", "entries-x.csv", "entries-2026.csv", "notes.txt"):
        (backups / name).write_text("keep me")
    for k in range(3):
        log(journal_dir, f"2026-11-{10 + k}")
    assert all((backups / n).read_text() == "keep me" for n in ("entries-", "entries-x.csv"))
    assert len(list_backups(journal_dir)) == 2


def test_backups_rotate_in_the_order_they_were_made_when_the_clock_goes_back(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log(journal_dir, "2026-01-01", pain=0)

    class Clock(dt.datetime):
        moment = dt.datetime(2030, 1, 1)

        @classmethod
        def now(cls, tz=None):
            cls.moment -= dt.timedelta(minutes=1)  # every backup "earlier" than the last
            return cls.moment

    monkeypatch.setattr(files.dt, "datetime", Clock)
    versions = []
    for k in range(1, BACKUPS_KEPT + 5):
        versions.append((journal_dir / "entries.csv").read_bytes())
        log(journal_dir, "2026-01-01", pain=k % 11)
    kept = list_backups(journal_dir)
    # The newest backups are the versions just before the last saves, whatever their stamps.
    assert [b.path.read_bytes() for b in kept] == versions[::-1][:BACKUPS_KEPT]


def test_temp_files_of_dead_writers_are_removed(journal_dir: Path) -> None:
    log(journal_dir, "2026-11-19")
    dead = [journal_dir / f".entries.csv.{k}abc.tmp" for k in range(5)]
    for path in dead:
        path.write_text("date,pain\n2026-11-01,9\n")
    other = journal_dir / ".my-own-notes.tmp"
    other.write_text("not ours")
    log(journal_dir, "2026-11-20")
    assert not any(p.exists() for p in dead)
    assert other.exists()


def test_a_busy_journal_while_saving_the_plan_is_a_message(
    journal_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "LOCK_TIMEOUT_SECONDS", 0.01)
    with journal_lock(journal_dir):
        pid = os.fork()
        if pid == 0:  # another process tries to save the plan meanwhile
            try:
                plan_file.save_plan(journal_dir, plan.make_plan({"desk_break": [0]}), today=TODAY)
            except JournalBusy:
                os._exit(7)
            except BaseException:
                os._exit(1)
            os._exit(0)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 7
    assert not (journal_dir / plan.PLAN_FILE).exists()


def test_journal_json_holding_nonsense_never_blocks_the_journal(journal_dir: Path) -> None:
    bodies = ('{"schema_version": 1e999}', "[1, 2", '{"schema_version": "one"}', "\xff")
    for k, body in enumerate(bodies):
        (journal_dir / "journal.json").write_text(body, encoding="latin-1")
        forget_parsed()
        assert any("damaged" in n for n in read_notices(journal_dir))
        log(journal_dir, f"2026-11-1{k}")
        assert read_meta(journal_dir).problem is None
