from __future__ import annotations

import click

from sim.cli.common import scenario_or_random


@click.command()
@click.argument("scenario", required=False)
@click.option("--bot", "bot_name", default=None, help="Let a bot play (headless): random, reckless, timid, climber, expert.")
@click.option("--seed", default=None, type=int, help="The game's seed (default: a fresh one).")
@click.option("--random", "random_", is_flag=True, help="Play a freshly generated account.")
def play(scenario: str | None, bot_name: str | None, seed: int | None, random_: bool) -> None:
    """Play SCENARIO (a shipped id or a file). With --bot, a bot plays it and the game is
    printed meeting by meeting, then the debrief. Without --bot, the terminal game opens."""
    import secrets

    if seed is None:
        seed = secrets.randbelow(1_000_000)
    if bot_name is None:
        from sim.cli.common import fail

        try:
            from sim.tui.run import run_tui
        except ImportError:
            fail("the terminal game is not installed in this build; use --bot NAME to watch a bot play")
        run_tui(scenario=scenario, seed=seed, random_=random_)
        return
    from sim.bots import BOTS, bot_rng, make_bot, play as play_game
    from sim.game import State
    from sim.transcript import transcript

    if bot_name not in BOTS:
        raise click.BadParameter(f"unknown bot {bot_name!r} (bots: {', '.join(BOTS)})", param_hint="--bot")
    loaded = scenario_or_random(scenario, random_, seed)
    state = play_game(State(loaded, seed), make_bot(bot_name, loaded), bot_rng(seed))
    click.echo(f"Seed {seed}, played by the {bot_name} bot.\n")
    click.echo(transcript(state))
