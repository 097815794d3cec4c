"""`ladder lrs`: the xAPI statements queued for a Learning Record Store: status, flush, queue.

Also the `--lrs URL` options shared by `play`, `serve` and `workshop` (`lrs_options`) and
`LrsSetup`, what they resolve to.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

import click

from sim.cli.common import data_dir_option

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.store.lrs import Who
    from sim.store.lrs_send import Lrs

F = TypeVar("F", bound=Callable[..., object])


@dataclass(frozen=True, slots=True)
class LrsSetup:
    lrs: Lrs
    who: Who


def lrs_options(f: F) -> F:
    """`--lrs URL`, `--lrs-home URL` and `--lrs-emails CSV` (else $LADDER_LRS_URL, $LADDER_LRS_HOME,
    $LADDER_LRS_EMAILS)."""
    f = click.option(
        "--lrs-emails",
        "lrs_emails",
        default=None,
        metavar="CSV",
        help="A CSV of name,email: those trainees are named by e-mail in the LRS (default: $LADDER_LRS_EMAILS).",
    )(f)
    f = click.option(
        "--lrs-home",
        "lrs_home",
        default=None,
        metavar="URL",
        help="The home page of trainees' xAPI accounts (default: $LADDER_LRS_HOME, else the server's "
        "public URL, else https://commitment-ladder.org).",
    )(f)
    return click.option(
        "--lrs",
        "lrs",
        default=None,
        metavar="URL",
        help="Send each finished game to this xAPI LRS endpoint (default: $LADDER_LRS_URL); credentials "
        "from $LADDER_LRS_USERNAME and $LADDER_LRS_PASSWORD.",
    )(f)


def read_emails(path: str) -> dict[str, str]:
    """name,email rows (a header row is skipped), keyed by the name's `name_key`; exit 1 naming
    the file and line of a bad row."""
    import csv

    from sim.cli.common import fail
    from sim.common.person_names import name_key

    emails: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            for number, row in enumerate(csv.reader(fh), 1):
                if not row or not "".join(row).strip():
                    continue
                if len(row) != 2:
                    fail(f"{path}: line {number}: expected name,email, got {len(row)} fields")
                name, email = row[0].strip(), row[1].strip()
                if number == 1 and email.lower() in ("email", "e-mail", "mail"):
                    continue
                if "@" not in email or any(c.isspace() for c in email) or not name:
                    fail(f"{path}: line {number}: {email!r} is not an e-mail address")
                emails[name_key(name)] = email
    except OSError as exc:
        fail(f"{path}: cannot read the e-mail list: {exc.strerror or exc}")
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text")
    return emails


def resolve(url: str | None, home: str | None, emails: str | None, default_home: str | None = None) -> LrsSetup | None:
    """The LRS and how to name trainees, or None when no LRS is set; exit 1 with one line when
    the URL, the credentials or the e-mail list is bad."""
    import os

    from sim.cli.common import fail
    from sim.store.lrs import Who
    from sim.store.lrs_send import ENV_EMAILS, ENV_HOME, Lrs, LrsConfigError
    from sim.store.xapi import DEFAULT_HOME

    try:
        lrs = Lrs.resolve(url)
    except LrsConfigError as exc:
        fail(str(exc))
    if lrs is None:
        return None
    home = home or os.environ.get(ENV_HOME) or default_home or DEFAULT_HOME
    if not home.startswith(("http://", "https://")):
        fail(f"--lrs-home {home!r}: not an http:// or https:// address")
    path = emails or os.environ.get(ENV_EMAILS)
    return LrsSetup(lrs, Who(home.rstrip("/"), read_emails(path) if path else {}))


def required(url: str | None, home: str | None, emails: str | None) -> LrsSetup:
    """`resolve`, for the commands that need an LRS: exit 1 with one line when none is set."""
    from sim.cli.common import fail

    setup = resolve(url, home, emails)
    if setup is None:
        fail("no LRS: give --lrs URL or set $LADDER_LRS_URL")
    return setup


def queue_and_report(store: Store, game_id: int, setup: LrsSetup, quiet: bool = False) -> None:
    """Queue a recorded game's statements. A game that cannot be turned into statements, or a store
    that fails now, is one line on stderr (unless `quiet`: inside the terminal game); the game
    itself is stored either way."""
    from sim.store import StoreError
    from sim.store.lrs import LrsError, queue_game

    try:
        queue_game(store, game_id, setup.who)
    except (LrsError, StoreError) as exc:
        if not quiet:
            click.echo(f"ladder: game {game_id} not queued for the LRS: {exc}", err=True)


def queue_on_record(store: Store, setup: LrsSetup, quiet: bool = False) -> None:
    """From now on, each game `store` records has its statements queued."""
    store.on_record.append(lambda s, game_id: queue_and_report(s, game_id, setup, quiet))


def sent_by_server() -> bool:
    """True in a game process of `ladder serve`: it queues, the server sends."""
    import os

    from sim.store.lrs_send import ENV_SENT_BY

    return os.environ.get(ENV_SENT_BY) == "serve"


def send_now(store: Store, setup: LrsSetup) -> str:
    """Flush the queue; one line saying what happened."""
    from sim.store.lrs_send import flush

    r = flush(store, setup.lrs)
    line = f"LRS: {r['sent']} statement(s) sent"
    if r["waiting"]:
        line += f", {r['waiting']} kept in the queue for a later try (`ladder lrs flush`)"
    if r["failed"]:
        line += f", {r['failed']} refused"
    return line + (f": {r['error']}" if r["error"] else ".")


@click.group()
def lrs() -> None:
    """The xAPI statements queued for a Learning Record Store (see `--lrs` on play and serve)."""


@lrs.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
@data_dir_option
def status(as_json: bool, data_dir: str | None, database: str | None) -> None:
    """Statements queued, sent and failed; the oldest queued and the last error."""
    from sim.cli.common import open_store
    from sim.common.text import safe_json, shown
    from sim.store.lrs import status as lrs_status

    with open_store(data_dir, database) as store:
        s = lrs_status(store)
    if as_json:
        click.echo(safe_json(s, indent=2))
        return
    click.echo(f"queued: {s['queued']}\nsent:   {s['sent']}\nfailed: {s['failed']}")
    if s["oldest_queued"]:
        click.echo(f"oldest queued: {s['oldest_queued']} (next try {s['next_try']})")
    if s["last_sent"]:
        click.echo(f"last sent: {s['last_sent']}")
    if s["last_error"]:
        click.echo(f"last error: {shown(s['last_error'])}")


@lrs.command("flush")
@click.option("--retry-failed", is_flag=True, help="Also send again the statements the LRS refused before.")
@click.option("--json", "as_json", is_flag=True, help="Print what was sent as JSON.")
@lrs_options
@data_dir_option
def flush_cmd(
    retry_failed: bool,
    as_json: bool,
    lrs: str | None,
    lrs_home: str | None,
    lrs_emails: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Send every queued statement that is due now (exit 1 if some are still waiting)."""
    from sim.cli.common import open_store
    from sim.common.text import safe_json
    from sim.store.lrs import retry_failed as put_back
    from sim.store.lrs_send import flush

    setup = required(lrs, lrs_home, lrs_emails)
    with open_store(data_dir, database) as store:
        if retry_failed:
            put_back(store)
        report = flush(store, setup.lrs, at="9999")  # everything queued, whatever its back-off
    if as_json:
        click.echo(safe_json(report, indent=2))
    else:
        click.echo(f"sent: {report['sent']}, failed: {report['failed']}, still queued: {report['waiting']}")
        if report["error"]:
            click.echo(f"last error: {report['error']}")
    if report["waiting"]:
        raise SystemExit(1)


