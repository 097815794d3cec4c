"""`ladder lint`: find what a schema cannot see: unwinnable deals, dead ends; with `--text`,
faults in the words a trainee reads."""

from __future__ import annotations

import json

import click

from sim.cli.common import load_scenario


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option("--no-search", is_flag=True, help="Only the static checks; do not play the deal.")
@click.option(
    "--games",
    default=200,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Climber games in the search (random: twice as many).",
)
@click.option(
    "--text",
    is_flag=True,
    help="Check the game text instead: every bot and strategy plays each scenario (default: every "
    "shipped one and random accounts) and every line the trainee would read is checked.",
)
@click.option("--seeds", default=3, show_default=True, type=click.IntRange(1, 1000), help="With --text: seeds 1..N.")
@click.option(
    "--random",
    "accounts",
    default=5,
    show_default=True,
    type=click.IntRange(0, 1000),
    help="With --text: also random accounts 1..N (when no SCENARIOS are named).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def lint(
    scenarios: tuple[str, ...], no_search: bool, games: int, text: bool, seeds: int, accounts: int, as_json: bool
) -> None:
    """Find what a schema cannot see in SCENARIO (a shipped id or a file): a deal that cannot
    be won (or a dead deal that can), players no path reaches, rungs nobody can grant,
    machine states never reached, dead ends. Exits 1 on any error.

    With --text, play every bot and lesson-breaking strategy and check what the trainee reads:
    doubled sentences, a line said more than twice in a game, a rung without its article, a
    pronoun that disagrees with its player, a placeholder left in, empty text, signals that
    disagree. One line per problem; exits 1 on any."""
    if text:
        _lint_text(scenarios, seeds, accounts, as_json)
        return
    if not scenarios:
        raise click.UsageError("name at least one SCENARIO (or use --text to check every shipped one)")
    from sim.analysis.lint import archetype_findings
    from sim.analysis.lint import lint as run

    findings = archetype_findings()
    for ref in scenarios:
        findings += run(load_scenario(ref), search=not no_search, games=games)
    errors = sum(f.level == "error" for f in findings)
    notes = sum(f.level == "note" for f in findings)
    warnings = len(findings) - errors - notes
    if as_json:
        click.echo(
            json.dumps(
                {"findings": [f.to_dict() for f in findings], "errors": errors, "warnings": warnings, "notes": notes}
            )
        )
    else:
        for f in findings:
            click.echo(f.line())
        click.echo(f"{len(scenarios)} scenario(s): {errors} error(s), {warnings} warning(s), {notes} note(s)")
    if errors:
        raise SystemExit(1)


def _lint_text(scenarios: tuple[str, ...], seeds: int, accounts: int, as_json: bool) -> None:
    from sim.analysis.text_lint import lint_text
    from sim.cli.text_views import tui_views
    from sim.scenarios.loader import all_shipped

    if scenarios:
        loaded = [load_scenario(ref) for ref in scenarios]
    else:
        from sim.scenarios.generator import generate

        loaded = all_shipped() + [generate(n) for n in range(1, accounts + 1)]
    report = lint_text(loaded, list(range(1, seeds + 1)), views=tui_views())
    lines = report.lines()
    if as_json:
        click.echo(json.dumps({"games": report.games, "problems": lines}))
    else:
        for line in lines:
            click.echo(line)
        click.echo(f"{len(loaded)} scenario(s), {report.games} games: {len(lines)} text problem(s)")
    if lines:
        raise SystemExit(1)
