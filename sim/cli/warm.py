"""What a warm process loads before it forks browser sessions (`ladder serve`'s fork server):
`python -m sim.cli.warm` imports the command line, the terminal UI with its screens and
Textual's web driver, the engine, the store's modules and every shipped scenario, so that a
forked game starts with all of it already in memory, shared with the other games.

Nothing here opens a file that stays open, starts a thread or draws a random number: the
process that runs it forks afterwards (see `sim.web.forkserver`)."""

from __future__ import annotations

import importlib

MODULES = (
    "sim.cli",
    "sim.cli.play",
    "sim.cli.terminal",
    "textual.app",
    "textual.drivers.web_driver",
    "sim.tui.app",
    "sim.tui.catalog",
    "sim.tui.saver",
    "sim.tui.screens.briefing",
    "sim.tui.screens.confirm",
    "sim.tui.screens.deal_room",
    "sim.tui.screens.debrief",
    "sim.tui.screens.help",
    "sim.tui.screens.name",
    "sim.tui.screens.plan",
    "sim.tui.screens.result",
    "sim.tui.screens.resume",
    "sim.tui.screens.title",
    "sim.engine.state",
    "sim.players",
    "sim.store.db",
    "sim.store.session",
    "sim.store.campaign",
    "sim.store.bests",
)


def preload() -> list[str]:
    """Import every module above that exists in this build and read the shipped scenarios;
    returns the modules that could not be imported (a build without the TUI, say)."""
    missing = []
    for name in MODULES:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    from sim.scenarios.loader import all_shipped

    all_shipped()
    return missing


if __name__ == "__main__":
    preload()
