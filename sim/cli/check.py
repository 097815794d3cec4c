"""`ladder check FILE`: validate, lint, text, a short balance and par in one report, ending
with what to fix first. Exit 0: fit for a workshop; 1: not fit; 2: usage."""

from __future__ import annotations

import os
from pathlib import Path

import click

from sim.cli.common import shown


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--games",
    default=200,
    show_default=True,
    type=click.IntRange(10, 100_000),
    help="Games per bot in the lint search and the balance (the expert, par and the suite play fewer).",
)
@click.option("--jobs", "-j", default=None, type=click.IntRange(1, 256), help="Worker processes [default: all cores].")
def check(file: Path, games: int, jobs: int | None) -> None:
    """Is the scenario in FILE fit for a workshop? Validate it; lint every variant (dead ends,
    unreachable Key Players, concerns nothing answers, dead deals with no evidence, a par below
    what any win takes); check the game text every bot and lesson-breaking strategy produces; a
    short balance (the bots, and the lesson-breaking strategies at least 10 points below the
    climber); par (the expert's weeks against the file's). Ends with `Fix first:` and exits 0
    when fit (warnings allowed), 1 when not."""
    from sim.analysis.check import CheckReport, check_balance, check_lint, check_par, check_text
    from sim.cli.text_views import tui_views
    from sim.common.errors import ScenarioError
    from sim.scenarios.loader import load_path

    if not file.is_file():
        raise click.BadParameter(f"{shown(str(file))}: no such file", param_hint="FILE")
    click.echo(f"ladder check {shown(str(file))}")
    try:
        loaded = load_path(file)
    except ScenarioError as exc:
        lines = exc.lines()
        click.echo(f"validate: {len(lines)} problem(s)")
        for line in lines:
            click.echo(f"  error: {shown(line)}")
        click.echo(f"Fix first: {shown(lines[0]) if lines else 'the file does not load'}")
        click.echo("NOT FIT for a workshop: the file does not validate, so nothing else was checked")
        raise SystemExit(1) from None
    click.echo("validate: ok")
    ref = str(file)
    jobs = jobs or os.cpu_count() or 1
    report = CheckReport()
    check_lint(loaded, games, report)
    check_text(loaded, report, tui_views())
    check_balance(ref, games, max(10, games // 7), max(30, games * 3 // 10), jobs, report)
    check_par(loaded, ref, max(20, games // 2), jobs, report)
    for section, lines in report.sections.items():
        click.echo(f"{section}: {lines[0]}")
        for line in lines[1:]:
            click.echo(f"  {line}")
        for item in report.items:
            if item.section == section:
                click.echo(f"  {shown(item.line())}")
    first = report.fix_first()
    click.echo(f"Fix first: {shown(first.line()) if first else 'nothing'}")
    errors = sum(i.level == "error" for i in report.items)
    broken = sum(i.level == "balance" for i in report.items)
    warnings = sum(i.level == "warning" for i in report.items)
    verdict = "fit for a workshop" if report.fit else "NOT FIT for a workshop"
    click.echo(f"{verdict}: {errors} error(s), {broken} balance rule(s) broken, {warnings} warning(s)")
    raise SystemExit(0 if report.fit else 1)
