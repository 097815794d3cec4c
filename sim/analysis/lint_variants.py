"""`ladder lint` for a scenario with variants: every variant is a whole deal of its own.

Static: the checks of `sim.analysis.lint.static_findings` on each variant's resolved
scenario, a finding shared by several variants said once (naming them when not all).
Search: the deal played with the climber, the random bot and the expert, each game put
under the variant it drew. A winnable variant must be won by some bot (a reachable win); a
dead variant must never be won, and its evidence must be findable: the climber qualifies out
of it (walks away after the evidence) in at least one game. A variant no game drew is a
warning (more games would reach it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.analysis.lint import Finding, static_findings
from sim.engine.outcomes import GameOutcome

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario

SEARCH_BOTS = ("climber", "random", "expert")


def variant_static(loaded: LoadedScenario) -> list[Finding]:
    """The static findings of every variant, each said once."""
    sid = loaded.scenario.id
    names = [v.name for v in loaded.variants]
    found: dict[tuple[str, str, str], list[str]] = {}
    for v in loaded.variants:
        for f in static_findings(v.scenario):
            found.setdefault((f.level, f.where, f.message), []).append(v.name)
    out = []
    for (level, where, message), where_found in found.items():
        if where_found != names:
            message += f" (variant{'s' if len(where_found) > 1 else ''} {', '.join(where_found)})"
        out.append(Finding(level, sid, where, message))
    return out


def variant_search(loaded: LoadedScenario, games: int = 200, expert_games: int = 10, seed: int = 0) -> list[Finding]:
    """Play the deal and judge each variant by the games that drew it."""
    from sim.analysis.simulate import game_seeds, run_one

    sid = loaded.scenario.id
    names = [v.name for v in loaded.variants]
    played = {n: dict.fromkeys(SEARCH_BOTS, 0) for n in names}
    wins = {n: dict.fromkeys(SEARCH_BOTS, 0) for n in names}
    qualified = dict.fromkeys(names, 0)
    for bot, n in (("climber", games), ("random", games * 2), ("expert", expert_games)):
        for s in game_seeds(seed, n):
            state = run_one(loaded, bot, s)
            name = state.variant.name if state.variant is not None else names[0]
            played[name][bot] += 1
            wins[name][bot] += state.outcome == GameOutcome.WON
            if bot == "climber" and state.outcome == GameOutcome.QUALIFIED_OUT:
                qualified[name] += 1
            state.close()
    out = []
    for v in loaded.variants:
        name, where = v.name, f"variants[{v.name}].truth.winnable"
        if not played[name]["climber"]:
            out.append(Finding("warning", sid, f"variants[{name}]", f"never drawn in {games} games: not searched"))
            continue
        summary = ", ".join(f"{b} {wins[name][b]}/{played[name][b]}" for b in SEARCH_BOTS)
        if v.scenario.truth.winnable:
            if not any(wins[name].values()):
                msg = f"says the deal can be won, but no bot ever won it (wins: {summary})"
                out.append(Finding("error", sid, where, msg))
            elif not wins[name]["climber"] and not wins[name]["expert"]:
                out.append(Finding("warning", sid, where, f"only the random bot ever won (wins: {summary})"))
            continue
        if any(wins[name].values()):
            out.append(Finding("error", sid, where, f"says this is a dead deal, but it was won (wins: {summary})"))
        if not qualified[name]:
            msg = (
                f"a dead deal whose evidence the climber never found: it qualified out in none of its "
                f"{played[name]['climber']} games"
            )
            out.append(Finding("error", sid, f"variants[{name}].evidence", msg))
    return out
