"""How well the journal keeps what it acknowledged, in numbers.

    .venv/bin/python bench/reliability.py            # about 2 minutes
    .venv/bin/python bench/reliability.py --quick    # fewer processes and kills

Attacks, each bounded in count and time, all on a temporary folder:

- concurrency: several processes and threads save different days at once; every save a writer
  was told succeeded must be in the file afterwards;
- kills: a writer saving day after day is killed with SIGKILL at a random moment, again and
  again; after each kill a fresh reader must read the file whole, with every acknowledged day,
  and the next save must leave no temporary copy of the journal behind;
- hand-made files: the table of tests/test_hand_made_files.py, each file opened (values intact)
  or refused naming its line and field, never an unexplained error;
- wide files: loading a journal with 2,000 extra columns and importing one with 20,000,
  as ratios against a plain journal in the same run.

Only `csv_files.load_entries` and `transfer.parse_import` are used for the hand-made files, so
the same script measures an older version of the app (with those two imports changed) for a
before/after table.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lumbarlog.domain import catalog, schema  # noqa: E402
from lumbarlog.journal import csv_files, days, errors, transfer  # noqa: E402

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from pathlib import Path
    from lumbarlog.journal import days
    folder, first, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    for k in range(first, first + count):
        day = dt.date(2000, 1, 1) + dt.timedelta(days=k)
        days.log_day(folder, {"date": day, "pain": k % 11, "notes": f"writer {first}"},
                      known_exercises=(), today=dt.date(2199, 12, 31))
        print(day.isoformat(), flush=True)
    """
)


def _present(folder: Path) -> set[str]:
    csv_files.forget_parsed()
    return {d.date().isoformat() for d in csv_files.load_entries(folder)["date"]}


def concurrency(processes: int, saves: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        children = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(folder), str(k * 10_000), str(saves)],
                cwd=REPO,
                stdout=subprocess.PIPE,
                text=True,
            )
            for k in range(processes)
        ]
        acknowledged: set[str] = set()
        thread_acks: list[str] = []

        def thread_writer(first: int) -> None:
            for k in range(first, first + saves):
                day = dt.date(2000, 1, 1) + dt.timedelta(days=k)
                days.log_day(
                    folder,
                    {"date": day, "pain": 3},
                    known_exercises=(),
                    today=dt.date(2199, 12, 31),
                )
                thread_acks.append(day.isoformat())

        threads = [threading.Thread(target=thread_writer, args=(k,)) for k in (50_000, 55_000)]
        for thread in threads:
            thread.start()
        for child in children:
            out, _ = child.communicate(timeout=600)
            acknowledged |= set(out.split())
        for thread in threads:
            thread.join(timeout=600)
        acknowledged |= set(thread_acks)
        present = _present(folder)
        return {"acknowledged": len(acknowledged), "present": len(acknowledged & present)}


def kills(count: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        acknowledged: set[str] = set()
        torn = lost = leftover_after_kill = leftover_after_next_save = 0
        for k in range(count):
            child = subprocess.Popen(
                [sys.executable, "-c", WRITER, str(folder), str(k * 1000), "1000"],
                cwd=REPO,
                stdout=subprocess.PIPE,
                text=True,
            )
            assert child.stdout is not None
            for _ in range(rng.randint(1, 4)):
                line = child.stdout.readline().strip()
                if line:
                    acknowledged.add(line)
            time.sleep(rng.random() * 0.02)  # lands anywhere inside the next save
            os.kill(child.pid, signal.SIGKILL)
            rest, _ = child.communicate(timeout=60)
            acknowledged |= set(rest.split())
            leftover_after_kill += len(list(folder.glob(".entries.csv.*.tmp")))
            try:
                present = _present(folder)
            except errors.JournalError:
                torn += 1
                continue
            lost += len(acknowledged - present)
            days.log_day(
                folder, {"date": f"2099-01-{k % 28 + 1:02d}", "pain": 1},
                known_exercises=(), today=dt.date(2199, 12, 31), replace=True,
            )  # fmt: skip
            leftover_after_next_save += len(list(folder.glob(".entries.csv.*.tmp")))
        return {
            "kills": count,
            "acknowledged": len(acknowledged),
            "lost": lost,
            "unreadable after a kill": torn,
            "temp files found right after the kills": leftover_after_kill,
            "temp files left after the next save": leftover_after_next_save,
        }


def hand_made() -> dict:
    from tests.test_hand_made_files import FILES, Opens

    opened = refused_named = wrong = 0
    for data, expected in FILES.values():
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            (folder / "entries.csv").write_bytes(data)
            csv_files.forget_parsed()
            try:
                frame = csv_files.load_entries(folder)
            except errors.JournalError as error:
                named = any(
                    p.line is not None or f"line {p.line}" in str(error) for p in error.problems
                ) or "line" in str(error)
                ok = not isinstance(expected, Opens) and named
                refused_named += ok
                wrong += not ok
                continue
            except Exception:
                wrong += 1
                continue
            ok = isinstance(expected, Opens) and len(frame) == len(expected.rows)
            opened += ok
            wrong += not ok
    return {
        "files": len(FILES),
        "opened as meant": opened,
        "refused naming the line": refused_named,
        "locked out or misread": wrong,
    }


def _timed(function, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def wide_files() -> dict:
    known = catalog.exercise_ids()

    def journal(extra: int) -> bytes:
        header = ",".join([*schema.ENTRY_COLUMNS, *(f"c{k}" for k in range(extra))])
        row = ",".join(["2026-11-01", "3", "", "", "", *("x" for _ in range(extra))])
        return f"{header}\n{row}\n".encode()

    def load(data: bytes) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)

            def once() -> None:
                (folder / "entries.csv").write_bytes(data)
                csv_files.forget_parsed()
                csv_files.load_entries(folder)

            return _timed(once)

    def import_(data: bytes) -> float:
        def once() -> None:
            with contextlib.suppress(schema.ValidationError):
                transfer.parse_import(
                    data, schema.empty_entries(), known_exercises=known, today=dt.date(2199, 12, 31)
                )

        return _timed(once, repeat=3)

    base_load, base_import = load(journal(0)), import_(journal(0))
    return {
        "load, 2,000 extra columns / plain journal": load(journal(2_000)) / base_load,
        "import, 20,000 extra columns / plain file": import_(journal(20_000)) / base_import,
        "plain load (ms)": base_load * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    processes, saves, kill_count = (2, 20, 10) if args.quick else (4, 60, 40)
    results = {
        "concurrency": concurrency(processes, saves),
        "kills": kills(kill_count),
        "hand-made files": hand_made(),
        "wide files": wide_files(),
    }
    for name, figures in results.items():
        print(f"\n{name}")
        for key, value in figures.items():
            shown = f"{value:.2f}" if isinstance(value, float) else f"{value:,}"
            print(f"  {key:<48} {shown}")


if __name__ == "__main__":
    main()
