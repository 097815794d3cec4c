"""`ladder lint`: what a schema cannot see.

Static checks over the scenario and the archetype machines (who can grant which rung,
who can introduce or reveal whom, which machine states a player can ever reach, dead-end
states), then a search with the engine itself (bots playing the deal) to test the
scenario's claim about whether the deal can be won. A scenario with variants is checked
per variant: each one's static findings, a reachable win for each winnable variant, and for
each dead one evidence the climber finds (it qualifies out).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sim.engine.archetypes import ARCHETYPES
from sim.engine.ladder import CONSENSUS, CONTRACT, EVALUATION, INTRODUCTION

if TYPE_CHECKING:
    from sim.scenarios.schema import CastMember

# conditions that depend only on the scenario (a player's spec), so lint can decide them
_STATIC_CONDITIONS: dict[str, Callable[[CastMember], bool]] = {
    "movable": lambda spec: not spec.unmovable,
    "unmovable": lambda spec: spec.unmovable,
}


@dataclass(frozen=True)
class Finding:
    level: str  # "error", "warning", or "note" (what the scenario itself declares, e.g. a dead deal)
    scenario: str
    where: str  # a field path: cast[cfo].needs_introduction, truth.winnable, ...
    message: str

    def line(self) -> str:
        return f"{self.level}: {self.scenario}: {self.where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"level": self.level, "scenario": self.scenario, "where": self.where, "message": self.message}


def machine_edges(archetype: str, spec: Any = None) -> dict[str, set[str]]:
    """state -> states one trigger can lead to. With a spec, conditions that depend only on
    the spec (movable / unmovable) are decided; every other condition is taken as possible."""
    cfg = ARCHETYPES[archetype].config
    states = list(cfg["states"])
    edges: dict[str, set[str]] = {s: set() for s in states}
    for t in cfg["transitions"]:
        if spec is not None:
            conds = [c for c in t.get("conditions", []) if c in _STATIC_CONDITIONS]
            unless = [c for c in t.get("unless", []) if c in _STATIC_CONDITIONS]
            if not all(_STATIC_CONDITIONS[c](spec) for c in conds) or any(_STATIC_CONDITIONS[c](spec) for c in unless):
                continue
        sources = states if t["source"] == "*" else [t["source"]] if isinstance(t["source"], str) else t["source"]
        for s in sources:
            edges[s].add(t["dest"])
    return edges


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def archetype_findings() -> list[Finding]:
    """Engine-level: a state of an archetype no transition reaches from its initial state."""
    out = []
    for name, a in ARCHETYPES.items():
        unreached = set(a.config["states"]) - reachable(machine_edges(name), a.config["initial"])
        for st in sorted(unreached):
            out.append(
                Finding(
                    "error",
                    f"archetype {name}",
                    f"states.{st}",
                    f"no transition reaches {st!r} from {a.config['initial']!r}",
                )
            )
    return out


def static_findings(sc: Any) -> list[Finding]:
    out: list[Finding] = []
    sid = sc.id

    def add(level: str, where: str, msg: str) -> None:
        out.append(Finding(level, sid, where, msg))

    arch = {c.id: ARCHETYPES[c.archetype] for c in sc.cast}
    winnable = sc.truth.winnable

    # rungs nobody can grant (one-to-one, or the evaluation in the consensus meeting)
    names = {r.rung: r.name for r in sc.rungs}
    for rung in range(1, 10):
        if any(rung in a.group_rungs for a in ARCHETYPES.values()):  # only the room grants it (the evaluation)
            can = any(rung in a.group_rungs for a in arch.values())
        else:
            can = any(rung in a.grants for a in arch.values())
        if not can and winnable:  # a dead deal never gets that far: nobody to grant it is no flaw there
            level = "error" if rung in (CONSENSUS, EVALUATION, CONTRACT) else "warning"
            add(level, f"ladder[{rung}]", f"no Key Player can grant rung {rung} ({names[rung]})")

    # who can meet whom: known at the start, revealed by discovery, introduced (rung 3)
    introducers: dict[str, list[str]] = {}
    revealers: dict[str, list[str]] = {}
    for c in sc.cast:
        for t in c.introduces:
            introducers.setdefault(t, []).append(c.id)
        for t in c.reveals:
            revealers.setdefault(t, []).append(c.id)
        if c.introduces and INTRODUCTION not in arch[c.id].grants:
            add(
                "warning",
                f"cast[{c.id}].introduces",
                f"{c.id} ({c.archetype}) never grants an introduction (rung {INTRODUCTION}), so it introduces nobody",
            )
    for c in sc.cast:
        able = [i for i in introducers.get(c.id, []) if INTRODUCTION in arch[i].grants and i != c.id]
        if c.needs_introduction and not able:
            level = "error" if (arch[c.id].signs_the_deal and winnable) else "warning"
            add(
                level,
                f"cast[{c.id}].needs_introduction",
                f"{c.id} ({c.title}) only meets you after an introduction, and nobody can introduce them"
                + (": the contract can never be signed" if arch[c.id].signs_the_deal else ""),
            )
        if not c.known and not revealers.get(c.id) and not able:
            level = "error" if (arch[c.id].signs_the_deal and winnable) else "warning"
            add(
                level,
                f"cast[{c.id}].known",
                f"{c.id} ({c.title}) is not known at the start and nobody reveals or introduces them: "
                "no path reaches them before the consensus meeting",
            )
        if c.has_ear_of is not None and not arch[c.has_ear_of].signs_the_deal:
            add(
                "warning",
                f"cast[{c.id}].has_ear_of",
                f"{c.has_ear_of} is not the economic buyer, so having their ear changes nothing",
            )

    # machine states a player can never reach, and dead ends they can fall into
    for c in sc.cast:
        a = arch[c.id]
        start = c.initial_state or a.initial
        edges = machine_edges(c.archetype, c)
        seen = reachable(edges, start)
        by_design = not winnable and c.unmovable  # the scenario says so: this is what makes it dead
        why = " (by design: the truth says this deal is dead)" if by_design else ""
        if a.supportive and not (seen & a.supportive):
            level = "error" if (winnable and a.hostile_in_consensus) else "note" if by_design else "warning"
            add(
                level,
                f"cast[{c.id}]",
                f"{c.id} ({c.archetype}) can never come round to the deal "
                f"(no path to {', '.join(sorted(a.supportive))}){why}",
            )
        for st in sorted(seen):
            if st == "disengaged" or st in a.supportive or st not in a.blocking:
                continue
            if not (reachable(edges, st) - {st, "disengaged"}):
                add(
                    "note" if by_design else "warning",
                    f"cast[{c.id}]",
                    f"{c.id} can end in {st!r}, a dead end: blocking, with no way out{why}",
                )
        if c.concern is not None and c.concern.answered_by not in a.grants:
            add(
                "error",
                f"cast[{c.id}].concern.answered_by",
                f"rung {c.concern.answered_by} answers {c.id}'s concern, but a {c.archetype} never grants it",
            )

    # can the consensus meeting ever pass? best case: everyone who can come round does
    best_support = sum(
        c.power
        for c in sc.cast
        if arch[c.id].supportive
        and (reachable(machine_edges(c.archetype, c), c.initial_state or arch[c.id].initial) & arch[c.id].supportive)
    )
    worst_against = sum(c.power for c in sc.cast if arch[c.id].hostile_in_consensus and c.unmovable)
    if winnable and best_support <= worst_against:
        add(
            "error",
            "truth.winnable",
            f"even at best, support ({best_support}) never outweighs the opposition ({worst_against})",
        )
    for c in sc.cast:
        if winnable and arch[c.id].hostile_in_consensus and c.unmovable:
            add(
                "error",
                "truth.winnable",
                f"{c.id} is an unmovable adversary: they will always derail the consensus meeting",
            )
    return out


def search_findings(loaded: Any, games: int = 200, expert_games: int = 10, seed: int = 0) -> list[Finding]:
    """Play the deal (climber, random and expert bots) to test the winnable claim."""
    from sim.analysis.simulate import game_seeds, run_one
    from sim.engine.scoring import total

    sc = loaded.scenario
    wins: dict[str, int] = {}
    played: dict[str, int] = {}
    for bot, n in (("climber", games), ("random", games * 2), ("expert", expert_games)):
        won = 0
        for s in game_seeds(seed, n):
            state = run_one(loaded, bot, s)
            won += total(state)[1] == "won"
            state.close()
        wins[bot], played[bot] = won, n
    summary = ", ".join(f"{b} {wins[b]}/{played[b]}" for b in wins)
    out = []
    if sc.truth.winnable and not any(wins.values()):
        out.append(
            Finding(
                "error", sc.id, "truth.winnable", f"says the deal can be won, but no bot ever won it (wins: {summary})"
            )
        )
    elif sc.truth.winnable and wins["climber"] == 0 and wins["expert"] == 0:
        out.append(Finding("warning", sc.id, "truth.winnable", f"only the random bot ever won (wins: {summary})"))
    if not sc.truth.winnable and any(wins.values()):
        out.append(
            Finding("error", sc.id, "truth.winnable", f"says this is a dead deal, but it was won (wins: {summary})")
        )
    return out


def lint(loaded: Any, search: bool = True, games: int = 200) -> list[Finding]:
    """Every finding for one scenario; a scenario with variants is checked variant by variant
    (`sim.analysis.lint_variants`)."""
    from sim.analysis.lint_mistakes import mistake_findings

    if loaded.variants:
        from sim.analysis.lint_variants import variant_search, variant_static

        findings = variant_static(loaded) + mistake_findings(loaded)
        if search:
            findings += variant_search(loaded, games=games)
        return findings
    findings = static_findings(loaded.scenario) + mistake_findings(loaded)
    if search:
        findings += search_findings(loaded, games=games)
    return findings
