"""A cold `ladder` start in a real pseudo-terminal, timed until the title shows (for `ladder bench
--sessions`, to set a browser session's first screen against)."""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

ANSI = re.compile(rb"\x1b\[[0-9;?$<>=]*[a-zA-Z~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]")


def ladder_command() -> list[str]:
    script = Path(sys.executable).with_name("ladder")
    found = str(script) if script.exists() else shutil.which("ladder")
    return [found] if found else [sys.executable, "-m", "sim"]


def cold_start_ms(data_dir: Path, title: str, width: int = 100, height: int = 30, seconds: float = 60.0) -> float:
    """Milliseconds from starting `ladder` (no arguments) in a width x height pty until `title` shows."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "LADDER_DATA_DIR": str(data_dir), "LADDER_NAME": "Bench"}
    for key in ("TEXTUAL_DRIVER", "COLUMNS", "LINES", "ROWS"):
        env.pop(key, None)
    started = time.perf_counter()
    proc = subprocess.Popen(
        ladder_command(), stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
    )
    os.close(slave)
    want, buf = title.encode(), b""
    try:
        while want not in ANSI.sub(b"", buf):
            left = started + seconds - time.perf_counter()
            if left <= 0 or proc.poll() is not None:
                raise RuntimeError(f"`ladder` showed no title within {seconds:.0f} s")
            if select.select([master], [], [], min(left, 0.5))[0]:
                try:
                    buf = buf[-8192:] + os.read(master, 65536)
                except OSError:  # the terminal closed: the program ended
                    raise RuntimeError("`ladder` ended before its title showed") from None
        return (time.perf_counter() - started) * 1000
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, sig)
            try:
                proc.wait(5)
                break
            except subprocess.TimeoutExpired:
                continue
        os.close(master)
