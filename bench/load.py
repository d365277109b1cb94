"""Many people at once: each opens Log, saves a day, then opens Trends, all starting at the same
moment, on one app server and on two behind Caddy (scripts/serve-many).

    python bench/load.py --service                # 10, 25 and 50 people; 1 and 2 servers
    python bench/load.py --service --think 5      # the same, people pausing ~5 s per step
    python bench/load.py --service --people 10 --servers 1   # one cell, to try it
    python bench/load.py                          # the same on one shared CSV journal

With --service, Lumbar Log runs as README's "Run it for many people" says: each person has a
journal of their own in PostgreSQL (the tests' cluster: tests/support/postgres.py, a temporary
cluster with fsync off) holding a year of the demo, and has logged in through a real OpenID
Connect provider (oidc-provider-mock on localhost) before the clock starts: a login lasts 30
days, so a day's visit starts logged in. Without --service, everyone writes one CSV journal.

Each simulated person is a browser tab spoken by tests/support/protocol.py: Streamlit's own
websocket protocol, as its frontend speaks it, so the cores measure the app and not 50
Chromiums (with --browser, each person is a Chromium context instead, logging in within the
visit: on 2 cores the browsers then take most of the machine). A visit: open Log, choose the
day, set the pain, Save, open Trends. Prints, per cell:
- p50 and p95 of a save (Save pressed until the run that says "Saved" has finished) and of
  Trends (asked for until its run has sent every chart; the browser's drawing is not in it);
- throughput (visits finished per minute), the app servers' memory (VmRSS) afterwards;
- CPU seconds per visit of the app servers, the database, the proxy and this process;
- errors, lost writes (days saved that a fresh read of the journal does not hold) and saves
  that hold another pain than the one meant.
--think S makes each person pause before each step for a random time of mean S seconds, as
people read and move a slider; without it every step follows the last at once (a stress test:
everyone's Trends is asked for within the same few seconds).
Targets (printed as MET or MISSED): 50 people with p95 save < 1 s and Trends < 3 s, no errors,
no lost writes; two servers at least 1.6x the throughput of one.

Each journal holds a year of the demo ending 60 days ago; person i saves the day i days ago,
so no two people write the same day even in one shared journal, and every save must be found
afterwards.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import datetime as dt
import logging
import os
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from playwright.async_api import Browser, Locator, async_playwright

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.chromium import _WAIT_DRAWN, STABLE_MS, STABLE_MS_WITHOUT_CHARTS  # noqa: E402
from lumbarlog import clock  # noqa: E402
from lumbarlog.journal import demo  # noqa: E402
from lumbarlog.journal.csv_files import forget_parsed  # noqa: E402
from lumbarlog.journal.postgres import migrate  # noqa: E402
from lumbarlog.journal.postgres.database import Database  # noqa: E402
from lumbarlog.journal.postgres.journal import PgJournal  # noqa: E402
from lumbarlog.journal.repository import CsvJournal  # noqa: E402
from lumbarlog.ui.session import service_person  # noqa: E402
from tests.support.browser import CHROMIUM, CHROMIUM_FLAGS  # noqa: E402
from tests.support.many import serve_many  # noqa: E402
from tests.support.oidc import mock_provider, secrets_file  # noqa: E402
from tests.support.postgres import APP, Cluster, postgres_cluster  # noqa: E402
from tests.support.protocol import ProtocolError, Tab, trigger, value  # noqa: E402
from tests.support.server import free_port  # noqa: E402

TODAY = dt.date(2026, 11, 25)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 240_000
SAVE_P95_S, TRENDS_P95_S, SCALE_TARGET, TARGET_PEOPLE = 1.0, 3.0, 1.6, 50


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def cpu_seconds(port: int, servers: int, cluster: Cluster | None) -> dict[str, float]:
    """CPU time used so far (user and system) by the app servers, the database's processes
    (``cluster``'s server and its connections), the proxy, and this process (the simulated
    people and the login provider)."""
    ticks = os.sysconf("SC_CLK_TCK")

    def of(pids: list[str]) -> float:
        total = 0.0
        for pid in pids:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rsplit(")", 1)[1]
                # user and system time, and that of children waited for (the database's
                # connections that ended)
                total += sum(int(n) for n in fields.split()[11:15]) / ticks
        return total

    def pgrep(*pattern: str) -> list[str]:
        found = subprocess.run(["pgrep", *pattern], capture_output=True, text=True, check=False)
        return found.stdout.split()

    own = os.times()
    return {
        "app": of(
            [p for n in range(1, servers + 1) for p in pgrep("-f", f"server.port {port + n}")]
        ),
        "database": of(database_pids(cluster)),
        "proxy": of(pgrep("-x", "caddy")),
        "people": own.user + own.system,
    }


def database_pids(cluster: Cluster | None) -> list[str]:
    if cluster is None:
        return []
    server = (cluster.folder / "data" / "postmaster.pid").read_text(encoding="utf-8").split()[0]
    found = subprocess.run(["pgrep", "-P", server], capture_output=True, text=True, check=False)
    return [server, *found.stdout.split()]


def memory_mib(port: int, servers: int) -> float:
    """VmRSS of the app servers (streamlit processes on serve-many's ports), in MiB."""
    total = 0
    for number in range(1, servers + 1):
        found = subprocess.run(
            ["pgrep", "-f", "--", f"server.port {port + number}"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.split()
        for pid in found:
            status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
            total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
    return total / 1024


async def pain_shown(slider: Locator) -> int:
    """The pain the slider shows ("3", or "0 – no pain"); -1 while it is "Not set"."""
    text = await slider.get_attribute("aria-valuetext") or ""
    found = re.match(r"\d+", text)
    return int(found.group()) if found else -1


def person(number: int) -> str:
    """Simulated person ``number``'s login id."""
    return f"person-{number:03d}"


async def one_person(
    browser: Browser, url: str, number: int, issuer: str | None
) -> dict[str, float]:
    """Log in (in a service), then on Log save the day ``number`` days ago (pain
    number % 11), then open Trends."""
    context = await browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = await context.new_page()
        page.set_default_timeout(TIMEOUT_MS)
        if issuer is not None:
            await page.goto(url)
            await page.wait_for_selector(IDLE)
            await page.get_by_role("button", name="Log in").click()
            await page.wait_for_url(f"{issuer}/**")
            await page.locator('input[name="sub"]').fill(person(number))
            await page.get_by_role("button", name="Authorize").click()
            await page.wait_for_url(f"{url}/**")
            await page.wait_for_selector(IDLE)
        await page.goto(f"{url}/log")
        await page.wait_for_selector(IDLE)
        day = TODAY - dt.timedelta(days=number)
        await page.get_by_role("spinbutton", name="year, Date").click()
        await page.keyboard.type(day.strftime("%Y%m%d"))
        await page.get_by_role("heading", name="Log your day").click()
        await page.get_by_text(f"{day:%a %d %b %Y} is ", exact=False).wait_for()
        await page.wait_for_selector(IDLE)
        slider = page.get_by_role("slider", name="Pain (0-10)")
        await slider.focus()
        await slider.press("Home")  # "Not set"; each ArrowRight one point more
        for _ in range(number % 11 + 1):
            await slider.press("ArrowRight")
        # An overloaded browser can drop a key press: save only the value meant.
        while (shown := await pain_shown(slider)) != number % 11:
            await slider.press("ArrowRight" if shown < number % 11 else "ArrowLeft")
        started = time.perf_counter()
        await page.get_by_role("button", name="Save", exact=True).click()
        await page.get_by_text(f"Saved {day:%a %d %b %Y}: pain").wait_for()
        save_s = time.perf_counter() - started
        await page.goto(f"{url}/trends", wait_until="commit")
        state = await page.evaluate(
            _WAIT_DRAWN,
            {
                "stableMs": STABLE_MS,
                "stableMsWithoutCharts": STABLE_MS_WITHOUT_CHARTS,
                "timeoutMs": TIMEOUT_MS,
            },
        )
        if state["ms"] is None or state["error"]:
            raise RuntimeError(f"Trends not drawn: {state}")
        return {"save": save_s, "trends": float(state["ms"]) / 1000}
    finally:
        await context.close()


async def logged_in(url: str, number: int, issuer: str | None) -> Tab:
    """Person ``number``'s browser, with its login cookie when the app has login (people log
    in once a month; a day's visit starts logged in)."""
    tab = Tab(url, timeout_s=TIMEOUT_MS / 1000)
    if issuer is not None:
        await tab.open()
        await tab.log_in(issuer, person(number))
        await tab.close_socket()
    return tab


async def one_person_protocol(tab: Tab, number: int, think_s: float) -> dict[str, float]:
    """The same visit as ``one_person``, spoken in Streamlit's websocket protocol
    (tests/support/protocol.py), by a person already logged in: open Log, choose the day, set
    the pain, Save, open Trends. Trends counts until its run has sent every chart, not until
    drawn. With ``think_s``, the person pauses before each step for a random time of that
    mean (as people read and move a slider); without, each step follows the last at once."""
    pauses = random.Random(number)

    async def pause() -> None:
        if think_s > 0:
            await asyncio.sleep(pauses.expovariate(1 / think_s))

    try:
        await tab.open()
        run = await tab.run("log")
        day = TODAY - dt.timedelta(days=number)
        date = run.widget("date_input", "Date")
        await pause()
        run = await tab.run("log", set={date.id: value(date.id, string_array_value=[f"{day}"])})
        if not run.says(f"{day:%a %d %b %Y} is "):
            raise ProtocolError(f"Log did not take the date {day}")
        slider = run.widget("slider", "Pain (0-10)")
        save = run.widget("button", "Save")
        pain = value(slider.id, string_array_value=[slider.options[number % 11 + 1]])
        await pause()
        run = await tab.run("log", set={slider.id: pain, save.id: trigger(save.id)})
        if not run.says(f"Saved {day:%a %d %b %Y}: pain") or run.exceptions:
            raise ProtocolError(f"no saved message for {day}: {run.exceptions}")
        save_s = run.seconds
        await pause()
        run = await tab.run("trends")
        if run.exceptions or run.count("vega_lite_chart") == 0:
            raise ProtocolError(f"Trends sent no chart: {run.exceptions}")
        return {"save": save_s, "trends": run.seconds}
    finally:
        await tab.close()


@dataclass
class Backing:
    """What the cells run on: with a cluster and a provider, a service (a database of its
    own per cell, each person's journal filled before the run); else one CSV journal."""

    cluster: Cluster | None = None
    issuer: str | None = None
    browser: bool = False
    think_s: float = 0.0
    streamlit_gc: bool = False  # Streamlit's default: a full garbage collection after each run


async def run_cell(people: int, servers: int, tmp: Path, backing: Backing) -> dict[str, float]:
    folder = tmp / f"journal-{people}-{servers}{'-gc' if backing.streamlit_gc else ''}"
    folder.mkdir()
    history_end = TODAY - dt.timedelta(days=60)
    port = free_port()
    extra_env: dict[str, str] = {}
    database: Database | None = None
    if backing.cluster is not None and backing.issuer is not None:
        name = f"load_{people}_{servers}{'_gc' if backing.streamlit_gc else ''}"
        migrate.upgrade(backing.cluster.create_database(name))
        url = backing.cluster.url(APP, name)
        database = Database(url)
        for number in range(people):
            demo.write_demo(
                PgJournal(database, service_person(person(number))), days=365, end=history_end
            )
        secrets = secrets_file(tmp, app_port=port, issuer=backing.issuer)
        secrets.write_text(
            secrets.read_text(encoding="utf-8").replace("127.0.0.1", "localhost"),
            encoding="utf-8",
        )
        extra_env = {"LUMBARLOG_DATABASE_URL": url, "LUMBARLOG_SECRETS": str(secrets)}
    else:
        demo.write_demo(CsvJournal(folder), days=365, end=history_end)
    env = {clock.TODAY_ENV: TODAY.isoformat(), "LUMBARLOG_DATA_DIR": str(folder), **extra_env}
    if backing.streamlit_gc:
        env["STREAMLIT_RUNNER_POST_SCRIPT_GC"] = "true"
    with serve_many(servers, port, env, tmp / f"serve-{people}-{servers}.log") as url:
        cpu_before = cpu_seconds(port, servers, backing.cluster)
        started = time.perf_counter()
        if backing.browser:
            async with async_playwright() as playwright:
                browser = await playwright.chromium.launch(
                    executable_path=CHROMIUM, args=CHROMIUM_FLAGS
                )
                started = time.perf_counter()
                results = await asyncio.gather(
                    *(one_person(browser, url, n, backing.issuer) for n in range(people)),
                    return_exceptions=True,
                )
                wall = time.perf_counter() - started
                await browser.close()
        else:
            tabs = [await logged_in(url, n, backing.issuer) for n in range(people)]
            cpu_before = cpu_seconds(port, servers, backing.cluster)
            started = time.perf_counter()
            results = await asyncio.gather(
                *(one_person_protocol(tab, n, backing.think_s) for n, tab in enumerate(tabs)),
                return_exceptions=True,
            )
            wall = time.perf_counter() - started
        memory = memory_mib(port, servers)
        cpu = {k: v - cpu_before[k] for k, v in cpu_seconds(port, servers, backing.cluster).items()}
    done = [r for r in results if isinstance(r, dict)]
    for failure in sorted({repr(r)[:300] for r in results if not isinstance(r, dict)})[:5]:
        print("  error:", failure, flush=True)
    lost, wrong = 0, []
    for number, result in enumerate(results):
        if not isinstance(result, dict):
            continue
        if database is not None:
            saved = PgJournal(database, service_person(person(number))).entries().frame
        else:
            forget_parsed()
            saved = CsvJournal(folder).entries().frame
        held = {d.date(): int(p) for d, p in zip(saved["date"], saved["pain"], strict=True)}
        day = TODAY - dt.timedelta(days=number)
        if day not in held:
            lost += 1
            recent = sorted(d for d in held if d > TODAY - dt.timedelta(days=60))
            print(f"  not found: {person(number)} {day}; days saved: {recent}", flush=True)
        elif held[day] != number % 11:
            wrong.append(f"{person(number)} {day}: saved {held[day]}, meant {number % 11}")
    for line in wrong:
        print("  not the value meant:", line, flush=True)
    if database is not None:
        database.dispose()
    saves = [r["save"] for r in done] or [float("nan")]
    trends = [r["trends"] for r in done] or [float("nan")]
    return {
        "people": people,
        "servers": servers,
        "save_p50": statistics.median(saves),
        "save_p95": percentile(saves, 0.95),
        "trends_p50": statistics.median(trends),
        "trends_p95": percentile(trends, 0.95),
        "per_minute": len(done) / wall * 60,
        "memory_mib": memory,
        "errors": people - len(done),
        "lost": lost,
        "wrong": len(wrong),
        "wall": wall,
        **{f"cpu_{k}": v / people for k, v in cpu.items()},
    }


def show(cell: dict[str, float]) -> None:
    print(
        f"{cell['people']:>3} people, {cell['servers']} server(s): save p50 "
        f"{cell['save_p50']:.2f} s p95 {cell['save_p95']:.2f} s; Trends p50 "
        f"{cell['trends_p50']:.2f} s p95 {cell['trends_p95']:.2f} s; {cell['per_minute']:.1f} "
        f"people/min; {cell['memory_mib']:.0f} MiB; errors {cell['errors']}; lost "
        f"{cell['lost']}; other value {cell['wrong']}",
        flush=True,
    )
    print(
        f"      CPU s per person: app {cell['cpu_app']:.2f}, database "
        f"{cell['cpu_database']:.3f}, proxy {cell['cpu_proxy']:.3f}, people and provider "
        f"{cell['cpu_people']:.2f}; {cell['wall']:.0f} s in all",
        flush=True,
    )


def main() -> None:
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the provider's request lines
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="10,25,50")
    parser.add_argument("--servers", default="1,2")
    parser.add_argument("--service", action="store_true", help="PostgreSQL and login")
    parser.add_argument(
        "--think",
        type=float,
        default=0.0,
        help="mean seconds a person pauses before each step (default 0: none)",
    )
    parser.add_argument(
        "--browser", action="store_true", help="a Chromium context per person (default: protocol)"
    )
    parser.add_argument(
        "--gc-baseline",
        action="store_true",
        help="also run the largest cell on one server with Streamlit's garbage collection after "
        "every run (its default, which .streamlit/config.toml turns off), and print the ratios",
    )
    args = parser.parse_args()
    cells = []
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        backing = Backing(browser=args.browser, think_s=args.think)
        if args.service:
            backing.cluster = stack.enter_context(postgres_cluster())
            backing.issuer = stack.enter_context(mock_provider())
        for servers in (int(s) for s in args.servers.split(",")):
            for people in (int(p) for p in args.people.split(",")):
                cell = asyncio.run(run_cell(people, servers, tmp, backing))
                cells.append(cell)
                show(cell)
        if args.gc_baseline:
            most = max(int(p) for p in args.people.split(","))
            ours = next(c for c in cells if c["people"] == most and c["servers"] == 1)
            print("The same with Streamlit's garbage collection after every run:", flush=True)
            collected = asyncio.run(
                run_cell(most, 1, tmp, dataclasses.replace(backing, streamlit_gc=True))
            )
            show(collected)
            print(
                f"Without it: {ours['per_minute'] / collected['per_minute']:.2f}x the "
                f"throughput, {ours['memory_mib'] / collected['memory_mib']:.2f}x the memory, "
                f"{ours['cpu_app'] / collected['cpu_app']:.2f}x the app's CPU per person"
            )
    by = {(c["people"], c["servers"]): c for c in cells}
    most = max(c["people"] for c in cells)
    for servers in sorted({c["servers"] for c in cells}):
        c = by[(most, servers)]
        met = (
            c["save_p95"] < SAVE_P95_S
            and c["trends_p95"] < TRENDS_P95_S
            and c["errors"] == 0
            and c["lost"] == 0
            and c["wrong"] == 0
        )
        print(
            f"{'MET   ' if met else 'MISSED'} {most} people on {servers} server(s): save p95 "
            f"< {SAVE_P95_S:g} s, Trends p95 < {TRENDS_P95_S:g} s, no errors, no lost writes"
            + ("" if most >= TARGET_PEOPLE else f" (the target is for {TARGET_PEOPLE} people)")
        )
    if (most, 1) in by and (most, 2) in by:
        ratio = by[(most, 2)]["per_minute"] / by[(most, 1)]["per_minute"]
        state = "MET   " if ratio >= SCALE_TARGET else "MISSED"
        print(f"{state} two servers' throughput >= {SCALE_TARGET}x one: {ratio:.2f}x")


if __name__ == "__main__":
    main()
