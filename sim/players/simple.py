"""The simple bots: random, reckless (always the biggest ask) and timid (always the smallest)."""

from __future__ import annotations

import random

from sim.engine.records import Action, LegalActions, Observation
from sim.players.protocol import TOPIC_ORDER


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
