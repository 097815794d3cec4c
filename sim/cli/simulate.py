"""`ladder simulate`: play N games with a bot and summarise the results."""

from __future__ import annotations

import json

import click

from sim.cli.common import load_scenario


@click.command()
@click.argument("scenario")
@click.option(
    "--bot",
    "bot_name",
    default="climber",
    show_default=True,
    help="random, reckless, timid, climber, expert, or a plug-in FILE.py:Class (docs/BOTS.md).",
)
@click.option("--games", default=100, show_default=True, type=click.IntRange(1, 1_000_000))
@click.option("--seed", default=0, show_default=True, type=int, help="Seeds of the games are derived from it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def simulate(scenario: str, bot_name: str, games: int, seed: int, as_json: bool) -> None:
    """Play N games of SCENARIO (a shipped id or a file) with a bot and summarise them."""
    from sim.analysis.simulate import run_many
    from sim.cli.bots import check_bot

    check_bot(bot_name)  # a known bot, or a plug-in FILE.py:Class (one line if it cannot be loaded)
    loaded = load_scenario(scenario)
    summary = run_many(loaded, bot_name, games, seed)
    if as_json:
        click.echo(json.dumps(summary, sort_keys=False))
        return
    click.echo(f"{summary['scenario']}: {games} games, bot {bot_name}, seed {seed}")
    click.echo(f"  mean score  {summary['mean_score']:.1f}")
    click.echo(f"  mean weeks  {summary['mean_weeks']:.1f}")
    for k, v in summary["outcomes"].items():
        click.echo(f"  {k:<14}{v:>7}  {100 * v / games:5.1f}%")
