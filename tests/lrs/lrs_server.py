"""A real Learning Record Store for the xAPI tests: Ralph (`ralph-malph[cli,lrs]`), in its own
locked environment (tests/lrs/pyproject.toml and uv.lock; never the game's lock: Ralph pins
old click and FastAPI).

`ralph_lrs` (session): `uv sync --locked --project tests/lrs` (the first run downloads Ralph,
about a minute; later runs reuse uv's cache), `ralph auth -w` writes a user into an auth file in
a temporary folder, then Ralph's API is served from its file-system backend in that folder on a
free port of 127.0.0.1 (`tests/lrs/run_ralph.py`). `stop()` and `start()` take it down and bring
it back on the same port and files (the statements survive). Stopped at the end of the session.

Skips, saying why, only where Ralph cannot be installed: no `uv`, or the sync fails for want of
the network. A lock file out of date, or a Ralph that installs but does not start, fails.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
USERNAME = "ladder-tests"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ralph:
    """A Ralph LRS on 127.0.0.1: `url` is its xAPI endpoint."""

    def __init__(self, python: Path, ralph: Path, folder: Path):
        self.python, self.ralph, self.folder = python, ralph, folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/xAPI"
        self.username, self.password = USERNAME, secrets.token_urlsafe(12)
        self.data = folder / "statements"
        self.data.mkdir()
        self.env = {
            **os.environ,
            "RALPH_APP_DIR": str(folder / "app"),
            "RALPH_AUTH_FILE": str(folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
            "RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH": str(self.data),
        }
        self.process: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"

    def add_user(self) -> None:
        """`ralph auth -w`: the test user, with every scope, into the auth file."""
        subprocess.run(
            [str(self.ralph), "auth", "-u", self.username, "-p", self.password, "-s", "all"]
            + ["-M", "mailto:ladder-tests@example.org", "-w"],
            env=self.env,
            cwd=self.folder,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, timeout: float = 60.0) -> None:
        assert self.process is None, "already running"
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                [str(self.python), str(HERE / "run_ralph.py"), "127.0.0.1", str(self.port)],
                env=self.env,
                cwd=self.folder,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Ralph exited with {self.process.returncode}: {self.log.read_text()[-2000:]}")
            if self.alive():
                return
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"Ralph did not answer on port {self.port} in {timeout:.0f}s")

    def alive(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/__heartbeat__", timeout=2) as r:
                return bool(r.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def stop(self) -> None:
        p, self.process = self.process, None
        if p is None or p.poll() is not None:
            return
        os.killpg(p.pid, signal.SIGTERM)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(15)


def _install() -> tuple[Path, Path]:
    """The environment's python and ralph, after `uv sync --locked`; skips when it cannot be installed."""
    uv = shutil.which("uv")
    if uv is None:
        pytest.skip("Ralph LRS not installed: `uv` is not on PATH")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    done = subprocess.run(
        [uv, "sync", "--locked", "--project", str(HERE)], env=env, capture_output=True, text=True, timeout=900
    )
    if done.returncode != 0:
        said = done.stderr.strip()
        if "lockfile" in said.lower() and "update" in said.lower():
            pytest.fail(f"tests/lrs/uv.lock is out of date (run `uv lock --project tests/lrs`): {said[-500:]}")
        pytest.skip(f"Ralph LRS could not be installed (`uv sync --project tests/lrs`): {said[-300:]}")
    bindir = HERE / ".venv" / "bin"
    return bindir / "python", bindir / "ralph"


@pytest.fixture(scope="session")
def ralph_lrs() -> Iterator[Ralph]:
    python, ralph = _install()
    folder = Path(tempfile.mkdtemp(prefix="ladder-ralph-"))
    lrs = Ralph(python, ralph, folder)
    try:
        lrs.add_user()
        lrs.start()
        yield lrs
    finally:
        lrs.stop()
        shutil.rmtree(folder, ignore_errors=True)
