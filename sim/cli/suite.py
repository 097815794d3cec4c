"""`ladder balance --suite`: the lesson-breaking strategies against the climber."""

from __future__ import annotations

import json

import click

from sim.cli.common import load_scenario


def run_suite_cli(refs: list[str], games: int, seed: int, as_json: bool) -> None:
    """Print the suite's table (or JSON) and exit 1 naming every failure."""
    from sim.analysis.suite import run_suite, suite_lines

    report = run_suite([load_scenario(ref) for ref in refs], games, seed)
    if as_json:
        click.echo(json.dumps(report))
    else:
        for line in suite_lines(report):
            click.echo(line)
    for failure in report["failures"]:
        click.echo(f"ladder balance --suite: {failure}", err=True)
    if report["failures"]:
        raise SystemExit(1)
