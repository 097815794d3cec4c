"""`ladder bench`: the engine's and the TUI's speed and memory, against their targets.

Every figure is measured in this run on this machine. Engine figures take the best of
several batches (the least disturbed by other work on a noisy machine) and also report the
median. Start-up figures run fresh subprocesses.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.analysis.bench_wall import balance_seconds, help_wall_ms, tui_available, tui_first_screen

if TYPE_CHECKING:
    from sim.scenarios.schema import CastMember

TARGETS = {
    "games_per_second": 2000.0,  # at least, one core, climber on consensus-meeting
    "help_ms": 150.0,  # at most
    "tui_first_screen_ratio": 1.25,  # at most, against a bare Textual app
    "tui_peak_mb": 120.0,  # at most
    "balance_seconds": 90.0,  # at most: all shipped scenarios, five bots, 2000 games (expert 100)
}


@dataclass(frozen=True)
class Sizes:
    """How much each figure measures: the defaults are `ladder bench`'s; `TINY` is for tests."""

    games: int = 400  # per batch, for games per second
    batches: int = 5
    meeting_games: int = 300
    triggers: int = 20000
    joins: int = 2000
    help_runs: int = 7
    tui_runs: int = 5


FULL = Sizes()
TINY = Sizes(games=5, batches=2, meeting_games=3, triggers=200, joins=20, help_runs=1, tui_runs=1)


def _row(name: str, value: Any, unit: str, target: str | None, ok: bool | None, note: str = "") -> dict[str, Any]:
    return {"name": name, "value": value, "unit": unit, "target": target, "ok": ok, "note": note}


# ---------------------------------------------------------------------- engine
def games_per_second(games: int = 400, batches: int = 5, scenario: str = "consensus-meeting") -> dict[str, float]:
    """Whole games by the climber on one core (state, the bot's decisions, every meeting,
    the score), over `batches` batches: games per CPU second of this (single-threaded)
    process, best and median, and the same per wall-clock second (which also counts time
    the OS gave other processes)."""
    from sim.analysis.simulate import run_many
    from sim.scenarios.loader import load

    loaded = load(scenario)
    run_many(loaded, "climber", 50, 12345)  # warm up
    cpu, wall = [], []
    for b in range(batches):
        c, t = time.process_time(), time.perf_counter()
        run_many(loaded, "climber", games, b)
        cpu.append(games / max(time.process_time() - c, 1e-9))
        wall.append(games / (time.perf_counter() - t))
    return {
        "cpu_best": max(cpu),
        "cpu_median": statistics.median(cpu),
        "wall_best": max(wall),
        "wall_median": statistics.median(wall),
    }


def meeting_cost(games: int = 300, scenario: str = "consensus-meeting") -> float:
    """Microseconds per one-to-one meeting (`State.apply` of a meet action, the week's end included)."""
    from sim.analysis.simulate import game_seeds
    from sim.engine.state import State
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.scenarios.loader import load

    loaded = load(scenario)
    scripts = []
    for s in game_seeds(7, games):
        st, bot, rng = State(loaded, s), make_bot("climber"), bot_rng(s)
        actions = []
        while not st.is_terminal():
            a = bot.step(st.observation(), st.legal_actions(), rng)
            actions.append(a)
            st.apply(a)
        scripts.append((s, actions))
    best = float("inf")
    pc = time.perf_counter
    for _ in range(3):
        spent, n = 0.0, 0
        for s, actions in scripts:
            st = State(loaded, s)
            for a in actions:
                if a.kind == "meet":
                    t = pc()
                    st.apply(a)
                    spent += pc() - t
                    n += 1
                else:
                    st.apply(a)
        best = min(best, spent / n * 1e6)
    return best


def trigger_vs_dict(n: int = 20000) -> tuple[float, float, float]:
    """(transitions µs, dict-table µs, ratio) for the same job: from 'engaged', a supporter
    whose trust is high is sent `grant`; the condition is checked and the state changes."""
    from sim.engine import machines as archetypes
    from sim.engine.archetypes import ARCHETYPES
    from sim.engine.machines import KeyPlayer, machine
    from sim.engine.rules import RULES
    from sim.scenarios.loader import load

    spec = load("consensus-meeting").scenario.member("vp-eng")
    m = machine("supporter")
    p = KeyPlayer(spec)
    archetypes.join(p)
    p.trust = 3
    event = m.events["grant"]
    # the same transitions as a plain dict: (state, trigger) -> [(conditions, dest)]
    table: dict[tuple[str, str], list[tuple[tuple[Callable[..., bool], ...], str]]] = {}
    for t in ARCHETYPES["supporter"].config["transitions"]:
        if t["source"] != "*":
            table.setdefault((t["source"], t["trigger"]), []).append(
                (tuple(check for c in t.get("conditions", []) if (check := RULES[c].check) is not None), t["dest"])
            )

    def via_transitions() -> None:
        for _ in range(n):
            p.state = "engaged"
            event.trigger(p, rung=2)

    class Plain:
        __slots__ = ("state", "trust", "spec")
        state: str
        trust: int
        spec: CastMember

    q = Plain()
    q.trust, q.spec = 3, spec

    def via_dict() -> None:
        for _ in range(n):
            q.state = "engaged"
            for conds, dest in table.get((q.state, "grant"), ()):
                if all(c(q, rung=2) for c in conds):
                    q.state = dest
                    break

    def best(fn: Callable[[], None]) -> float:
        out = float("inf")
        for _ in range(5):
            t = time.perf_counter()
            fn()
            out = min(out, (time.perf_counter() - t) / n * 1e6)
        return out

    try:
        a, b = best(via_transitions), best(via_dict)
    finally:
        archetypes.leave(p)
    assert p.state == "champion" and q.state == "champion"
    return a, b, a / b


