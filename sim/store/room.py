"""A workshop's room on the server: its controls, the trainees' resume claims, the facilitator's keys
and the entries a facilitator removed, renamed or merged.

Secrets (a trainee's resume token, the facilitator's key) are made by `secrets`, kept only as
their SHA-256 digests and compared with `hmac.compare_digest`; the store never holds one in clear
and nothing here logs one. A claim binds one normalised name in one workshop (by `name_key`) to
the browser holding its token: only that browser resumes that game, until the facilitator hands
it over (the claim is released and the next browser to join under that name takes it). Free play
on a server without a workshop uses the workshop code "" for its claims.

Removing an entry hides it from the board and the cohort and deletes nothing; renaming moves a
participant's games, unfinished game and claim to another name; renaming onto a name already in
the room merges the two.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sim.common.person_names import check_name, name_key
from sim.store.errors import StoreError
from sim.store.schema import now
from sim.store.session import slot_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sim.store.db import Store

TOKEN_BYTES = 32  # 256 bits: a resume token or a facilitator key cannot be guessed
MAX_MINUTES = 24 * 60


class RoomStatus(StrEnum):
    OPEN = "open"  # anyone with the code can join
    LOCKED = "locked"  # no new names; those who joined can go on playing
    CLOSED = "closed"  # nobody plays; the board and the debrief stay up


class RoomError(StoreError):
    """A facilitator's request the room cannot carry out (one line, for the page)."""


class NameTaken(RoomError):
    """Someone else's browser holds the game of this name."""


class JoinClosed(RoomError):
    """The workshop takes no new names (locked, closed, or out of time)."""


@dataclass(frozen=True, slots=True)
class Room:
    code: str
    status: RoomStatus
    ends_at: str | None
    revealed: bool
    show_bots: bool

    def seconds_left(self, at: datetime | None = None) -> int | None:
        if self.ends_at is None:
            return None
        left = datetime.fromisoformat(self.ends_at) - (at or datetime.now(UTC))
        return max(0, int(left.total_seconds()))

    def time_up(self, at: datetime | None = None) -> bool:
        return self.seconds_left(at) == 0

    @property
    def joinable(self) -> bool:
        return self.status is RoomStatus.OPEN and not self.time_up()

    @property
    def playable(self) -> bool:
        return self.status is not RoomStatus.CLOSED


@dataclass(frozen=True, slots=True)
class Claim:
    workshop: str
    key: str  # the name's key (`name_key`)
    name: str  # as first given, normalised


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def _rows(store: Store, sql: str, args: Sequence[Any] = ()) -> list[Any]:
    return list(store.query(sql, args))


def _write(store: Store, sql: str, args: Sequence[Any] = ()) -> None:
    store.execute(sql, args)


# ------------------------------------------------------------------------------ controls
def room(store: Store, code: str) -> Room | None:
    rows = _rows(store, "SELECT code, state, ends_at, revealed, show_bots FROM workshops WHERE code = ?", (code,))
    if not rows:
        return None
    c, state, ends_at, revealed, show_bots = rows[0]
    status = RoomStatus(state) if state in RoomStatus.__members__.values() else RoomStatus.OPEN
    return Room(str(c), status, ends_at, bool(revealed), bool(show_bots))


def set_status(store: Store, code: str, status: RoomStatus) -> None:
    _write(store, "UPDATE workshops SET state = ? WHERE code = ?", (status.value, code))


def set_time_limit(store: Store, code: str, minutes: int | None, at: datetime | None = None) -> None:
    """End play `minutes` from now (None: no limit)."""
    ends = None
    if minutes is not None:
        if not 1 <= minutes <= MAX_MINUTES:
            raise RoomError(f"time limit: {minutes} minutes is not between 1 and {MAX_MINUTES}")
        ends = ((at or datetime.now(UTC)) + timedelta(minutes=minutes)).isoformat(timespec="seconds")
    _write(store, "UPDATE workshops SET ends_at = ? WHERE code = ?", (ends, code))


def set_revealed(store: Store, code: str, revealed: bool) -> None:
    _write(store, "UPDATE workshops SET revealed = ? WHERE code = ?", (int(revealed), code))


def set_show_bots(store: Store, code: str, show: bool) -> None:
    _write(store, "UPDATE workshops SET show_bots = ? WHERE code = ?", (int(show), code))


# ------------------------------------------------------------------------------ facilitator keys
def new_facilitator_key(store: Store, code: str) -> str:
    """A new secret for the facilitator's pages of workshop `code` (each server start makes one)."""
    key = new_secret()
    _write(store, "INSERT INTO room_keys (key_hash, workshop, created_at) VALUES (?, ?, ?)", (digest(key), code, now()))
    return key


def facilitator_ok(store: Store, code: str, key: str | None) -> bool:
    """Whether `key` opens workshop `code`'s facilitator pages (every stored digest compared in constant time)."""
    if not key:
        return False
    presented = digest(key)
    found = False
    for (stored,) in _rows(store, "SELECT key_hash FROM room_keys WHERE workshop = ?", (code,)):
        found |= hmac.compare_digest(str(stored), presented)
    return found


