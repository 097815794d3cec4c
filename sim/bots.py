"""Bots: one interface, (observation, legal actions, rng) -> action. They see only what a
trainee sees: the `Observation` and the `LegalActions`, never the hidden state."""

from __future__ import annotations

import random
from typing import Any, Callable, Protocol

from sim.game import EXCUSE, Action, Event, LegalActions, Observation, PlayerView, State
from sim.ladder import CONSENSUS, CONTRACT, EVALUATION, INTRODUCTION, RECIPROCAL_FROM

TOPIC_ORDER = ("goals", "process", "concerns", "budget")


class Bot(Protocol):
    name: str

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action: ...


def _next_open(legal: LegalActions, pid: str, granted: int) -> int | None:
    for r in legal.meetings[pid].open_asks:
        if r > granted:
            return r
    return None


class RandomBot:
    """Any legal action, uniformly at each level of the choice."""

    name = "random"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        roll = rng.random()
        if roll < 0.02:
            return Action.walk_away()
        if roll < 0.10:
            return Action.wait()
        if legal.consensus.reason is None and roll < 0.25:
            asks = legal.consensus.open_asks
            return Action.consensus(rng.choice(asks), schedule=rng.random() < 0.5)
        meetable = legal.meetable
        if not meetable:
            return Action.wait()
        pid = rng.choice(meetable)
        asks = legal.meetings[pid].open_asks
        ask = rng.choice(asks)
        lower = [r for r in asks if r < ask]
        fallback = rng.choice(lower) if lower and rng.random() < 0.5 else None
        topic = rng.choice((None,) + legal.topics)
        return Action.meet(pid, ask, topic=topic, fallback=fallback, schedule=rng.random() < 0.5)


class RecklessBot:
    """Always the biggest open ask, of whoever it can reach; never walks away."""

    name = "reckless"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        if legal.consensus.reason is None:
            return Action.consensus(max(legal.consensus.open_asks))
        meetable = legal.meetable
        if not meetable:
            return Action.wait()
        pid = max(meetable, key=lambda p: (max(legal.meetings[p].open_asks), -obs.player(p).met_count))
        return Action.meet(pid, max(legal.meetings[pid].open_asks))


