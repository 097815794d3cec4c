"""Readiness and what a Key Player lets show: the gates on an economic buyer's readiness,
the active blocker, and the signals a trainee reads after each meeting."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sim.engine.archetypes import ARCHETYPES, DISENGAGED
from sim.engine.ladder import CONSENSUS, CONTRACT, EVALUATION
from sim.engine.machines import KeyPlayer
from sim.engine.rules import RuleId

if TYPE_CHECKING:
    from sim.engine.state import State

# The ids as plain strings, bound once: reading an enum member off its class costs ~0.1 µs in
# Python 3.11, and a str subclass is hashed and compared through slower slots.
R_ADVERSARY_HAS_EAR = RuleId.ADVERSARY_HAS_EAR.value
R_EVALUATION_RUNNING = RuleId.EVALUATION_RUNNING.value
R_NO_ACTIVE_BLOCKER = RuleId.NO_ACTIVE_BLOCKER.value
R_NO_BUDGET = RuleId.NO_BUDGET.value
R_CONSENSUS_REFUSED = RuleId.CONSENSUS_REFUSED.value
R_EVALUATION_BEFORE_CONSENSUS = RuleId.EVALUATION_BEFORE_CONSENSUS.value
R_CONTRACT_BEFORE_EVALUATION = RuleId.CONTRACT_BEFORE_EVALUATION.value


OFFICE_LIMIT = 5  # an adversary with the buyer's ear holds the buyer's readiness here


def effective_readiness(st: State, p: KeyPlayer) -> tuple[int, str | None]:
    """Readiness after the gates that are not the player's own mood, and the gate that bit."""
    r = min(p.readiness, p.cap)
    gate = None
    if p.archetype.gates_top_rungs:
        if not getattr(st.scenario.truth, "money", True) and r >= CONSENSUS:
            return CONSENSUS - 1, R_NO_BUDGET  # keen, perhaps, but nothing to spend
        for q in st.players.values():
            if q.spec.has_ear_of == p.id and q.state in q.archetype.blocking:
                if r >= CONSENSUS:
                    r, gate = OFFICE_LIMIT, R_ADVERSARY_HAS_EAR
        if r >= CONTRACT:
            if st.evaluation_until is None or st.week < st.evaluation_until:
                r, gate = CONSENSUS, R_EVALUATION_RUNNING
            elif active_blocker(st) is not None:
                r, gate = CONSENSUS, R_NO_ACTIVE_BLOCKER
    return r, gate


def top_gate(st: State, p: KeyPlayer, rung: int) -> tuple[str, str] | None:
    """Why the economic buyer will not grant a top rung (7-9) now: (rule id, what they say is
    missing), or None when every gate is open. These rungs are never granted by a stretch."""
    order = _sequence_gate(st, p, rung)  # an ask out of order is refused as that, money or not
    if order is not None:
        return order
    if not getattr(st.scenario.truth, "money", True):
        return R_NO_BUDGET, "there is no budget for this"
    return None


def _sequence_gate(st: State, p: KeyPlayer, rung: int) -> tuple[str, str] | None:
    if rung == CONSENSUS:
        unmet = [q for q in st.players.values() if q is not p and not q.met and q.state != DISENGAGED]
        if unmet:
            return R_CONSENSUS_REFUSED, "not everyone has met you one-to-one: " + ", ".join(
                f"{st.names[q.id]} ({q.spec.title})" for q in unmet
            )
        against = [q for q in st.players.values() if q.archetype.hostile_in_consensus and q.blocking]
        if against:
            return R_CONSENSUS_REFUSED, f"{st.names[against[0].id]} is still against it"
        return None
    if rung == EVALUATION:
        return None if st.consensus_ready else (R_EVALUATION_BEFORE_CONSENSUS, "the group has not met yet")
    if rung == CONTRACT:
        if st.evaluation_until is None or st.week < st.evaluation_until:
            return R_CONTRACT_BEFORE_EVALUATION, "no formal evaluation has run its course"
        blocker = active_blocker(st)
        if blocker is not None:
            return R_NO_ACTIVE_BLOCKER, f"{st.names[blocker.id]} is still against it"
    return None


def active_blocker(st: State) -> KeyPlayer | None:
    """A Key Player actively against the deal (met, or one who blocks unmet)."""
    for q in st.players.values():
        if q.state in q.archetype.blocking and (q.met or q.archetype.blocks_unmet):
            return q
    return None


def signals(st: State, p: KeyPlayer, stung: bool = False) -> tuple[str, ...]:
    """What `p` lets show, worked out afresh from their state now: one word per dimension,
    never two that disagree (`signal_words`). `stung`: this meeting's ask rebuffed them."""
    if p.state == DISENGAGED:
        return ("has stopped engaging",)
    a = p.archetype
    if a.gates_top_rungs:
        r = effective_readiness(st, p)[0]
    elif not a.shows_readiness_signals:
        r = 0
    else:
        r = min(p.readiness, a.caps[p.state])
    band = 2 if p.trust >= 2 else 0 if p.trust < 0 else 1
    verdict = 0
    if p.told_dead:
        verdict = 1  # what they said shows the deal cannot be won
    elif a.signs_the_deal and "budget" in p.facts and not st.scenario.truth.money:
        verdict = 2  # they said so when asked about budget and timing
    return signal_words(a.name, p.state, r, p.granted, band, verdict, stung)


INTEREST = ("holding back", "open to a next step", "leaning in")
VERDICTS = (None, "a dead end", "no budget")  # when what they said settles it, interest is moot
WARMTH = ("cool", "polite", "warm")
STUNG = "taken aback"  # the mood of a meeting whose ask they rebuffed, in place of their warmth


@lru_cache(maxsize=4096)
def signal_words(
    archetype: str, state: str, readiness: int, granted: int, trust_band: int, verdict: int = 0, stung: bool = False
) -> tuple[str, ...]:
    """The signals for one state of a player, one word per dimension, in this order:
    - interest: holding back / open to a next step / leaning in (readiness against what is
      agreed); or the verdict they gave ("a dead end", "no budget"), which makes it moot.
      Right after a rebuff nobody leans in: at most "open to a next step".
    - stance: the archetype's word for its state (guarded, listening, immovable, ...), if any.
    - mood: warm / polite / cool (trust band 2/1/0), or "taken aback" right after a rebuff."""
    a = ARCHETYPES[archetype]
    out: list[str] = []
    verdict_word = VERDICTS[verdict]
    if verdict_word is not None:
        out.append(verdict_word)
    elif not a.shows_readiness_signals:
        out.append(INTEREST[1] if stung else INTEREST[2])  # they look eager; only a reciprocal ask tells
    else:
        nxt = a.next_rung[granted]
        after = a.next_rung[nxt] if nxt is not None else None
        if nxt is None or readiness < nxt:
            level = 0
        elif after is not None and readiness >= after:
            level = 2
        else:
            level = 1
        out.append(INTEREST[min(level, 1) if stung else level])
    word = a.state_signals.get(state)
    if word is not None:
        out.append(word)
    out.append(STUNG if stung else WARMTH[trust_band])
    return tuple(out)
