"""The game's records: what a player may do (`Action`), what happened (`Event`), what the
debrief cites (`Moment`), what can be asked now (`LegalActions`), and what the trainee may
know (`Observation`).

Slotted dataclasses, built once and never changed (the engine shares them between turns:
treat them as read-only). They are not frozen at run time: the engine builds thousands per
second, and a frozen dataclass's `__init__` (through `object.__setattr__`) costs about four
times as much. They hash by value, as frozen ones would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from sim.common.errors import IllegalActionError
from sim.engine.ladder import EVALUATION
from sim.engine.outcomes import GameOutcome, MeetingOutcome

ActionKind = Literal["meet", "consensus", "wait", "walk_away"]
OUTCOMES: tuple[GameOutcome, ...] = tuple(GameOutcome)  # how a game can end, in order


@dataclass(slots=True, unsafe_hash=True)
class Action:
    kind: ActionKind
    player: str | None = None
    topic: str | None = None
    ask: int | None = None
    fallback: int | None = None
    schedule: bool = True

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"kind": self.kind}
        for k in ("player", "topic", "ask", "fallback"):
            v = getattr(self, k)
            if v is not None:
                d[k] = v
        if self.kind in ("meet", "consensus"):
            d["schedule"] = self.schedule
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Action:
        if not isinstance(d, dict) or d.get("kind") not in ("meet", "consensus", "wait", "walk_away"):
            raise IllegalActionError(f"not an action: {d!r}")
        unknown = set(d) - {"kind", "player", "topic", "ask", "fallback", "schedule"}
        if unknown:
            raise IllegalActionError(f"unknown action field(s): {', '.join(sorted(unknown))}")
        return cls(
            d["kind"], d.get("player"), d.get("topic"), d.get("ask"), d.get("fallback"), bool(d.get("schedule", True))
        )

    @staticmethod
    def meet(
        player: str, ask: int, *, topic: str | None = None, fallback: int | None = None, schedule: bool = True
    ) -> Action:
        return Action("meet", player, topic, ask, fallback, schedule)

    @staticmethod
    def consensus(ask: int = EVALUATION, *, fallback: int | None = None, schedule: bool = True) -> Action:
        return Action("consensus", None, None, ask, fallback, schedule)

    @staticmethod
    def wait() -> Action:
        return Action("wait")

    @staticmethod
    def walk_away() -> Action:
        return Action("walk_away")


@dataclass(slots=True, unsafe_hash=True)
class Event:
    """What happened in one meeting or week: only what the trainee saw and heard."""

    week: int
    kind: str  # meet / consensus / wait / walk_away / evaporated / horizon
    player: str | None
    who: str  # the name shown
    ask: int | None
    fallback: int | None
    topic: str | None
    said: str
    signals: tuple[str, ...]
    outcome: MeetingOutcome  # the id; the words are OUTCOME_TEXT[outcome]
    granted: int | None  # the rung agreed in this meeting, if any
    scheduled: bool
    facts: tuple[tuple[str, str], ...] = ()
    calendar: tuple[str, ...] = ()  # changes to the calendar, in words
    revealed: tuple[str, ...] = ()  # Key Players newly known
    primary: MeetingOutcome | None = None  # how the primary ask went, when the fallback is what landed

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week,
            "kind": self.kind,
            "player": self.player,
            "who": self.who,
            "ask": self.ask,
            "fallback": self.fallback,
            "topic": self.topic,
            "said": self.said,
            "signals": list(self.signals),
            "outcome": self.outcome.value,
            "granted": self.granted,
            "scheduled": self.scheduled,
            "facts": [list(f) for f in self.facts],
            "calendar": list(self.calendar),
            "revealed": list(self.revealed),
            "primary": None if self.primary is None else self.primary.value,
        }


@dataclass(slots=True, unsafe_hash=True)
class Moment:
    """A rule that fired, for the debrief: hidden from the trainee until the end."""

    week: int
    event: int  # index into the event log, -1 for the end of the game
    rule: str
    player: str | None
    detail: str


@dataclass(slots=True)
class Step:
    player: str
    rung: int
    week: int  # when it was agreed
    prior: int  # what they had granted before
    scheduled: bool


@dataclass(slots=True, unsafe_hash=True)
class PlayerOptions:
    """What can be asked of one Key Player now: rung -> None when open, else the reason."""

    player: str
    name: str
    title: str
    asks: dict[int, str | None]
    reason: str | None = None  # set when the player cannot be met at all
    open_rungs: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)  # the open asks, in order
    above: tuple[int | None, ...] = field(default=(), init=False, repr=False, compare=False)  # per granted 0..9

    def __post_init__(self) -> None:
        opened = self.open_rungs = tuple([r for r, why in self.asks.items() if why is None])
        self.above = tuple([next((r for r in opened if r > g), None) for g in range(10)])  # next open ask

    def next_above(self, granted: int) -> int | None:
        """The smallest open ask above `granted` (0-9), or None."""
        return self.above[granted]

    @property
    def open_asks(self) -> list[int]:
        return list(self.open_rungs)


@dataclass(slots=True, unsafe_hash=True)
class LegalActions:
    meetings: dict[str, PlayerOptions]
    consensus: PlayerOptions
    topics: tuple[str, ...]
    can_wait: bool
    can_walk_away: bool

    @property
    def meetable(self) -> list[str]:
        return [pid for pid, o in self.meetings.items() if o.reason is None]

    def __bool__(self) -> bool:
        return self.can_wait or self.can_walk_away


@dataclass(slots=True, unsafe_hash=True)
class PlayerView:
    id: str
    name: str
    title: str
    met: bool
    reachable: bool
    last_met: int | None
    granted: int
    scheduled: tuple[int, ...]
    open: tuple[int, ...]
    facts: tuple[tuple[str, str], ...]
    signals: tuple[str, ...]
    met_count: int
    not_theirs: tuple[int, ...] = ()  # rungs they told you are not theirs to give
    signs: bool = False  # they sign the deal: learned by asking anyone about the decision process
    pronouns: str = "they"  # how text refers to them: she / he / they (`sim.engine.pronouns.PRONOUNS`)


@dataclass(slots=True, unsafe_hash=True)
class Observation:
    """Everything the trainee may know. Never a hidden field."""

    scenario: str
    title: str
    company: str
    offering: str
    deal_value: int
    currency: str
    week: int
    horizon: int
    players: tuple[PlayerView, ...]
    calendar: tuple[tuple[int, str, int], ...]  # (week agreed, player id, rung) scheduled steps
    open_steps: tuple[tuple[int, str, int], ...]
    consensus_ready: bool
    evaluation_until: int | None
    log: tuple[Event, ...]
    terminal: bool
    outcome: GameOutcome | None

    def player(self, pid: str) -> PlayerView:
        for p in self.players:
            if p.id == pid:
                return p
        raise KeyError(pid)

    def by_id(self) -> dict[str, PlayerView]:
        """The known Key Players by id (one dict, for bots that look players up often)."""
        return {p.id: p for p in self.players}

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "title": self.title,
            "company": self.company,
            "offering": self.offering,
            "deal_value": self.deal_value,
            "currency": self.currency,
            "week": self.week,
            "horizon": self.horizon,
            "players": [
                {
                    "id": p.id,
                    "name": p.name,
                    "pronouns": p.pronouns,
                    "title": p.title,
                    "met": p.met,
                    "reachable": p.reachable,
                    "last_met": p.last_met,
                    "granted": p.granted,
                    "scheduled": list(p.scheduled),
                    "open": list(p.open),
                    "facts": dict(p.facts),
                    "signals": list(p.signals),
                    "met_count": p.met_count,
                }
                for p in self.players
            ],
            "calendar": [list(c) for c in self.calendar],
            "open_steps": [list(c) for c in self.open_steps],
            "consensus_ready": self.consensus_ready,
            "evaluation_until": self.evaluation_until,
            "log": [e.to_dict() for e in self.log],
            "terminal": self.terminal,
            "outcome": None if self.outcome is None else self.outcome.value,
        }
