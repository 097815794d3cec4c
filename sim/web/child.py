"""What a browser session's game process runs: `python -m sim.web.child ARGS` = `ladder ARGS`,
plus a watchdog that ends the game if its server is gone.

A game reads its input from the server through a pipe; if the server is killed (SIGKILL, a
crash) nothing can stop the game and Textual's web driver does not quit when its input ends,
so every orphan would live on. The watchdog notices that the parent changed (POSIX: the game
was re-parented) and sends the game SIGTERM (which Textual handles as "quit"), then exits
hard if the game has not ended after a grace period.

A game is started this way (`GamePool`'s plain spawn, the "cold" start) or forked from the warm
fork server, whose child calls `main` the same way.
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
    """Run `ladder ARGV` here, ended if this process's parent goes (a spawned game's parent is the
    web server; a forked one's is the fork server, `sim.web.forkserver`, which calls this too)."""
    threading.Thread(target=_watch, args=(os.getppid(),), name="parent-watchdog", daemon=True).start()
    # `python -m sim ARGS` in this process, as a launcher would exec it: the web layer starts the
    # command-line program; it does not import it (the CLI sits above the web layer)
    import runpy

    sys.argv = ["ladder", *argv]
    runpy.run_module("sim", run_name="__main__", alter_sys=True)


if __name__ == "__main__":
    main(sys.argv[1:])
