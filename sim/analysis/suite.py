"""The lesson-breaking suite: every strategy of `sim.players.strategies` on a scenario for N
seeds (the seeds `ladder simulate` and `ladder balance` use), against the climber.

For each strategy, only the games in which it actually broke its lesson count (decided by
`sim.analysis.breaks` from the actions, never from the debrief). Their mean score is
compared with the climber's mean on the very same seeds; the strategy must trail by at
least `GAP` points. Also checked: the climber's score varies across seeds (standard
deviation at least `MIN_SD`), and at least `MIN_VARIANTS` hidden-truth variants were drawn
(skipped, with a note, while a scenario has no variants)."""

from __future__ import annotations

import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from sim.analysis.breaks import breaks
from sim.analysis.simulate import game_seeds
from sim.engine.scoring import total
from sim.engine.state import State
from sim.players.climber import ClimberBot
from sim.players.protocol import Bot, bot_rng, play
from sim.players.strategies import STRATEGIES
from sim.scenarios.loader import LoadedScenario

GAP = 10  # points a strategy that broke its lesson must trail the climber by
MIN_SD = 3.0  # the climber's score must vary across seeds by at least this much
MIN_VARIANTS = 3  # hidden-truth variants a scenario must draw across the seeds
NO_VARIANTS = "no variants in this scenario yet"


@dataclass(frozen=True, slots=True)
class SuiteRow:
    strategy: str
    lesson: str
    games: int  # games played
    broke: int  # games in which it broke its lesson
    mean: float | None  # its mean score over those games
    climber_mean: float | None  # the climber's mean on the same seeds
    gap: float | None  # climber_mean - mean
    ok: bool | None  # gap >= GAP; None when it never broke its lesson


@dataclass(slots=True)
class ScenarioSuite:
    scenario: str
    games: int
    climber_mean: float
    climber_sd: float
    variants: int
    variant_note: str | None
    rows: list[SuiteRow] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def variant_of(state: State) -> str | None:
    """The name of the hidden-truth variant this game drew, when the engine draws one."""
    variant = getattr(state, "variant", None)
    if variant is None:
        return None
    name = getattr(variant, "name", variant)
    return str(name)


def _play(loaded: LoadedScenario, bot: Bot, seed: int) -> State:
    return play(State(loaded, seed), bot, bot_rng(seed))


def _mean(xs: list[int]) -> float:
    return round(sum(xs) / len(xs), 2)


def run_scenario(
    loaded: LoadedScenario, games: int, seed: int = 0, strategies: list[str] | None = None
) -> ScenarioSuite:
    """Every strategy (default: all) against the climber on `games` seeds of one scenario."""
    seeds = game_seeds(seed, games)
    climber: list[int] = []
    variants: set[str | None] = set()
    for s in seeds:
        state = _play(loaded, ClimberBot(), s)
        climber.append(total(state)[0])
        variants.add(variant_of(state))
        state.close()
    drawn = {v for v in variants if v is not None}
    sd = round(statistics.pstdev(climber), 2) if len(climber) > 1 else 0.0
    out = ScenarioSuite(
        loaded.scenario.id, games, _mean(climber), sd, max(1, len(drawn)), None if drawn else NO_VARIANTS
    )
    for name in strategies or list(STRATEGIES):
        cls = STRATEGIES[name]
        mine: list[int] = []
        theirs: list[int] = []
        for i, s in enumerate(seeds):
            state = _play(loaded, cls(), s)
            if breaks(state).broke[cls.lesson]:
                mine.append(total(state)[0])
                theirs.append(climber[i])
            state.close()
        if mine:
            m, c = _mean(mine), _mean(theirs)
            gap = round(c - m, 2)
            out.rows.append(SuiteRow(name, cls.lesson, games, len(mine), m, c, gap, gap >= GAP))
        else:
            out.rows.append(SuiteRow(name, cls.lesson, games, 0, None, None, None, None))
    sid = out.scenario
    for r in out.rows:
        if r.ok is False:
            out.failures.append(
                f"{sid}: {r.strategy} ({r.lesson}) broke its lesson in {r.broke} of {r.games} games and scored "
                f"{r.mean:.1f} there, against the climber's {r.climber_mean:.1f} (gap {r.gap:.1f}, needs {GAP})"
            )
    if out.climber_sd < MIN_SD:
        out.failures.append(
            f"{sid}: the climber's score varies by a standard deviation of {out.climber_sd:.2f} "
            f"across {games} seeds (needs {MIN_SD:g}): one puzzle, not a new deal each seed"
        )
    if drawn and len(drawn) < MIN_VARIANTS:
        out.failures.append(f"{sid}: only {len(drawn)} variants drawn in {games} games (needs {MIN_VARIANTS})")
    return out


def run_suite(loaded: list[LoadedScenario], games: int, seed: int = 0) -> dict[str, Any]:
    """The suite on every scenario: a JSON-ready report with every failure in words."""
    parts = [run_scenario(sc, games, seed) for sc in loaded]
    return {
        "seed": seed,
        "games": games,
        "gap": GAP,
        "min_sd": MIN_SD,
        "min_variants": MIN_VARIANTS,
        "scenarios": [p.to_dict() for p in parts],
        "failures": [f for p in parts for f in p.failures],
    }


def _num(x: float | None) -> str:
    return "-" if x is None else f"{x:.1f}"


def suite_lines(report: dict[str, Any]) -> list[str]:
    """The suite as a table per scenario, for the terminal."""
    lines: list[str] = []
    for sc in report["scenarios"]:
        note = f" ({sc['variant_note']})" if sc["variant_note"] else ""
        lines.append(
            f"{sc['scenario']}: climber mean {sc['climber_mean']:.1f}, sd {sc['climber_sd']:.2f}, "
            f"variants drawn {sc['variants']}{note}"
        )
        lines.append(f"  {'strategy':<17}{'lesson':<7}{'broke':>8}{'mean':>7}{'climber':>9}{'gap':>7}  ok")
        for r in sc["rows"]:
            ok = "n/a" if r["ok"] is None else ("ok" if r["ok"] else "FAIL")
            broke = f"{r['broke']}/{r['games']}"
            lines.append(
                f"  {r['strategy']:<17}{r['lesson']:<7}{broke:>8}{_num(r['mean']):>7}"
                f"{_num(r['climber_mean']):>9}{_num(r['gap']):>7}  {ok}"
            )
    return lines
