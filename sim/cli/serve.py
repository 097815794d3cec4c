"""`ladder serve`: the terminal game in a browser (the server itself lives in `sim.web`)."""

from __future__ import annotations

import asyncio
import errno
from typing import TYPE_CHECKING

import click

from sim.cli.common import data_dir_option
from sim.cli.lrs import lrs_options

if TYPE_CHECKING:
    from sim.store.lrs_send import SenderThread


@click.command()
@click.option("--workshop", "workshop", default=None, metavar="CODE", help="Every browser session plays this workshop.")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback needs --allow-remote.",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--max-sessions",
    default=40,
    show_default=True,
    type=click.IntRange(1, 1000),
    help="Games running at once; one more is asked to wait.",
)
@click.option("--allow-remote", is_flag=True, help="Allow a non-loopback --host: anyone who can reach it can play.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Also answer to this host name (repeatable), e.g. the machine's name on the network.",
)
@click.option(
    "--public-url",
    default=None,
    metavar="URL",
    help="The URL browsers use, if not the one they asked for (behind a proxy).",
)
@click.option("--certfile", default=None, metavar="PEM", help="Serve HTTPS with this certificate (chain) file.")
@click.option("--keyfile", default=None, metavar="PEM", help="The certificate's private key, if not in --certfile.")
@click.option(
    "--preload/--no-preload",
    default=True,
    show_default=True,
    help="Fork each game from a warm process that has the game loaded (faster, less memory), "
    "or start each as a fresh process.",
)
@lrs_options
@data_dir_option
def serve(
    workshop: str | None,
    host: str,
    port: int,
    max_sessions: int,
    allow_remote: bool,
    allow_hosts: tuple[str, ...],
    public_url: str | None,
    certfile: str | None,
    keyfile: str | None,
    preload: bool,
    lrs: str | None,
    lrs_home: str | None,
    lrs_emails: str | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """Play in a browser: serve the terminal game over HTTP with textual-serve.

    A trainee opens the address, joins with a name (and, with --workshop CODE, the join code)
    and plays that workshop; only the browser that joined resumes the game. With --workshop the
    server also prints a private facilitator link: the live board, the cohort debrief, the export
    and the room's controls.
    Only requests addressed to the bound address (localhost too, on loopback) or to a
    --allow-host name are answered, so other web sites cannot open games. On start it prints
    the room's addresses and a QR code of the first; --certfile/--keyfile serve HTTPS.
    With --lrs URL (or $LADDER_LRS_URL) every finished game's xAPI statements are queued and
    sent to that Learning Record Store every few seconds by a thread of the server."""
    from sim.cli.common import fail, open_store
    from sim.web.guard import is_loopback
    from sim.web.tls import TLSError, server_context

    try:
        from sim.store import Store
        from sim.web.join import RoomConfig
        from sim.web.server import LadderServer, play_argv
        from sim.web.sessions import LiveSessions
        from sim.web.storeio import StoreWorker
    except ImportError as exc:
        if exc.name is None or exc.name.split(".")[0] not in ("textual_serve", "aiohttp", "aiohttp_jinja2", "jinja2"):
            raise  # not a missing part: a bug, shown as one
        fail(f"{exc.name} is not installed in this build (uv sync installs it)")
    if not is_loopback(host):
        if not allow_remote:
            fail(
                f"--host {host} is not a loopback address: anyone on the network could play and write to the "
                "results; add --allow-remote if that is what you want",
                code=2,
            )
        click.echo(
            f"ladder: warning: serving on {host}:{port} - anyone who can reach this address can join "
            + ("with the workshop's join code " if workshop else "")
            + "and add results; there are no accounts",
            err=True,
        )
    try:
        ssl_context = server_context(certfile, keyfile)
    except TLSError as exc:
        fail(str(exc))
    title = ""
    with open_store(data_dir, database) as store:  # fail now, not in every browser session
        if workshop is not None:
            ws = store.workshop(workshop)
            if ws is None:
                fail(f"no workshop {workshop!r} in {store.where} (see `ladder workshop list`)")
            workshop, title = ws.code, ws.title or f"{ws.scenario}, seed {ws.seed}"
    if database is not None:  # the game processes inherit it: in their environment, not in `ps` as argv
        import os

        from sim.store.dialect import ENV_DATABASE_URL

        os.environ[ENV_DATABASE_URL] = database
    room = RoomConfig(
        workshop,
        title,
        StoreWorker(lambda: Store.open(data_dir, database)),
        LiveSessions(),
        secure=ssl_context is not None,
    )
    code = workshop
    server = LadderServer(
        lambda name: play_argv(code, data_dir, name),
        room=room,
        host=host,
        port=port,
        max_sessions=max_sessions,
        public_url=public_url,
        allow_hosts=allow_hosts,
        ssl_context=ssl_context,
        preload=preload,
    )
    sender = _lrs_sender(lrs, lrs_home, lrs_emails, server.url(), data_dir, database)
    try:
        asyncio.run(server.run(announce=lambda line: click.echo(line)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            fail(f"cannot serve on {host}:{port}: the port is already in use (stop the other server or choose --port)")
        fail(f"cannot serve on {host}:{port}: {exc.strerror or exc}")
    except KeyboardInterrupt:  # a second Ctrl-C while stopping
        raise SystemExit(130) from None
    finally:
        if sender is not None:
            sender.stop()


def _lrs_sender(
    url: str | None, home: str | None, emails: str | None, room_url: str, data_dir: str | None, database: str | None
) -> SenderThread | None:
    """With an LRS: the game processes queue their statements (told so by their environment, as
    they are told the database) and a thread of the server sends them every few seconds."""
    import os

    from sim.cli.lrs import resolve
    from sim.store import Store
    from sim.store.lrs_send import ENV_EMAILS, ENV_HOME, ENV_SENT_BY, ENV_URL, SenderThread

    setup = resolve(url, home, emails, default_home=room_url)
    if setup is None:
        return None
    os.environ[ENV_URL] = setup.lrs.endpoint
    os.environ[ENV_HOME] = setup.who.home
    os.environ[ENV_SENT_BY] = "serve"
    if emails or os.environ.get(ENV_EMAILS):
        os.environ[ENV_EMAILS] = os.path.abspath(emails or os.environ[ENV_EMAILS])
    click.echo(f"Finished games go to the LRS at {setup.lrs.endpoint} (`ladder lrs status`).")
    return SenderThread(lambda: Store.open(data_dir, database), setup.lrs).start()
