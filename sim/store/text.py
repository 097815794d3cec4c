"""Player names: stored exactly as typed, shown so that nothing in them can act on the terminal.

Rich markup (`[bold]Ann[/]`) is plain text to every command here (they print with
`click.echo`, never through Rich); the TUI must show names with `rich.text.Text(name)` or
`rich.markup.escape(name)`. Control characters (escape sequences, bells, new lines...) are
shown escaped (`\\x1b`), never written raw to the terminal.
"""

from __future__ import annotations

import unicodedata

MAX_NAME = 60


def check_name(name: str) -> str:
    """The name as it will be stored, or ValueError with a one-line reason."""
    if not isinstance(name, str) or not name.strip():
        raise ValueError("a player name cannot be empty")
    if len(name) > MAX_NAME:
        raise ValueError(f"a player name is at most {MAX_NAME} characters (this one has {len(name)})")
    return name


def shown(text: str) -> str:
    """Text safe to print on a terminal: control and format characters escaped, all else literal."""
    out = []
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") and ch != " ":
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return "".join(out)


def width_fit(text: str, width: int) -> str:
    """`shown(text)` cut to `width` characters (with an ellipsis) and padded."""
    s = shown(text)
    if len(s) > width:
        s = s[: max(0, width - 1)] + "…"
    return s.ljust(width)


_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def safe_json(value: object, **kwargs: object) -> str:
    """`json.dumps` (non-ASCII letters kept) with every control or format character written as
    a `\\uXXXX` escape: the same JSON value, and nothing a terminal would act on."""
    import json

    text = json.dumps(value, ensure_ascii=False, **kwargs)  # type: ignore[arg-type]
    out = []
    for ch in text:
        if ch != "\n" and unicodedata.category(ch) in _UNSAFE:
            code = ord(ch)
            if code > 0xFFFF:
                code -= 0x10000
                out.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
