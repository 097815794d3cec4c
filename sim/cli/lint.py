"""`ladder lint`: find what a schema cannot see: unwinnable deals, dead ends."""

from __future__ import annotations

import json

import click

from sim.cli.common import load_scenario


@click.command()
@click.argument("scenarios", nargs=-1, required=True)
@click.option("--no-search", is_flag=True, help="Only the static checks; do not play the deal.")
@click.option(
    "--games",
    default=200,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Climber games in the search (random: twice as many).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
def lint(scenarios: tuple[str, ...], no_search: bool, games: int, as_json: bool) -> None:
    """Find what a schema cannot see in SCENARIO (a shipped id or a file): a deal that cannot
    be won (or a dead deal that can), players no path reaches, rungs nobody can grant,
    machine states never reached, dead ends. Exits 1 on any error."""
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
