"""`ladder validate`: check scenario files; every path and problem is printed through `sim.text.shown`."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(paths: tuple[Path, ...]) -> None:
    """Check scenario files (or every *.yaml in a folder). Exit 0 when all are valid; 1 with
    one line per problem, each naming the file."""
    from sim.common.errors import ScenarioError
    from sim.common.text import shown
    from sim.scenarios.loader import load_path

    files: list[Path] = []
    bad = 0
    for p in paths:
        if p.is_dir():
            found = sorted(list(p.glob("*.yaml")) + list(p.glob("*.yml")))
            if not found:
                click.echo(f"{shown(str(p))}: no .yaml files in this folder", err=True)
                bad += 1
            files.extend(found)
        elif p.exists():
            files.append(p)
        else:
            click.echo(f"{shown(str(p))}: no such file or folder", err=True)
            bad += 1
    for f in files:
        try:
            load_path(f)
        except ScenarioError as exc:
            bad += 1
            for line in exc.lines():
                click.echo(shown(line), err=True)
        else:
            click.echo(f"{shown(str(f))}: ok")
    raise SystemExit(1 if bad else 0)
