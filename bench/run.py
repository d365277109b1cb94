"""Lumbar Log benchmark: how the app's costs grow from a month of journal to a hundred years.

    python bench/run.py                      # everything, about 10 minutes on 2 cores
    python bench/run.py --quick              # fewer sizes and runs, to try it
    python bench/run.py --sizes 30,3650 --runs 5 --skip-browser --json out.json

Prints medians and ratios (to the 30-day journal, to a bare page, to a bare write), not
pass/fail timings, then each target as MET or MISSED. Always exits 0 once it has printed.
See bench/README.md for what each number means.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import gc
import io
import json
import os
import platform
import pstats
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pandas as pd  # noqa: E402

from lumbarlog.analysis import findings  # noqa: E402
from lumbarlog.domain import catalog, schema  # noqa: E402
from lumbarlog.journal import csv_files, csv_format, demo, files  # noqa: E402
from lumbarlog.journal.days import log_day  # noqa: E402

APP = REPO / "streamlit_app.py"
# The five pages of the contract, used when streamlit_app.py cannot be read.
PAGES = (
    "app_pages/today.py",
    "app_pages/log.py",
    "app_pages/routines.py",
    "app_pages/trends.py",
    "app_pages/learn.py",
)
TRENDS_PAGE = "app_pages/trends.py"
DEFAULT_SIZES = (30, 365, 3650, 36500)
QUICK_SIZES = (30, 365, 3650)
DEFAULT_RUNS = 11
QUICK_RUNS = 3
DEFAULT_SESSIONS = 20
QUICK_SESSIONS = 6
MEMORY_CHECKPOINTS = (1, 5, 10, 20)
# The brief's heavy user: about 7,000 routine sessions in ten years. The demo person follows
# fewer, so sessions from further seeds are added until this rate is reached.
SESSIONS_PER_DAY = 7000 / 3650
SEED = 7
APPTEST_TIMEOUT = 600
SIZE_NAMES = {30: "30 days", 365: "1 year", 3650: "10 years", 36500: "100 years"}

BARE_PAGE = """import streamlit as st

st.title("Bare page")
st.write("One line of text.")
"""
BARE_CHART_PAGE = """import altair as alt
import pandas as pd
import streamlit as st

