"""`ladder workshop`: run a workshop: codes, leaderboard, cohort debrief."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from sim.cli.common import data_dir_option
from sim.cli.lrs import workshop_send

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.store.records import BoardRow, Workshop


@click.group()
def workshop() -> None:
    """Run a workshop: one scenario and seed for the whole room.

    \b
    1. ladder workshop new --scenario consensus-meeting --seed 42 --title "Cohort 7"
    2. participants: ladder play --workshop CODE --name "Your Name"
    3. ladder workshop board CODE --watch       (project it while they play)
    4. ladder workshop debrief CODE             (the cohort view, after)
    5. ladder workshop export CODE --excel -o results.csv   (or --format json)
    6. ladder workshop report CODE -o report.html          (one file to e-mail)
    """


@workshop.command("new")
@click.option("--scenario", "scenario", required=True, help="A shipped scenario id or a scenario file.")
@click.option("--seed", required=True, type=int, help="The seed everyone plays.")
@click.option("--title", default=None, help="A title shown on the board and the debrief.")
@click.option("--json", "as_json", is_flag=True, help='Print {"code": ...} (and the workshop) as JSON.')
@data_dir_option
def new(scenario: str, seed: int, title: str | None, as_json: bool, data_dir: str | None, database: str | None) -> None:
    """Create a workshop and print its short code."""

    from sim.cli.common import fail, load_scenario, open_store, scenario_ref
    from sim.store import StoreError, new_code
    from sim.store.errors import StoreConflictError
    from sim.store.text import safe_json

    if title is not None and len(title) > 120:
        raise click.BadParameter(f"a title is at most 120 characters (this one has {len(title)})", param_hint="--title")
    loaded = load_scenario(scenario)
    with open_store(data_dir, database) as store:
        for _ in range(20):
            try:
                ws = store.create_workshop(
                    new_code(), loaded.scenario.id, scenario_ref(scenario), loaded.digest, seed, title
                )
                break
            except StoreConflictError:  # pragma: no cover - the code is taken already: draw another
                continue
            except StoreError as exc:
                fail(str(exc))
        else:  # pragma: no cover - 31**6 codes
            fail("could not find a free workshop code; try again")
    if as_json:
        click.echo(safe_json({"code": ws.code, **ws.to_dict()}))
        return
    from sim.cli.common import shown

    click.echo(ws.code)
    click.echo(
        f"Workshop {ws.code}: {loaded.scenario.title} ({loaded.scenario.id}), seed {seed}"
        + (f', "{shown(title)}"' if title else "")
        + ".",
        err=True,
    )
    click.echo(
        f"Serve it to the room's browsers: ladder serve --workshop {ws.code} --host 0.0.0.0 --allow-remote", err=True
    )
    click.echo(f'Or, on this machine: ladder play --workshop {ws.code} --name "Their Name"', err=True)


def _workshop(store: Store, code: str) -> Workshop:
    from sim.cli.common import fail

    ws = store.workshop(code)
    if ws is None:
        fail(
            f"no workshop {code!r} in {store.where} "
            "(see the code `ladder workshop new` printed, or check --data-dir or --database)"
        )
    return ws


@workshop.command("list")
@click.option("--json", "as_json", is_flag=True)
@data_dir_option
def list_(as_json: bool, data_dir: str | None, database: str | None) -> None:
    """The workshops in this data folder, newest first."""

    from sim.cli.common import open_store, shown
    from sim.store.text import safe_json

    with open_store(data_dir, database) as store:
        listed = [(w, store.count_games(w.code)) for w in store.workshops()]
    if as_json:
        click.echo(safe_json([{**w.to_dict(), "games": n} for w, n in listed], indent=2))
        return
    for w, n in listed:
        click.echo(
            f"{w.code}  {w.scenario:<20} seed {w.seed:<8} {n:>4} games  {w.created_at[:16]}  {shown(w.title or '')}"
        )


def board_text(ws: Workshop, rows: list[BoardRow], top: int | None = None) -> str:
    from sim.store.text import shown, width_fit

    head = f"Workshop {ws.code}: {ws.scenario}, seed {ws.seed}" + (f" - {shown(ws.title)}" if ws.title else "")
    lines = [head, "=" * min(88, len(head)), ""]
    if not rows:
        lines.append(f"No results yet. Trainees join with the code {ws.code} at the address `ladder serve` prints.")
        return "\n".join(lines)
    lines.append(f"{'#':>3}  {'name':<28} {'score':>5}  {'grade':<5} {'outcome':<14} {'weeks':>5}  {'games':>5}")
    for r in rows[:top]:
        marks = ("  bot" if r["bot"] else "") + ("  coached" if r["coached"] else "")
        rank = "-" if r["rank"] is None else str(r["rank"])
        lines.append(
            f"{rank:>3}  {width_fit(r['name'], 28)} {r['score']:>5}  {r['grade']:<5} "
            f"{r['outcome']:<14} {r['weeks']:>5}  {r['games']:>5}" + marks
        )
    shown_rows = len(rows[:top])
    lines += [
        "",
        f"{len(rows)} participant{'s' if len(rows) != 1 else ''}"
        + (f", top {shown_rows} shown." if shown_rows < len(rows) else "."),
    ]
    if any(r["bot"] and r["rank"] is None for r in rows):
        lines.append("Bots are marked and not ranked (--bots ranks them).")
    return "\n".join(lines)


@workshop.command("board")
@click.argument("code")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help='Print a JSON list of {"rank", "name", "score", "grade", "outcome", "weeks", ...}.',
)
@click.option("--top", default=None, type=click.IntRange(1), metavar="N", help="Only the first N rows.")
@click.option("--bots", "include_bots", is_flag=True, help="Rank bots' games with the trainees' (marked either way).")
@click.option("--watch", is_flag=True, help="Refresh every second until Ctrl-C.")
@click.option(
    "--interval",
    default=1.0,
    type=click.FloatRange(0.1, 60),
    show_default=True,
    help="Seconds between refreshes with --watch.",
)
@click.option("--refreshes", default=None, type=click.IntRange(1), hidden=True)
@data_dir_option
def board(
    code: str,
    top: int | None,
    include_bots: bool,
    as_json: bool,
    watch: bool,
    interval: float,
    refreshes: int | None,
    data_dir: str | None,
    database: str | None,
) -> None:
    """The leaderboard of workshop CODE: each participant's best game."""

    import time

    from sim.cli.common import fail, open_store
    from sim.store import StoreError
    from sim.store.text import safe_json

    with open_store(data_dir, database) as store:
        ws = _workshop(store, code)
        if not watch:
            rows = store.board(ws.code, include_bots)
            click.echo(safe_json(rows[:top], indent=2) if as_json else board_text(ws, rows, top))
            return
        shown_times = 0
        last = None
        try:
            while True:
                try:
                    rows = store.board(ws.code, include_bots)
                except StoreError as exc:
                    fail(str(exc))
                text = safe_json(rows[:top]) if as_json else board_text(ws, rows, top)
                if text != last:
                    if not as_json:
                        click.clear()
                    click.echo(text)
                    if not as_json:
                        click.echo(f"\n(updated {time.strftime('%H:%M:%S')}; Ctrl-C to stop)")
                    last = text
                shown_times += 1
                if refreshes is not None and shown_times >= refreshes:
                    return
                time.sleep(interval)
        except KeyboardInterrupt:
            click.echo("")
            return


