"""Balance and par: every bot on every scenario, in parallel, deterministic for a seed.

Games are identified by seeds derived from one seed (`sim.simulate.game_seeds`), split into
chunks and played in worker processes; results are put back in seed order, so the numbers
are the same whatever the number of jobs. The first N seeds of a longer run are the seeds
of a shorter one, which lets the expert (fewer games) be compared game-for-game with the
climber on the very same deals.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine.outcomes import GameOutcome
from sim.engine.records import OUTCOMES

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario

BOT_ORDER = ("random", "reckless", "timid", "climber", "expert")
MARGIN = 10  # points the climber must beat reckless and timid by

Result = tuple[int, GameOutcome, int]  # (score, outcome, weeks) of one game


@dataclass(frozen=True)
class Job:
    ref: str  # a scenario id or path
    bot: str
    seeds: tuple[int, ...]
    first: int  # index of the first seed in the run


RANDOM_PREFIX = "random:"  # a ref `random:SEED` is the account `sim.scenarios.generator.generate(SEED)`


def random_ref(seed: int) -> str:
    return f"{RANDOM_PREFIX}{seed}"


def load_ref(ref: str) -> LoadedScenario:
    """A shipped id, a file, or `random:SEED` (a generated account)."""
    if ref.startswith(RANDOM_PREFIX):
        from sim.scenarios.generator import generate

        return generate(int(ref[len(RANDOM_PREFIX) :]))
    from sim.scenarios.loader import load

    return load(ref)


def play_chunk(job: Job) -> tuple[Job, list[Result]]:
    from sim.analysis.simulate import run_one
    from sim.engine.scoring import total

    loaded = load_ref(job.ref)
    out = []
    for s in job.seeds:
        state = run_one(loaded, job.bot, s)
        out.append(total(state))
        state.close()
    return job, out


def _chunks(ref: str, bot: str, seeds: list[int], size: int) -> list[Job]:
    return [Job(ref, bot, tuple(seeds[i : i + size]), i) for i in range(0, len(seeds), size)]


def run_games(
    plan: list[tuple[str, str, int]], seed: int, jobs: int | None = None, progress: Callable[[int], None] | None = None
) -> dict[tuple[str, str], list[Result]]:
    """Play every (scenario ref, bot, games) of the plan; results per (ref, bot), in seed order."""
    from sim.analysis.simulate import game_seeds

    jobs = max(1, jobs or os.cpu_count() or 1)
    work: list[Job] = []
    for ref, bot, games in plan:
        seeds = game_seeds(seed, games)
        size = 4 if bot == "expert" else max(25, min(250, games // (jobs * 4) or 1))
        work.extend(_chunks(ref, bot, seeds, size))
    # the slow chunks first, so the pool ends together
    work.sort(key=lambda j: (j.bot != "expert", j.ref, j.bot, j.first))
    results: dict[tuple[str, str], dict[int, list[Result]]] = {}

    def take(job: Job, res: list[Result]) -> None:
        results.setdefault((job.ref, job.bot), {})[job.first] = res
        if progress is not None:
            progress(len(res))

    if jobs == 1:
        for job in work:
            take(*play_chunk(job))
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for fut in as_completed([pool.submit(play_chunk, j) for j in work]):
                take(*fut.result())
    return {key: [r for first in sorted(parts) for r in parts[first]] for key, parts in results.items()}


def summarise(results: list[Result]) -> dict[str, Any]:
    n = len(results)
    outcomes: dict[str, int] = {k: 0 for k in OUTCOMES}
    for _, outcome, _ in results:
        outcomes[outcome] += 1
    return {
        "games": n,
        "mean_score": round(sum(r[0] for r in results) / n, 3) if n else 0.0,
        "outcomes": outcomes,
        "mean_weeks": round(sum(r[2] for r in results) / n, 3) if n else 0.0,
    }


def _mean(xs: Iterable[float]) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0


def _variants(scenario: Any) -> tuple[Any, ...]:
    from sim.scenarios.variants import resolve_variants

    return resolve_variants(scenario)


def checks(scenario: Any, bots: dict[str, dict[str, Any]], raw: dict[str, list[Result]]) -> list[dict[str, Any]]:
    """The teaching rules, each with ok and a detail in words."""
    out: list[dict[str, Any]] = []

    def add(rule: str, ok: bool, detail: str) -> None:
        out.append({"rule": rule, "ok": bool(ok), "detail": detail})

    c = bots.get("climber")
    for other in ("reckless", "timid"):
        o = bots.get(other)
        if c is not None and o is not None:
            add(
                f"climber beats {other} by {MARGIN} points",
                c["mean_score"] >= o["mean_score"] + MARGIN,
                f"climber {c['mean_score']:.1f} vs {other} {o['mean_score']:.1f}",
            )
    e = bots.get("expert")
    if c is not None and e is not None:
        n = e["games"]
        climber_same = _mean(r[0] for r in raw["climber"][:n])
        add(
            "expert beats the climber",
            e["mean_score"] > climber_same,
            f"expert {e['mean_score']:.2f} vs climber {climber_same:.2f} on the same {n} deals "
            f"(climber {c['mean_score']:.2f} over {c['games']})",
        )
    dead = not scenario.truth.winnable or any(not v.scenario.truth.winnable for v in _variants(scenario))
    if dead:
        half = scenario.horizon_weeks / 2
        for name in ("climber", "expert"):
            if name not in raw:
                continue
            weeks = [r[2] for r in raw[name] if r[1] == GameOutcome.QUALIFIED_OUT]
            mean = _mean(weeks)
            add(
                f"{name} qualifies out of dead deals before half the horizon",
                bool(weeks) and mean < half,
                f"{name} qualified out in {len(weeks)} of {len(raw[name])} games, at week {mean:.1f} on average "
                f"(half the horizon: {half:g})",
            )
    return out


def balance(
    refs: list[str],
    games: int,
    expert_games: int,
    seed: int,
    jobs: int | None,
    bots: Iterable[str] = BOT_ORDER,
    progress: Callable[[int], None] | None = None,
    suite_games: int = 0,
) -> dict[str, Any]:
    """Every bot on every scenario and the teaching checks; with `suite_games`, also the
    lesson-breaking suite on that many seeds (`sim.analysis.suite`), its checks added."""
    bots = list(bots)
    plan = [(ref, bot, expert_games if bot == "expert" else games) for ref in refs for bot in bots]
    if "expert" in bots and "climber" in bots and expert_games > games:
        raise ValueError("--expert-games cannot exceed --games (the expert is compared on the climber's deals)")
    raw = run_games(plan, seed, jobs, progress)
    suites = run_suites(refs, suite_games, seed, jobs) if suite_games else {}
    scenarios = []
    for ref in refs:
        sc = load_ref(ref).scenario
        per = {bot: raw[(ref, bot)] for bot in bots}
        summary = {bot: summarise(res) for bot, res in per.items()}
        entry: dict[str, Any] = {"id": sc.id, "bots": summary, "checks": checks(sc, summary, per)}
        if ref in suites:
            entry["checks"] += suite_checks(suites[ref])
            entry["suite"] = suites[ref]
        scenarios.append(entry)
    return {
        "seed": seed,
        "games": games,
        "expert_games": expert_games,
        "suite_games": suite_games,
        "scenarios": scenarios,
    }


def _suite_part(ref: str, games: int, seed: int) -> tuple[str, dict[str, Any]]:
    from sim.analysis.suite import run_scenario

    return ref, run_scenario(load_ref(ref), games, seed).to_dict()


def run_suites(refs: list[str], games: int, seed: int, jobs: int | None = None) -> dict[str, dict[str, Any]]:
    """The lesson-breaking suite on every scenario (one worker process per scenario)."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(refs)))
    if jobs == 1:
        return dict(_suite_part(ref, games, seed) for ref in refs)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return dict(pool.map(_suite_part, refs, [games] * len(refs), [seed] * len(refs)))


