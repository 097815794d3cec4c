"""The game's records: what a player may do (`Action`), what happened (`Event`), what the
debrief cites (`Moment`), what can be asked now (`LegalActions`), and what the trainee may
know (`Observation`).

Immutable and slotted. The engine builds thousands per second, so the hot ones have a
hand-written `__init__` that writes each slot through its member descriptor (a frozen
dataclass's generated `__init__` goes through `object.__setattr__`, about twice the cost);
assignment after construction still raises `FrozenInstanceError`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Callable
from typing import Any, Literal

from sim.engine.ladder import EVALUATION
from sim.engine.outcomes import OUTCOME_BY_TEXT, GameOutcome, MeetingOutcome
from sim.errors import IllegalActionError

ActionKind = Literal["meet", "consensus", "wait", "walk_away"]
OUTCOMES: tuple[str, ...] = tuple(GameOutcome)  # how a game can end, in order


@dataclass(frozen=True, slots=True, init=False)
class Action:
    kind: ActionKind
    player: str | None = None
    topic: str | None = None
    ask: int | None = None
    fallback: int | None = None
    schedule: bool = True

    def __init__(self, kind: ActionKind, player: str | None = None, topic: str | None = None, ask: int | None = None, fallback: int | None = None, schedule: bool = True) -> None:
        s0, s1, s2, s3, s4, s5 = _ACTION
        s0(self, kind)
        s1(self, player)
        s2(self, topic)
        s3(self, ask)
        s4(self, fallback)
        s5(self, schedule)

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
    def from_dict(cls, d: dict[str, Any]) -> "Action":
        if not isinstance(d, dict) or d.get("kind") not in ("meet", "consensus", "wait", "walk_away"):
            raise IllegalActionError(f"not an action: {d!r}")
        unknown = set(d) - {"kind", "player", "topic", "ask", "fallback", "schedule"}
        if unknown:
            raise IllegalActionError(f"unknown action field(s): {', '.join(sorted(unknown))}")
        return cls(d["kind"], d.get("player"), d.get("topic"), d.get("ask"), d.get("fallback"), bool(d.get("schedule", True)))

    @staticmethod
    def meet(player: str, ask: int, *, topic: str | None = None, fallback: int | None = None, schedule: bool = True) -> "Action":
        return Action("meet", player, topic, ask, fallback, schedule)

    @staticmethod
    def consensus(ask: int = EVALUATION, *, fallback: int | None = None, schedule: bool = True) -> "Action":
        return Action("consensus", None, None, ask, fallback, schedule)

    @staticmethod
    def wait() -> "Action":
        return Action("wait")

    @staticmethod
    def walk_away() -> "Action":
        return Action("walk_away")


@dataclass(frozen=True, slots=True, init=False)
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
    outcome: str
    granted: int | None  # the rung agreed in this meeting, if any
    scheduled: bool
    facts: tuple[tuple[str, str], ...] = ()
    calendar: tuple[str, ...] = ()  # changes to the calendar, in words
    revealed: tuple[str, ...] = ()  # Key Players newly known
    primary: str | None = None  # how the primary ask went, when the fallback is what landed

    def __init__(self, week: int, kind: str, player: str | None, who: str, ask: int | None, fallback: int | None, topic: str | None, said: str, signals: tuple[str, ...], outcome: str, granted: int | None, scheduled: bool, facts: tuple[tuple[str, str], ...] = (), calendar: tuple[str, ...] = (), revealed: tuple[str, ...] = (), primary: str | None = None) -> None:
        s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15 = _EVENT
        s0(self, week)
        s1(self, kind)
        s2(self, player)
        s3(self, who)
        s4(self, ask)
        s5(self, fallback)
        s6(self, topic)
        s7(self, said)
        s8(self, signals)
        s9(self, outcome)
        s10(self, granted)
        s11(self, scheduled)
        s12(self, facts)
        s13(self, calendar)
        s14(self, revealed)
        s15(self, primary)

    @property
    def result(self) -> MeetingOutcome:
        """The outcome's id (`outcome` holds the words the trainee reads)."""
        return OUTCOME_BY_TEXT[self.outcome]

    @property
    def primary_result(self) -> MeetingOutcome | None:
        return None if self.primary is None else OUTCOME_BY_TEXT[self.primary]

    def to_dict(self) -> dict[str, Any]:
        return {
            "week": self.week, "kind": self.kind, "player": self.player, "who": self.who, "ask": self.ask,
            "fallback": self.fallback, "topic": self.topic, "said": self.said, "signals": list(self.signals),
            "outcome": self.outcome, "granted": self.granted, "scheduled": self.scheduled,
            "facts": [list(f) for f in self.facts], "calendar": list(self.calendar), "revealed": list(self.revealed),
            "primary": self.primary,
        }


@dataclass(frozen=True, slots=True, init=False)
class Moment:
    """A rule that fired, for the debrief: hidden from the trainee until the end."""

    week: int
    event: int  # index into the event log, -1 for the end of the game
    rule: str
    player: str | None
    detail: str


    def __init__(self, week: int, event: int, rule: str, player: str | None, detail: str) -> None:
        s0, s1, s2, s3, s4 = _MOMENT
        s0(self, week)
        s1(self, event)
        s2(self, rule)
        s3(self, player)
        s4(self, detail)

