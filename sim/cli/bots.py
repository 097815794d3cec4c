"""The one check every `--bot` option shares: a known bot name, or a plug-in `FILE.py:Class`."""

from __future__ import annotations

import click

from sim.cli.common import fail


def check_bot(name: str) -> None:
    """Exit with one line unless `name` is a known bot or a loadable plug-in `FILE.py:Class`."""
    from sim.players.registry import BOTS

    if ":" in name:
        from sim.players.plugin import PluginError, bot_class

        try:
            bot_class(name)
        except PluginError as exc:
            fail(str(exc))
    elif name not in BOTS:
        raise click.BadParameter(
            f"unknown bot {name!r} (bots: {', '.join(BOTS)}, or FILE.py:Class)", param_hint="--bot"
        )
