"""Bounded reads of files a user names: scenarios, run files and a run's scenario reference.

`read_bounded(path, limit, what)` reads only a regular file of at most `limit` bytes. A FIFO,
device, folder or socket is refused at once (it is opened with O_NONBLOCK, so a FIFO never
blocks, and checked with fstat on the open descriptor, so nothing can swap the file between
the check and the read); the size is checked before reading, and the read itself is capped
(`limit + 1` bytes), so a file that grows while read is refused too. Every refusal is
`FileRefused`, one line naming the path.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from sim.common.errors import LadderError

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


class FileRefused(LadderError):
    """The file cannot be read as asked: not a regular file, too large, or unreadable."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


def _kind(mode: int) -> str:
    for test, name in _KINDS:
        if test(mode):
            return name
    return "not a file"


def _size(n: int) -> str:
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def read_bounded(path: str | Path, limit: int, what: str) -> bytes:
    """The bytes of `path`, a regular file of at most `limit` bytes, or `FileRefused` naming it.

    `what` says what the file should be ("a scenario file", "a run file") in the message."""
    name = str(path)
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)
    except IsADirectoryError:
        raise FileRefused(name, f"not a regular file (a folder); expected {what}") from None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            raise FileRefused(name, "no such file") from None
        if exc.errno == errno.ENXIO:  # a socket, or a FIFO with no writer on some systems
            raise FileRefused(name, f"not a regular file; expected {what}") from None
        raise FileRefused(name, f"cannot read the file: {exc.strerror or exc}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise FileRefused(name, f"not a regular file ({_kind(st.st_mode)}); expected {what}")
        too_big = f"too large for {what} ({{size}}; the limit is {_size(limit)})"
        if st.st_size > limit:
            raise FileRefused(name, too_big.format(size=_size(st.st_size)))
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, limit + 1 - got)
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        if got > limit:
            raise FileRefused(name, too_big.format(size=f"more than {_size(limit)} when read"))
        return b"".join(chunks)
    except OSError as exc:
        raise FileRefused(name, f"cannot read the file: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