class TimidBot:
    """Always the smallest real ask: a follow-up meeting. Learns a lot, commits no one."""

    name = "timid"

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        meetable = legal.meetable
        if not meetable:
            return Action.wait()
        pid = min(meetable, key=lambda p: (obs.player(p).met_count, p))
        view = obs.player(pid)
        topic = next((t for t in TOPIC_ORDER if t not in dict(view.facts)), None)
        ask = min(r for r in legal.meetings[pid].open_asks if r > 0)
        return Action.meet(pid, ask, topic=topic)


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
                if "immovable" in sig:
                    self._read_log(obs.log)
                    return Action.walk_away()
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
            eb = self._economic_buyer(obs, legal)
            if eb is None or eb.granted < EVALUATION:
                return Action.consensus(EVALUATION)
        evaluated = obs.evaluation_until is not None and obs.week >= obs.evaluation_until
        need_of = self._need_fast
        best_need, best = 0, None
        for pid, o in meetings.items():
            if o.reason is not None:
                continue
            p = by_id[pid]
            need = need_of(p, o._open, pid in unresolved, ready, evaluated, tested, unreachable, o._above[p.granted])
            if need > best_need:
                best_need, best = need, p
        if best is None:
            return Action.wait()
        view = best
        opts = meetings[view.id]
        ask = opts.next_above(view.granted)
        if ask is None or (ask == CONSENSUS and not ready):
            ask = view.granted if view.granted else 1
            if ask not in opts.open_rungs:
                ask = 1
        return Action("meet", view.id, self._topic(view, obs), ask, None, True)

    @staticmethod
    def _economic_buyer(obs: Observation, legal: LegalActions) -> PlayerView | None:
        for pid, o in legal.meetings.items():
            if o.reason is None and CONTRACT in o.open_rungs and EVALUATION not in o.open_rungs:
                return obs.player(pid)
        return None

    def _need(self, p: PlayerView, obs: Observation, legal: LegalActions, unresolved: list[PlayerView],
              all_met: bool, evaluated: bool) -> int:
        """How much this player needs a meeting now (0: not at all)."""
        o = legal.meetings[p.id]
        return self._need_fast(p, o.open_rungs, any(q is p for q in unresolved), all_met and not unresolved,
                               evaluated, self._tested(obs), any(not q.reachable for q in obs.players),
                               o.next_above(p.granted))

    @staticmethod
    def _need_fast(p: PlayerView, asks: tuple[int, ...], unresolved: bool, ready: bool,
                   evaluated: bool, tested: bool, unreachable: bool, nxt: int | None) -> int:
        """How much this player needs a meeting; `nxt` is the smallest open ask above what they granted."""
        if p.open:
            return 95
        granted = p.granted
        if CONTRACT in asks and granted >= EVALUATION:
            return 98 if evaluated else 0
        if p.met and "holding back" in p.signals and len(p.facts) >= 4:
            return 0  # holding back and nothing left to learn (all four topics)
        if unresolved:
            return 85
        if p.met and nxt == INTRODUCTION and unreachable:
            return 80
        if not p.met:
            return 78
        if nxt is not None and nxt >= RECIPROCAL_FROM and granted >= 2 and not tested:
            return 79  # test interest early: has anyone here invested their own time yet?
        if CONSENSUS in asks and EVALUATION not in asks and granted < CONSENSUS:
            # the economic buyer: climb to the consensus meeting once the room is ready for it
            if p.met and nxt == CONSENSUS and not ready:
                return 0
            return 72
        if nxt is not None and nxt < CONSENSUS and granted < 4:
            return 40 - granted
        return 0

    @staticmethod
    def _tested(obs: Observation) -> bool:
        return any(p.granted >= RECIPROCAL_FROM for p in obs.players)

    @staticmethod
    def _topic(p: PlayerView, obs: Observation | None = None) -> str | None:
        known = dict(p.facts)
        if ("guarded" in p.signals or "listening" in p.signals) and "concerns" not in known:
            return "concerns"
        for t in TOPIC_ORDER:
            if t not in known:
                return t
        return None

    def _dead(self, obs: Observation) -> bool:
        for p in obs.players:
            if "immovable" in p.signals:
                return True
        return self._read_log(obs.log)

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
                if e.outcome == EXCUSE:
                    c = excuses[e.player] = excuses.get(e.player, 0) + 1
                    if c >= 2:
                        self._log_dead = True
                        break
                elif e.outcome == "declined" and e.ask is not None and e.ask >= CONSENSUS:
                    key = (e.player, e.ask)
                    c = declines[key] = declines.get(key, 0) + 1
                    if c >= 2:
                        self._log_dead = True
                        break
        self._seen = n
        self._last = log[n - 1] if n else None
        return self._log_dead


def _expert(loaded: Any = None) -> Bot:
    from sim.expert import make_expert

    return make_expert(loaded)


_expert.wants_scenario = True  # type: ignore[attr-defined]

BOTS: dict[str, Callable[..., Bot]] = {
    "random": RandomBot,
    "reckless": RecklessBot,
    "timid": TimidBot,
    "climber": ClimberBot,
    "expert": _expert,  # plans with look-ahead (sim.expert); gets only the scenario's public data
}


def make_bot(name: str, loaded: Any = None) -> Bot:
    """A bot by name. `loaded` (a LoadedScenario) is offered to bots that plan: the expert
    strips it to its public data (`sim.expert.public_view`) before looking at it."""
    try:
        factory = BOTS[name]
    except KeyError:
        raise ValueError(f"unknown bot {name!r} (bots: {', '.join(BOTS)})") from None
    if getattr(factory, "wants_scenario", False):
        return factory(loaded)
    return factory()


def bot_rng(seed: int) -> random.Random:
    """The bot's own RNG: derived from the game seed, separate from the game's chance."""
    return random.Random(seed * 7919 + 17)


def play(state: State, bot: Bot, rng: random.Random | None = None) -> State:
    """Play a game to the end with a bot."""
    rng = rng or bot_rng(state.seed)
    guard = state.scenario.horizon_weeks * 4 + 10
    step, apply, observe, legal = bot.step, state.apply, state.observation, state.legal_actions
    while state.outcome is None:
        apply(step(observe(), legal(), rng))
        guard -= 1
        if guard < 0:  # pragma: no cover - the horizon always ends a game
            raise RuntimeError("bot did not finish the game")
    return state
