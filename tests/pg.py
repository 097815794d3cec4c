"""A real PostgreSQL server for the tests, started from Debian's `postgresql` package.

`pg_cluster` (session): `initdb` and `pg_ctl start` in a temporary folder, listening on 127.0.0.1
at a free port (and a Unix socket in the same folder), with password authentication over TCP.
`initdb` refuses to run as root, and CI runs as root: then every server command runs as the
`postgres` user (`runuser -u postgres --`) in a folder chowned to it. The server is stopped at the
end of the session, also when a test failed, and the fixture checks that its process is gone.

`postgres_url` (function): a fresh, empty database owned by the role `ladder`, as a URL
(`postgresql://ladder:PASSWORD@127.0.0.1:PORT/ladder_tN`), dropped after the test.

Without the binaries (/usr/lib/postgresql/*/bin) the fixture skips and says why, unless
`$LADDER_REQUIRE_POSTGRES` is set (as `.ci/run` does): then, as whenever the binaries exist and
the server does not start, it fails. The PostgreSQL tests cannot pass by skipping.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

REQUIRE_ENV = "LADDER_REQUIRE_POSTGRES"
ROLE = "ladder"
SERVER_USER = "postgres"


def find_bindir() -> Path | None:
    """The newest /usr/lib/postgresql/N/bin holding initdb and pg_ctl (Debian's layout), else None."""

    def version(p: str) -> int:
        part = Path(p).parent.parent.name
        return int(part) if part.isdigit() else 0

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version, reverse=True)
    for initdb in found:
        bindir = Path(initdb).parent
        if (bindir / "pg_ctl").is_file() and (bindir / "postgres").is_file():
            return bindir
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Cluster:
    """A running server: where it listens, and the `ladder` role's password."""

    bindir: Path
    root: Path
    port: int
    password: str
    admin_password: str
    as_user: list[str]
    _ids = itertools.count(1)

    @property
    def data(self) -> Path:
        return self.root / "data"

    def url(self, database: str, user: str = ROLE, password: str | None = None) -> str:
        pw = self.password if password is None else password
        return f"postgresql://{user}:{pw}@127.0.0.1:{self.port}/{database}"

    def admin(self, sql: str) -> None:
        """Run one statement as the superuser (autocommit: CREATE/DROP DATABASE need it)."""
        import psycopg

        with psycopg.connect(self.url("postgres", SERVER_USER, self.admin_password), autocommit=True) as con:
            con.execute(sql)

    def new_database(self) -> str:
        name = f"ladder_t{next(self._ids)}_{os.getpid()}"
        self.admin(f'CREATE DATABASE "{name}" OWNER {ROLE}')
        return name

    def drop_database(self, name: str) -> None:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def run(self, *argv: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.as_user, *argv], capture_output=True, text=True, timeout=timeout, cwd=self.root)

    def server_pid(self) -> int | None:
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            return None

    def log_tail(self) -> str:
        try:
            return (self.root / "server.log").read_text(errors="replace")[-2000:]
        except OSError:
            return "(no server log)"


def _fail_or_skip(why: str) -> None:
    if os.environ.get(REQUIRE_ENV):
        pytest.fail(f"PostgreSQL is required here (${REQUIRE_ENV} is set) but {why}", pytrace=False)
    pytest.skip(why)


def start_cluster(bindir: Path) -> Cluster:
    """initdb and start a server in a new temporary folder; pytest.fail with the log if it cannot."""
    root = Path(tempfile.mkdtemp(prefix="ladder-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: the server runs as `postgres`
        try:
            who = pwd.getpwnam(SERVER_USER)
        except KeyError:
            pytest.fail(f"running as root and there is no {SERVER_USER!r} user to run the server as", pytrace=False)
        os.chown(root, who.pw_uid, who.pw_gid)
        as_user = ["runuser", "-u", SERVER_USER, "--"]
    cluster = Cluster(bindir, root, free_port(), secrets.token_hex(12), secrets.token_hex(12), as_user)
    pwfile = root / "pw"
    pwfile.write_text(cluster.admin_password + "\n")
    if as_user:
        os.chown(pwfile, who.pw_uid, who.pw_gid)
    init = cluster.run(
        str(bindir / "initdb"),
        "-D",
        str(cluster.data),
        "-U",
        SERVER_USER,
        f"--pwfile={pwfile}",
        "--auth-host=scram-sha-256",
        "--auth-local=trust",
        "-E",
        "UTF8",
        "--locale=C",
        "--no-sync",
    )
    pwfile.unlink()
    if init.returncode != 0:
        shutil.rmtree(root, ignore_errors=True)
        pytest.fail(f"initdb failed ({init.returncode}): {init.stderr.strip()[-1500:]}", pytrace=False)
    options = (
        f"-c listen_addresses=127.0.0.1 -p {cluster.port} -k {root} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
    )
    start = cluster.run(
        str(bindir / "pg_ctl"), "-D", str(cluster.data), "-l", str(root / "server.log"), "-o", options, "-w", "start"
    )
    if start.returncode != 0:
        log = cluster.log_tail()
        stop_cluster(cluster)
        pytest.fail(f"the PostgreSQL server did not start: {start.stderr.strip()} {log}", pytrace=False)
    cluster.admin(f"CREATE ROLE {ROLE} LOGIN PASSWORD '{cluster.password}'")
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    """Stop the server (fast), wait until its process is gone, and remove its folder."""
    pid = cluster.server_pid()
    if pid is not None:
        cluster.run(str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "fast", "-w", "stop")
        deadline = time.monotonic() + 30
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        if _alive(pid):  # pragma: no cover - pg_ctl stop failed: do not leave a server behind
            cluster.run(str(cluster.bindir / "pg_ctl"), "-D", str(cluster.data), "-m", "immediate", "stop")
    shutil.rmtree(cluster.root, ignore_errors=True)
    if pid is not None and _alive(pid):  # pragma: no cover
        pytest.fail(f"the PostgreSQL server (pid {pid}) is still running after stop", pytrace=False)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - someone else's process took the number
        return True
    try:  # a zombie is gone for our purposes
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL server for the whole session (see the module's docstring)."""
    bindir = find_bindir()
    if bindir is None:
        _fail_or_skip("no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql)")
        raise AssertionError("unreachable")  # pragma: no cover
    cluster = start_cluster(bindir)
    try:
        yield cluster
    finally:
        stop_cluster(cluster)


@pytest.fixture
def postgres_url(pg_cluster: Cluster) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test, as a `postgresql://` URL (dropped afterwards)."""
    name = pg_cluster.new_database()
    try:
        yield pg_cluster.url(name)
    finally:
        pg_cluster.drop_database(name)