st.title("Bare chart")
data = pd.DataFrame({"day": range(10), "pain": [3, 4, 2, 5, 3, 4, 6, 3, 2, 4]})
st.altair_chart(alt.Chart(data).mark_line(point=True).encode(x="day", y="pain"))
"""


def size_name(days: int) -> str:
    return SIZE_NAMES.get(days, f"{days} days")


def page_name(page: str) -> str:
    return Path(page).stem


# --------------------------------------------------------------------------------------------
# Machine and pages
# --------------------------------------------------------------------------------------------


def machine() -> dict:
    """CPU, cores, memory and the versions that matter for these numbers."""
    import altair
    import streamlit

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram_gib = None
    try:
        for line in Path("/proc/meminfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("MemTotal:"):
                ram_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gib": ram_gib,
        "load_average": [round(x, 2) for x in load] if load else None,
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "pandas": pd.__version__,
        "altair": altair.__version__,
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(REPO), "log", "-1", "--format=%h %s"],
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return out.stdout.strip()[:80]


def app_pages() -> list[str]:
    """The pages streamlit_app.py navigates to, in its order (the contract's five otherwise)."""
    try:
        found = re.findall(r"st\.Page\(\s*[\"']([^\"']+)[\"']", APP.read_text(encoding="utf-8"))
    except OSError:
        found = []
    pages = [p for p in (found or PAGES) if (REPO / p).exists()]
    return pages or [p for p in PAGES if (REPO / p).exists()]


# --------------------------------------------------------------------------------------------
# Journals
# --------------------------------------------------------------------------------------------


def heavy_sessions(days: int, end: dt.date, sessions: pd.DataFrame) -> pd.DataFrame:
    """Top the demo's sessions up to SESSIONS_PER_DAY with sessions from further seeds."""
    target = round(days * SESSIONS_PER_DAY)
    frames = [sessions]
    seed = SEED
    while sum(len(f) for f in frames) < target:
        seed += 1
        frames.append(demo.generate(days=days, end=end, seed=seed)[1])
    merged = pd.concat(frames, ignore_index=True)
    if len(merged) > target:
        merged = merged.sample(n=target, random_state=SEED)
    return (
        merged.astype(dict(schema.SESSION_DTYPES))
        .sort_values("start", kind="stable")
        .reset_index(drop=True)
    )


def make_journal(root: Path, days: int, end: dt.date) -> dict:
    """A generated journal of `days` days ending on `end`, written the way the app writes."""
    folder = root / f"journal-{days}"
    entries, sessions = demo.generate(days=days, end=end, seed=SEED)
    sessions = heavy_sessions(days, end, sessions)
    folder.mkdir(parents=True)  # the journal writes only into a journal folder that exists
    with files.journal_lock(folder):
        files.atomic_write(
            files.entries_path(folder), csv_format.entries_to_csv(entries).encode("utf-8")
        )
        files.atomic_write(
            files.sessions_path(folder), csv_format.sessions_to_csv(sessions).encode("utf-8")
        )
        # A journal that has been saved to before has its meta file; without it the first
        # save in the save benchmark would also pay for creating it.
        meta = {"schema_version": schema.SCHEMA_VERSION, "app": "Lumbar Log"}
        files.atomic_write(
            folder / files.META_FILE,
            (json.dumps(meta, indent=2) + "\n").encode("utf-8"),
            backup=False,
        )
    shutil.rmtree(folder / files.BACKUP_DIR, ignore_errors=True)
    return {
        "days": days,
        "folder": folder,
        "entries": csv_files.load_entries(folder),
        "sessions": csv_files.load_sessions(folder),
        "entries_bytes": files.entries_path(folder).stat().st_size,
        "sessions_bytes": files.sessions_path(folder).stat().st_size,
    }


# --------------------------------------------------------------------------------------------
# Timing helpers
# --------------------------------------------------------------------------------------------


def median_ms(action: Callable[[], object], runs: int, setup: Callable[[], object] | None = None):
    """Median wall time of `action` in ms over `runs` runs (`setup` before each, not timed)."""
    times = []
    for _ in range(runs):
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), times


# --------------------------------------------------------------------------------------------
# 1. Warm reruns through AppTest
# --------------------------------------------------------------------------------------------


def open_page(page: str | None, script: Path = APP):
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    # AppTest warns that the main thread has no ScriptRunContext; that is expected here.
    logger.set_log_level("error")

    app = AppTest.from_file(str(script), default_timeout=APPTEST_TIMEOUT)
    app.run()
    if page is not None:
        app.switch_page(page)
        app.run()
    app.run()  # one rerun not timed, so every timed one finds the caches filled
    return app


def exception_text(app) -> str | None:
    if not app.exception:
        return None
    return "; ".join(str(e.message).splitlines()[0] for e in app.exception)[:200]


def bench_reruns(pages: list[str], journals: dict, runs: int, workdir: Path) -> dict:
    """Median warm rerun per page and size, and of a bare page, in ms."""
    results: dict = {"bare": None, "pages": {}}
    bare = workdir / "bare_page.py"
    bare.write_text(BARE_PAGE, encoding="utf-8")
    app = open_page(None, bare)
    results["bare"], _ = median_ms(app.run, runs)
    print(f"  bare page: {results['bare']:.1f} ms", flush=True)
    for days, journal in journals.items():
        os.environ[files.DATA_DIR_VARIABLE] = str(journal["folder"])
        for page in pages:
            started = time.perf_counter()
            app = open_page(page)
            first_ms = (time.perf_counter() - started) * 1000
            error = exception_text(app)
            median, times = median_ms(app.run, runs)
            error = error or exception_text(app)
            results["pages"].setdefault(page, {})[days] = {
                "median_ms": median,
                "times_ms": times,
                "open_ms": first_ms,
                "error": error,
            }
            note = f"  ERROR: {error}" if error else ""
            print(
                f"  {size_name(days):>9} {page_name(page):<9} {median:8.1f} ms"
                f" (opened in {first_ms:.0f} ms){note}",
                flush=True,
            )
    return results


