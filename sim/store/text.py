"""Player names: stored exactly as typed (`check_name`), shown through `sim.text.shown`.

`shown`, `width_fit`, `safe_json` and `unsafe_char` live in `sim.text` (the one place text
from a file or a person is made safe for a terminal) and are re-exported here.
"""

from __future__ import annotations

from sim.common.text import safe_json, shown, unsafe_char, width_fit

__all__ = ["MAX_NAME", "check_name", "safe_json", "shown", "unsafe_char", "width_fit"]

MAX_NAME = 60


def check_name(name: str) -> str:
    """The name as it will be stored, or ValueError with a one-line reason."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a player name cannot be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"a player name is at most {MAX_NAME} characters (this one has {len(name)})")
    return name
