"""`ladder par`: compute (or check) the par weeks of each scenario's variants from the expert bot."""

from __future__ import annotations

import json
from typing import Any

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
    "--write", "write", is_flag=True, help="Write each variant's par into the file (only the `par_weeks:` lines)."
)
@click.option("--check", "check", is_flag=True, help="Exit 1 naming any variant whose par differs.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
def par(
    scenarios: tuple[str, ...], games: int, jobs: int | None, seed: int, write: bool, check: bool, as_json: bool
) -> None:
    """Par weeks of each variant of each SCENARIO (default: all shipped) from the expert bot: its
    mean weeks to a win where the variant is winnable, to qualifying out where it is dead. The
    scenario's own par (the one its briefing shows, whatever the variant) is their mean by weight."""
    from sim.analysis.par import expected_par, play_expert, set_pars, variant_pars
    from sim.common.atomic import write_text_atomic
    from sim.scenarios.loader import load

    if write and check:
        fail("--write and --check cannot be used together")
    refs = _refs(scenarios)
    out: list[dict[str, Any]] = []
    differs: list[str] = []
    problems: list[str] = []
    for ref in refs:
        loaded = load(ref)
        sc = loaded.scenario
        if not loaded.variants:
            problems.append(f"{sc.id}: no variants: par is per variant (see docs/AUTHORING.md)")
            continue
        bar = progress_bar(games, f"par {sc.id}")
        if bar is not None:
            with bar:
                played = play_expert(ref, games, seed, jobs, bar.update)
        else:
            played = play_expert(ref, games, seed, jobs)
        rows = variant_pars(loaded, played)
        top = expected_par(loaded, rows)
        for r in rows:
            if r.expert is None:
                problems.append(f"{sc.id}: variant {r.variant}: {r.detail}: no par")
            elif r.expert != r.par_weeks:
                differs.append(
                    f"{sc.id}: variant {r.variant}: par_weeks is {r.par_weeks} but the expert says {r.expert}"
                )
        if top is not None and top != sc.par_weeks:
            differs.append(f"{sc.id}: par_weeks is {sc.par_weeks} but its variants' pars by weight average {top}")
        if write:
            pars = {r.variant: r.expert for r in rows if r.expert is not None}
            with open(loaded.source, encoding="utf-8") as f:
                text = f.read()
            try:
                new = set_pars(text, pars, top)
            except ValueError as exc:
                fail(f"{loaded.source}: {exc}")
            if new != text:
                write_text_atomic(loaded.source, new, keep_mode=True)
        out.append(
            {
                "id": sc.id,
                "file": loaded.source,
                "par_weeks": sc.par_weeks,
                "expert_par": top,
                "variants": [
                    {
                        "name": r.variant,
                        "winnable": r.winnable,
                        "par_weeks": r.par_weeks,
                        "expert_par": r.expert,
                        "detail": r.detail,
                    }
                    for r in rows
                ],
            }
        )
    if as_json:
        click.echo(json.dumps({"games": games, "seed": seed, "scenarios": out}))
    else:
        for s in out:
            click.echo(f"{s['id']}  (par {s['par_weeks']}; its variants' by weight: {s['expert_par']})")
            for v in s["variants"]:
                expert = v["expert_par"] if v["expert_par"] is not None else "-"
                same = v["expert_par"] == v["par_weeks"]
                mark = "" if same else ("  (written)" if write else "  (differs)")
                click.echo(f"  {v['name']:<24} par {v['par_weeks']:>3}  expert {expert:>3}  {v['detail']}{mark}")
    for p in problems:
        click.echo(f"ladder par: {p}", err=True)
    if check and differs:
        for d in differs:
            click.echo(f"ladder par: {d}", err=True)
        raise SystemExit(1)
    if problems:
        raise SystemExit(1)