def profile_rerun(page: str, journal: dict, top: int = 18) -> str:
    """cProfile of one warm rerun of `page`. AppTest runs the script in a new thread per run,
    so the profiler is switched on from inside that thread through threading.setprofile."""
    os.environ[files.DATA_DIR_VARIABLE] = str(journal["folder"])
    app = open_page(page)
    profiler = cProfile.Profile()  # open_page has already done one warm rerun

    def start_in_thread(*_args):
        threading.setprofile(None)
        profiler.enable()

    threading.setprofile(start_in_thread)
    try:
        app.run()
    finally:
        threading.setprofile(None)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)
    print(
        "The app's own functions (lumbarlog/, app_pages/, streamlit_app.py) by cumulative time:",
        file=out,
    )
    own = re.escape(str(REPO)) + r"/(lumbarlog/|app_pages/|streamlit_app\.py)"
    stats.sort_stats("cumulative").print_stats(own, top)
    return _trim_profile(out.getvalue())


def _trim_profile(text: str) -> str:
    site = str(Path(pd.__file__).resolve().parent.parent)
    return text.replace(site + "/", "").replace(str(REPO) + "/", "")


# --------------------------------------------------------------------------------------------
# 2. Saving one entry
# --------------------------------------------------------------------------------------------


def bench_save(journals: dict, runs: int, workdir: Path, today: dt.date) -> dict:
    """log_day of a new day on a fresh copy of each journal, against a bare pandas write."""
    known = catalog.exercise_ids()
    new_day = today + dt.timedelta(days=1)
    raw = {
        "date": new_day.isoformat(),
        "pain": 4,
        "sitting_hours": 7.5,
        "exercises": "glute_bridge;walking_break",
        "notes": "Benchmark day.",
    }
    results = {}
    for days, journal in journals.items():
        copy = workdir / f"save-{days}"

        def fresh_copy(source=journal["folder"], target=copy):
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target)

        def save(target=copy):
            log_day(target, raw, known_exercises=known, today=new_day)

        def opened_copy(target=copy):
            # As in the app: the page has loaded the journal before the person presses Save.
            fresh_copy()
            csv_files.load_entries(target)

        cold_ms, _ = median_ms(save, runs, setup=fresh_copy)
        save_ms, save_times = median_ms(save, runs, setup=opened_copy)
        saved_path = files.entries_path(copy)
        saved_bytes = saved_path.stat().st_size
        # The bare write: the same table as text, written once by pandas, synced, replaced.
        table = pd.read_csv(saved_path, dtype=str, keep_default_na=False)
        bare_target = copy / "bare.csv"
        shutil.copyfile(saved_path, bare_target)

        def bare_write(frame=table, target=bare_target):
            temp = target.with_name(".bare.csv.tmp")
            with open(temp, "w", encoding="utf-8", newline="") as handle:
                frame.to_csv(handle, index=False, lineterminator="\n")
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(temp, target)

        bare_ms, bare_times = median_ms(bare_write, runs)
        results[days] = {
            "save_ms": save_ms,
            "save_times_ms": save_times,
            "cold_save_ms": cold_ms,
            "bare_write_ms": bare_ms,
            "bare_write_times_ms": bare_times,
            "ratio": save_ms / bare_ms,
            "entries_bytes": saved_bytes,
            "bare_bytes": bare_target.stat().st_size,
        }
        print(
            f"  {size_name(days):>9} save {save_ms:8.1f} ms (first save after start "
            f"{cold_ms:.1f} ms), bare write {bare_ms:7.1f} ms",
            flush=True,
        )
        shutil.rmtree(copy, ignore_errors=True)
    return results


