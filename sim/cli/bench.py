"""`ladder bench`: measure the engine's and the TUI's speed and memory."""

from __future__ import annotations

import click


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print every figure with its target and ok flag as JSON.")
@click.option("--quick", is_flag=True, help="Skip timing a full `ladder balance` run.")
def bench(as_json: bool, quick: bool) -> None:
    """Measure the engine's games per second, a meeting's cost, a transitions trigger
    against a plain dict, `ladder --help`'s wall time, the TUI's first screen against a
    bare Textual app, the TUI's peak memory, and a full `ladder balance`."""
    from sim.analysis.bench import as_json as to_json
    from sim.analysis.bench import run

    rows = run(quick=quick)
    if as_json:
        click.echo(to_json(rows))
        return
    for r in rows:
        value = "-" if r["value"] is None else f"{r['value']:,}" if isinstance(r["value"], int) else f"{r['value']}"
        mark = {True: "ok  ", False: "MISS", None: "    "}[r["ok"]]
        target = f" (target {r['target']})" if r["target"] else ""
        click.echo(f"{mark} {r['name']:<38} {value:>9} {r['unit']:<7}{target}")
        if r["note"]:
            click.echo(f"       {r['note']}")
