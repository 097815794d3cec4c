"""The default commitment ladder, the discovery topics, and small helpers over rungs."""

from __future__ import annotations

from dataclasses import dataclass

# Rung 0 is not a commitment at all: something the seller alone does.
SELLER_ONLY = 0
FOLLOW_UP, DEEP_DIVE, INTRODUCTION, STRATEGY, OFFICE_VISIT, REFERENCE_TRIP = 1, 2, 3, 4, 5, 6
CONSENSUS, EVALUATION, CONTRACT = 7, 8, 9
TOP = CONTRACT
RECIPROCAL_FROM = STRATEGY  # rung 4 and up asks the buyer to invest real time
# rungs whose agreement sets something in motion (an introduction, the group, the evaluation, the
# signature): one skipped on the way up stays askable, so no lucky stretch removes it for good
EFFECT_RUNGS = frozenset({INTRODUCTION, CONSENSUS, EVALUATION, CONTRACT})
# what the ladder itself tells every seller: the rungs an economic buyer typically grants (the
# others are a champion's, an evaluator's or a team's to give). Public knowledge, not a player's truth.
BUYER_RUNGS = frozenset({FOLLOW_UP, DEEP_DIVE, OFFICE_VISIT, CONSENSUS, EVALUATION, CONTRACT})
GATED_FROM = CONSENSUS  # rungs 7-9 are never granted by a stretch: only through their gates


@dataclass(frozen=True, slots=True)
class Rung:
    rung: int
    name: str  # as the ladder lists it: "Follow-up meeting"
    ask: str  # what the trainee asks for, in full
    phrase: str  # the rung in running text, with its article: "asked for a follow-up meeting"


DEFAULT_LADDER: tuple[Rung, ...] = (
    Rung(
        0,
        "Send information",
        "offer to send a proposal or more material (you act, they don't)",
        "more information",
    ),
    Rung(1, "Follow-up meeting", "a follow-up meeting with a date on it", "a follow-up meeting"),
    Rung(
        2, "Needs deep-dive", "a deep-dive on their goals, needs and what the problem costs them", "a needs deep-dive"
    ),
    Rung(3, "Introduction", "an introduction to another Key Player", "an introduction"),
    Rung(4, "Strategy session", "an extended strategy session with their team", "a strategy session"),
    Rung(5, "Office visit", "a visit to your office for a demonstration", "an office visit"),
    Rung(6, "Reference trip", "a trip to a reference client with a situation like theirs", "a reference trip"),
    Rung(
        7,
        "Consensus meeting",
        "a meeting of every Key Player with the economic buyer to agree the steps and timing of an evaluation",
        "a consensus meeting",
    ),
    Rung(8, "Formal evaluation", "a formal evaluation with their people and time committed", "a formal evaluation"),
    Rung(9, "Contract", "the signed contract", "the contract"),
)
DEFAULT_PHRASES: dict[str, str] = {r.name: r.phrase for r in DEFAULT_LADDER}  # a rung keeps its phrase by name
# each rung's id in a line key (`sim.engine.voice`): the same whatever a scenario calls the rung
RUNG_KEYS = (
    "send_info",
    "follow_up",
    "deep_dive",
    "introduction",
    "strategy_session",
    "office_visit",
    "reference_trip",
    "consensus",
    "evaluation",
    "contract",
)


def band_of(rung: int) -> str:
    """A rung's band in a line key: small (0-3), reciprocal (4-6) or top (7-9)."""
    return "small" if rung < RECIPROCAL_FROM else "top" if rung >= GATED_FROM else "reciprocal"


TOPICS: dict[str, str] = {
    "goals": "goals and needs",
    "process": "decision process",
    "concerns": "personal concerns",
    "budget": "budget and timing",
}
