"""`ladder campaign`: the self-paced campaign: progress and the next scenario."""

from __future__ import annotations

import click

from sim.cli.common import data_dir_option


@click.command()
@click.option("--name", default=None, help="Whose campaign (default: $LADDER_NAME or your login).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"name", "next", "steps": [{"scenario", "title", "status", "pass_mark", "best", ...}]}.',
)
@data_dir_option
def campaign(name: str | None, as_json: bool, data_dir: str | None, database: str | None) -> None:
    """The self-paced campaign: the tutorial first, each scenario opened by passing the one before.

    A scenario is passed by a game of your own (not coached, not a bot's, not a "what if")
    graded at least its pass mark (C unless the scenario sets another)."""
    import shlex

    from sim.cli.common import open_store, player_name, shown
    from sim.store.campaign import campaign_status, next_scenario
    from sim.store.text import safe_json

    player = player_name(name)
    with open_store(data_dir, database) as store:
        steps = campaign_status(store, player)
    nxt = next_scenario(steps)
    if as_json:
        click.echo(safe_json({"name": player, "next": nxt, "steps": [s.to_dict() for s in steps]}, indent=2))
        return
    click.echo(f"Campaign of {shown(player)}")
    for line in campaign_table([s.to_dict() for s in steps]):
        click.echo(line)
    uncounted = [s for s in steps if s.not_counted]
    if uncounted:
        click.echo(f'\n{heading("not_counted")} (coached, a bot\'s or a "what if": never a best, never a pass):')
        for s in uncounted:
            click.echo(f"  {s.scenario:<18}  {s.not_counted} game{'s' if s.not_counted != 1 else ''}")
    if nxt:
        click.echo(f"\nNext: ladder play {nxt}" + (f" --name {shlex.quote(shown(player))}" if name else ""))
    elif steps:
        click.echo("\nEvery scenario passed. Replay any of them to beat your best.")


# The table's columns: a step's JSON field and its width (the heading is the field's name); the
# titles are left out so a line fits 80 columns, and `not_counted` is listed under the table.
COLUMNS = (("scenario", 18), ("status", 18), ("pass_mark", 9), ("best", 4), ("best_grade", 10), ("games", 5))


def heading(field: str) -> str:
    """A column's heading: the JSON field's name, spaces for underscores."""
    return field.replace("_", " ")


def campaign_table(rows: list[dict[str, object]]) -> list[str]:
    """`ladder campaign`'s table: one line per step, each cell the step's JSON value (blank for none)."""
    from sim.cli.common import shown

    def line(cells: list[str]) -> str:
        return "  " + "  ".join(c.ljust(w) for c, (_, w) in zip(cells, COLUMNS, strict=True)).rstrip()

    out = [line([heading(f) for f, _ in COLUMNS])]
    for row in rows:
        out.append(line(["" if row[f] is None else shown(str(row[f])) for f, _ in COLUMNS]))
    return out
