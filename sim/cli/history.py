"""`ladder history`: your finished games and personal bests."""

from __future__ import annotations

import click

from sim.cli.common import data_dir_option


@click.command()
@click.option("--name", default=None, help="Whose history (default: $LADDER_NAME or your login).")
@click.option("--limit", default=30, show_default=True, type=click.IntRange(1), help="How many games to list.")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print {"name", "games": [{..., "not_counted"}], "bests": [...], "in_progress": [...]}.',
)
@data_dir_option
def history(name: str | None, limit: int, as_json: bool, data_dir: str | None, database: str | None) -> None:
    """Your finished games, newest first, and your personal best on each scenario."""

    from sim.cli.common import open_store, player_name, shown
    from sim.store.bests import why_not_counted
    from sim.store.text import safe_json

    player = player_name(name)
    with open_store(data_dir, database) as store:
        games = store.games(player=player, limit=limit)
        bests = store.bests(player)
        progress = store.list_progress(player)
    if as_json:
        click.echo(
            safe_json(
                {
                    "name": player,
                    "games": [{**g.summary(), "not_counted": why_not_counted(g)} for g in games],
                    "bests": [g.summary() for g in bests],
                    "in_progress": [
                        {
                            "scenario": p.scenario,
                            "seed": p.seed,
                            "workshop": p.workshop,
                            "actions": len(p.actions),
                            "updated_at": p.updated_at,
                        }
                        for p in progress
                    ],
                },
                indent=2,
            )
        )
        return
    click.echo(f"History of {shown(player)}")
    if not games:
        click.echo("  No finished games yet. Start with `ladder campaign`.")
    else:
        click.echo(
            f"  {'game':>5}  {'finished':<16}  {'scenario':<20} {'score':>5} {'grade':<5} {'outcome':<14} {'weeks':>5}"
        )
        for g in games:
            click.echo(
                f"  {g.id:>5}  {g.finished_at[:16].replace('T', ' '):<16}  {g.scenario:<20} {g.total:>5} "
                f"{g.grade:<5} {g.outcome:<14} {g.weeks:>5}"
                + (f"  workshop {g.workshop}" if g.workshop else "")
                + (f"  {why_not_counted(g)}, not counted" if why_not_counted(g) else "")
            )
    if bests:
        click.echo('\nPersonal bests (your own games: coached, bot and "what if" games never count)')
        for g in bests:
            click.echo(f"  {g.scenario:<20} {g.total:>5} ({g.grade}), {g.outcome} in week {g.weeks}  (game {g.id})")
    if progress:
        click.echo("\nUnfinished (resume with the same `ladder play` command)")
        for p in progress:
            click.echo(
                f"  {p.scenario:<20} seed {p.seed}, {len(p.actions)} actions"
                + (f", workshop {p.workshop}" if p.workshop else "")
                + f", saved {p.updated_at[:16].replace('T', ' ')}"
            )
