"""The queue of xAPI statements for a Learning Record Store, kept in the results store (schema v4).

A finished game's statements (`sim.store.xapi`) are queued once, in one transaction, each
with its id (a uuid) given here: a game already queued is never queued again, and a statement
sent twice is the same statement (an LRS keeps one). `sim.store.lrs_send` sends what is due,
oldest first, and marks each row sent, to retry (attempts, the next try after an exponential
back-off with a cap, the last error) or failed (an LRS refused that one statement: recorded,
never retried). Nothing leaves the queue: sent rows stay, with the time they were sent.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any, TypedDict

from sim.store.schema import now
from sim.store.xapi import DEFAULT_HOME, statements

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.store.records import GameRecord

BACKOFF_FIRST = 5.0  # seconds before the first retry; doubled each attempt
BACKOFF_CAP = 600.0  # never wait longer than ten minutes between tries


class LrsError(Exception):
    """A game whose statements cannot be built (its scenario cannot be loaded or has changed)."""


class LrsStatus(TypedDict):
    """`ladder lrs status --json`."""

    queued: int
    sent: int
    failed: int
    oldest_queued: str | None
    next_try: str | None
    last_error: str | None
    last_sent: str | None


@dataclass(frozen=True, slots=True)
class Who:
    """How statements name the trainee: the room's home page for an account, or a facilitator's
    name-to-e-mail map (keyed by `name_key`)."""

    home: str = DEFAULT_HOME
    emails: Mapping[str, str] = field(default_factory=dict)
    pass_grade: str | None = None  # None: the scenario's own pass mark


@dataclass(frozen=True, slots=True)
class Due:
    statement_id: str
    statement: dict[str, Any]
    attempts: int


def build(game: GameRecord, who: Who) -> list[dict[str, Any]]:
    """The game's statements with fresh ids: its scenario loaded and the game replayed."""
    from sim.common.errors import LadderError
    from sim.engine.replay import replay
    from sim.scenarios.loader import load

    ref = game.scenario_ref or game.scenario
    try:
        loaded = load(ref)
    except LadderError as exc:
        raise LrsError(f"game {game.id}: scenario {ref!r} cannot be loaded: {exc}") from None
    if not loaded.matches(game.digest):
        raise LrsError(f"game {game.id}: scenario {ref!r} has changed since the game was played")
    try:
        state = replay(loaded, game.seed, game.actions)
    except LadderError as exc:
        raise LrsError(f"game {game.id}: cannot be replayed: {exc}") from None
    return statements(
        game,
        state,
        new_id=lambda: str(uuid.uuid4()),
        registration=str(uuid.uuid4()),
        home=who.home,
        emails=who.emails,
        pass_grade=who.pass_grade,
    )


def queued(store: Store, game_id: int) -> bool:
    return bool(store.query("SELECT 1 FROM lrs_queue WHERE game_id = ? LIMIT 1", (int(game_id),)))


def queue_game(store: Store, game_id: int, who: Who) -> int:
    """Queue a recorded game's statements (none if it is already queued); how many were queued."""
    if queued(store, game_id):
        return 0
    game = store.game(game_id)
    if game is None:
        raise LrsError(f"no game {game_id} in {store.where}")
    rows = build(game, who)
    stamp = now()
    with store.transaction():
        if queued(store, game_id):  # another process queued it meanwhile
            return 0
        for seq, s in enumerate(rows):
            store.execute(
                "INSERT INTO lrs_queue (statement_id, game_id, seq, statement, queued_at, next_try) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (s["id"], int(game_id), seq, json.dumps(s, ensure_ascii=False), stamp, stamp),
            )
    return len(rows)


def due(store: Store, limit: int, at: str | None = None) -> list[Due]:
    """Statements waiting to be sent whose next try has come, oldest first."""
    rows = store.query(
        "SELECT statement_id, statement, attempts FROM lrs_queue "
        "WHERE sent_at IS NULL AND failed = 0 AND next_try <= ? ORDER BY queued_at, game_id, seq LIMIT ?",
        (at or now(), int(limit)),
    )
    return [Due(str(r[0]), json.loads(r[1]), int(r[2])) for r in rows]


def mark_sent(store: Store, ids: Sequence[str]) -> None:
    stamp = now()
    with store.transaction():
        for sid in ids:
            store.execute(
                "UPDATE lrs_queue SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE statement_id = ?",
                (stamp, sid),
            )


def backoff(attempts: int) -> float:
    """Seconds before the next try after `attempts` failed tries: 5, 10, 20, ... up to the cap."""
    return float(min(BACKOFF_CAP, BACKOFF_FIRST * 2.0 ** max(0, attempts - 1)))


def mark_retry(store: Store, rows: Sequence[Due], error: str) -> str:
    """The LRS could not take these now: try again after the back-off. The next try, as stored."""
    later = ""
    with store.transaction():
        for d in rows:
            attempts = d.attempts + 1
            later = (datetime.now(UTC) + timedelta(seconds=backoff(attempts))).isoformat(timespec="milliseconds")
            store.execute(
                "UPDATE lrs_queue SET attempts = ?, next_try = ?, last_error = ? WHERE statement_id = ?",
                (attempts, later, error[:500], d.statement_id),
            )
    return later


def mark_failed(store: Store, row: Due, error: str) -> None:
    """The LRS refused this statement (a 4xx): recorded with its error, never retried."""
    store.execute(
        "UPDATE lrs_queue SET attempts = attempts + 1, failed = 1, last_error = ? WHERE statement_id = ?",
        (error[:500], row.statement_id),
    )


def retry_failed(store: Store) -> int:
    """Put statements the LRS refused back in the queue (after fixing the cause); how many."""
    rows = store.execute(
        "UPDATE lrs_queue SET failed = 0, next_try = ? WHERE failed = 1 AND sent_at IS NULL RETURNING statement_id",
        (now(),),
    )
    return len(rows)


def status(store: Store) -> LrsStatus:
    counts = store.query(
        "SELECT "
        "sum(CASE WHEN sent_at IS NULL AND failed = 0 THEN 1 ELSE 0 END), "
        "sum(CASE WHEN sent_at IS NOT NULL THEN 1 ELSE 0 END), "
        "sum(CASE WHEN sent_at IS NULL AND failed = 1 THEN 1 ELSE 0 END), "
        "min(CASE WHEN sent_at IS NULL AND failed = 0 THEN queued_at END), "
        "min(CASE WHEN sent_at IS NULL AND failed = 0 THEN next_try END), "
        "max(sent_at) FROM lrs_queue"
    )[0]
    error = store.query(
        "SELECT last_error FROM lrs_queue WHERE last_error IS NOT NULL ORDER BY next_try DESC, queued_at DESC LIMIT 1"
    )
    return {
        "queued": int(counts[0] or 0),
        "sent": int(counts[1] or 0),
        "failed": int(counts[2] or 0),
        "oldest_queued": counts[3],
        "next_try": counts[4],
        "last_error": str(error[0][0]) if error else None,
        "last_sent": counts[5],
    }


def statement(store: Store, statement_id: str) -> dict[str, Any] | None:
    rows = store.query("SELECT statement FROM lrs_queue WHERE statement_id = ?", (statement_id,))
    return json.loads(rows[0][0]) if rows else None


def game_statements(store: Store, game_id: int) -> list[dict[str, Any]]:
    rows = store.query("SELECT statement FROM lrs_queue WHERE game_id = ? ORDER BY seq", (int(game_id),))
    return [json.loads(r[0]) for r in rows]
