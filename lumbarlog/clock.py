"""What day it is for the app, and in which time zone: the one place pages and lumbarlog/ui
ask, so a test can pin it.

A person never sets anything: the app follows the computer's clock. A test (AppTest in the
same process, or a browser test through the server's environment) sets LUMBARLOG_TODAY to a
date written YYYY-MM-DD, and the app then lives on that day, read afresh at every call.
Anything else in the variable is ignored. Pure functions in lumbarlog/ take ``today`` as a
parameter; pages pass them ``clock.today()``.

The time zone is the computer's too (``local_zone()``): its IANA name when TZ or the system's
files give one that agrees with the offset in use now, else that offset alone. A test sets TZ
(and calls ``time.tzset()``) to place the process in another zone."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

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


# Where a computer names its time zone: TZ (":Europe/Berlin", "Europe/Berlin" or a path into a
# zoneinfo folder), Debian's /etc/timezone, and the /etc/localtime link (Linux and macOS).
ETC_TIMEZONE = Path("/etc/timezone")
ETC_LOCALTIME = Path("/etc/localtime")
_ZONEINFO_DIR = "zoneinfo/"


def local_zone() -> dt.tzinfo:
    """The computer's time zone: a ZoneInfo when its IANA name can be found and agrees with
    the offset the computer uses now, else that offset alone (a ``dt.timezone``, which knows
    no daylight-saving changes)."""
    here = dt.datetime.now().astimezone()
    offset = here.utcoffset()
    for name in _zone_names():
        try:
            zone = ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            continue
        if here.astimezone(zone).utcoffset() == offset:
            return zone
    return dt.timezone(offset or dt.timedelta(0))


def _zone_names() -> list[str]:
    """The names the computer gives its zone, most telling first. A TZ that is set is the only
    one that counts: the files then describe another zone than the one in use."""
    tz = os.environ.get("TZ", "").strip()
    if tz:
        return [_after_zoneinfo(tz.removeprefix(":"))]
    names = []
    with contextlib.suppress(OSError, UnicodeDecodeError):
        names.append(ETC_TIMEZONE.read_text(encoding="utf-8").strip())
    with contextlib.suppress(OSError):  # no link: a copied file, whose name is lost
        names.append(_after_zoneinfo(ETC_LOCALTIME.resolve(strict=True).as_posix()))
    return [name for name in names if name]


def _after_zoneinfo(path: str) -> str:
    """``Europe/Berlin`` from ``/usr/share/zoneinfo/Europe/Berlin``; a bare name as it is."""
    at = path.rfind(_ZONEINFO_DIR)
    return path[at + len(_ZONEINFO_DIR) :] if at >= 0 else path
