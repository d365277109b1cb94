"""Shared fixtures: every test gets its own empty journal folder through LUMBARLOG_DATA_DIR."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import settings

from lumbarlog import clock
from tests.pinned_day import TODAY


@pytest.fixture
def journal_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty journal folder that the app and the journal (lumbarlog/journal/) will use."""
    folder = tmp_path / "journal"
    folder.mkdir()
    monkeypatch.setenv("LUMBARLOG_DATA_DIR", str(folder))
    return folder


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> dt.date:
    """Every test runs on the same day (tests/pinned_day.py), in the app's clock as well."""
    monkeypatch.setenv(clock.TODAY_ENV, TODAY.isoformat())
    return TODAY


# Property tests judge behaviour, never speed: a loaded machine must not fail them.
settings.register_profile("lumbarlog", deadline=None, print_blob=True)
settings.load_profile("lumbarlog")
