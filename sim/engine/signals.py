"""Readiness and what a Key Player lets show: the gates on an economic buyer's readiness,
the active blocker, and the signals a trainee reads after each meeting."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sim.engine.archetypes import ARCHETYPES, DISENGAGED
from sim.engine.ladder import CONSENSUS, CONTRACT
from sim.engine.machines import KeyPlayer
from sim.engine.rules import RuleId

if TYPE_CHECKING:
    from sim.engine.state import State

# The ids as plain strings, bound once: reading an enum member off its class costs ~0.1 µs in
# Python 3.11, and a str subclass is hashed and compared through slower slots.
R_ADVERSARY_HAS_EAR = RuleId.ADVERSARY_HAS_EAR.value
R_EVALUATION_RUNNING = RuleId.EVALUATION_RUNNING.value
R_NO_ACTIVE_BLOCKER = RuleId.NO_ACTIVE_BLOCKER.value


OFFICE_LIMIT = 5  # an adversary with the buyer's ear holds the buyer's readiness here


def effective_readiness(st: State, p: KeyPlayer) -> tuple[int, str | None]:
    """Readiness after the gates that are not the player's own mood, and the gate that bit."""
    r = min(p.readiness, p.cap)
    gate = None
    if p.archetype.gates_top_rungs:
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


def active_blocker(st: State) -> KeyPlayer | None:
    """A Key Player actively against the deal (met, or one who blocks unmet)."""
    for q in st.players.values():
        if q.state in q.archetype.blocking and (q.met or q.archetype.blocks_unmet):
            return q
    return None


def signals(st: State, p: KeyPlayer) -> tuple[str, ...]:
    state = p.state
    if state == DISENGAGED:
        return ("has stopped engaging",)
    a = p.archetype
    if a.gates_top_rungs:
        r = effective_readiness(st, p)[0]
    elif not a.shows_readiness_signals:
        r = 0
    else:
        r = min(p.readiness, a.caps[state])
    band = 2 if p.trust >= 2 else 0 if p.trust < 0 else 1
    return signal_words(a.name, state, r, p.granted, band)


@lru_cache(maxsize=4096)
def signal_words(archetype: str, state: str, readiness: int, granted: int, trust_band: int) -> tuple[str, ...]:
    """The signals for (archetype, state, effective readiness, granted, trust band 0/1/2)."""
    a = ARCHETYPES[archetype]
    out: list[str] = []
    if not a.shows_readiness_signals:
        out.append("leaning in")  # they look eager; only a reciprocal ask tells
    else:
        nxt = a.next_rung[granted]
        after = a.next_rung[nxt] if nxt is not None else None
        if nxt is None or readiness < nxt:
            out.append("holding back")
        elif after is not None and readiness >= after:
            out.append("leaning in")
        else:
            out.append("open to a next step")
    word = a.state_signals.get(state)
    if word is not None:
        out.append(word)
    out.append("warm" if trust_band == 2 else "cool" if trust_band == 0 else "polite")
    return tuple(out)
