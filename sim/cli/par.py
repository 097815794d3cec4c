"""`ladder par`: compute (or check) each scenario's par weeks from the expert bot."""

from __future__ import annotations

import json
import os

import click

from sim.cli.balance import _refs, progress_bar
from sim.cli.common import fail


@click.command()
@click.argument("scenarios", nargs=-1)
@click.option(
    "--games", default=100, show_default=True, type=click.IntRange(1, 100_000), help="Expert games per scenario."
)
@click.option("--jobs", "-j", default=None, type=click.IntRange(1, 256), help="Worker processes [default: all cores].")
@click.option("--seed", default=0, show_default=True, type=int)
@click.option(
    "--write", "write", is_flag=True, help="Write the par into each scenario file (only its `par_weeks:` line)."
)
@click.option("--check", "check", is_flag=True, help="Exit 1 naming any scenario whose par differs.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def par(
    scenarios: tuple[str, ...], games: int, jobs: int | None, seed: int, write: bool, check: bool, as_json: bool
) -> None:
    """Par weeks of each SCENARIO (default: all shipped) from the expert bot: its mean weeks
    to a win, or on a dead deal its mean weeks to qualify out."""
    from sim.analysis.balance import par_from, run_games, write_par
    from sim.scenarios.loader import load

    if write and check:
        fail("--write and --check cannot be used together")
    refs = _refs(scenarios)
    jobs = jobs or os.cpu_count() or 1
    bar = progress_bar(games * len(refs), "par")
    plan = [(ref, "expert", games) for ref in refs]
    if bar is not None:
        with bar:
            raw = run_games(plan, seed, jobs, bar.update)
    else:
        raw = run_games(plan, seed, jobs)
    rows, differs, problems = [], [], []
    for ref in refs:
        loaded = load(ref)
        sc = loaded.scenario
        value, how = par_from(raw[(ref, "expert")], sc.truth.winnable)
        row = {"id": sc.id, "file": loaded.source, "par_weeks": sc.par_weeks, "expert_par": value, "detail": how}
        rows.append(row)
        if value is None:
            problems.append(f"{sc.id}: {how}: no par")
            continue
        if value != sc.par_weeks:
            differs.append(row)
            if write:
                write_par(loaded.source, value)
    if as_json:
        click.echo(json.dumps({"games": games, "seed": seed, "scenarios": rows}))
    else:
        for r in rows:
            mark = "" if r["expert_par"] == r["par_weeks"] else ("  (written)" if write else "  (differs)")
            expert = r["expert_par"] if r["expert_par"] is not None else "-"
            click.echo(f"{r['id']:<22} par {r['par_weeks']:>3}  expert {expert:>3}  {r['detail']}{mark}")
    for p in problems:
        click.echo(f"ladder par: {p}", err=True)
    if check and differs:
        for r in differs:
            click.echo(
                f"ladder par: {r['id']}: par_weeks is {r['par_weeks']} but the expert says {r['expert_par']}", err=True
            )
        raise SystemExit(1)
    if problems:
        raise SystemExit(1)
