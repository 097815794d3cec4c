"""`ladder campaign`: the self-paced campaign: progress and the next scenario."""

from __future__ import annotations

import click

from sim.cli.common import data_dir_option


@click.command()
@click.option("--name", default=None, help="Whose campaign (default: $LADDER_NAME or your login).")
@click.option(
    "--json", "as_json", is_flag=True, help='Print {"name", "next", "steps": [{"scenario", "status", "best", ...}]}.'
)
@data_dir_option
def campaign(name: str | None, as_json: bool, data_dir: str | None, database: str | None) -> None:
    """The self-paced campaign: the tutorial first, each scenario unlocked by finishing the one before."""
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
    for i, s in enumerate(steps, 1):
        mark = {"finished": "done", "unlocked": "open", "locked": "locked"}[s.status]
        best = (
            f"best {s.best} ({s.best_grade}) in {s.games} game{'s' if s.games != 1 else ''}"
            if s.best is not None
            else ""
        )
        click.echo(f"  {i}. {s.scenario:<20} {mark:<7} {s.title:<34} {best}")
    if nxt:
        click.echo(f"\nNext: ladder play {nxt}" + (f" --name {shlex.quote(shown(player))}" if name else ""))
    elif steps:
        click.echo("\nEvery scenario finished. Replay any of them to beat your best.")
