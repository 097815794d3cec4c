"""`ladder balance`: every bot on every scenario, and the teaching checks."""

from __future__ import annotations

import json
import os
import sys
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from sim.cli.bots import check_bot
from sim.cli.common import fail, load_scenario

if TYPE_CHECKING:
    from click._termui_impl import ProgressBar

RANDOM_GAMES = 200  # games per bot per random account, unless --games says otherwise
RANDOM_EXPERT_GAMES = 10


def _refs(scenarios: tuple[str, ...]) -> list[str]:
    from sim.scenarios.loader import shipped_ids

    refs = list(scenarios) or shipped_ids()
    for ref in refs:
        load_scenario(ref)  # exits 1 with the problems if a file is bad
    return refs


def progress_bar(total: int, label: str) -> ProgressBar[int] | None:
    """A progress bar on stderr when stderr is a terminal; otherwise nothing."""
    if not sys.stderr.isatty():
        return None
    return click.progressbar(length=total, label=label, file=sys.stderr, show_eta=True, show_percent=True)


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option(
    "--games", default=2000, show_default=True, type=click.IntRange(1, 1_000_000), help="Games per bot per scenario."
)
@click.option(
    "--expert-games",
    default=100,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="Games for the expert (it plans, so it is slower).",
)
@click.option("--jobs", "-j", default=None, type=click.IntRange(1, 256), help="Worker processes [default: all cores].")
@click.option("--seed", default=0, show_default=True, type=int, help="Seeds of the games are derived from it.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option(
    "--bot",
    "bot_names",
    multiple=True,
    help="A bot to play (repeat it; default: random, reckless, timid, climber, expert); FILE.py:Class for a plug-in.",
)
@click.option(
    "--suite/--no-suite",
    "suite",
    default=None,
    help="--suite: only the lesson-breaking strategies against the climber; --no-suite: only the bots. [default: both]",
)
@click.option(
    "--suite-games",
    default=200,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Seeds per scenario for the lesson-breaking suite.",
)
@click.option(
    "--random",
    "accounts",
    default=0,
    type=click.IntRange(0, 100_000),
    help="Run the checks on N random accounts instead (passes if 95% of them pass); "
    f"--games defaults to {RANDOM_GAMES} and --expert-games to {RANDOM_EXPERT_GAMES} then.",
)
@click.pass_context
def balance(
    ctx: click.Context,
    scenarios: tuple[str, ...],
    games: int,
    expert_games: int,
    jobs: int | None,
    seed: int,
    as_json: bool,
    bot_names: tuple[str, ...],
    suite: bool | None,
    suite_games: int,
    accounts: int,
) -> None:
    """Every bot (random, reckless, timid, climber, expert) on every SCENARIO (default: all
    shipped): mean score, outcome mix, mean weeks; then the teaching checks, and the
    lesson-breaking suite (sim.analysis.suite): each strategy, where it broke its lesson, at
    least 10 points below the climber; the climber's score varying across seeds; at least 3
    variants drawn. Exits 1 naming any rule that broke. The numbers are the same for a seed
    whatever --jobs is."""
    from sim.analysis.balance import BOT_ORDER, plan_size
    from sim.analysis.balance import balance as run

    if accounts:
        if scenarios:
            fail("--random plays generated accounts: name no scenario with it")
        if ctx.get_parameter_source("games") is ParameterSource.DEFAULT:
            games = RANDOM_GAMES
        if ctx.get_parameter_source("expert_games") is ParameterSource.DEFAULT:
            expert_games = RANDOM_EXPERT_GAMES
        refs: list[str] = []
    else:
        refs = _refs(scenarios)
    if suite is True and not accounts:
        from sim.cli.suite import run_suite_cli

        run_suite_cli(refs, suite_games, seed, as_json)
        return
    bots = list(bot_names) or list(BOT_ORDER)
    for name in bots:
        check_bot(name)
    expert_games = min(expert_games, games)
    jobs = jobs or os.cpu_count() or 1
    with_suite = 0 if suite is False else suite_games
    if accounts:
        _random(accounts, games, expert_games, with_suite, seed, jobs, bots, as_json)
        return
    bar = progress_bar(plan_size(refs, games, expert_games, bots), "balance")
    try:
        if bar is not None:
            with bar:
                report = run(refs, games, expert_games, seed, jobs, bots, progress=bar.update, suite_games=with_suite)
        else:
            report = run(refs, games, expert_games, seed, jobs, bots, suite_games=with_suite)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report))
    else:
        _print(report)
    broken = [(sc["id"], c) for sc in report["scenarios"] for c in sc["checks"] if not c["ok"]]
    for sid, c in broken:
        click.echo(f"ladder balance: {sid}: rule broken: {c['rule']} ({c['detail']})", err=True)
    if broken:
        raise SystemExit(1)


def _print(report: dict[str, Any]) -> None:
    from sim.analysis.suite import suite_lines

    for sc in report["scenarios"]:
        click.echo(f"{sc['id']}")
        click.echo(f"  {'bot':<9}{'games':>6}{'score':>8}{'weeks':>7}  outcomes")
        for bot, b in sc["bots"].items():
            mix = ", ".join(f"{k} {v}" for k, v in b["outcomes"].items() if v)
            click.echo(f"  {bot:<9}{b['games']:>6}{b['mean_score']:>8.1f}{b['mean_weeks']:>7.1f}  {mix}")
        if "suite" in sc:
            for line in suite_lines({"scenarios": [sc["suite"]]}):
                click.echo(f"  {line}")
        for c in sc["checks"]:
            click.echo(f"  [{'ok' if c['ok'] else 'FAIL'}] {c['rule']}: {c['detail']}")


def _random(
    accounts: int,
    games: int,
    expert_games: int,
    suite_games: int,
    seed: int,
    jobs: int,
    bots: list[str],
    as_json: bool,
) -> None:
    from sim.analysis.accounts import account_lines, random_balance

    try:
        report = random_balance(accounts, games, expert_games, suite_games, seed, jobs, bots)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        click.echo(json.dumps(report))
    else:
        for line in account_lines(report):
            click.echo(line)
    if not report["ok"]:
        click.echo(
            f"ladder balance --random: only {report['passed']} of {len(report['accounts'])} accounts passed "
            f"(needs {report['pass_share']:.0%})",
            err=True,
        )
        raise SystemExit(1)
