"""The clinician report's cost, from a month of journal to ten years (and a hundred).

    python bench/report.py                   # 30 days, 1 year, 10 years, 100 years; 7 runs
    python bench/report.py --sizes 30,3650 --runs 3

For each demo journal of the whole period it times, as the Log page's button does: reading the
journal (a fresh CsvJournal, nothing cached), composing the report (every number, findings
included), and rendering the PDF (two charts by vl-convert, the page by Typst). Medians of
``--runs``, and ratios to the smallest size measured in the same run, so the numbers keep
their meaning on a busy machine. The target, a 10-year report in under 3 s, is printed as MET
or MISSED; nothing fails. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from lumbarlog.domain import catalog  # noqa: E402
from lumbarlog.journal import csv_files, demo  # noqa: E402
from lumbarlog.journal.repository import CsvJournal  # noqa: E402
from lumbarlog.report import content, pdf  # noqa: E402

END = dt.date(2026, 11, 25)
TARGET_DAYS, TARGET_SECONDS = 3650, 3.0


def median_seconds(work: Callable[[], object], runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def measure(folder: Path, days: int, runs: int) -> dict[str, float]:
    demo.write_demo(CsvJournal(folder), days=days, end=END)
    names = catalog.load()
    routine_names = {r: names.routine_name(r) for r in names.routines}
    request = content.Request(END - dt.timedelta(days=days - 1), END, name="Demo")

    def read() -> CsvJournal:
        csv_files.forget_parsed()  # as after a restart: every file parsed again
        journal = CsvJournal(folder)
        journal.entries(), journal.sessions(), journal.measures(), journal.plan()
        return journal

    read_s, journal = median_seconds(read, runs)
    assert isinstance(journal, CsvJournal)
    frames = (
        journal.entries().frame,
        journal.sessions().frame,
        journal.measures().frame,
        journal.plan(),
    )

    def compose() -> content.ClinicianReport:
        return content.compose(
            *frames,
            request,
            END,
            exercise_names=names.exercise_names(),
            routine_names=routine_names,
        )

    compose_s, report = median_seconds(compose, runs)
    assert isinstance(report, content.ClinicianReport)
    render_s, rendered = median_seconds(lambda: pdf.render(report), runs)
    assert isinstance(rendered, pdf.Rendered)
    return {
        "rows": len(frames[0]) + len(frames[1]),
        "read": read_s,
        "compose": compose_s,
        "render": render_s,
        "total": read_s + compose_s + render_s,
        "bytes": len(rendered.pdf),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", default="30,365,3650,36500", help="journal days, comma separated"
    )
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    sizes = sorted(int(s) for s in args.sizes.split(","))
    results: dict[int, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for days in sizes:
            folder = Path(tmp) / f"journal-{days}"
            folder.mkdir()
            results[days] = measure(folder, days, args.runs)
    base = results[sizes[0]]
    print(
        f"Clinician report, whole journal, median of {args.runs} runs (ratios to {sizes[0]} days)"
    )
    print(
        f"{'days':>7} {'rows':>8} {'read s':>8} {'compose s':>10} {'render s':>9} "
        f"{'total s':>8} {'x base':>7} {'PDF KiB':>8}"
    )
    for days, r in results.items():
        print(
            f"{days:>7,} {int(r['rows']):>8,} {r['read']:>8.3f} {r['compose']:>10.3f} "
            f"{r['render']:>9.3f} {r['total']:>8.3f} {r['total'] / base['total']:>7.2f} "
            f"{r['bytes'] / 1024:>8.0f}"
        )
    if TARGET_DAYS in results:
        total = results[TARGET_DAYS]["total"]
        state = "MET   " if total < TARGET_SECONDS else "MISSED"
        print(f"{state} a {TARGET_DAYS:,}-day report in under {TARGET_SECONDS:g} s: {total:.2f} s")


if __name__ == "__main__":
    main()
