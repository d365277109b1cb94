"""Many people at once: each opens Log, saves a day, then opens Trends, all at the same time,
on one app server and on two behind Caddy (scripts/serve-many).

    python bench/load.py --service                # 10, 25 and 50 people; 1 and 2 servers
    python bench/load.py --service --people 10 --servers 1   # one cell, to try it
    python bench/load.py                          # the same on one shared CSV journal

With --service, Lumbar Log runs as README's "Run it for many people" says: each person logs in
(oidc-provider-mock, a real OpenID Connect provider on localhost) and has a journal of their
own in PostgreSQL (the tests' cluster: tests/support/postgres.py, a temporary cluster with
fsync off), each holding a year of the demo before the run. Without it, everyone writes the
one CSV journal.

Each simulated person is a browser session of its own (a Chromium context), so every click
goes through Streamlit's real websocket protocol. Prints, per cell: p50 and p95 of a save (the
press of Save until the saved message shows) and of Trends drawn (navigation start until every
chart is drawn and has held still, as bench/chromium.py measures it), throughput (people
through the whole flow per minute), the app servers' memory (VmRSS) afterwards, errors, and
lost writes (days saved that a fresh read of the journal does not hold). The browser runs on
the same machine and takes its share of the cores: the numbers are for the whole system.
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
import datetime as dt
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
from tests.support.server import free_port  # noqa: E402

TODAY = dt.date(2026, 11, 25)
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
TIMEOUT_MS = 240_000
SAVE_P95_S, TRENDS_P95_S, SCALE_TARGET = 1.0, 3.0, 1.6


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


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


@dataclass
class Backing:
    """What the cells run on: with a cluster and a provider, a service (a database of its
    own per cell, each person's journal filled before the run); else one CSV journal."""

    cluster: Cluster | None = None
    issuer: str | None = None


async def run_cell(people: int, servers: int, tmp: Path, backing: Backing) -> dict[str, float]:
    folder = tmp / f"journal-{people}-{servers}"
    folder.mkdir()
    history_end = TODAY - dt.timedelta(days=60)
    port = free_port()
    extra_env: dict[str, str] = {}
    database: Database | None = None
    if backing.cluster is not None and backing.issuer is not None:
        name = f"load_{people}_{servers}"
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
    with serve_many(servers, port, env, tmp / f"serve-{people}-{servers}.log") as url:
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
        memory = memory_mib(port, servers)
    done = [r for r in results if isinstance(r, dict)]
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
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", default="10,25,50")
    parser.add_argument("--servers", default="1,2")
    parser.add_argument("--service", action="store_true", help="PostgreSQL and login")
    args = parser.parse_args()
    cells = []
    with contextlib.ExitStack() as stack:
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        backing = Backing()
        if args.service:
            backing = Backing(stack.enter_context(postgres_cluster()), None)
            backing.issuer = stack.enter_context(mock_provider())
        for servers in (int(s) for s in args.servers.split(",")):
            for people in (int(p) for p in args.people.split(",")):
                cell = asyncio.run(run_cell(people, servers, tmp, backing))
                cells.append(cell)
                print(
                    f"{people:>3} people, {servers} server(s): save p50 {cell['save_p50']:.2f} s "
                    f"p95 {cell['save_p95']:.2f} s; Trends p50 {cell['trends_p50']:.2f} s p95 "
                    f"{cell['trends_p95']:.2f} s; {cell['per_minute']:.1f} people/min; "
                    f"{cell['memory_mib']:.0f} MiB; errors {cell['errors']}; lost {cell['lost']}; "
                    f"other value {cell['wrong']}",
                    flush=True,
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
        )
    if (most, 1) in by and (most, 2) in by:
        ratio = by[(most, 2)]["per_minute"] / by[(most, 1)]["per_minute"]
        state = "MET   " if ratio >= SCALE_TARGET else "MISSED"
        print(f"{state} two servers' throughput >= {SCALE_TARGET}x one: {ratio:.2f}x")


if __name__ == "__main__":
    main()
