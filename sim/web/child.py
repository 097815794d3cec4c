"""What a browser session's game process runs: `python -m sim.web.child ARGS` = `ladder ARGS`,
plus a watchdog that ends the game if its server is gone.

A game reads its input from the server through a pipe; if the server is killed (SIGKILL, a
crash) nothing can stop the game and Textual's web driver does not quit when its input ends,
so every orphan would live on. The watchdog notices that the parent changed (POSIX: the game
was re-parented) and sends the game SIGTERM (which Textual handles as "quit"), then exits
hard if the game has not ended after a grace period.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

POLL = 0.5  # seconds between checks of the parent
GRACE = 5.0  # seconds the game has to quit after SIGTERM


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(GRACE)
    os._exit(1)


def main(argv: list[str]) -> None:
    threading.Thread(target=_watch, args=(os.getppid(),), name="parent-watchdog", daemon=True).start()
    from sim.cli import main as ladder

    ladder(argv)


if __name__ == "__main__":
    main(sys.argv[1:])
