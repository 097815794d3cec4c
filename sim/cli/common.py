"""Helpers shared by the commands: load a scenario or exit with one clean line."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario
    from sim.store.db import Store

F = TypeVar("F", bound=Callable[..., object])


def fail(message: str, code: int = 1) -> NoReturn:
    click.echo(f"ladder: {message}", err=True)
    raise SystemExit(code)


def load_scenario(ref: str) -> LoadedScenario:
    """A shipped id or a path, or exit 1 with the problems (one line each)."""
    from sim.common.errors import ScenarioError, UnknownScenarioError
    from sim.scenarios.loader import load

    try:
        return load(ref)
    except ScenarioError as exc:
        for line in exc.lines():
            click.echo(line, err=True)
        raise SystemExit(1) from None
    except UnknownScenarioError as exc:
        fail(str(exc))


def scenario_or_random(ref: str | None, random_: bool, seed: int) -> LoadedScenario:
    if random_:
        from sim.scenarios.generator import generate

        return generate(seed)
    if ref is None:
        fail("name a scenario (see `ladder scenarios`) or use --random")
    return load_scenario(ref)


def data_dir_option(f: F) -> F:
    """`--data-dir DIR`: where the results database lives (else $LADDER_DATA_DIR, else the user data folder),
    and `--database URL`: a PostgreSQL database instead (else $LADDER_DATABASE_URL, else SQLite in that folder)."""
    f = click.option(
        "--database",
        "database",
        default=None,
        metavar="URL",
        help="Keep results in PostgreSQL, shared by several hosts: postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
        "(default: $LADDER_DATABASE_URL, else SQLite in the data folder).",
    )(f)
    return click.option(
        "--data-dir",
        "data_dir",
        default=None,
        metavar="DIR",
        type=click.Path(file_okay=False, dir_okay=True, path_type=str),
        help="Folder of the results database (default: $LADDER_DATA_DIR, else your user data folder).",
    )(f)


def open_store(data_dir: str | None, database: str | None = None) -> Store:
    """The results store, or exit 1 with one line naming the file (or the URL, without its password)."""
    from sim.store import Store, StoreError

    try:
        return Store.open(data_dir, database)
    except StoreError as exc:
        fail(str(exc))


def default_player() -> str:
    """`$LADDER_NAME`, else the login name: whose history and campaign to show."""
    import getpass
    import os

    name = os.environ.get("LADDER_NAME")
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # pragma: no cover - no login name at all
        return "player"


def player_name(name: str | None) -> str:
    """`--name` (else `default_player()`) normalised and checked, or exit 1 with one line saying why."""
    import os

    from sim.store.text import check_name

    where = "--name" if name is not None else "$LADDER_NAME" if os.environ.get("LADDER_NAME") else "your login name"
    try:
        return check_name(name if name is not None else default_player())
    except ValueError as exc:
        fail(f"{where}: {exc}")


def shown(text: str) -> str:
    from sim.store.text import shown as _shown

    return _shown(text)


def scenario_ref(ref: str) -> str:
    """How to find a scenario again later: a shipped id as is, a file by its absolute path."""
    import os
    import re

    from sim.scenarios.loader import shipped_dir

    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ref) and (shipped_dir() / f"{ref}.yaml").is_file():
        return ref
    return os.path.abspath(ref) if os.path.isfile(ref) else ref
