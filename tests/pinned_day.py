"""The day the tests live on. tests/conftest.py pins the app's clock to it (LUMBARLOG_TODAY,
read by lumbarlog/clock.py) for every test, and tests/e2e/conftest.py starts each browser test's
server with it, so what a test expects and what the app shows are the same day even when a
run crosses midnight."""

from __future__ import annotations

import datetime as dt

TODAY = dt.date(2026, 12, 2)  # a Wednesday, after every fixed date the tests write