@workshop.command("export")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True)
@click.option(
    "--excel",
    is_flag=True,
    help="CSV for a spreadsheet: a byte order mark, times in UTC it reads as dates, outcomes in words, "
    "yes/no, a bot column and a column per lesson.",
)
@click.option(
    "--output",
    "-o",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write to a file (atomically) instead of stdout.",
)
@data_dir_option
def export(code: str, fmt: str, excel: bool, output: str | None, data_dir: str | None, database: str | None) -> None:
    """Every game of workshop CODE, oldest first (CSV cells that look like formulas get a leading ')."""
    from sim.cli.common import open_store
    from sim.store.export import export_csv, export_excel_csv, export_json

    if excel and fmt != "csv":
        raise click.BadParameter("--excel writes CSV; leave out --format json", param_hint="--excel")
    with open_store(data_dir, database) as store:
        ws = _workshop(store, code)
        games = store.games(workshop=ws.code, oldest_first=True)
    if fmt == "json":
        text = export_json(ws, games)
    else:
        text = export_excel_csv(games) if excel else export_csv(games)
    if output is None:
        click.echo(text.encode("utf-8"), nl=False)  # bytes: the CSV's line ends and mark go out as written
        return
    _write_atomic(output, text)
    click.echo(f"Wrote {len(games)} games to {output}.", err=True)


