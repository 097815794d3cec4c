"""The games being played on this server, by who is playing them: one live session a claim.

When a browser opens the game of a claim that already has a session (the trainee reopened a
closed tab before the server noticed, or opened a second tab), the older session is closed first
and the new one resumes the game it saved: the newest tab wins. The facilitator's controls close
the sessions of a name (before a hand-over, a rename or a merge) or of the whole room (closing it).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

Who = tuple[str, str]  # (workshop, name key)
CLOSE_WAIT = 8.0  # seconds to wait for an older session's game to stop


@dataclass
class Live:
    close: Callable[[], Awaitable[object]]  # closes the browser's socket; the handler then stops the game
    done: asyncio.Event = field(default_factory=asyncio.Event)


class LiveSessions:
    def __init__(self) -> None:
        self.live: dict[Who, Live] = {}

    def __contains__(self, who: Who) -> bool:
        return who in self.live

    def count(self, workshop: str) -> int:
        return sum(1 for w, _ in self.live if w == workshop)

    async def take(self, who: Who, close: Callable[[], Awaitable[object]]) -> Live:
        """Register a new session of `who`, after closing (and waiting for) the older one."""
        await self.end(who)
        entry = Live(close)
        self.live[who] = entry
        return entry

    def finished(self, who: Who, entry: Live) -> None:
        """A session's game has stopped."""
        entry.done.set()
        if self.live.get(who) is entry:
            del self.live[who]

    async def end(self, who: Who) -> None:
        """Close `who`'s session, if any, and wait until its game has stopped."""
        old = self.live.get(who)
        if old is None:
            return
        with contextlib.suppress(Exception):
            await old.close()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(old.done.wait(), CLOSE_WAIT)

    async def end_room(self, workshop: str) -> None:
        await asyncio.gather(*(self.end(who) for who in list(self.live) if who[0] == workshop))