@dataclass(slots=True)
class Step:
    player: str
    rung: int
    week: int  # when it was agreed
    prior: int  # what they had granted before
    scheduled: bool


@dataclass(frozen=True, slots=True, init=False)
class PlayerOptions:
    """What can be asked of one Key Player now: rung -> None when open, else the reason."""

    player: str
    name: str
    title: str
    asks: dict[int, str | None]
    reason: str | None = None  # set when the player cannot be met at all
    open_rungs: tuple[int, ...] = field(default=(), repr=False, compare=False)  # the open asks, in order
    above: tuple[int | None, ...] = field(default=(), repr=False, compare=False)  # per granted 0..9: next open ask

    def __init__(self, player: str, name: str, title: str, asks: dict[int, str | None], reason: str | None = None) -> None:
        s0, s1, s2, s3, s4, s5, s6 = _OPTS
        s0(self, player)
        s1(self, name)
        s2(self, title)
        s3(self, asks)
        s4(self, reason)
        opened = tuple([r for r, why in asks.items() if why is None])
        s5(self, opened)
        s6(self, tuple([next((r for r in opened if r > g), None) for g in range(10)]))

    def next_above(self, granted: int) -> int | None:
        """The smallest open ask above `granted` (0-9), or None."""
        return self.above[granted]

    @property
    def open_asks(self) -> list[int]:
        return list(self.open_rungs)


@dataclass(frozen=True, slots=True, init=False)
class LegalActions:
    meetings: dict[str, PlayerOptions]
    consensus: PlayerOptions
    topics: tuple[str, ...]
    can_wait: bool
    can_walk_away: bool

    def __init__(self, meetings: dict[str, PlayerOptions], consensus: PlayerOptions, topics: tuple[str, ...], can_wait: bool, can_walk_away: bool) -> None:
        s0, s1, s2, s3, s4 = _LEGAL
        s0(self, meetings)
        s1(self, consensus)
        s2(self, topics)
        s3(self, can_wait)
        s4(self, can_walk_away)

    @property
    def meetable(self) -> list[str]:
        return [pid for pid, o in self.meetings.items() if o.reason is None]

    def __bool__(self) -> bool:
        return self.can_wait or self.can_walk_away


@dataclass(frozen=True, slots=True, init=False)
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


    def __init__(self, id: str, name: str, title: str, met: bool, reachable: bool, last_met: int | None, granted: int, scheduled: tuple[int, ...], open: tuple[int, ...], facts: tuple[tuple[str, str], ...], signals: tuple[str, ...], met_count: int) -> None:
        s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11 = _VIEW
        s0(self, id)
        s1(self, name)
        s2(self, title)
        s3(self, met)
        s4(self, reachable)
        s5(self, last_met)
        s6(self, granted)
        s7(self, scheduled)
        s8(self, open)
        s9(self, facts)
        s10(self, signals)
        s11(self, met_count)

@dataclass(frozen=True, slots=True, init=False)
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
    outcome: str | None

    def __init__(self, scenario: str, title: str, company: str, offering: str, deal_value: int, currency: str, week: int, horizon: int, players: tuple[PlayerView, ...], calendar: tuple[tuple[int, str, int], ...], open_steps: tuple[tuple[int, str, int], ...], consensus_ready: bool, evaluation_until: int | None, log: tuple[Event, ...], terminal: bool, outcome: str | None) -> None:
        s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15 = _OBS
        s0(self, scenario)
        s1(self, title)
        s2(self, company)
        s3(self, offering)
        s4(self, deal_value)
        s5(self, currency)
        s6(self, week)
        s7(self, horizon)
        s8(self, players)
        s9(self, calendar)
        s10(self, open_steps)
        s11(self, consensus_ready)
        s12(self, evaluation_until)
        s13(self, log)
        s14(self, terminal)
        s15(self, outcome)

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
            "scenario": self.scenario, "title": self.title, "company": self.company, "offering": self.offering,
            "deal_value": self.deal_value, "currency": self.currency, "week": self.week, "horizon": self.horizon,
            "players": [
                {"id": p.id, "name": p.name, "title": p.title, "met": p.met, "reachable": p.reachable,
                 "last_met": p.last_met, "granted": p.granted, "scheduled": list(p.scheduled), "open": list(p.open),
                 "facts": dict(p.facts), "signals": list(p.signals), "met_count": p.met_count}
                for p in self.players
            ],
            "calendar": [list(c) for c in self.calendar], "open_steps": [list(c) for c in self.open_steps],
            "consensus_ready": self.consensus_ready, "evaluation_until": self.evaluation_until,
            "log": [e.to_dict() for e in self.log], "terminal": self.terminal, "outcome": self.outcome,
        }


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Each field's slot setter (its member descriptor's `__set__`), in field order."""
    return tuple(getattr(cls, f.name).__set__ for f in fields(cls))


_ACTION = _setters(Action)
_EVENT = _setters(Event)
_MOMENT = _setters(Moment)
_OPTS = _setters(PlayerOptions)
_LEGAL = _setters(LegalActions)
_VIEW = _setters(PlayerView)
_OBS = _setters(Observation)