# ------------------------------------------------------------------------------ claims
def join(store: Store, workshop: str, name: str, token: str | None) -> tuple[Claim, str]:
    """Join `workshop` as `name` from a browser holding `token` (or none): (the claim, the token to keep).

    A new name is claimed with a new token; a name this browser holds is resumed; a name handed over
    by the facilitator is taken by this browser. Raises NameTaken if another browser holds it,
    PersonNameError for a name that is refused."""
    shown = check_name(name)
    key = name_key(shown)
    with store.transaction():
        rows = store.query("SELECT name, token_hash FROM claims WHERE workshop = ? AND name_key = ?", (workshop, key))
        if rows:
            held, stored = rows[0]
            if stored is not None:
                if token and hmac.compare_digest(str(stored), digest(token)):
                    return Claim(workshop, key, str(held)), token
                raise NameTaken(
                    f"someone has already joined as {held!r} from another browser; if that is you, "
                    "ask your facilitator to hand your game over to this browser"
                )
            fresh = new_secret()
            store.execute(
                "UPDATE claims SET token_hash = ?, updated_at = ? WHERE workshop = ? AND name_key = ?",
                (digest(fresh), now(), workshop, key),
            )
            return Claim(workshop, key, str(held)), fresh
        fresh = new_secret()
        stamp = now()
        store.execute(
            "INSERT INTO claims (workshop, name_key, name, token_hash, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (workshop, key, shown, digest(fresh), stamp, stamp),
        )
        return Claim(workshop, key, shown), fresh


def claim_for(store: Store, token: str | None) -> Claim | None:
    """The claim a browser's token holds, if any."""
    if not token:
        return None
    presented = digest(token)
    rows = _rows(store, "SELECT workshop, name_key, name, token_hash FROM claims WHERE token_hash = ?", (presented,))
    for workshop, key, name, stored in rows:
        if hmac.compare_digest(str(stored), presented):
            return Claim(str(workshop), str(key), str(name))
    return None


def claims(store: Store, workshop: str) -> dict[str, tuple[str, bool]]:
    """Each claimed name key of the room: (the name, whether a browser holds it)."""
    rows = _rows(store, "SELECT name_key, name, token_hash FROM claims WHERE workshop = ?", (workshop,))
    return {str(k): (str(n), t is not None) for k, n, t in rows}


def hand_over(store: Store, workshop: str, key: str) -> bool:
    """Release a name's claim: the next browser to join under that name takes the game."""
    changed = store.execute(
        "UPDATE claims SET token_hash = NULL, updated_at = ? WHERE workshop = ? AND name_key = ? RETURNING name_key",
        (now(), workshop, key),
    )
    return bool(changed)


# ------------------------------------------------------------------------------ entries
def set_removed(store: Store, workshop: str, key: str, removed: bool) -> None:
    _write(
        store,
        "INSERT INTO entries (workshop, name_key, removed, updated_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (workshop, name_key) DO UPDATE SET removed = excluded.removed, updated_at = excluded.updated_at",
        (workshop, key, int(removed), now()),
    )


def removed_keys(store: Store, workshop: str) -> set[str]:
    rows = _rows(store, "SELECT name_key FROM entries WHERE workshop = ? AND removed = 1", (workshop,))
    return {str(r[0]) for r in rows}


def rename(store: Store, workshop: str, key: str, new_name: str) -> str:
    """Give entry `key` of the room the name `new_name` (merging it into that entry if it exists).
    Returns the name now shown. Games, the unfinished game and the claim all move, in one transaction."""
    target = check_name(new_name)
    new_key = name_key(target)
    with store.transaction():
        players = [str(r[0]) for r in store.query("SELECT DISTINCT player FROM games WHERE workshop = ?", (workshop,))]
        saved = store.query("SELECT slot, player, scenario FROM progress WHERE workshop = ?", (workshop,))
        existing = [p for p in [*players, *(str(p) for _, p, _ in saved)] if name_key(p) == new_key]
        if new_key != key and existing:
            target = existing[0]  # a merge: the entry takes the spelling already in the room
        moving = [p for p in players if name_key(p) == key]
        ours = [(str(slot), str(scenario)) for slot, p, scenario in saved if name_key(p) == key]
        if (
            not moving
            and not ours
            and not store.query("SELECT 1 FROM claims WHERE workshop = ? AND name_key = ?", (workshop, key))
        ):
            raise RoomError(f"nobody in workshop {workshop} goes by that name")
        for p in moving:
            store.execute("UPDATE games SET player = ? WHERE workshop = ? AND player = ?", (target, workshop, p))
        for slot, scenario in ours:
            new_slot = slot_key(target, scenario, workshop)
            if new_slot != slot and store.query("SELECT 1 FROM progress WHERE slot = ?", (new_slot,)):
                raise RoomError(f"both entries have a game in progress; let one finish before merging into {target!r}")
            store.execute("UPDATE progress SET slot = ?, player = ? WHERE slot = ?", (new_slot, target, slot))
        _move_row(store, "claims", workshop, key, new_key, extra="name = ?", extra_args=(target,))
        _move_row(store, "entries", workshop, key, new_key)
    return target


def _move_row(
    store: Store, table: str, workshop: str, key: str, new_key: str, extra: str = "", extra_args: tuple[Any, ...] = ()
) -> None:
    """Move a (workshop, name_key) row to `new_key`; the target's own row wins if there is one."""
    sets = "name_key = ?" + (f", {extra}" if extra else "")
    if key == new_key:
        if extra:
            store.execute(
                f"UPDATE {table} SET {extra} WHERE workshop = ? AND name_key = ?", (*extra_args, workshop, key)
            )
        return
    if store.query(f"SELECT 1 FROM {table} WHERE workshop = ? AND name_key = ?", (workshop, new_key)):
        store.execute(f"DELETE FROM {table} WHERE workshop = ? AND name_key = ?", (workshop, key))
    else:
        store.execute(
            f"UPDATE {table} SET {sets} WHERE workshop = ? AND name_key = ?", (new_key, *extra_args, workshop, key)
        )