# --------------------------------------------------------------------------------------------
# 3. The trends computation
# --------------------------------------------------------------------------------------------


def bench_trends(journals: dict, runs: int) -> dict:
    names = {e.id: e.name for e in catalog.load().exercises.values()}
    results = {}
    for days, journal in journals.items():
        entries, sessions = journal["entries"], journal["sessions"]
        median, times = median_ms(lambda e=entries, s=sessions: findings.compute(e, s), runs)
        with_names, _ = median_ms(
            lambda e=entries, s=sessions: findings.compute(e, s, names=names), runs
        )
        results[days] = {
            "median_ms": median,
            "times_ms": times,
            "with_names_ms": with_names,
            "rows": len(entries) + len(sessions),
        }
        print(f"  {size_name(days):>9} findings.compute {median:8.1f} ms", flush=True)
    return results


# --------------------------------------------------------------------------------------------
# 4. and 5. Chromium: the Trends page drawn, and the server's memory
# --------------------------------------------------------------------------------------------


def bench_browser(
    journals: dict, runs: int, sessions: int, memory_days: int, workdir: Path
) -> dict:
    """Each page load is a new browser session (context) with an empty browser cache."""
    import chromium

    results: dict = {"pages": {}, "bare": None, "memory": None}
    url_path = "/" + page_name(TRENDS_PAGE)
    empty = workdir / "empty-journal"
    empty.mkdir(exist_ok=True)
    with chromium.chromium() as browser:
        bare_script = workdir / "bare_chart.py"
        bare_script.write_text(BARE_CHART_PAGE, encoding="utf-8")
        with chromium.streamlit_server(
            bare_script, workdir, empty, workdir / "bare_chart.log"
        ) as server:
            results["bare"] = _loads(browser, server.url, runs, "bare chart page")
        for days, journal in journals.items():
            with chromium.streamlit_server(
                APP, REPO, journal["folder"], workdir / f"streamlit-{days}.log"
            ) as server:
                results["pages"][days] = _loads(
                    browser, server.url + url_path, runs, f"{size_name(days)} Trends"
                )
        folder = journals[memory_days]["folder"]
        with chromium.streamlit_server(APP, REPO, folder, workdir / "memory.log") as server:
            rss = [server.rss_kib()]
            for number in range(1, sessions + 1):
                chromium.open_until_drawn(browser, server.url + url_path)
                # The server notices the closed websocket asynchronously.
                time.sleep(1.0)
                rss.append(server.rss_kib())
                if number in MEMORY_CHECKPOINTS or number == sessions:
                    print(f"  memory after session {number}: {rss[-1] / 1024:.1f} MiB", flush=True)
            results["memory"] = {"days": memory_days, "rss_kib": rss}
    return results


def _loads(browser, url: str, runs: int, label: str) -> dict:
    import chromium

    first = chromium.open_until_drawn(browser, url)  # cold: caches empty, modules importing
    loads = [chromium.open_until_drawn(browser, url) for _ in range(runs)]
    times = [load["ms"] for load in loads]
    median = statistics.median(times)
    charts = loads[-1]["charts"]
    error = any(load["error"] for load in [first, *loads])
    print(
        f"  {label}: first open {first['ms']:.0f} ms, then median {median:.0f} ms,"
        f" {charts} chart(s){'  ERROR shown on the page' if error else ''}",
        flush=True,
    )
    return {
        "first_ms": first["ms"],
        "median_ms": median,
        "times_ms": times,
        "charts": charts,
        "error": error,
    }


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def ratio_text(value: float | None) -> str:
    return "-" if value is None else f"{value:.2f}x"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True))]
    lines.append("  ".join("-" * w for w in widths))
    for row in rows:
        cells = [
            str(c).rjust(w) if i else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells))
    return "\n".join(lines)


