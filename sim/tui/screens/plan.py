"""What the meeting planner shows, read from the engine once when it opens (`Plan`), and the
coach's line for it. Plain data and rich `Text`: no Textual, no rule."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.text import Text

if TYPE_CHECKING:
    from sim.engine.records import PlayerOptions
    from sim.engine.state import State


@dataclass(frozen=True)
class Plan:
    """What the planner shows: read from the engine once, when it opens."""

    week: int
    whom: tuple[PlayerOptions, ...]  # the Key Players, then the consensus meeting
    rung_names: tuple[str, ...]
    rung_asks: tuple[str, ...]
    granted: dict[str, int]
    open_steps: dict[str, tuple[int, ...]]  # the rungs each player agreed without a date
    start: str | None
    not_theirs: dict[str, tuple[int, ...]]  # the rungs each player said are not theirs to give
    signs: frozenset[str]  # who signs the deal, once the trainee asked about the decision process

    @classmethod
    def build(cls, state: State, start: str | None) -> Plan:
        legal = state.legal_actions()
        obs = state.observation()
        whom = tuple(legal.meetings.values()) + (legal.consensus,)
        return cls(
            obs.week,
            whom,
            tuple(state.rung_name(r) for r in range(10)),
            tuple(state.rung_ask(r) for r in range(10)),
            {p.id: p.granted for p in obs.players},
            {p.id: tuple(p.open) for p in obs.players},
            start,
            {p.id: p.not_theirs for p in obs.players},
            frozenset(p.id for p in obs.players if p.signs),
        )


def coach_text(state: State) -> Text | None:
    """The coach's line for the planner: what the ladder-climbing bot would do now, and why."""
    if state.is_terminal():
        return None
    from sim.players.coach import advice

    tip = advice(state)
    t = Text(tip.headline(state), style="bold")
    t.append(". ")
    t.append(tip.why)
    return t
