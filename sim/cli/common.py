"""Helpers shared by the commands: load a scenario or exit with one clean line."""

from __future__ import annotations

from typing import Any, NoReturn

import click


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"ladder: {message}", err=True)
    raise SystemExit(code)


def load_scenario(ref: str) -> Any:
    """A shipped id or a path, or exit 1 with the problems (one line each)."""
    from sim.errors import ScenarioError, UnknownScenarioError
    from sim.scenario import load

    try:
        return load(ref)
    except ScenarioError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        raise SystemExit(1) from None
    except UnknownScenarioError as exc:
        fail(str(exc))


def scenario_or_random(ref: str | None, random_: bool, seed: int) -> Any:
    if random_:
        from sim.generator import generate

        return generate(seed)
    if ref is None:
        fail("name a scenario (see `ladder scenarios`) or use --random")
    return load_scenario(ref)
