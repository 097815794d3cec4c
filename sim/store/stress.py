"""Stress test of the results store: many processes playing, saving, reading and being killed.

    uv run python -m sim.store.stress --seconds 60 --players 20 --readers 20

Players are processes that play bot games through `GameSession` (saved after every action) in
one workshop, holding the store open twice as the terminal game does (the title screen's handle
and the game's), and print a line after each save returned: `progress SLOT SEED N` or
`saved GAME_ID PLAYER SEED`. Readers are processes that list games and show the workshop board
in a loop, half through the Store API, half by running `ladder runs list` and
`ladder workshop board` as subprocesses. Meanwhile players are SIGKILLed at random (and
respawned: they resume their saved game), and every child's `/proc/PID/fd` is sampled for a
deleted `ladder.db*` file. Afterwards every game a player reported saved must be in the store
(with at least the actions it reported), and `PRAGMA integrity_check` must say ok.
Exit status 0 when all checks hold. All random choices come from `--seed`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

SCENARIO = "consensus-meeting"
WORKSHOP = "STRESS"
START_TIMEOUT_S = 120


# --------------------------------------------------------------------------- the children
def play(data_dir: Path, index: int, think_ms: int) -> None:
    """A player process: bot games in the workshop, one line on stdout after every save."""
    from sim.players.protocol import bot_rng
    from sim.players.registry import make_bot
    from sim.scenarios.loader import load
    from sim.store import Store
    from sim.store.session import GameSession, slot_key

    loaded = load(SCENARIO)
    name = f"player{index:02d}"
    pause = random.Random(index)  # the harness's own pacing, not a game draw
    title = Store.open(data_dir)  # like the terminal game: the title screen's handle stays open ...
    print("ready", flush=True)
    while True:
        with Store.open(data_dir) as store:  # ... and each game opens the store again
            resume = store.load_progress(slot_key(name, loaded.scenario.id, WORKSHOP)) is not None
            seed = None if resume else index * 1_000_000 + len(title.games(player=name)) + 1
            session = GameSession.start(
                store, loaded, seed, player=name, scenario_ref=SCENARIO, workshop=WORKSHOP, mode="bot"
            )
            st = session.state
            bot, rng = make_bot("climber"), bot_rng(st.seed + len(st.actions))
            while session.game_id is None:
                session.apply(bot.step(st.observation(), st.legal_actions(), rng))
                if session.game_id is None:
                    print("progress", session.slot, st.seed, len(st.actions), flush=True)
                if think_ms:
                    time.sleep(pause.uniform(0, 2 * think_ms) / 1000)
            print("saved", session.game_id, name, st.seed, flush=True)


def read(data_dir: Path, index: int, think_ms: int) -> None:
    """A reader process: the game list and the board, in a loop, one line per round."""
    from sim.store import Store

    use_cli = index % 2 == 1
    pause = random.Random(-1 - index)
    while True:
        if use_cli:
            for args in (["runs", "list", "--limit", "20"], ["workshop", "board", WORKSHOP]):
                r = subprocess.run(
                    [sys.executable, "-m", "sim", *args, "--data-dir", str(data_dir)], capture_output=True, text=True
                )
                if r.returncode != 0:
                    print("error", " ".join(args), r.stderr.strip().replace("\n", " | ")[:300], flush=True)
        else:
            with Store.open(data_dir) as store:
                store.games(limit=20)
                store.board(WORKSHOP)
        print("read", 2, "cli" if use_cli else "api", flush=True)
        if think_ms:
            time.sleep(pause.uniform(0, 2 * think_ms) / 1000)


# --------------------------------------------------------------------------- the harness
@dataclass
class Child:
    role: str
    index: int
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)
    reader: threading.Thread | None = None


@dataclass
class Figures:
    seconds: float = 0.0
    startup: float = 0.0
    players: int = 0
    readers: int = 0
    games_reported: int = 0
    progress_reported: int = 0
    kills: int = 0
    respawns: int = 0
    crashes: int = 0
    api_queries: int = 0
    cli_queries: int = 0
    reader_errors: list[str] = field(default_factory=list)
    fd_samples: int = 0
    deleted_fds: list[str] = field(default_factory=list)  # held across two samples: the bug
    deleted_glimpses: list[str] = field(default_factory=list)  # seen once: a process inside its own close
    games_in_store: int = 0
    missing: list[str] = field(default_factory=list)
    integrity: str = ""

    @property
    def ok(self) -> bool:
        glimpses_ok = all(g.endswith("-shm (deleted)") for g in self.deleted_glimpses)
        return (
            not self.missing
            and not self.deleted_fds
            and glimpses_ok
            and self.integrity == "ok"
            and not self.reader_errors
            and self.crashes == 0
            and self.games_reported > 0
        )

    def lines(self) -> list[str]:
        return [
            f"{self.seconds:.0f} s, {self.players} players, {self.readers} readers "
            f"(after {self.startup:.1f} s for all of them to start)",
            f"games reported saved: {self.games_reported} (in the store: {self.games_in_store}); "
            f"progress saves reported: {self.progress_reported}",
            f"players SIGKILLed: {self.kills} (respawned {self.respawns}); crashed on their own: {self.crashes}",
            f"reader queries: {self.api_queries} through the Store API, {self.cli_queries} through `ladder`; "
            f"errors: {len(self.reader_errors)}",
            f"/proc/PID/fd samples: {self.fd_samples}; deleted ladder.db* held across samples: "
            f"{len(self.deleted_fds)}; glimpsed once (a -shm between SQLite's unlink and close of the last "
            f"connection): {len(self.deleted_glimpses)}",
            f"reported but missing: {len(self.missing)}; integrity_check: {self.integrity}",
            "OK" if self.ok else "FAILED",
        ]


def _spawn(role: str, index: int, data_dir: Path, think_ms: int, log: IO[str]) -> Child:
    cmd = [
        sys.executable,
        "-m",
        "sim.store.stress",
        "--role",
        role,
        "--index",
        str(index),
        "--data-dir",
        str(data_dir),
        "--think-ms",
        str(think_ms),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=log, stdin=subprocess.DEVNULL, text=True)
    child = Child(role, index, proc)

    def pump() -> None:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.endswith("\n"):  # a line cut short by SIGKILL was never reported
                child.lines.append(line.strip())

    child.reader = threading.Thread(target=pump, daemon=True)
    child.reader.start()
    return child


def _pids(child: Child) -> list[int]:
    """The child and its own children (a reader's `ladder` subprocess)."""
    pids = [child.proc.pid]
    try:
        with open(f"/proc/{child.proc.pid}/task/{child.proc.pid}/children") as fh:
            pids += [int(p) for p in fh.read().split()]
    except OSError:
        pass
    return pids


def deleted_db_fds(pid: int) -> list[str]:
    """Links in /proc/PID/fd to a deleted ladder.db, -wal or -shm file, as "pid P fd N: TARGET"."""
    found = []
    try:
        names = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return []
    for n in names:
        try:
            target = os.readlink(f"/proc/{pid}/fd/{n}")
        except OSError:
            continue
        if "ladder.db" in target and target.endswith("(deleted)"):
            found.append(f"pid {pid} fd {n}: {target}")
    return found


def _kill(child: Child) -> None:
    """SIGKILL the child and its own children (by pid), and collect what it printed."""
    for pid in reversed(_pids(child)):
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    child.proc.wait()
    if child.reader is not None:
        child.reader.join(10)


def run(
    seconds: float,
    players: int,
    readers: int,
    data_dir: Path,
    seed: int = 1,
    think_ms: int = 20,
    kill_every: float = 1.0,
) -> Figures:
    """Run the stress test; the returned figures say what happened and whether it held."""
    from sim.scenarios.loader import load
    from sim.store import Store

    rng = random.Random(seed)
    data_dir.mkdir(parents=True, exist_ok=True)
    with Store.open(data_dir) as store:
        if store.workshop(WORKSHOP) is None:
            store.create_workshop(WORKSHOP, SCENARIO, SCENARIO, load(SCENARIO).digest, 1, "stress test")
    fig = Figures(seconds=seconds, players=players, readers=readers)
    done: list[Child] = []
    with open(data_dir / "stress-stderr.log", "a") as log:
        live = {("player", i): _spawn("player", i, data_dir, think_ms, log) for i in range(players)}
        live.update({("reader", i): _spawn("reader", i, data_dir, think_ms, log) for i in range(readers)})
        started = time.monotonic()  # the clock starts once every child is up (imports take a while)
        while not all(c.lines for c in live.values()) and time.monotonic() - started < START_TIMEOUT_S:
            time.sleep(0.05)
        fig.startup = time.monotonic() - started
        end = time.monotonic() + seconds
        next_kill = time.monotonic() + rng.expovariate(1 / kill_every)
        last: set[str] = set()
        while time.monotonic() < end:
            now: set[str] = set()
            for child in list(live.values()):
                for pid in _pids(child):
                    now.update(f"{child.role} {link}" for link in deleted_db_fds(pid))
                    fig.fd_samples += 1
            fig.deleted_fds += sorted(now & last)  # the same descriptor, still deleted, one round later
            fig.deleted_glimpses += sorted(now - last)
            last = now
            for child in list(live.values()):
                if child.proc.poll() is not None:  # died on its own: a crash
                    fig.crashes += 1
                    _kill(child)
                    done.append(child)
                    live[(child.role, child.index)] = _spawn(child.role, child.index, data_dir, think_ms, log)
            if players and time.monotonic() >= next_kill:
                victim = live[("player", rng.randrange(players))]
                _kill(victim)
                fig.kills += 1
                done.append(victim)
                live[("player", victim.index)] = _spawn("player", victim.index, data_dir, think_ms, log)
                fig.respawns += 1
                next_kill = time.monotonic() + rng.expovariate(1 / kill_every)
            time.sleep(0.05)
        for child in live.values():  # the end: kill -9 everyone, players mid-game
            _kill(child)
            done.append(child)
    _tally(done, fig)
    _verify(data_dir, done, fig)
    return fig


def _tally(children: list[Child], fig: Figures) -> None:
    for child in children:
        for line in child.lines:
            kind = line.split(" ", 1)[0]
            if kind == "saved":
                fig.games_reported += 1
            elif kind == "progress":
                fig.progress_reported += 1
            elif kind == "read":
                if line.endswith("cli"):
                    fig.cli_queries += 2
                else:
                    fig.api_queries += 2
            elif kind == "error":
                fig.reader_errors.append(line)


def _verify(data_dir: Path, children: list[Child], fig: Figures) -> None:
    """Every reported save is in the store; the file is intact."""
    from sim.store import Store, StoreError

    saved: dict[int, tuple[str, int]] = {}
    progress: dict[tuple[str, int], tuple[str, int]] = {}  # (slot, seed) -> (player, most actions reported)
    for child in children:
        for line in child.lines:
            parts = line.split()
            if len(parts) != 4:
                continue
            if parts[:1] == ["saved"]:
                saved[int(parts[1])] = (parts[2], int(parts[3]))
            elif parts[:1] == ["progress"]:
                slot, seed, n = parts[1], int(parts[2]), int(parts[3])
                player = slot.rsplit(":", 1)[1]
                old = progress.get((slot, seed), (player, 0))
                progress[(slot, seed)] = (player, max(old[1], n))
    try:
        store = Store.open(data_dir)
    except StoreError as exc:
        fig.integrity = f"the store cannot be opened: {exc}"
        fig.missing.append(f"all {len(saved)} reported games (the store cannot be opened)")
        return
    with store:
        games = {g.id: g for g in store.games()}
        fig.games_in_store = len(games)
        finished = {(g.player, g.seed) for g in games.values()}
        for gid, (player, seed) in saved.items():
            g = games.get(gid)
            if g is None or (g.player, g.seed) != (player, seed):
                fig.missing.append(f"game {gid} ({player}, seed {seed})")
        for (slot, seed), (player, n) in progress.items():
            if (player, seed) in finished:
                continue
            p = store.load_progress(slot)
            if p is None or p.seed != seed or len(p.actions) < n:
                got = "nothing" if p is None else f"seed {p.seed}, {len(p.actions)} actions"
                fig.missing.append(f"progress {slot} seed {seed} at {n} actions (store has {got})")
        fig.integrity = store.integrity_check()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m sim.store.stress", description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--players", type=int, default=20)
    ap.add_argument("--readers", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--think-ms", type=int, default=20, help="mean pause of a player between actions and of a reader between rounds"
    )
    ap.add_argument("--kill-every", type=float, default=1.0, help="mean seconds between SIGKILLs of a player")
    ap.add_argument("--data-dir", default=None, help="where to put ladder.db (default: a new temporary folder)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--role", choices=["player", "reader"], help=argparse.SUPPRESS)
    ap.add_argument("--index", type=int, default=0, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.role == "player":
        play(Path(a.data_dir), a.index, a.think_ms)
        return 0
    if a.role == "reader":
        read(Path(a.data_dir), a.index, a.think_ms)
        return 0
    data_dir = Path(a.data_dir) if a.data_dir else Path(tempfile.mkdtemp(prefix="ladder-stress-"))
    fig = run(a.seconds, a.players, a.readers, data_dir, a.seed, a.think_ms, a.kill_every)
    if a.json:
        d: dict[str, Any] = dict(fig.__dict__)
        d["ok"] = fig.ok
        print(json.dumps(d, indent=2))
    else:
        print(f"data: {data_dir / 'ladder.db'}")
        print("\n".join(fig.lines()))
        for line in (fig.missing + fig.deleted_fds + fig.reader_errors + fig.deleted_glimpses)[:10]:
            print("  " + line)
    return 0 if fig.ok else 1


if __name__ == "__main__":
    sys.exit(main())
