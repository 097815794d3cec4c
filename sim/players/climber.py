"""The climber: the ladder-climbing bot, the sound default the coach explains and the expert
builds on. It sees only the `Observation` and the `LegalActions`."""

from __future__ import annotations

import random

from sim.engine.ladder import BUYER_RUNGS, CONSENSUS, CONTRACT, EVALUATION, INTRODUCTION, RECIPROCAL_FROM
from sim.engine.outcomes import MeetingOutcome
from sim.engine.records import Action, Event, LegalActions, Observation, PlayerView
from sim.players.protocol import TOPIC_ORDER

# An event's `outcome` holds the words; compare against them (one lookup, not one per event).
_EXCUSE, _DECLINED = MeetingOutcome.EXCUSE, MeetingOutcome.DECLINED


class ClimberBot:
    """Climbs one rung at a time, as the signals allow: discovery first, every step dated,
    every Key Player met (and an adversary's concern answered) before the consensus meeting;
    walks away when reciprocal asks keep failing or a door is plainly closed.

    It keeps running counts of the log (excuses, declined big asks) keyed by how much of
    the log it has read, so a turn costs the same in week 20 as in week 1."""

    name = "climber"

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self._seen = 0
        self._last: object = None
        self._excuses: dict[str, int] = {}
        self._declines: dict[tuple[str, int], int] = {}
        self._log_dead = False
        self._tested = False  # an interest test already made in this game

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        players = obs.players
        unresolved = set()
        all_met = True
        tested = unreachable = any_open = False
        by_id = {}
        for p in players:
            by_id[p.id] = p
            sig = p.signals
            if sig:
                if "immovable" in sig or "no budget" in sig or "a dead end" in sig:
                    self._read_log(obs.log)
                    return Action.walk_away()  # a closed door, or no money: the evidence is in
                if "guarded" in sig or "listening" in sig:
                    unresolved.add(p.id)
            if not p.met:
                all_met = False
            if p.granted >= RECIPROCAL_FROM:
                tested = True
            if not p.reachable:
                unreachable = True
            if p.open:
                any_open = True
        if self._read_log(obs.log):
            return Action.walk_away()
        ready = all_met and not unresolved
        meetings = legal.meetings
        if legal.consensus.reason is None and ready and not any_open:
            eb = next((p for p in players if p.signs), None)
            if eb is None or eb.granted < EVALUATION:
                return Action.consensus(EVALUATION)
        evaluated = obs.evaluation_until is not None and obs.week >= obs.evaluation_until
        best_need, best = 0, None
        for pid, o in meetings.items():
            if o.reason is not None:
                continue
            p = by_id[pid]
            need = self._need(p, pid in unresolved, ready, evaluated, tested, unreachable, self.next_rung(p))
            if need > best_need:
                best_need, best = need, p
        if best is None:
            return Action.wait()
        ask = self.next_rung(best)
        if ask is None or (ask == CONSENSUS and not ready) or (best.open and "holding back" in best.signals):
            ask = best.granted if best.granted else 1  # (an open step: date it, do not over-ask)
        if not tested and not self._tested and best.granted >= 1 and best.facts and ask < RECIPROCAL_FROM:
            # test interest early: will anyone here invest their own time? A genuine buyer says
            # "not yet" for free the first time and the planned fallback still lands
            self._tested = True
            return Action("meet", best.id, self._topic(best), RECIPROCAL_FROM, ask, True)
        return Action("meet", best.id, self._topic(best), ask, None, True)

    @staticmethod
    def next_rung(p: PlayerView) -> int | None:
        """The next rung to ask of `p`: one above what they granted, skipping what they said is
        not theirs to give; the top rungs only of the one who signs (and the evaluation is the
        room's to agree, in the consensus meeting)."""
        top = CONTRACT if p.signs else CONSENSUS - 1
        for r in range(p.granted + 1, top + 1):
            if r in p.not_theirs or r == EVALUATION or (p.signs and r not in BUYER_RUNGS):
                continue
            if r == CONTRACT and p.granted < EVALUATION:
                return None  # the contract follows the evaluation
            return r
        return None

    @staticmethod
    def _need(
        p: PlayerView,
        unresolved: bool,
        ready: bool,
        evaluated: bool,
        tested: bool,
        unreachable: bool,
        nxt: int | None,
    ) -> int:
        """How much this player needs a meeting; `nxt` is the next rung to ask of them."""
        if p.open:
            return 95
        granted = p.granted
        holding = p.met and "holding back" in p.signals
        if unresolved and not (holding and any(t == "concerns" for t, _ in p.facts)):
            return 85  # hear the concern; once heard, wait for them as for anyone holding back
        if holding:
            return 0  # not ready for more yet: asking now would only cost their patience
        if p.signs and granted >= EVALUATION:
            return 98 if evaluated else 0
        if p.met and nxt == INTRODUCTION and unreachable:
            return 80
        if not p.met:
            return 78
        if nxt is not None and nxt >= RECIPROCAL_FROM and granted >= 2 and not tested:
            return 79  # test interest early: has anyone here invested their own time yet?
        if p.signs and granted < CONSENSUS:
            # the economic buyer: climb to the consensus meeting once the room is ready for it
            if p.met and nxt == CONSENSUS and not ready:
                return 0
            return 72
        if nxt is not None and nxt < CONSENSUS and granted < 4:
            return 40 - granted
        return 0

    @staticmethod
    def _topic(p: PlayerView) -> str | None:
        known = dict(p.facts)
        if (not p.met or "guarded" in p.signals or "listening" in p.signals) and "concerns" not in known:
            return "concerns"
        for t in TOPIC_ORDER:
            if t not in known:
                return t
        return None

    def _read_log(self, log: tuple[Event, ...]) -> bool:
        """Read the new part of the log; True once two excuses, or two declined big asks, say the deal is dead."""
        n = len(log)
        if n < self._seen or (self._seen and log[self._seen - 1] is not self._last):
            self._reset()  # another game (or another branch of this one): read it afresh
        if not self._log_dead:
            excuses, declines = self._excuses, self._declines
            for i in range(self._seen, n):
                e = log[i]
                if e.player is None:
                    continue
                if e.fallback is not None and e.ask == RECIPROCAL_FROM:
                    self._tested = True  # the log remembers an interest test (the coach's bot is new each move)
                if e.outcome == _EXCUSE:  # only a buyer who was never serious makes excuses
                    excuses[e.player] = excuses.get(e.player, 0) + 1
                    self._log_dead = True
                    break
                elif e.outcome == _DECLINED and e.ask is not None and e.ask >= CONSENSUS:
                    key = (e.player, e.ask)
                    c = declines[key] = declines.get(key, 0) + 1
                    if c >= 2:
                        self._log_dead = True
                        break
        self._seen = n
        self._last = log[n - 1] if n else None
        return self._log_dead
