"""What day it is for the app: the one place pages and lumbarlog/ui ask, so a test can pin it.

A person never sets anything: the app follows the computer's clock. A test (AppTest in the
same process, or a browser test through the server's environment) sets LUMBARLOG_TODAY to a
date written YYYY-MM-DD, and the app then lives on that day, read afresh at every call.
Anything else in the variable is ignored. Pure functions in lumbarlog/ take ``today`` as a
parameter; pages pass them ``clock.today()``."""

from __future__ import annotations

import datetime as dt
import os
import re

TODAY_ENV = "LUMBARLOG_TODAY"
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def pinned_day() -> dt.date | None:
    """The day LUMBARLOG_TODAY names, or None when it is unset or not a real YYYY-MM-DD date."""
    value = os.environ.get(TODAY_ENV, "").strip()
    if not _ISO_DAY.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:  # 2026-02-30
        return None


def today() -> dt.date:
    """The app's today: the pinned day, else the computer's local date."""
    return pinned_day() or dt.date.today()


def now() -> dt.datetime:
    """The local time now, on the app's today (routines are timed and recorded with it, so a
    session lands on the day the app shows)."""
    moment = dt.datetime.now()
    pinned = pinned_day()
    return moment if pinned is None else dt.datetime.combine(pinned, moment.time())
