"""`ladder bench`: measure the engine's and the TUI's speed and memory, and what a browser session costs."""

from __future__ import annotations

from typing import Any

import click


def _print(rows: list[dict[str, Any]]) -> None:
    for r in rows:
        value = "-" if r["value"] is None else f"{r['value']:,}" if isinstance(r["value"], int) else f"{r['value']}"
        mark = {True: "ok  ", False: "MISS", None: "    "}[r["ok"]]
        target = f" (target {r['target']})" if r["target"] else ""
        click.echo(f"{mark} {r['name']:<38} {value:>9} {r['unit']:<7}{target}")
        if r["note"]:
            click.echo(f"       {r['note']}")


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print every figure with its target and ok flag as JSON.")
@click.option("--quick", is_flag=True, help="Skip timing a full `ladder balance` run.")
@click.option(
    "--sessions",
    type=click.IntRange(1, 1000),
    is_flag=False,
    flag_value=100,
    default=None,
    metavar="[N]",
    help="Also measure browser sessions (`ladder serve`): first screen against a cold terminal start, "
    "spawned and forked, memory per session and N sessions at once (default 100).",
)
@click.option("--only-sessions", is_flag=True, help="With --sessions: measure only the browser sessions.")
def bench(as_json: bool, quick: bool, sessions: int | None, only_sessions: bool) -> None:
    """Measure the engine's games per second, a meeting's cost, a transitions trigger
    against a plain dict, `ladder --help`'s wall time, the TUI's first screen against a
    bare Textual app, the TUI's peak memory, and a full `ladder balance`; with --sessions,
    what a browser session costs."""
    from sim.analysis.bench import as_json as to_json
    from sim.analysis.bench import run

    rows = [] if only_sessions and sessions else run(quick=quick)
    if sessions:
        from sim.web.bench_sessions import run as run_sessions

        rows += run_sessions(sessions)
    if as_json:
        click.echo(to_json(rows))
        return
    _print(rows)
