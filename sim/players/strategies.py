"""Lesson-breaking strategies: bots that each break one lesson of the game (L1..L9,
docs/BOTS.md and the design's lesson table) and otherwise play like the climber.

They are written only against the bot protocol: each sees the `Observation` and the
`LegalActions`, never the hidden state. `sim.analysis.breaks` decides from a finished game
whether a strategy really broke its lesson; `sim.analysis.suite` compares their scores with
the climber's. They are not in `BOTS` (the default balance set): look them up in
`STRATEGIES`, or by name through `make_strategy`.
"""

from __future__ import annotations

import random
from dataclasses import replace

from sim.engine.ladder import CONSENSUS, CONTRACT, EVALUATION, FOLLOW_UP
from sim.engine.records import Action, LegalActions, Observation, PlayerOptions, PlayerView
from sim.players.climber import ClimberBot
from sim.players.protocol import TOPIC_ORDER, Bot


def economic_buyer(obs: Observation) -> str | None:
    """The Key Player known to sign (learned by asking anyone about the decision process)."""
    return next((p.id for p in obs.players if p.signs), None)


def next_topic(view: PlayerView) -> str | None:
    known = dict(view.facts)
    return next((t for t in TOPIC_ORDER if t not in known), None)


def small_step(obs: Observation, legal: LegalActions) -> Action:
    """A harmless meeting (the next rung above what was agreed, with discovery), else a wait."""
    meetable = legal.meetable
    if not meetable:
        return Action.wait()
    pid = min(meetable, key=lambda p: (obs.player(p).met_count, p))
    view = obs.player(pid)
    ask = ClimberBot.next_rung(view) or view.granted or FOLLOW_UP
    return Action.meet(pid, ask, topic=next_topic(view))


class Strategy:
    """A climber whose actions a subclass bends (`adjust`) to break its lesson."""

    name = "strategy"
    lesson = "L0"
    summary = ""

    def __init__(self) -> None:
        self.climber = ClimberBot()

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        return self.adjust(self.climber.step(obs, legal, rng), obs, legal)

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        return action


class WalkAwayBlind(Strategy):
    name, lesson = "walk-away-blind", "L8"
    summary = "walks away in week 1, before learning anything"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        return Action.walk_away()


class FarmThenWalk(Strategy):
    name, lesson = "farm-then-walk", "L8"
    summary = "takes small, safe asks (follow-ups) for a few meetings, then walks away"
    MEETINGS = 4

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        meetings = sum(1 for e in obs.log if e.kind == "meet")
        if meetings >= self.MEETINGS or not legal.meetable:
            return Action.walk_away()
        pid = min(legal.meetable, key=lambda p: (obs.player(p).met_count, p))
        return Action.meet(pid, FOLLOW_UP, topic=next_topic(obs.player(pid)))


class BiggestAsk(Strategy):
    name, lesson = "biggest-ask", "L2"
    summary = "always asks for the biggest rung not yet refused as not theirs, with the climber's ask as the fallback"

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if action.kind == "consensus":
            return Action.consensus(CONTRACT, fallback=EVALUATION, schedule=action.schedule)
        if action.kind != "meet" or action.player is None or action.ask is None:
            return action
        view = obs.player(action.player)
        # every rung can be asked of anyone: this one asks for the most they have not said is not theirs
        top = max((r for r in range(FOLLOW_UP, CONTRACT + 1) if r not in view.not_theirs), default=action.ask)
        if top <= action.ask:
            return action
        return replace(action, ask=top, fallback=action.ask)


class SkipRung(Strategy):
    name, lesson = "skip-rung", "L1"
    summary = "asks one rung beyond the climber's ask (below the consensus meeting), the climber's ask as the fallback"

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if action.kind != "meet" or action.player is None or action.ask is None or action.ask == 0:
            return action
        higher = action.ask + 1
        if higher >= CONSENSUS:
            return action  # the top rungs are the room's and the evaluation's: climb those as the climber does
        return replace(action, ask=higher, fallback=action.ask)


