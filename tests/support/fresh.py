"""A fresh Python process, for checks that what the app wrote is readable after a restart:
nothing this test process has cached, imported or holds open can help it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def printed_by_fresh_process(code: str, *args: str | Path) -> str:
    """Run ``code`` with ``python -c`` from the repository, ``args`` as sys.argv[1:], and return
    what it printed; a failure raises with its output."""
    return subprocess.run(
        [sys.executable, "-c", code, *map(str, args)],
        cwd=REPO,
        capture_output=True,
        check=True,
        text=True,
        encoding="utf-8",
    ).stdout
