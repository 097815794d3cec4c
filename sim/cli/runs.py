"""`ladder runs`: finished games: list and export runs."""

from __future__ import annotations

import click

from sim.cli.common import data_dir_option


@click.group()
def runs() -> None:
    """Finished games: list them, export one as a run file to replay or share."""


@runs.command("list")
@click.option("--name", default=None, help="Only this player's games.")
@click.option("--workshop", default=None, metavar="CODE", help="Only this workshop's games.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(1))
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
def list_(
    name: str | None, workshop: str | None, limit: int, as_json: bool, data_dir: str | None, database: str | None
) -> None:
    """Finished games, newest first."""

    from sim.cli.common import open_store
    from sim.store import normalise_code
    from sim.store.text import safe_json, width_fit

    with open_store(data_dir, database) as store:
        games = store.games(player=name, workshop=normalise_code(workshop) if workshop else None, limit=limit)
    if as_json:
        click.echo(safe_json([g.summary() for g in games], indent=2))
        return
    if not games:
        click.echo("No finished games yet.")
        return
    click.echo(
        f"{'game':>5}  {'finished':<16}  {'name':<20} {'scenario':<20} {'score':>5} {'outcome':<14} {'weeks':>5}"
    )
    for g in games:
        click.echo(
            f"{g.id:>5}  {g.finished_at[:16].replace('T', ' '):<16}  {width_fit(g.player, 20)} "
            f"{g.scenario:<20} {g.total:>5} {g.outcome:<14} {g.weeks:>5}"
            + (f"  {g.workshop}" if g.workshop else "")
            + ("  coached" if g.coach else "")
        )


@runs.command("export")
@click.argument("game_id", type=int)
@click.option(
    "--output",
    "-o",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write to a file (atomically) instead of stdout.",
)
@data_dir_option
def export(game_id: int, output: str | None, data_dir: str | None, database: str | None) -> None:
    """Print game GAME_ID as a run file (JSON): `ladder runs export 12 > run.json`."""
    from sim.cli.common import fail, open_store
    from sim.store.runs import dump_run, run_from_record

    with open_store(data_dir, database) as store:
        g = store.game(game_id)
        if g is None:
            fail(f"no game {game_id} in {store.where} (see `ladder runs list`)")
    text = dump_run(run_from_record(g))
    if output is None:
        click.echo(text, nl=False)
        return
    from sim.cli.workshop import _write_atomic

    _write_atomic(output, text)
    click.echo(f"Wrote game {game_id} to {output}.", err=True)
