"""`ladder bench --sessions N`: what a browser session costs, against a cold terminal start, in one run.

Measured here, side by side: a cold `ladder` start in a real pseudo-terminal until the title
shows; a browser session's first screen through the websocket (from opening /ws until the
title shows, after one warm-up session) with each game spawned fresh (`--no-preload`, the way
it was) and forked from the warm fork server; N sessions opened at once, each by its own client
(join first if the server has a join page), counting those that do not reach their first
screen; and with the N sessions open, the unique memory (PSS) and RSS of each game process,
from /proc/PID/smaps_rollup. Linux only (pty, /proc).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sim.web.bench_client import TITLE, drain, first_screen, open_session
from sim.web.bench_pty import cold_start_ms

TARGETS = {"forked_vs_cold": 0.5, "pss_mb": 25.0}  # at most
MB = 1024.0


def _row(name: str, value: Any, unit: str, target: str | None, ok: bool | None, note: str = "") -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "target": target, "ok": ok, "note": note}


@dataclass
class Memory:
    """Proportional (PSS) and resident (RSS) set sizes in KiB of the games, and of the fork server."""

    games_pss: list[int] = field(default_factory=list)
    games_rss: list[int] = field(default_factory=list)
    server_pss: int = 0  # the fork server's own (shared pages split with its games), 0 without one


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def descendants(pid: int) -> list[int]:
    tree, found, todo = _children(), [], [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _rollup(pid: int) -> tuple[int, int] | None:
    """(PSS, RSS) in KiB, or None if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return None
    sizes = dict(re.findall(r"^(Pss|Rss):\s+(\d+) kB", text, re.M))
    return int(sizes.get("Pss", 0)), int(sizes.get("Rss", 0))


def _is_game(pid: int) -> bool:
    try:
        return b"\0TEXTUAL_DRIVER=" in b"\0" + Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return False


def memory(server_pid: int) -> Memory:
    mem = Memory()
    for pid in descendants(server_pid):
        sizes = _rollup(pid)
        if sizes is None:
            continue
        if _is_game(pid):
            mem.games_pss.append(sizes[0])
            mem.games_rss.append(sizes[1])
        else:
            mem.server_pss += sizes[0]
    return mem


@contextlib.contextmanager
def ladder_serve(data_dir: Path, max_sessions: int, preload: bool) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A `ladder serve` on a free loopback port, its own process group; stopped (and waited for) after."""
    from sim.web.bench_client import free_port

    port = free_port()
    cmd = [sys.executable, "-m", "sim", "serve", "--port", str(port), "--data-dir", str(data_dir)]
    cmd += ["--max-sessions", str(max_sessions), "--preload" if preload else "--no-preload"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()  # the URL, printed once the socket is bound
        if b"http://" not in line:
            raise RuntimeError(f"ladder serve did not start: {line.decode(errors='replace').strip()!r}")
        yield f"http://127.0.0.1:{port}", proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


@dataclass
class Mode:
    """One server's figures: sequential first screens (ms), and N sessions at once."""

    first_ms: list[float]
    opened: int
    errors: list[str]
    all_ms: float
    mem: Memory


async def _one_first_screen(base: str, number: int) -> float:
    async with open_session(base, f"Bench {number}") as session:
        return await first_screen(session, 60.0)


async def _many(base: str, n: int, server_pid: int) -> tuple[int, list[str], float, Memory]:
    """Open n sessions at once; once each shows its title (or failed), measure memory, then close all.
    Every client keeps reading its socket (answering the server's pings) until then."""
    started = time.perf_counter()
    shown: list[float] = []
    settled, done = asyncio.Event(), asyncio.Event()
    outcomes: list[str | None] = []

    def count(outcome: str | None) -> None:
        outcomes.append(outcome)
        if len(outcomes) == n:
            settled.set()

    async def one(i: int) -> None:
        try:
            async with open_session(base, f"Bench {100 + i}") as session:
                shown.append(await first_screen(session, 180.0))
                count(None)
                reading = asyncio.ensure_future(drain(session))
                await done.wait()
                reading.cancel()
        except Exception as error:  # every failure is counted and reported
            if len(outcomes) < n:
                count(f"{type(error).__name__}: {error}")

    tasks = [asyncio.ensure_future(one(i)) for i in range(n)]
    await settled.wait()
    took = (time.perf_counter() - started) * 1000
    await asyncio.sleep(1.0)  # let every game settle after its first screen
    mem = memory(server_pid)
    done.set()
    await asyncio.gather(*tasks, return_exceptions=True)
    errors = [o for o in outcomes if o is not None]
    return n - len(errors), errors, took, mem


