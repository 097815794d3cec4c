"""Par per variant (`ladder par`): the expert's mean weeks in each of a scenario's possible
truths: to a win where that truth is winnable, to qualifying out where it is dead.

The expert plays `games` seeds; each game is filed under the variant it drew. A variant the
seeds never drew, or one the expert never finished the right way, has no par (named). The
scenario's own `par_weeks` (the one the briefing shows, whatever the variant) is the mean of
the variants' pars by their weights: how long a strong seller takes on this account, on
average, whichever way it goes. It never depends on the variant a game drew.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass

from sim.scenarios.loader import LoadedScenario

Played = tuple[str | None, str, int]  # (variant, outcome, weeks)


@dataclass(frozen=True)
class VariantPar:
    variant: str
    winnable: bool
    par_weeks: int  # what the file says
    expert: int | None  # what the expert played, rounded
    detail: str


def _play_seeds(ref: str, seeds: tuple[int, ...]) -> list[Played]:
    from sim.analysis.balance import load_ref
    from sim.analysis.simulate import run_one

    loaded = load_ref(ref)
    out: list[Played] = []
    for s in seeds:
        state = run_one(loaded, "expert", s)
        name = state.variant.name if state.variant is not None else None
        out.append((name, str(state.outcome), state.end_week or state.week))
        state.close()
    return out


def play_expert(
    ref: str, games: int, seed: int, jobs: int | None = None, progress: Callable[[int], None] | None = None
) -> list[Played]:
    """The expert on `games` seeds of one scenario (the same seeds whatever `jobs` is)."""
    from sim.analysis.simulate import game_seeds

    seeds = game_seeds(seed, games)
    chunks = [tuple(seeds[i : i + 4]) for i in range(0, len(seeds), 4)]
    jobs = max(1, jobs or os.cpu_count() or 1)
    parts: dict[int, list[Played]] = {}
    if jobs == 1:
        for i, c in enumerate(chunks):
            parts[i] = _play_seeds(ref, c)
            if progress is not None:
                progress(len(c))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futs = {pool.submit(_play_seeds, ref, c): i for i, c in enumerate(chunks)}
            for fut in as_completed(futs):
                parts[futs[fut]] = fut.result()
                if progress is not None:
                    progress(len(parts[futs[fut]]))
    return [r for i in sorted(parts) for r in parts[i]]


def variant_pars(loaded: LoadedScenario, played: list[Played]) -> list[VariantPar]:
    """Each variant's par from the expert's games, beside what the file says."""
    rows = []
    for v in loaded.variants:
        winnable = v.scenario.truth.winnable
        want = "won" if winnable else "qualified_out"
        mine = [(o, w) for name, o, w in played if name == v.name]
        weeks = [w for o, w in mine if o == want]
        if not mine:
            rows.append(VariantPar(v.name, winnable, v.scenario.par_weeks, None, "never drawn by these seeds"))
            continue
        if not weeks:
            verb = "won" if winnable else "qualified out"
            rows.append(VariantPar(v.name, winnable, v.scenario.par_weeks, None, f"the expert never {verb} here"))
            continue
        mean = sum(weeks) / len(weeks)
        detail = f"mean {mean:.2f} weeks to {'win' if winnable else 'qualify out'} over {len(weeks)} of {len(mine)}"
        rows.append(VariantPar(v.name, winnable, v.scenario.par_weeks, int(mean + 0.5), detail))
    return rows


def expected_par(loaded: LoadedScenario, rows: list[VariantPar]) -> int | None:
    """The variants' pars averaged by their weights (None when a variant has no par)."""
    by_name = {r.variant: r.expert for r in rows}
    total = 0.0
    for v in loaded.variants:
        value = by_name.get(v.name)
        if value is None:
            return None
        total += v.weight * value
    weights = sum(v.weight for v in loaded.variants)
    return int(total / weights + 0.5) if weights else None


_TOP = re.compile(r"^(par_weeks:[ \t]*)(\d+)", re.MULTILINE)
_NAME = re.compile(r"^(?P<indent>[ \t]*)- name:[ \t]*(?P<name>[^\s#]+)", re.MULTILINE)


def set_pars(text: str, pars: dict[str, int], top: int | None) -> str:
    """The scenario file's text with each named variant's `par_weeks:` (and the top-level one)
    set; comments and everything else kept. Raises ValueError naming what it cannot find."""
    out = text
    for name, value in pars.items():
        m = next((m for m in _NAME.finditer(out) if m.group("name").strip("'\"") == name), None)
        if m is None:
            raise ValueError(f"no variant named {name!r}")
        nxt = _NAME.search(out, m.end())
        end = nxt.start() if nxt is not None else len(out)
        block = out[m.end() : end]
        p = re.search(r"^([ \t]+par_weeks:[ \t]*)(\d+)", block, re.MULTILINE)
        if p is None:
            raise ValueError(f"variant {name!r} has no `par_weeks:` line")
        start = m.end() + p.start(2)
        out = out[:start] + str(value) + out[m.end() + p.end(2) :]
    if top is not None:
        t = _TOP.search(out)
        if t is None:
            raise ValueError("no top-level `par_weeks:` line")
        out = out[: t.start(2)] + str(top) + out[t.end(2) :]
    return out