@workshop.command("report")
@click.argument("code")
@click.option(
    "--output",
    "-o",
    default=None,
    type=click.Path(dir_okay=False, path_type=str),
    help="Write the HTML to a file (atomically) instead of stdout.",
)
@click.option(
    "--names/--no-names",
    default=True,
    show_default=True,
    help="Name the participants, or number them (for a report sent beyond the room).",
)
@data_dir_option
def report(code: str, output: str | None, names: bool, data_dir: str | None, database: str | None) -> None:
    """A one-file HTML report of workshop CODE to e-mail: outcomes, charts, mistakes by lesson, every participant.

    No external files: the style and the charts (SVG) are inside the page.
    """
    from sim.cli.common import open_store
    from sim.store.report import report_html

    with open_store(data_dir, database) as store:
        ws = _workshop(store, code)
        games = store.games(workshop=ws.code, oldest_first=True)
    html = report_html(ws, games, names=names)
    if output is None:
        click.echo(html.encode("utf-8"), nl=False)
        return
    _write_atomic(output, html)
    click.echo(f"Wrote the report of {ws.code} ({len(games)} games) to {output}.", err=True)


def _write_atomic(path: str, text: str) -> None:
    from sim.cli.common import fail
    from sim.common.atomic import write_text_atomic

    try:
        write_text_atomic(path, text)
    except OSError as exc:
        fail(f"{path}: cannot write: {exc.strerror or exc}")


@workshop.command("debrief")
@click.argument("code")
@click.option("--json", "as_json", is_flag=True, help="Print the cohort debrief as JSON.")
@click.option("--ascii", "ascii_", is_flag=True, help="Draw the chart with # instead of blocks.")
@data_dir_option
def debrief(code: str, as_json: bool, ascii_: bool, data_dir: str | None, database: str | None) -> None:
    """The cohort view to project: outcome mix, score chart, common mistakes, fastest win."""

    import sys

    from sim.cli.common import open_store, shown
    from sim.store.cohort import cohort, render
    from sim.store.text import safe_json

    with open_store(data_dir, database) as store:
        ws = _workshop(store, code)
        games = store.games(workshop=ws.code, oldest_first=True)
    data = cohort(games)
    if as_json:
        click.echo(safe_json({"workshop": ws.to_dict(), **data}, indent=2))
        return
    char = "#" if ascii_ else "█"
    if char != "#":
        try:
            char.encode(sys.stdout.encoding or "ascii")
        except (UnicodeEncodeError, LookupError):
            char = "#"
    title = f"Cohort debrief: workshop {ws.code}, {ws.scenario}, seed {ws.seed}" + (
        f" - {shown(ws.title)}" if ws.title else ""
    )
    click.echo(render(data, title, char))


workshop.add_command(workshop_send)  # `ladder workshop send CODE --lrs URL` (sim.cli.lrs)