class NoDiscovery(Strategy):
    name, lesson = "no-discovery", "L4"
    summary = "climbs like the climber but never plans a call: no discovery topic, no fallback"

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if action.kind == "meet":
            return replace(action, topic=None, fallback=None)
        return action


class NeverSchedule(Strategy):
    name, lesson = "never-schedule", "L5"
    summary = "climbs like the climber but never puts the next step on the calendar"

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if action.kind in ("meet", "consensus"):
            return replace(action, schedule=False)
        return action


def _blind(obs: Observation, legal: LegalActions, hide: set[str]) -> tuple[Observation, LegalActions]:
    """The observation and options without the players in `hide` (a climber that ignores them)."""
    if not hide:
        return obs, legal
    players = tuple(p for p in obs.players if p.id not in hide)
    meetings: dict[str, PlayerOptions] = {pid: o for pid, o in legal.meetings.items() if pid not in hide}
    return replace(obs, players=players), replace(legal, meetings=meetings)


class EarlyConsensus(Strategy):
    name, lesson = "early-consensus", "L6"
    summary = "once the economic buyer can be met, climbs only with them and calls the consensus meeting at once"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        eb = economic_buyer(obs)
        if eb is None or not obs.player(eb).reachable:
            return self.climber.step(obs, legal, rng)
        hide = {p.id for p in obs.players if p.id != eb}
        seen, options = _blind(obs, legal, hide)
        return self.climber.step(seen, options, rng)


class SkipAdversary(Strategy):
    name, lesson = "skip-adversary", "L7"
    summary = "never meets one-to-one anyone revealed later in the deal but the economic buyer (the likely adversary)"

    def __init__(self) -> None:
        super().__init__()
        self.first: frozenset[str] | None = None

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        if self.first is None or not obs.log:
            self.first = frozenset(p.id for p in obs.players)
        eb = economic_buyer(obs)
        hide = {p.id for p in obs.players if p.id not in self.first and p.id != eb and not p.met}
        seen, options = _blind(obs, legal, hide)
        return self.climber.step(seen, options, rng)


class NeverWalk(Strategy):
    name, lesson = "never-walk", "L8"
    summary = "climbs like the climber but never walks away: keeps meeting instead"

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if action.kind == "walk_away":
            return small_step(obs, legal)
        return action


class WaitItOut(Strategy):
    name, lesson = "wait-it-out", "L9"
    summary = "meets each Key Player it knows once, then waits for the deal to come to it"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        for pid in legal.meetable:
            view = obs.player(pid)
            if not view.met:
                return Action.meet(pid, FOLLOW_UP, topic=next_topic(view))
        return Action.wait()


class HalfPace(Strategy):
    name, lesson = "half-pace", "L3"
    summary = "asks for a step only every other meeting; in between, asks again for what was already agreed"

    def __init__(self) -> None:
        super().__init__()
        self.meetings = 0

    def adjust(self, action: Action, obs: Observation, legal: LegalActions) -> Action:
        if not obs.log:
            self.meetings = 0
        if action.kind != "meet" or action.player is None:
            return action
        self.meetings += 1
        granted = obs.player(action.player).granted
        if self.meetings % 2 == 0 and granted > 0:
            return replace(action, ask=granted, fallback=None)
        return action


STRATEGIES: dict[str, type[Strategy]] = {
    s.name: s
    for s in (
        WalkAwayBlind,
        FarmThenWalk,
        BiggestAsk,
        SkipRung,
        NoDiscovery,
        NeverSchedule,
        EarlyConsensus,
        SkipAdversary,
        NeverWalk,
        WaitItOut,
        HalfPace,
    )
}


def make_strategy(name: str) -> Bot:
    """A fresh strategy bot by name."""
    try:
        return STRATEGIES[name]()
    except KeyError:
        raise ValueError(f"unknown strategy {name!r} (strategies: {', '.join(STRATEGIES)})") from None