def report(results: dict) -> str:
    out = []
    m = results["machine"]
    out.append("== Machine")
    out.append(
        f"CPU {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, load {m['load_average']}"
    )
    out.append(
        f"Python {m['python']}, streamlit {m['streamlit']}, pandas {m['pandas']},"
        f" altair {m['altair']}; commit {m['commit']}"
    )
    runs = results["runs"]
    out.append(
        f"Each median is over {runs} runs (time.perf_counter), in Chromium over"
        f" {results.get('browser_runs', '-')} page loads (performance.now)."
    )
    sizes = results["sizes"]
    base = sizes[0]

    out.append("\n== Journals (lib.demo.generate, sessions topped up to ~7,000 per 10 years)")
    out.append(
        table(
            ["size", "days logged", "sessions", "entries.csv", "sessions.csv"],
            [
                [
                    size_name(d),
                    f"{j['entries']:,}",
                    f"{j['sessions']:,}",
                    f"{j['entries_bytes'] / 1024:,.0f} KiB",
                    f"{j['sessions_bytes'] / 1024:,.0f} KiB",
                ]
                for d, j in results["journals"].items()
            ],
        )
    )

    reruns = results.get("reruns")
    if reruns:
        out.append(
            f"\n== Warm rerun through AppTest (median ms; ratio to the same page at "
            f"{size_name(base)}). Bare page (title + one line): {reruns['bare']:.1f} ms"
        )
        rows = []
        for page, by_size in reruns["pages"].items():
            row = [page_name(page)]
            for d in sizes:
                cell = by_size.get(d)
                if cell is None:
                    row.append("-")
                    continue
                ratio = cell["median_ms"] / by_size[base]["median_ms"] if d != base else None
                text = f"{cell['median_ms']:.1f}"
                if ratio is not None:
                    text += f" ({ratio:.2f}x)"
                if cell["error"]:
                    text += " ERR"
                row.append(text)
            row.append(f"{by_size[sizes[-1]]['median_ms'] / reruns['bare']:.1f}x")
            rows.append(row)
        out.append(
            table(["page"] + [size_name(d) for d in sizes] + [f"{size_name(sizes[-1])}/bare"], rows)
        )
        errors = [
            f"{page_name(p)} at {size_name(d)}: {c['error']}"
            for p, by in reruns["pages"].items()
            for d, c in by.items()
            if c["error"]
        ]
        if errors:
            out.append("Exceptions shown by pages: " + "; ".join(errors))

    save = results.get("save")
    if save:
        out.append(
            "\n== Save one entry (journal.days.log_day of a new day, journal already open as in "
            "the app; median ms)"
        )
        out.append(
            table(
                ["size", "log_day", "first save after start", "bare write", "ratio", "file size"],
                [
                    [
                        size_name(d),
                        f"{s['save_ms']:.1f}",
                        f"{s.get('cold_save_ms', float('nan')):.1f}",
                        f"{s['bare_write_ms']:.1f}",
                        f"{s['ratio']:.2f}x",
                        f"{s['entries_bytes'] / 1024:,.0f} KiB",
                    ]
                    for d, s in save.items()
                ],
            )
        )

    trend = results.get("trends")
    if trend:
        out.append("\n== Trends computation (findings.compute(entries, sessions); median ms)")
        first = trend[sizes[0]]
        out.append(
            table(
                ["size", "ms", f"time vs {size_name(base)}", "rows (entries+sessions)"],
                [
                    [
                        size_name(d),
                        f"{t['median_ms']:.1f}",
                        f"{t['median_ms'] / first['median_ms']:.2f}x",
                        f"{t['rows']:,}",
                    ]
                    for d, t in trend.items()
                ],
            )
        )

    browser = results.get("browser")
    if browser:
        bare = browser["bare"]["median_ms"]
        out.append(
            "\n== Chromium: opening the Trends page until every chart is drawn (median ms;"
            f" bare page with one 10-point Altair chart: {bare:.0f} ms)"
        )
        rows = []
        for d, b in browser["pages"].items():
            base_ms = browser["pages"][base]["median_ms"]
            rows.append(
                [
                    size_name(d),
                    f"{b['first_ms']:.0f}",
                    f"{b['median_ms']:.0f}",
                    f"{b['median_ms'] / base_ms:.2f}x",
                    f"{b['median_ms'] / bare:.2f}x",
                    str(b["charts"]) + (" ERR" if b["error"] else ""),
                ]
            )
        out.append(
            table(
                ["size", "first open", "median", f"vs {size_name(base)}", "vs bare", "charts"],
                rows,
            )
        )
        memory = browser["memory"]
        rss = memory["rss_kib"]
        points = [n for n in MEMORY_CHECKPOINTS if n < len(rss)]
        if len(rss) - 1 not in points:
            points.append(len(rss) - 1)
        out.append(
            f"\n== Server memory (VmRSS of streamlit, {size_name(memory['days'])} journal;"
            " each session opens Trends and closes)"
        )
        cells = [f"start {rss[0] / 1024:.1f}"] + [f"#{n} {rss[n] / 1024:.1f}" for n in points]
        out.append("MiB: " + ", ".join(cells))
        if len(rss) > 5:
            growth = rss[-1] / rss[5] - 1
            out.append(f"Growth from session 5 to {len(rss) - 1}: {growth * 100:+.1f}%")

    if results.get("browser_error"):
        out.append(f"\n== Chromium: not measured ({results['browser_error']})")

    out.append("\n== Targets")
    out.extend(targets(results))
    profile = results.get("profile")
    if profile:
        out.append(f"\n== Profile of one warm rerun: {profile['title']}")
        out.append(profile["text"].rstrip())
    return "\n".join(out)


