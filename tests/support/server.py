"""`streamlit run` on a free localhost port, with its journal folder and environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

START_TIMEOUT_S = 90


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """A running `streamlit run`: its process, address and log file."""

    def __init__(self, process: subprocess.Popen, url: str, log_path: Path):
        self.process = process
        self.url = url
        self.log_path = log_path

    def rss_kib(self) -> int:
        """Resident memory of the streamlit process (VmRSS in /proc), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text(encoding="utf-8")
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError("no VmRSS in /proc status")


@contextmanager
def streamlit_server(
    script: Path,
    cwd: Path,
    data_dir: Path,
    log_path: Path,
    env: Mapping[str, str] | None = None,
    *,
    port: int | None = None,
    args: Sequence[str] = (),
) -> Iterator[Server]:
    """Start `streamlit run script` with its journal in data_dir, and ``env`` added to its
    environment (tests pin the app's day with LUMBARLOG_TODAY); stop it afterwards. The
    environment is read once, at start: a server started here lives on the day it was given.
    ``port`` when the caller needs it first (a login's redirect address); ``args`` are more
    of streamlit's options (``--secrets.files ...``)."""
    port = port or free_port()
    env = {**os.environ, **(env or {}), "LUMBARLOG_DATA_DIR": str(data_dir)}
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", str(script),
                "--server.port", str(port), "--server.address", "127.0.0.1",
                "--server.headless", "true", "--browser.gatherUsageStats", "false",
                *args,
            ],
            cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not start; see {log_path}")
            time.sleep(0.2)  # polling a process that is starting, not waiting on a page
        yield Server(process, url, log_path)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
