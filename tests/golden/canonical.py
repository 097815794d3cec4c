"""The canonical form of a finished game: what it did and what it scored, without a word of
display text, so that moving or rewording code cannot change it but a change of behaviour must.

The engine is reached only through `engine()`, the one adapter below: when modules move,
edit its imports and nothing else. What the form reads from a finished game is only public
data, spelled out by the protocols that follow it.

The form (a JSON-ready dict):

- ``actions``: every action as `Action.to_dict()` (kind, player, topic, ask, fallback, schedule);
- ``events``: per event its ``week``, ``kind``, ``player`` (id), the rungs ``ask``,
  ``fallback`` and ``granted``, ``scheduled``, ``outcome`` and ``primary`` (outcome codes),
  ``revealed`` (player ids), ``rules`` (``[rule id, player id]`` of every debrief moment
  the event fired, in order) and ``delta`` (the score points of those moments);
- ``end``: the same ``rules`` and ``delta`` for the moments that end the game;
- ``score``: ``total``, ``grade``, ``outcome``, the breakdown (``outcome_points``,
  ``pace_points``, ``craft_points``, ``craft_raw``) and ``weeks``, ``par``, ``horizon``.

The score delta is not carried by an `Event`: it is taken from the debrief (`State.score()`),
whose moments are the game's moments in order (then one for pace), each with its points; a
moment belongs to the event whose index it names (-1: the end of the game). Left out on
purpose: lines, replies, names, facts, signals, calendar notes and debrief details (text).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Protocol


@dataclass(frozen=True)
class Engine:
    """The few public entry points of the engine the golden games use."""

    shipped_ids: Callable[[], list[str]]  # the shipped scenario ids
    load: Callable[[str], Any]  # a shipped id -> a loaded scenario
    generate: Callable[[int], Any]  # a seed -> a generated (random) account
    run_one: Callable[[Any, str, int], GameState]  # (loaded scenario, bot name, seed) -> a finished game


@lru_cache(maxsize=1)
def engine() -> Engine:
    """THE ADAPTER: the only place the golden games import the engine. Edit only this when
    the engine's modules move."""
    from sim.analysis.simulate import run_one
    from sim.scenarios.generator import generate
    from sim.scenarios.loader import load, shipped_ids

    return Engine(shipped_ids=shipped_ids, load=load, generate=generate, run_one=run_one)


# What the canonical form reads from a finished game: public, read-only data.
class ActionLike(Protocol):
    def to_dict(self) -> dict[str, Any]: ...


class EventLike(Protocol):
    @property
    def week(self) -> int: ...
    @property
    def kind(self) -> str: ...
    @property
    def player(self) -> str | None: ...
    @property
    def ask(self) -> int | None: ...
    @property
    def fallback(self) -> int | None: ...
    @property
    def granted(self) -> int | None: ...
    @property
    def scheduled(self) -> bool: ...
    @property
    def outcome(self) -> str: ...
    @property
    def primary(self) -> str | None: ...
    @property
    def revealed(self) -> tuple[str, ...]: ...


class MomentLike(Protocol):
    @property
    def event(self) -> int: ...  # index into the events, -1 for the end of the game
    @property
    def rule(self) -> str: ...
    @property
    def player(self) -> str | None: ...


class DebriefMomentLike(Protocol):
    @property
    def rule(self) -> str: ...
    @property
    def points(self) -> int: ...


class ScoreLike(Protocol):
    @property
    def moments(self) -> Sequence[DebriefMomentLike]: ...
    @property
    def total(self) -> int: ...
    @property
    def grade(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def outcome_points(self) -> int: ...
    @property
    def pace_points(self) -> int: ...
    @property
    def craft_points(self) -> int: ...
    @property
    def craft_raw(self) -> int: ...
    @property
    def weeks(self) -> int: ...
    @property
    def par(self) -> int: ...
    @property
    def horizon(self) -> int: ...


class GameState(Protocol):
    @property
    def actions(self) -> Sequence[ActionLike]: ...
    @property
    def events(self) -> Sequence[EventLike]: ...
    @property
    def moments(self) -> Sequence[MomentLike]: ...
    def score(self) -> ScoreLike: ...


_SCORE_FIELDS = (
    "total",
    "grade",
    "outcome",
    "outcome_points",
    "pace_points",
    "craft_points",
    "craft_raw",
    "weeks",
    "par",
    "horizon",
)


def canonical(state: GameState) -> dict[str, Any]:
    """The canonical form of a finished game (see the module's docstring)."""
    sc = state.score()
    moments = list(state.moments)
    debrief = list(sc.moments)
    if len(debrief) != len(moments) + 1 or any(d.rule != m.rule for d, m in zip(debrief, moments, strict=False)):
        raise ValueError(
            "the debrief's moments no longer follow the game's moments one to one: "
            "update how tests/golden/canonical.py takes the score deltas"
        )
    rules: dict[int, list[list[str | None]]] = {}
    delta: dict[int, int] = {}
    for m, d in zip(moments, debrief, strict=False):  # the debrief's last one is the pace
        rules.setdefault(m.event, []).append([m.rule, m.player])
        delta[m.event] = delta.get(m.event, 0) + d.points
    events = [
        {
            "week": e.week,
            "kind": e.kind,
            "player": e.player,
            "ask": e.ask,
            "fallback": e.fallback,
            "granted": e.granted,
            "scheduled": e.scheduled,
            "outcome": e.outcome,
            "primary": e.primary,
            "revealed": list(e.revealed),
            "rules": rules.get(i, []),
            "delta": delta.get(i, 0),
        }
        for i, e in enumerate(state.events)
    ]
    stray = sorted(k for k in rules if k != -1 and not 0 <= k < len(events))
    if stray:
        raise ValueError(f"moments name events that do not exist: {stray}")
    return {
        "actions": [a.to_dict() for a in state.actions],
        "events": events,
        "end": {"rules": rules.get(-1, []), "delta": delta.get(-1, 0)},
        "score": {f: getattr(sc, f) for f in _SCORE_FIELDS},
    }


def dumps(form: Any) -> str:
    """Canonical JSON: sorted keys, no spaces."""
    return json.dumps(form, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


def digest(form: Any) -> str:
    """The sha256 of the canonical JSON of a form."""
    return hashlib.sha256(dumps(form).encode("ascii")).hexdigest()
