"""`ladder replay`: step through an exported run."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario
    from sim.store.runs import Run

import click

from sim.cli.common import data_dir_option


@click.command()
@click.argument("run")
@click.option(
    "--print",
    "print_",
    is_flag=True,
    help="Print the game as text instead of stepping through it in the terminal game.",
)
@click.option("--until-week", default=None, type=click.IntRange(1), metavar="N", help="Stop at week N.")
@click.option(
    "--branch-week",
    default=None,
    type=click.IntRange(1),
    metavar="N",
    help="What if: replay up to week N, then play on from there.",
)
@click.option(
    "--bot",
    "bot_name",
    default=None,
    help="With --branch-week: the bot that plays on (random, reckless, timid, climber).",
)
@click.option(
    "--scenario",
    "scenario",
    default=None,
    metavar="FILE",
    help="The scenario file the run was played on (default: the run's scenario id).",
)
@data_dir_option
def replay(
    run: str,
    print_: bool,
    until_week: int | None,
    branch_week: int | None,
    bot_name: str | None,
    scenario: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Step through RUN: a run file from `ladder runs export`, or a game id from `ladder runs list`.

    A run is refused if its scenario file has changed since it was played."""
    from sim.cli.common import fail
    from sim.common.text import shown
    from sim.store.runs import RunError, replay_run, run_problem, scenario_for

    if until_week is not None and branch_week is not None:
        fail("use --until-week or --branch-week, not both")
    if bot_name is not None and branch_week is None:
        fail("--bot plays on from a branch point: add --branch-week N")
    the_run = _read(run, data_dir, database)
    try:
        loaded = scenario_for(the_run, scenario)
        if not print_:
            _tui(the_run, loaded, until_week, branch_week, data_dir, database)
            return
        if branch_week is not None:
            if bot_name is None:
                fail(
                    "--branch-week with --print needs --bot NAME to play on "
                    "(the terminal game lets you play on yourself)"
                )
            _branch(the_run, loaded, branch_week, bot_name)
            return
        state = replay_run(the_run, loaded, until_week=until_week)
    except RunError as exc:
        fail(shown(str(exc)))
    from sim.engine.transcript import transcript

    click.echo(
        f"Replay of {shown(the_run.player)}'s game (seed {the_run.seed}, engine {shown(the_run.engine_version)}).\n"
    )
    click.echo(shown(transcript(state), lines=True))
    reached = until_week is not None and state.week > until_week and not state.is_terminal()
    if len(state.actions) < len(the_run.actions) or reached:  # stopped by --until-week: the rest is not judged
        click.echo(f"\n(stopped at week {until_week}; the run has {len(the_run.actions)} actions in all)")
        return
    problem = run_problem(the_run, state)
    if problem is not None:  # the transcript above goes as far as the actions do
        fail(shown(problem))


def _read(ref: str, data_dir: str | None, database: str | None) -> Run:
    import os

    from sim.cli.common import fail, open_store
    from sim.common.text import shown
    from sim.store.runs import RunError, read_run, run_from_record

    if ref.isdigit() and not os.path.exists(ref):
        with open_store(data_dir, database) as store:
            g = store.game(int(ref))
            if g is None:
                fail(f"no game {ref} in {store.where} (see `ladder runs list`), and no file {ref!r}")
        return run_from_record(g)
    try:
        return read_run(ref)
    except RunError as exc:
        fail(shown(str(exc)))


def _branch(run: Run, loaded: LoadedScenario, week: int, bot_name: str) -> None:
    from sim.common.text import shown
    from sim.engine.transcript import briefing, debrief, event_lines
    from sim.players.protocol import bot_rng
    from sim.players.registry import BOTS, make_bot
    from sim.store.runs import replay_run

    if bot_name not in BOTS:
        raise click.BadParameter(f"unknown bot {bot_name!r} (bots: {', '.join(BOTS)})", param_hint="--bot")
    state = replay_run(run, loaded, before_week=week)
    original = run.score
    lines = [
        f"What if: {shown(run.player)}'s game to week {week}, then the {bot_name} bot plays on.",
        "",
        briefing(state),
        "",
    ]
    for e in state.events:
        lines.extend(event_lines(state, e))
    if state.is_terminal():
        lines.append(f"\n(the game had already ended in week {state.end_week}; nothing to play on)")
        click.echo(shown("\n".join(lines), lines=True))
        return
    lines.append(f"---- week {state.week}: the {bot_name} bot takes over ----")
    seen = len(state.events)
    bot, rng = make_bot(bot_name, state.loaded), bot_rng(state.seed)
    while not state.is_terminal():
        state.apply(bot.step(state.observation(), state.legal_actions(), rng))
    for e in state.events[seen:]:
        lines.extend(event_lines(state, e))
    lines.append(debrief(state))
    s = state.score()
    if original:
        lines += [
            "",
            f"As played: {original.get('total')}/100, {original.get('outcome')} in week {original.get('weeks')}.",
            f"What if:   {s.total}/100, {s.outcome} in week {s.weeks}.",
        ]
    click.echo(shown("\n".join(lines), lines=True))


def _tui(
    run: Run,
    loaded: LoadedScenario,
    until_week: int | None,
    branch_week: int | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    from sim.cli.terminal import run_replay

    run_replay(run, loaded=loaded, until_week=until_week, branch_week=branch_week, data_dir=data_dir, database=database)