def suite_checks(suite: dict[str, Any]) -> list[dict[str, Any]]:
    """The suite's three rules as balance checks: every strategy that broke its lesson trails
    the climber; the climber's score varies across seeds; enough variants were drawn."""
    from sim.analysis.suite import GAP, MIN_SD, MIN_VARIANTS

    rows = [r for r in suite["rows"] if r["ok"] is not None]
    behind = [r for r in rows if not r["ok"]]
    gaps = ", ".join(f"{r['strategy']} {r['gap']:.1f}" for r in rows)
    out = [
        {
            "rule": f"every strategy that broke its lesson trails the climber by {GAP} points",
            "ok": not behind,
            "detail": f"gaps over {suite['games']} seeds: {gaps or 'no strategy broke its lesson'}",
        },
        {
            "rule": f"climber's score varies across seeds (sd at least {MIN_SD:g})",
            "ok": suite["climber_sd"] >= MIN_SD,
            "detail": f"sd {suite['climber_sd']:.2f} over {suite['games']} seeds",
        },
    ]
    drawn = suite["variants"] if suite["variant_note"] is None else 0
    out.append(
        {
            "rule": f"at least {MIN_VARIANTS} variants drawn",
            "ok": drawn >= MIN_VARIANTS,
            "detail": f"{suite['variant_note'] or f'{drawn} variants drawn'} in {suite['games']} games",
        }
    )
    return out


def plan_size(refs: list[str], games: int, expert_games: int, bots: Iterable[str] = BOT_ORDER) -> int:
    return sum(expert_games if b == "expert" else games for b in bots) * len(refs)
