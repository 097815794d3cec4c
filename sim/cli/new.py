"""`ladder new ID`: write a commented scenario template, ready to check, play and change."""

from __future__ import annotations

from pathlib import Path

import click

from sim.cli.common import fail, shown


@click.command()
@click.argument("scenario_id", metavar="ID")
@click.option(
    "--dir",
    "folder",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write ID.yaml into.",
)
@click.option("--force", is_flag=True, help="Overwrite ID.yaml if it exists.")
def new(scenario_id: str, folder: Path, force: bool) -> None:
    """Write ID.yaml: a small deal (two Key Players, three variants, one of them dead) with every
    section explained in a comment. It validates, plays and balances as it stands; change it a
    section at a time and run `ladder check ID.yaml` after each change. The scenario schema is
    written beside it (scenario.schema.json), which the file's first line names for editors."""
    from sim.common.atomic import write_text_atomic
    from sim.scenarios.schema_doc import FILE_NAME, schema_text
    from sim.scenarios.template import id_problem, template_text

    if (why := id_problem(scenario_id)) is not None:
        fail(shown(why))
    path = folder / f"{scenario_id}.yaml"
    if path.exists() and not force:
        fail(f"{shown(str(path))} already exists (use --force to overwrite it)")
    if not folder.is_dir():
        fail(f"{shown(str(folder))}: no such folder")
    try:
        write_text_atomic(path, template_text(scenario_id, path.name))
    except OSError as exc:
        fail(f"{shown(str(path))}: cannot write it ({exc.strerror or exc})")
    schema = folder / FILE_NAME
    try:
        write_text_atomic(schema, schema_text())  # the current format, so editors check what the game loads
    except OSError as exc:
        fail(f"{shown(str(schema))}: cannot write it ({exc.strerror or exc})")
    click.echo(f"wrote {shown(str(path))} and {shown(str(schema))} (the format, for your editor)")
    click.echo(f"next: ladder check {shown(str(path))}   then: ladder play {shown(str(path))}")
