"""The service spoken to in Streamlit's websocket protocol, as bench/load.py's simulated people
do (tests/support/protocol.py): a person logs in through the provider, saves a day on Log and
gets Trends' charts from two app servers behind Caddy, and the day is then in that person's
journal in the database with the pain chosen. So the load benchmark measures real saves."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from collections.abc import Coroutine
from pathlib import Path
from typing import Any

from lumbarlog.journal import demo
from lumbarlog.journal.postgres import migrate
from lumbarlog.journal.postgres.database import Database
from lumbarlog.journal.postgres.journal import PgJournal
from lumbarlog.ui.session import service_person
from tests.pinned_day import TODAY
from tests.support.many import serve_many
from tests.support.oidc import mock_provider, secrets_file
from tests.support.postgres import APP, Cluster
from tests.support.protocol import Tab, trigger, value
from tests.support.server import free_port


def run(coroutine: Coroutine[Any, Any, Any]) -> Any:
    """Run ``coroutine`` in a thread of its own: the browser tests' Playwright keeps an event
    loop running in this one."""
    with concurrent.futures.ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


async def visit(url: str, issuer: str, who: str, day: dt.date) -> tuple[bool, int]:
    """Log in as ``who``, save ``day`` with pain 3 on Log, open Trends: (saved message seen,
    charts Trends sent)."""
    tab = Tab(url, timeout_s=120)
    try:
        await tab.open()
        await tab.log_in(issuer, who)
        page = await tab.run("log")
        date = page.widget("date_input", "Date")
        page = await tab.run("log", set={date.id: value(date.id, string_array_value=[f"{day}"])})
        slider = page.widget("slider", "Pain (0-10)")
        save = page.widget("button", "Save")
        three = value(slider.id, string_array_value=[slider.options[4]])  # Not set, 0, 1, 2, 3
        page = await tab.run("log", set={slider.id: three, save.id: trigger(save.id)})
        saved = page.says(f"Saved {day:%a %d %b %Y}: pain 3") and not page.exceptions
        trends = await tab.run("trends")
        return saved, trends.count("vega_lite_chart")
    finally:
        await tab.close()


def test_a_person_speaking_the_protocol_saves_a_day_into_their_journal_and_gets_trends(
    postgres: Cluster, tmp_path: Path
) -> None:
    name = "protocol_client"
    migrate.upgrade(postgres.create_database(name))
    database = Database(postgres.url(APP, name))
    day = TODAY - dt.timedelta(days=3)
    try:
        for who in ("ann", "bob"):
            demo.write_demo(
                PgJournal(database, service_person(who)),
                days=120,
                end=TODAY - dt.timedelta(days=30),
            )
        port = free_port()
        with mock_provider() as issuer:
            secrets = secrets_file(tmp_path, app_port=port, issuer=issuer)
            secrets.write_text(
                secrets.read_text(encoding="utf-8").replace("127.0.0.1", "localhost"),
                encoding="utf-8",
            )
            env = {
                "LUMBARLOG_TODAY": TODAY.isoformat(),
                "LUMBARLOG_DATA_DIR": str(tmp_path / "unused"),
                "LUMBARLOG_DATABASE_URL": postgres.url(APP, name),
                "LUMBARLOG_SECRETS": str(secrets),
            }
            with serve_many(2, port, env, tmp_path / "serve-many.log") as url:
                saved, charts = run(visit(url, issuer, "ann", day))
        assert saved and charts >= 5
        ann = PgJournal(database, service_person("ann")).entry(day)
        assert ann is not None and ann.pain == 3
        assert PgJournal(database, service_person("bob")).entry(day) is None
    finally:
        database.dispose()