@lrs.command("queue")
@click.option("--workshop", "workshop", default=None, metavar="CODE", help="Every game of this workshop.")
@click.option("--game", "game_ids", multiple=True, type=int, metavar="ID", help="This game (repeatable).")
@lrs_options
@data_dir_option
def queue_cmd(
    workshop: str | None,
    game_ids: tuple[int, ...],
    lrs: str | None,
    lrs_home: str | None,
    lrs_emails: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Queue the statements of games recorded before an LRS was set (a game already queued is
    skipped), then send them."""
    from sim.cli.common import fail

    if workshop is None and not game_ids:
        fail("name the games: --workshop CODE or --game ID")
    send_games(workshop, game_ids, lrs, lrs_home, lrs_emails, data_dir, database)


def send_games(
    workshop: str | None,
    game_ids: tuple[int, ...],
    lrs: str | None,
    lrs_home: str | None,
    lrs_emails: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Queue these games' statements (a workshop's, and/or by id) unless queued already, then send."""
    from sim.cli.common import fail, open_store

    setup = required(lrs, lrs_home, lrs_emails)
    with open_store(data_dir, database) as store:
        ids = list(game_ids)
        if workshop is not None:
            ws = store.workshop(workshop)
            if ws is None:
                fail(f"no workshop {workshop!r} in {store.where}")
            ids += [g.id for g in store.games(workshop=ws.code, oldest_first=True)]
        for gid in ids:
            if store.game(gid) is None:
                fail(f"no game {gid} in {store.where}")
            queue_and_report(store, gid, setup)
        click.echo(send_now(store, setup))


@click.command("send")
@click.argument("code")
@lrs_options
@data_dir_option
def workshop_send(
    code: str, lrs: str | None, lrs_home: str | None, lrs_emails: str | None, data_dir: str | None, database: str | None
) -> None:
    """Send every game of workshop CODE to the LRS (--lrs URL, else $LADDER_LRS_URL): games played
    before the LRS was set are queued first; none is sent twice."""
    send_games(code, (), lrs, lrs_home, lrs_emails, data_dir, database)
