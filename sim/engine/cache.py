"""The one cache of derived data a `State` keeps: what the trainee may do and see this turn.

`State` clears it at one point, after every change (`State.changed`), so nothing in it can
go stale. `ladder bench` shows it pays: an observation and the legal actions are read
several times a turn (the bot, the legality check, the TUI) but change at most once.
Pure functions of a few values (a Key Player's ask table, the signals it shows) are
memoised with `functools.lru_cache` where they are defined: they need no invalidation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sim.engine.records import LegalActions, PlayerView
    from sim.engine.steps import StepsView


class Derived:
    """Valid until the next change: the legal actions, the steps as the trainee sees them.
    Kept with the values they were built from, and reused only while those match (so they
    need no invalidation): the last legal actions built, each player's last view."""

    __slots__ = ("legal", "steps", "last_legal", "views")

    def __init__(self) -> None:
        self.legal: LegalActions | None = None
        self.steps: StepsView | None = None
        self.last_legal: tuple[Any, LegalActions] | None = None
        self.views: dict[str, tuple[tuple[Any, ...], PlayerView]] = {}

    def clear(self) -> None:
        """The one invalidation point."""
        self.legal = None
        self.steps = None

    def copy(self) -> Derived:
        other = Derived()
        other.last_legal = self.last_legal
        other.views = dict(self.views)
        return other
