"""A process that holds the results store open and obeys one command per stdin line.

Run as `python -m tests.store.proc_store DATA_DIR` from the repository root. Commands:
`open` (one more `Store.open`, as the title screen's worker does next to the game),
`peek` (the old header check: a plain `open()`/`close()` of the database file),
`workshop CODE`, `game NAME SEED [CODE]` (a whole bot game, saved after every action),
`steps NAME SEED N` (N actions of a game, left in progress), `fds` (deleted ladder.db
files this process holds), `quit`. Each command answers one line on stdout.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from sim.players.protocol import bot_rng
from sim.players.registry import make_bot
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.session import GameSession

SCENARIO = "consensus-meeting"


def deleted_db_fds(pid: int | str = "self") -> list[str]:
    """Links in /proc/PID/fd to a deleted ladder.db, ladder.db-wal or ladder.db-shm."""
    out = []
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    for n in names:
        try:
            target = os.readlink(f"{folder}/{n}")
        except OSError:
            continue
        if "ladder.db" in target and target.endswith("(deleted)"):
            out.append(target)
    return out


def main() -> None:
    data_dir = Path(sys.argv[1])
    stores = [Store.open(data_dir)]
    store = stores[0]
    print("ready", flush=True)
    for line in sys.stdin:
        cmd, *args = line.split()
        if cmd == "open":
            stores.append(Store.open(data_dir))
            print("opened", flush=True)
        elif cmd == "peek":
            with open(data_dir / "ladder.db", "rb") as fh:  # what the old `_check_existing` did
                fh.read(16)
            print("peeked", flush=True)
        elif cmd == "workshop":
            store.create_workshop(args[0], SCENARIO, SCENARIO, load(SCENARIO).digest, 1, "test")
            print("workshop", args[0], flush=True)
        elif cmd in ("game", "steps"):
            name, seed = args[0], int(args[1])
            code = args[2] if cmd == "game" and len(args) > 2 else None
            limit = int(args[2]) if cmd == "steps" else 10_000
            session = GameSession.start(
                stores[-1],
                load(SCENARIO),
                seed,
                player=name,
                scenario_ref=SCENARIO,
                workshop=code,
                mode="bot",
                resume=False,
            )
            bot, rng = make_bot("climber"), bot_rng(seed)
            st = session.state
            n = 0
            while not st.is_terminal() and n < limit:
                session.apply(bot.step(st.observation(), st.legal_actions(), rng))
                n += 1
            if session.game_id is not None:
                print("saved", session.game_id, flush=True)
            else:
                print("progress", session.slot, n, flush=True)
        elif cmd == "fds":
            print("fds", len(deleted_db_fds()), *deleted_db_fds(), flush=True)
        elif cmd == "quit":
            break
    for s in stores:
        s.close()
    print("bye", flush=True)


if __name__ == "__main__":
    main()
