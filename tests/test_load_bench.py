"""bench/load.py measures what it says: its simulated people, speaking Streamlit's websocket
protocol, log in through the provider, save their day and get Trends from app servers behind
Caddy, and every day saved is then in that person's journal with the pain meant."""

from __future__ import annotations

import asyncio
import math
from pathlib import Path

from bench import load
from tests.support.oidc import mock_provider
from tests.support.postgres import Cluster


def test_a_service_load_cell_saves_every_persons_day_and_draws_their_trends(
    postgres: Cluster, tmp_path: Path
) -> None:
    with mock_provider() as issuer:
        cell = asyncio.run(load.run_cell(3, 2, tmp_path, load.Backing(postgres, issuer)))
    assert (cell["errors"], cell["lost"], cell["wrong"]) == (0, 0, 0)
    assert all(math.isfinite(cell[k]) and cell[k] > 0 for k in ("save_p95", "trends_p95"))
    assert cell["memory_mib"] > 0 and cell["cpu_app"] > 0


def test_a_load_cell_on_one_csv_journal_loses_no_day(tmp_path: Path) -> None:
    cell = asyncio.run(load.run_cell(3, 1, tmp_path, load.Backing()))
    assert (cell["errors"], cell["lost"], cell["wrong"]) == (0, 0, 0)
