"""`ladder scenarios`: list the shipped scenarios."""

from __future__ import annotations

import json

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of {id, title, difficulty, summary}.")
def scenarios(as_json: bool) -> None:
    """List the shipped scenarios."""
    from sim.scenarios.loader import all_shipped

    rows = [
        {
            "id": s.scenario.id,
            "title": s.scenario.title,
            "difficulty": s.scenario.difficulty,
            "summary": " ".join(s.scenario.summary.split()),
        }
        for s in all_shipped()
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    width = max((len(r["id"]) for r in rows), default=2)
    for r in rows:
        click.echo(f"{r['id']:<{width}}  {r['difficulty']:<8}  {r['title']}")
        click.echo(f"{'':<{width}}  {'':<8}  {r['summary']}")
