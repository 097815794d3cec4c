"""Did a finished game break a lesson? Decided from the ACTIONS the player took and the
engine's record of the game (events, the hidden truth), never from the debrief's charges or
the rule ids of its moments: the check must be able to catch what the scorer misses.

The per-player readiness at the time of each ask is hidden and not recorded, so the game is
replayed action by action from its scenario and seed, and each action is judged against
the hidden state just BEFORE it:

- L1 skipped a rung: a one-to-one ask, of a rung that player can grant, above the next rung
  they grant above what they had already granted.
- L2 asked too much too early: a one-to-one ask, of a rung that player can grant, above a
  stretch (above the next rung that player grants above their readiness), or the contract
  asked of the room before any evaluation ran.
  Neither counts an ask of a rung the player cannot grant (they say so, at no cost), nor the
  first reciprocal ask made of a player after discovery (a test of interest: a genuine buyer
  says "not yet" for free, a tire-kicker makes an excuse; either is evidence, not a mistake).
- L3 asked too little: a one-to-one ask at or below what that player had already granted,
  unless the meeting dates a step they agreed and left open.
- L4 no plan: a meeting with an ask and no discovery topic, while that player still had a
  topic to learn.
- L5 left a step undated: a step agreed in a meeting held with `schedule` off.
- L6 consensus too early: a consensus meeting called, or the consensus rung asked for,
  while a Key Player (not disengaged) had not been met one-to-one.
- L7 adversary not heard: the same, while an adversary had never been met one-to-one.
- L8 walked away without disqualifying evidence (an excuse for a reciprocal ask, an
  "immovable", "no budget" or "a dead end" signal, a refused top rung, an unmovable concern heard), or never walked
  away from a dead deal.
- L9 stalled: no decision at the horizon.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sim.engine.ladder import CONSENSUS, CONTRACT, RECIPROCAL_FROM, SELLER_ONLY, TOPICS
from sim.engine.outcomes import GameOutcome, MeetingOutcome
from sim.engine.records import Action, Event
from sim.engine.replay import new_game

if TYPE_CHECKING:
    from sim.engine.machines import KeyPlayer
    from sim.engine.state import State

LESSONS = ("L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8", "L9")
_EVIDENCE_SIGNALS = ("immovable", "no budget", "a dead end")  # what a player shows of a dead deal
_WALKED_OUT = (GameOutcome.WALKED_AWAY.value, GameOutcome.QUALIFIED_OUT.value, GameOutcome.WALKED_BLIND.value)


@dataclass(slots=True)
class Breaks:
    """Which lessons a game broke, the first week each broke, and how often."""

    broke: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(LESSONS, False))
    first_week: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(LESSONS, None))
    count: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LESSONS, 0))

    def mark(self, lesson: str, week: int) -> None:
        self.count[lesson] += 1
        if not self.broke[lesson]:
            self.broke[lesson], self.first_week[lesson] = True, week

    @property
    def lessons(self) -> list[str]:
        return [k for k in LESSONS if self.broke[k]]


def deal_winnable(state: State) -> bool:
    """Whether this game's deal could be won (a drawn variant's truth when there is one)."""
    variant = getattr(state, "variant", None)
    found = getattr(variant, "winnable", None)
    if isinstance(found, bool):
        return found
    return bool(state.scenario.truth.winnable)


def is_evidence(event: Event, unmovable: set[str]) -> bool:
    """A sign the trainee saw that the deal may be dead."""
    if event.outcome == MeetingOutcome.EXCUSE or any(s in event.signals for s in _EVIDENCE_SIGNALS):
        return True
    if event.outcome in (MeetingOutcome.DECLINED, MeetingOutcome.REBUFF) and (event.ask or 0) >= CONSENSUS:
        return True
    return event.player in unmovable and any(topic == "concerns" for topic, _ in event.facts)


def _stretch_limit(p: KeyPlayer) -> int:
    """The highest rung an ask of `p` may be before it is more than a stretch."""
    r = min(p.readiness, p.cap)
    nxt = p.archetype.next_rung[r] if r < CONTRACT else None
    return r if nxt is None else nxt


def can_grant(p: KeyPlayer, rung: int) -> bool:
    """Whether `rung` is `p`'s to give (one-to-one, or the room's rungs for the one who signs)."""
    a = p.archetype
    return rung in a.grants or (a.signs_the_deal and rung in a.group_rungs)


def interest_test(p: KeyPlayer, a: Action, rung: int) -> bool:
    """The first reciprocal ask of `p` made after discovery (the meeting's own topic counts:
    it is heard before the ask): a test of interest, answered for free."""
    listened = bool(p.facts) or a.topic is not None
    return rung >= RECIPROCAL_FROM and listened and not p.tested and p.refusals == 0


def _judge_meet(st: State, a: Action, out: Breaks, week: int) -> None:
    p = st.players[a.player or ""]
    ask = a.ask if a.ask is not None else SELLER_ONLY
    if ask > SELLER_ONLY and a.topic is None and any(t not in p.facts for t in TOPICS):
        out.mark("L4", week)
    if ask <= p.granted:
        if not (a.schedule and st.calendar.undated(p.id)):  # not dating their open step
            out.mark("L3", week)
        return
    if not can_grant(p, ask) or interest_test(p, a, ask):
        return
    nxt = p.archetype.next_rung[p.granted]
    if nxt is not None and ask > nxt:
        out.mark("L1", week)
    if ask > _stretch_limit(p):
        out.mark("L2", week)


def _judge_room(st: State, a: Action, out: Breaks, week: int) -> None:
    """The consensus meeting, or the consensus rung asked for: everyone met? the adversary heard?"""
    from sim.engine.archetypes import DISENGAGED

    players = list(st.players.values())
    if any(not q.met and q.state != DISENGAGED for q in players):
        out.mark("L6", week)
    if any(q.archetype.hostile_in_consensus and not q.met for q in players):
        out.mark("L7", week)
    evaluated = st.evaluation_until is not None and st.week >= st.evaluation_until
    if a.kind == "consensus" and a.ask == CONTRACT and not evaluated:
        out.mark("L2", week)


def breaks(state: State) -> Breaks:
    """The lessons the finished game `state` broke (it is replayed from its actions)."""
    out = Breaks()
    st = new_game(state.loaded, state.seed)
    unmovable = {pid for pid, p in st.players.items() if p.spec.unmovable}
    evidence = False
    try:
        for a in state.actions:
            week, before = st.week, len(st.events)
            if a.kind == "meet":
                _judge_meet(st, a, out, week)
                if a.ask == CONSENSUS:
                    _judge_room(st, a, out, week)
            elif a.kind == "consensus":
                _judge_room(st, a, out, week)
            elif a.kind == "walk_away" and not evidence:
                out.mark("L8", week)
            st.apply(a)
            new = st.events[before:]
            if a.kind in ("meet", "consensus") and not a.schedule and any(e.granted is not None for e in new):
                out.mark("L5", week)
            evidence = evidence or any(is_evidence(e, unmovable) for e in new)
    finally:
        st.close()
    end = state.end_week if state.end_week is not None else state.week
    if not deal_winnable(state) and state.outcome not in _WALKED_OUT:
        out.mark("L8", end)
    if state.outcome == GameOutcome.NO_DECISION.value:
        out.mark("L9", end)
    return out
