"""`ladder bench`'s wall-clock measurements of whole commands in child processes: `ladder --help`,
the terminal UI's first screen against a bare Textual app, and `ladder balance`.
Imports only the standard library (the children import the rest)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


# ---------------------------------------------------------------------- start-up
def ladder_script() -> str | None:
    candidate = Path(sys.executable).with_name("ladder")
    if candidate.exists():
        return str(candidate)
    return shutil.which("ladder")


def help_wall_ms(runs: int = 7) -> tuple[float, float, list[str]]:
    """(best, median) wall ms of `ladder --help` run through the venv's `ladder` script, and
    which of textual / faker / pydantic that command imported (should be none)."""
    script = ladder_script()
    if script is None:
        raise RuntimeError("the `ladder` script is not installed")
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([script, "--help"], check=True, stdout=subprocess.DEVNULL)
        times.append((time.perf_counter() - t) * 1000)
    probe = (
        "import sys\nfrom sim.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('\\n' + ' '.join(m for m in ('textual', 'faker', 'pydantic') if m in sys.modules), file=sys.stderr)"
    )
    r = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    heavy = r.stderr.strip().splitlines()[-1].split() if r.stderr.strip() else []
    return min(times), statistics.median(times), heavy


_BARE = """
import time
from textual.app import App
from textual.widgets import Static
class Bare(App):
    def compose(self):
        yield Static("Commitment Ladder")
    def on_mount(self):
        self.call_after_refresh(self.exit)
Bare().run(headless=True)
"""

# Our app: the documented hook is `sim.tui.app.LadderApp()` showing the title screen.
_OURS = """
from sim.tui.app import LadderApp
class FirstScreen(LadderApp):
    def on_mount(self):  # Textual also runs LadderApp's own on_mount
        self.call_after_refresh(self.exit)
FirstScreen().run(headless=True)
"""


def tui_available() -> str | None:
    """None when the TUI can be benchmarked, else why not."""
    r = subprocess.run([sys.executable, "-c", "from sim.tui.app import LadderApp"], capture_output=True, text=True)
    if r.returncode == 0:
        return None
    last = (r.stderr.strip().splitlines() or ["?"])[-1]
    if "No module named 'sim.tui'" in last:
        return "not available (sim.tui not installed)"
    return f"not available ({last})"


def _run_wall(code: str) -> tuple[float, float]:
    """(wall ms from spawn to exit, peak RSS MB) of one `python -c code` child."""
    env = dict(os.environ, LADDER_BENCH="1")
    t = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = (time.perf_counter() - t) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode != 0:
        raise RuntimeError(f"the app exited with {proc.returncode}: {err.strip().splitlines()[-1:]}")
    return wall, usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def tui_first_screen(runs: int = 5) -> tuple[float, float, float, float]:
    """(bare ms, ours ms, ratio, our peak MB): medians of alternating runs."""
    bare, ours, peak = [], [], []
    _run_wall(_BARE)  # warm the file cache
    for _ in range(runs):
        bare.append(_run_wall(_BARE)[0])
        w, mb = _run_wall(_OURS)
        ours.append(w)
        peak.append(mb)
    b, o = statistics.median(bare), statistics.median(ours)
    return b, o, o / b, max(peak)


def balance_seconds() -> float:
    script = ladder_script()
    cmd = [script, "balance", "--json"] if script else [sys.executable, "-m", "sim", "balance", "--json"]
    t = time.perf_counter()
    r = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    took = time.perf_counter() - t
    if r.returncode not in (0, 1):
        raise RuntimeError(f"ladder balance failed ({r.returncode})")
    return took
