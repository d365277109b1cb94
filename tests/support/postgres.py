"""A PostgreSQL cluster of the tests' own (Debian's postgresql package): initdb in a temporary
folder, started on a free port with its socket in that folder (no TCP listener), stopped and
removed afterwards. PostgreSQL refuses to run as root: as root, the cluster runs as Debian's
``postgres`` user through runuser. Durability is off (a test cluster lives for one run).

Its roles follow the service's: ``lumbarlog_owner`` owns the tables and runs the migrations;
``lumbarlog_app`` is what the app connects as (not the owner, not BYPASSRLS); the superuser
is only for the tests' own look behind row-level security."""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg

from tests.support.server import free_port

PG_BIN_ENV = "LUMBARLOG_PG_BIN"
OWNER, APP = "lumbarlog_owner", "lumbarlog_app"
INSTALL = (
    "The database tests need PostgreSQL's server programs (initdb, pg_ctl). Install them: "
    "Debian/Ubuntu `apt-get install postgresql` (scripts/ensure-chromium does it when run as "
    f"root), or point {PG_BIN_ENV} at the folder that holds initdb and pg_ctl."
)


class PostgresMissing(RuntimeError):
    pass


def server_programs(
    debian: Path = Path("/usr/lib/postgresql"), search_path: str | None = None
) -> Path:
    """The folder of initdb and pg_ctl: $LUMBARLOG_PG_BIN, else Debian's newest version, else
    the one on the PATH. Raises PostgresMissing, saying how to install it."""
    candidates = []
    if os.environ.get(PG_BIN_ENV):
        candidates.append(Path(os.environ[PG_BIN_ENV]))
    versions = [p for p in debian.glob("*/bin") if p.parent.name.isdigit()]
    candidates += sorted(versions, key=lambda p: int(p.parent.name), reverse=True)
    on_path = shutil.which("pg_ctl", path=search_path)
    if on_path:
        candidates.append(Path(on_path).parent)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresMissing(INSTALL)


@dataclass(frozen=True)
class Cluster:
    programs: Path
    folder: Path
    port: int
    superuser: str
    as_user: tuple[str, ...] = ()  # runuser's words when the tests run as root

    @property
    def log(self) -> Path:
        return self.folder / "server.log"

    def url(self, user: str, database: str) -> str:
        return f"postgresql+psycopg://{user}@/{database}?host={self.folder}&port={self.port}"

    def connect(self, database: str = "postgres", user: str | None = None) -> psycopg.Connection:
        return psycopg.connect(
            host=str(self.folder),
            port=self.port,
            user=user or self.superuser,
            dbname=database,
            autocommit=True,
        )

    def create_database(self, name: str) -> str:
        """An empty database owned by the owner role; returns the owner's URL."""
        with self.connect() as connection:
            connection.execute(f'CREATE DATABASE "{name}" OWNER {OWNER}')
        return self.url(OWNER, name)

    def run(self, program: str, *args: str) -> None:
        """One of PostgreSQL's server programs, as the cluster's user; raises with its log."""
        command = [*self.as_user, str(self.programs / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        if done.returncode:
            logged = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}\n{logged}")

    def start(self) -> None:
        """Start the server and wait until it accepts connections."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses='' -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.log), "-o", options,
                 "-w", "-t", "60", "start")  # fmt: skip

    def running(self) -> bool:
        command = [*self.as_user, str(self.programs / "pg_ctl"), "-D", str(self.folder / "data")]
        return (
            subprocess.run([*command, "status"], capture_output=True, check=False).returncode == 0
        )

    def stop(self) -> None:
        """Stop the server (fast: open connections are cut off, their transactions rolled
        back) and wait until it is down: the database is then unreachable until start()."""
        self.run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@contextmanager
def postgres_cluster() -> Iterator[Cluster]:
    programs = server_programs()
    root = Path(tempfile.mkdtemp(prefix="lumbarlog-pg-"))
    as_user: tuple[str, ...] = ()
    superuser = pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")  # Debian's postgresql package makes it
        os.chown(root, account.pw_uid, account.pw_gid)
        as_user, superuser = ("runuser", "-u", "postgres", "--"), "postgres"
    cluster = Cluster(programs, root, free_port(), superuser, as_user)
    try:
        cluster.run("initdb", "-D", str(root / "data"), "-A", "trust", "-U", superuser,
                    "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")  # fmt: skip
        cluster.start()
        try:
            with cluster.connect() as connection:
                connection.execute(f"CREATE ROLE {OWNER} LOGIN")
                connection.execute(f"CREATE ROLE {APP} LOGIN NOSUPERUSER NOBYPASSRLS")
            yield cluster
        finally:
            if cluster.running():  # a test may have left it stopped
                cluster.stop()
    finally:
        shutil.rmtree(root, ignore_errors=True)
