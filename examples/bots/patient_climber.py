"""An example plug-in bot (docs/BOTS.md): the climber, made patient about discovery.

Run it with:
    ladder simulate consensus-meeting --bot examples/bots/patient_climber.py:PatientClimber
    ladder balance --bot climber --bot examples/bots/patient_climber.py:PatientClimber
    ladder play first-rung --bot examples/bots/patient_climber.py:PatientClimber --seed 3

It sees only what a trainee sees (the Observation and the LegalActions) and decides with
its own rng. It lets the stock climber choose whom to meet and what to ask, then:
- always discovers first: a Key Player's first meeting asks only for a dated follow-up,
  and every meeting asks about a topic while there is one left to learn, concerns first
  (that is where an adversary's objection, or a dead deal, shows);
- never asks for a reciprocal commitment (rung 4 and up) of someone whose concerns it
  has not heard.
"""

from __future__ import annotations

import random

from sim.engine.ladder import FOLLOW_UP, RECIPROCAL_FROM
from sim.engine.records import Action, LegalActions, Observation, PlayerView
from sim.players.climber import ClimberBot

TOPICS = ("concerns", "goals", "process", "budget")  # concerns first


class PatientClimber:
    name = "patient-climber"

    def __init__(self) -> None:
        self.climber = ClimberBot()

    def step(self, obs: Observation, legal: LegalActions, rng: random.Random) -> Action:
        action = self.climber.step(obs, legal, rng)
        if action.kind != "meet" or action.player is None or action.ask is None:
            return action  # a wait, a walk-away or the consensus meeting: as the climber decided
        view = obs.player(action.player)
        ask, fallback = action.ask, action.fallback
        if not view.met and ask > FOLLOW_UP:
            ask, fallback = FOLLOW_UP, None  # a first meeting is for listening
        if ask >= RECIPROCAL_FROM and not self.heard_concerns(view):
            # hear them out before asking them to invest: the climber's next rung below the reciprocal ones
            nxt = ClimberBot.next_rung(view)
            ask = nxt if nxt is not None and nxt < RECIPROCAL_FROM else max(view.granted, FOLLOW_UP)
            fallback = None
        return Action.meet(action.player, ask, topic=self.topic(view), fallback=fallback, schedule=True)

    @staticmethod
    def heard_concerns(view: PlayerView) -> bool:
        return any(topic == "concerns" for topic, _ in view.facts)

    @staticmethod
    def topic(view: PlayerView) -> str | None:
        known = {topic for topic, _ in view.facts}
        return next((t for t in TOPICS if t not in known), None)
