"""The mistakes the cohort debrief counts (`MISTAKES`), each under its lesson, and a game's moments
and events as the engine gives them now (`analyse`: replayed when the scenario file is unchanged,
else the stored score's moments). Shared by the debrief (`sim.store.cohort`) and the lesson marks of
the exports and the report (`sim.store.lesson_marks`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.scenarios.loader import LoadedScenario
    from sim.store.records import GameRecord

# The engine's JSON for a game's moments (`Moment.to_dict`) and events (`Event.to_dict`).
Moments = list[dict[str, Any]]
Events = list[dict[str, Any]] | None
# Loaded scenarios by (reference, digest): None when it cannot be loaded or has changed.
ScenarioCache = dict[tuple[str, str], "LoadedScenario | None"]

EARLY_WEEKS = 3


@dataclass(frozen=True, slots=True)
class Mistake:
    lesson: str
    rule: str
    text: str  # completes "N of M ..."
    first_week: Callable[[Moments, Events], int | None]


def _rule(name: str, *also: str, by: int | None = None, at_least: int = 1) -> Callable[[Moments, Events], int | None]:
    names = {name, *also}

    def find(moments: Moments, events: Events) -> int | None:
        weeks = [m["week"] for m in moments if m["rule"] in names and (by is None or m["week"] <= by)]
        return min(weeks) if len(weeks) >= at_least else None

    return find


def _contract_too_soon(moments: Moments, events: Events) -> int | None:
    """Asked for the contract (rung 9) before a formal evaluation had been agreed."""
    if events is None:
        return None
    evaluation = False
    for e in events:
        if e.get("granted") == 8:
            evaluation = True
        if e.get("kind") in ("meet", "consensus") and e.get("ask") == 9 and not evaluation:
            return int(e["week"])
    return None


MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "L2",
        "over_ask",
        f"over-asked in the first {EARLY_WEEKS} weeks",
        _rule("over_ask", "far_over_ask", by=EARLY_WEEKS),
    ),
    Mistake("L2", "over_ask", "over-asked at least once", _rule("over_ask", "far_over_ask")),
    Mistake("L2", "contract", "asked for the contract before a formal evaluation was agreed", _contract_too_soon),
    Mistake("L2", "disengaged", "pushed a Key Player until they stopped taking calls", _rule("disengaged")),
    Mistake("L3", "continuation", "spent a meeting asking for nothing new (a continuation)", _rule("continuation")),
    Mistake(
        "L3",
        "seller_only_offer",
        "offered to send material instead of asking for a commitment",
        _rule("seller_only_offer"),
    ),
    Mistake(
        "L3",
        "free_help_taken",
        "kept giving free help to a prospect who never invested",
        _rule("free_help_taken", at_least=3),
    ),
    Mistake(
        "L4", "no_discovery", "asked for a commitment at a first meeting without any discovery", _rule("no_discovery")
    ),
    Mistake("L5", "step_left_open", "left an agreed step without a date", _rule("step_left_open")),
    Mistake("L5", "step_evaporated", "lost an agreed step because it had no date", _rule("step_evaporated")),
    Mistake(
        "L6",
        "consensus_before_all_met",
        "called the consensus meeting before meeting every Key Player",
        _rule("consensus_before_all_met"),
    ),
    Mistake(
        "L7",
        "adversary_first_met_in_consensus",
        "met the adversary for the first time in the consensus meeting",
        _rule("adversary_first_met_in_consensus"),
    ),
    Mistake(
        "L7",
        "adversary_concern_unanswered",
        "went to the consensus meeting with the adversary's concern unanswered",
        _rule("adversary_concern_unanswered"),
    ),
    Mistake(
        "L8", "walked_away_winnable", "walked away from a deal that could have been won", _rule("walked_away_winnable")
    ),
    Mistake("L9", "stalled_to_horizon", "let the deal stall to the horizon", _rule("stalled_to_horizon")),
)


def analyse(g: GameRecord, cache: ScenarioCache) -> tuple[Moments, Events]:
    """The game's moments (and events) by replaying it, or from its stored score if that cannot be done."""
    key = (g.scenario_ref or g.scenario, g.digest)
    if key not in cache:
        loaded = None
        try:
            from sim.scenarios.loader import load

            candidate = load(key[0])
            if candidate.matches(g.digest):
                loaded = candidate
        except Exception:  # an unknown or broken scenario: fall back on the stored score
            loaded = None
        cache[key] = loaded
    loaded = cache[key]
    if loaded is not None:
        try:
            from sim.engine.replay import replay

            state = replay(loaded, g.seed, g.actions)
            moments = [m.to_dict() for m in state.score().moments]
            return moments, [e.to_dict() for e in state.events]
        except Exception:  # a run the engine no longer accepts: use what was stored
            pass
    return list(g.score.get("moments", [])), None
