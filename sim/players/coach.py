"""Coach mode: before each ask, the rung the ladder-climbing bot would take, and why.

Pure engine-side code (no Textual): the TUI shows `advice(state)` in a panel, and
`ladder play --coach --bot ...` prints it before each meeting. The advice is what
`ClimberBot` chooses on the trainee's own observation (never a hidden field), explained in
words from the same signals the bot reads. Games played with the coach on are stored with
`coach = 1` and their score is marked "coached".
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.engine.ladder import CONSENSUS, EVALUATION, INTRODUCTION, TOPICS
from sim.engine.pronouns import PRONOUNS

if TYPE_CHECKING:
    from sim.engine.records import Action, Observation
    from sim.engine.state import State


@dataclass(frozen=True, slots=True)
class Advice:
    rung: int | None  # the ask the climber would make (None: wait or walk away)
    player: str | None  # whom to meet (None: the consensus meeting, a wait, or walking away)
    why: str  # in words, citing the lesson
    action: Action
    kind: str  # meet / consensus / wait / walk_away
    topic: str | None = None

    def line(self, state: State) -> str:
        """One line for a terminal: what to do, then why."""
        return f"{self.headline(state)}. {self.why}"

    def headline(self, state: State) -> str:
        if self.kind == "walk_away":
            return "Walk away"
        if self.kind == "wait":
            return "Let the week pass"
        ask = state.rung_phrase(self.rung) if self.rung is not None else "nothing"
        if self.kind == "consensus":
            return f"Call the consensus meeting and ask for {ask}"
        text = f"Meet {state.name(self.player)}"
        if self.topic:
            text += f", ask about {TOPICS[self.topic]}"
        return text + f", ask for {ask}"


def advice(state: State) -> Advice:
    """What the ladder-climbing bot would do now, and why. The game must not be over."""
    from sim.players.climber import ClimberBot

    obs = state.observation()
    action = ClimberBot().step(obs, state.legal_actions(), random.Random(state.seed))
    return Advice(
        action.ask if action.kind in ("meet", "consensus") else None,
        action.player,
        _why(action, obs, state),
        action,
        action.kind,
        action.topic,
    )


def _why(a: Action, obs: Observation, state: State) -> str:
    if a.kind == "walk_away":
        for p in obs.players:
            if "immovable" in p.signals:
                return (
                    f"{p.name} made it plain nothing will change {PRONOUNS[p.pronouns].their} mind: this deal "
                    "cannot be won, and "
                    "the earlier you walk away the better (L8)."
                )
        return (
            "They keep saying yes to small things and no to anything that costs them time: "
            "a prospect who will not invest is telling you something (L8)."
        )
    if a.kind == "wait":
        return "No ask would move anyone this week without pushing too hard (L2); give it a week."
    if a.kind == "consensus":
        return (
            "Every Key Player has been met one-to-one and no one is guarded: ask the room to commit to a "
            "formal evaluation (L6)."
        )
    p = obs.player(a.player or "")
    rung = state.rung_phrase(a.ask) if a.ask is not None else "nothing"
    reasons: list[str] = []
    if not p.met:
        reasons.append(
            f"you have not met {p.name} yet: meet every Key Player one-to-one before the consensus meeting (L6)"
        )
    elif p.open:
        reasons.append(f"{p.name} agreed a step that has no date: put it on the calendar before it slips (L5)")
    elif "guarded" in p.signals or "listening" in p.signals:
        reasons.append(
            f"{p.name} is guarded: hear {PRONOUNS[p.pronouns].their} personal concern one-to-one and answer it "
            "with the right step (L7)"
        )
    elif a.ask == INTRODUCTION and any(not q.reachable for q in obs.players):
        reasons.append(f"someone you need only meets you through an introduction; {p.name} can make it (L1)")
    elif a.ask is not None and a.ask >= CONSENSUS:
        reasons.append(
            "everyone has been met and heard, so the economic buyer can convene the room (L6)"
            if a.ask == CONSENSUS
            else "the evaluation has run its course: ask for the contract (L1)"
            if a.ask > EVALUATION
            else "the room is ready for a formal evaluation (L6)"
        )
    if a.ask is not None and a.ask > p.granted:
        reasons.append(
            f"{rung} is the next rung up from what {p.name} has agreed so far "
            f"({state.rung_phrase(p.granted) if p.granted else 'nothing yet'}) (L1)"
        )
    elif a.ask is not None:
        reasons.append(f"{p.name} is holding back, so keep the meeting going with {rung} rather than over-ask (L2)")
    if a.topic:
        reasons.append(f"ask about {TOPICS[a.topic]} first: learn before you ask (L4)")
    text = "; ".join(reasons)
    return text[0].upper() + text[1:] + "." if text else "This is the next rung up the ladder (L1)."