def targets(results: dict) -> list[str]:
    lines = []

    def verdict(name: str, value: float | None, limit: float, shown: str) -> None:
        if value is None:
            lines.append(f"NOT MEASURED  {name}")
        else:
            state = "MET   " if value <= limit else "MISSED"
            lines.append(f"{state}  {name}: {shown}")

    reruns = results.get("reruns")
    if reruns:
        for page, by in reruns["pages"].items():
            for days, limit in ((3650, 1.3), (36500, 1.5)):
                ratio = None
                if 30 in by and days in by:
                    ratio = by[days]["median_ms"] / by[30]["median_ms"]
                verdict(
                    f"{page_name(page)} warm rerun at {size_name(days)} <= {limit}x 30 days",
                    ratio,
                    limit,
                    ratio_text(ratio),
                )
    save = results.get("save")
    if save:
        for days, s in save.items():
            verdict(
                f"save at {size_name(days)} <= 1.5x the bare write",
                s["ratio"],
                1.5,
                ratio_text(s["ratio"]),
            )
    trend = results.get("trends")
    if trend:
        at_ten = trend.get(3650, {}).get("median_ms")
        verdict(
            "trends computation at 10 years < 100 ms",
            at_ten,
            100,
            "-" if at_ten is None else f"{at_ten:.1f} ms",
        )
        growth = None
        if 365 in trend and 36500 in trend:
            time_ratio = trend[36500]["median_ms"] / trend[365]["median_ms"]
            size_ratio = trend[36500]["rows"] / trend[365]["rows"]
            growth = time_ratio / size_ratio
        verdict(
            "trends computation grows no faster than the data (1 to 100 years)",
            growth,
            1.0,
            "-"
            if growth is None
            else f"time {time_ratio:.1f}x for {size_ratio:.1f}x the rows = {growth:.2f}",
        )
    browser = results.get("browser")
    if browser:
        pages = browser["pages"]
        ten = pages.get(3650, {}).get("median_ms")
        month = pages.get(30, {}).get("median_ms")
        ratio = ten / month if ten and month else None
        verdict("Trends drawn at 10 years <= 1.3x 30 days", ratio, 1.3, ratio_text(ratio))
        bare = browser["bare"]["median_ms"]
        ratio = ten / bare if ten else None
        verdict("Trends drawn at 10 years <= 2x the bare chart page", ratio, 2.0, ratio_text(ratio))
        if not pages.get(3650, {}).get("charts"):
            lines.append("        (note: the Trends page drew no charts in this run)")
        rss = browser["memory"]["rss_kib"]
        growth = rss[20] / rss[5] - 1 if len(rss) > 20 else None
        verdict(
            "memory flat: growth from session 5 to 20 < 10%",
            None if growth is None else growth * 100,
            10,
            "-" if growth is None else f"{growth * 100:+.1f}%",
        )
    return lines


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer sizes and runs, to try it")
    parser.add_argument("--sizes", help="journal sizes in days, comma separated (default: "
                        + ",".join(map(str, DEFAULT_SIZES)) + ")")  # fmt: skip
    parser.add_argument("--runs", type=int, help=f"runs per median (default {DEFAULT_RUNS})")
    parser.add_argument(
        "--sessions", type=int, help=f"browser sessions for memory (default {DEFAULT_SESSIONS})"
    )
    parser.add_argument("--skip-browser", action="store_true", help="no Chromium measurements")
    parser.add_argument("--no-profile", action="store_true", help="skip the cProfile section")
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.sizes:
        sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    else:
        sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    runs = args.runs or (QUICK_RUNS if args.quick else DEFAULT_RUNS)
    sessions = args.sessions or (QUICK_SESSIONS if args.quick else DEFAULT_SESSIONS)
    today = dt.date.today()
    pages = app_pages()
    started = time.perf_counter()
    results: dict = {"machine": machine(), "sizes": sizes, "runs": runs, "pages": pages}
    print(f"Lumbar Log benchmark: sizes {sizes}, {runs} runs per median, pages {pages}", flush=True)
    old_data_dir = os.environ.get(files.DATA_DIR_VARIABLE)
    with tempfile.TemporaryDirectory(prefix="lumbarlog-bench-") as temp:
        workdir = Path(temp)
        print("Generating journals...", flush=True)
        journals = {d: make_journal(workdir, d, today) for d in sizes}
        results["journals"] = {
            d: {
                "entries": len(j["entries"]),
                "sessions": len(j["sessions"]),
                "entries_bytes": j["entries_bytes"],
                "sessions_bytes": j["sessions_bytes"],
            }
            for d, j in journals.items()
        }
        print("Trends computation...", flush=True)
        results["trends"] = bench_trends(journals, runs)
        print("Saving one entry...", flush=True)
        results["save"] = bench_save(journals, runs, workdir, today)
        print("Warm reruns through AppTest...", flush=True)
        results["reruns"] = bench_reruns(pages, journals, runs, workdir)
        if not args.no_profile:
            slowest = max(
                pages, key=lambda p: results["reruns"]["pages"][p][sizes[-1]]["median_ms"]
            )
            print(f"Profiling one warm rerun of {slowest} at {size_name(sizes[-1])}...", flush=True)
            results["profile"] = {
                "title": f"{page_name(slowest)} at {size_name(sizes[-1])}",
                "text": profile_rerun(slowest, journals[sizes[-1]]),
            }
        if old_data_dir is None:
            os.environ.pop(files.DATA_DIR_VARIABLE, None)
        else:
            os.environ[files.DATA_DIR_VARIABLE] = old_data_dir
        if not args.skip_browser:
            browser_runs = max(3, (runs + 1) // 2)
            results["browser_runs"] = browser_runs
            print(f"Chromium ({browser_runs} loads per median)...", flush=True)
            memory_days = 3650 if 3650 in journals else sizes[-1]
            try:
                results["browser"] = bench_browser(
                    journals, browser_runs, sessions, memory_days, workdir
                )
            except Exception as error:  # a benchmark reports what it could not measure
                results["browser_error"] = f"{type(error).__name__}: {error}"
                print(f"  browser part failed: {results['browser_error']}", flush=True)
    results["seconds"] = time.perf_counter() - started
    print()
    print(report(results))
    print(f"\nWhole run: {results['seconds']:.0f} s")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str) + "\n", encoding="utf-8")
        print(f"Results written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
