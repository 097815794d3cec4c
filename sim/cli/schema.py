"""`ladder schema`: the JSON Schema of the scenario format, for editors (printed, or written with -o)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the schema to this file (atomically) instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema (draft 2020-12) of scenario files, generated from the models the
    loader uses. Name it on a scenario's first line so an editor completes and checks fields:

        # yaml-language-server: $schema=./scenario.schema.json
    """
    from sim.scenarios.schema_doc import schema_text

    text = schema_text()
    if output is None:
        click.echo(text, nl=False)
        return
    from sim.cli.common import fail
    from sim.common.atomic import write_text_atomic
    from sim.common.text import shown

    try:
        write_text_atomic(output, text)
    except OSError as exc:
        fail(f"cannot write {shown(str(output))}: {exc.strerror or exc}")
    click.echo(f"wrote {shown(str(output))}")
