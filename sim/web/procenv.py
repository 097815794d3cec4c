"""Make a forked game show its own environment in /proc/PID/environ (Linux).

A process's /proc/PID/environ is the block of memory its environment was in when it was
exec'd; a process forked from the fork server shares that block, so without help every game
would show the fork server's environment rather than its session's (its terminal size, its
Textual driver), which is what the tests and an administrator running `ps e` look at. The fork
server is exec'd with room to spare (`ROOM`), and a forked game writes its environment into
that block, NUL-padded, as `setproctitle` does for the command line. Elsewhere, or if the
block is too small, nothing is written (the game's `os.environ` is right either way).
"""

from __future__ import annotations

import ctypes
import os
from pathlib import Path

ROOM = "LADDER_ENVIRON_ROOM"  # a variable whose value only reserves space in the exec'd block
ROOM_BYTES = 16384


def with_room(env: dict[str, str]) -> dict[str, str]:
    """`env` plus the space a forked game needs to show a larger environment than its parent's."""
    return {**env, ROOM: "." * ROOM_BYTES}


def _block(first: int = 50) -> tuple[int, int] | None:
    """(start, end) address of this process's exec'd environment block (fields 50 and 51 of
    /proc/self/stat; 48 and 49 are its command line's)."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()  # fields[0] is field 3
        start, end = int(fields[first - 3]), int(fields[first - 2])
    except (OSError, IndexError, ValueError):
        return None
    return (start, end) if 0 < start < end else None


def retitle(words: list[str]) -> None:
    """Show `words` as this process's command line in /proc/PID/cmdline (and `ps`), cut to the
    length of the command line it was exec'd with (sys.argv is not changed)."""
    block = _block(48)
    if block is None:
        return
    start, end = block
    data = b"\0".join(w.encode("utf-8", "surrogateescape") for w in words)[: end - start - 1]
    ctypes.memmove(start, data + b"\0" * (end - start - len(data)), end - start)


def encode(env: dict[str, str]) -> bytes:
    return b"".join(f"{k}={v}".encode("utf-8", "surrogateescape") + b"\0" for k, v in env.items() if k != ROOM)


def become(env: dict[str, str]) -> bool:
    """Replace this process's environment with `env` (os.environ and, where possible, the
    block /proc shows); True if /proc shows it."""
    os.environ.clear()  # unsetenv: no C pointer keeps pointing into the block rewritten below
    shown = False
    block, data = _block(), encode(env)
    if block is not None and len(data) < block[1] - block[0]:
        start, end = block
        ctypes.memmove(start, data + b"\0" * (end - start - len(data)), end - start)
        shown = True
    os.environ.update({k: v for k, v in env.items() if k != ROOM})
    return shown