def model_join_cost(n: int = 2000) -> tuple[float, float]:
    """(µs for Machine.add_model + remove_model of one Key Player, µs to reuse a pooled one)."""
    from sim.engine import machines as archetypes
    from sim.engine.machines import KeyPlayer
    from sim.scenarios.loader import load

    spec = load("consensus-meeting").scenario.member("vp-eng")
    archetypes.machine("supporter")
    t = time.perf_counter()
    for _ in range(n):
        p = KeyPlayer(spec)
        archetypes.join(p)
        archetypes.leave(p)
    fresh = (time.perf_counter() - t) / n * 1e6
    t = time.perf_counter()
    for _ in range(n):
        p = archetypes.acquire(spec)
        archetypes.release([p])
    pooled = (time.perf_counter() - t) / n * 1e6
    return fresh, pooled


# ---------------------------------------------------------------------- all
def run(quick: bool = False, sizes: Sizes = FULL) -> list[dict[str, Any]]:
    rows = []
    z = sizes
    g = games_per_second(z.games, z.batches)
    rows.append(
        _row(
            "engine games per second",
            round(g["cpu_best"]),
            "games/s",
            f">= {TARGETS['games_per_second']:.0f}",
            g["cpu_best"] >= TARGETS["games_per_second"],
            f"climber on consensus-meeting, one core, whole games incl. the bot's decisions and the score; "
            f"per CPU second, best of {z.batches} batches of {z.games} (median {g['cpu_median']:.0f}); per wall-clock "
            f"second: best {g['wall_best']:.0f}, median {g['wall_median']:.0f}",
        )
    )
    rows.append(
        _row(
            "one meeting",
            round(meeting_cost(z.meeting_games), 1),
            "µs",
            None,
            None,
            "State.apply of a one-to-one meeting (with the week's end), best of 3 passes",
        )
    )
    tr, dt, ratio = trigger_vs_dict(z.triggers)
    rows.append(
        _row(
            "transitions trigger vs dict table",
            round(ratio, 1),
            "x",
            None,
            None,
            f"{tr:.2f} µs per trigger against {dt:.2f} µs for the same lookups in a plain dict "
            "(the engine sends a trigger only when a transition can run)",
        )
    )
    fresh, pooled = model_join_cost(z.joins)
    rows.append(
        _row(
            "Key Player joins its machine",
            round(pooled, 2),
            "µs",
            None,
            None,
            f"reusing a pooled model; Machine.add_model + remove_model costs {fresh:.1f} µs",
        )
    )
    hb, hm, heavy = help_wall_ms(z.help_runs)
    rows.append(
        _row(
            "ladder --help",
            round(hm, 1),
            "ms",
            f"<= {TARGETS['help_ms']:.0f}, no textual/faker/pydantic",
            hm <= TARGETS["help_ms"] and not heavy,
            f"wall time of the venv's `ladder` script (not `uv run`), median of {z.help_runs} (best {hb:.1f}); "
            f"imports: {', '.join(heavy) if heavy else 'no textual, faker or pydantic'}",
        )
    )
    why = tui_available()
    if why is None:
        try:
            b, o, r, mb = tui_first_screen(z.tui_runs)
            rows.append(
                _row(
                    "TUI first screen vs bare Textual",
                    round(r, 2),
                    "x",
                    f"<= {TARGETS['tui_first_screen_ratio']}",
                    r <= TARGETS["tui_first_screen_ratio"],
                    f"LadderApp {o:.0f} ms, bare App with one Static {b:.0f} ms "
                    f"(spawn to exit, headless, median of {z.tui_runs})",
                )
            )
            rows.append(
                _row(
                    "TUI peak memory",
                    round(mb, 1),
                    "MB",
                    f"<= {TARGETS['tui_peak_mb']:.0f}",
                    mb <= TARGETS["tui_peak_mb"],
                    "max RSS of the app's process up to its first screen (wait4 rusage)",
                )
            )
        except RuntimeError as exc:
            why = f"not available ({exc})"
    if why is not None:
        rows.append(
            _row("TUI first screen vs bare Textual", None, "x", f"<= {TARGETS['tui_first_screen_ratio']}", None, why)
        )
        rows.append(_row("TUI peak memory", None, "MB", f"<= {TARGETS['tui_peak_mb']:.0f}", None, why))
    if quick:
        rows.append(
            _row(
                "ladder balance (all shipped, 5 bots)",
                None,
                "s",
                f"<= {TARGETS['balance_seconds']:.0f}",
                None,
                "skipped (--quick)",
            )
        )
    else:
        secs = balance_seconds()
        rows.append(
            _row(
                "ladder balance (all shipped, 5 bots)",
                round(secs, 1),
                "s",
                f"<= {TARGETS['balance_seconds']:.0f}",
                secs <= TARGETS["balance_seconds"],
                f"2,000 games per bot (expert 100) on {os.cpu_count()} cores",
            )
        )
    return rows


def as_json(rows: list[dict[str, Any]]) -> str:
    return json.dumps(
        {
            "figures": rows,
            "python": sys.version.split()[0],
            "cpus": os.cpu_count(),
            "seed_note": "engine figures are the best of several batches",
        }
    )