def _no_games(server_pid: int, seconds: float = 30.0) -> None:
    """Wait until the sessions before have ended (so the burst starts from none)."""
    deadline = time.monotonic() + seconds
    while memory(server_pid).games_pss and time.monotonic() < deadline:
        time.sleep(0.2)


def measure_mode(n: int, preload: bool, runs: int) -> Mode:
    with (
        tempfile.TemporaryDirectory(prefix="ladder-bench-") as tmp,
        ladder_serve(Path(tmp), n + 2, preload) as (base, proc),
    ):
        asyncio.run(_one_first_screen(base, 0))  # warm-up: file cache, and the fork server's preload
        first = [asyncio.run(_one_first_screen(base, i + 1)) for i in range(runs)]
        _no_games(proc.pid)
        opened, errors, took, mem = asyncio.run(_many(base, n, proc.pid))
    return Mode(first, opened, errors, took, mem)


def _mb(kib: list[int] | int) -> float:
    total = sum(kib) if isinstance(kib, list) else kib
    count = len(kib) if isinstance(kib, list) else 1
    return round(total / max(count, 1) / MB, 1)


def run(n: int = 100, runs: int = 5) -> list[dict[str, Any]]:
    """The sessions section's rows (same shape as `sim.analysis.bench.run`'s)."""
    with tempfile.TemporaryDirectory(prefix="ladder-bench-") as tmp:
        cold = [cold_start_ms(Path(tmp), TITLE) for _ in range(runs + 1)][1:]  # the first warms the cache
    cold_ms = statistics.median(cold)
    spawned = measure_mode(n, preload=False, runs=runs)
    forked = measure_mode(n, preload=True, runs=runs)
    rows = [_row("cold `ladder` start, first screen", round(cold_ms), "ms", None, None, "in a pty, median")]
    target = TARGETS["forked_vs_cold"]
    for label, mode in (("spawned", spawned), ("forked", forked)):
        ms = statistics.median(mode.first_ms)
        ratio = round(ms / cold_ms, 2)
        ok = ratio <= target if label == "forked" else None
        rows.append(
            _row(
                f"browser first screen, {label}",
                round(ms),
                "ms",
                f"<= {target} x cold" if label == "forked" else None,
                ok,
                f"{ratio} x the cold start; median of {runs}, best {min(mode.first_ms):.0f} ms",
            )
        )
    for label, mode in (("spawned", spawned), ("forked", forked)):
        mem = mode.mem
        pss = _mb(mem.games_pss)
        total = round((sum(mem.games_pss) + mem.server_pss) / max(len(mem.games_pss), 1) / MB, 1)
        note = f"RSS {_mb(mem.games_rss)} MB; {len(mem.games_pss)} game processes measured"
        if mem.server_pss:
            note += f"; fork server {_mb(mem.server_pss)} MB, so {total} MB a session with it"
        is_fork = label == "forked"
        rows.append(
            _row(
                f"PSS per session, {label} ({n} open)",
                pss,
                "MB",
                f"<= {TARGETS['pss_mb']:.0f}" if is_fork else None,
                pss <= TARGETS["pss_mb"] if is_fork else None,
                note,
            )
        )
    for label, mode in (("spawned", spawned), ("forked", forked)):
        note = f"{mode.opened} of {n} reached their first screen in {mode.all_ms / 1000:.1f} s"
        if mode.errors:
            note += f"; first error: {mode.errors[0][:160]}"
        is_fork = label == "forked"
        rows.append(
            _row(
                f"{n} sessions at once, {label}: errors",
                len(mode.errors),
                "",
                "0" if is_fork else None,
                (not mode.errors) if is_fork else None,
                note,
            )
        )
    return rows
