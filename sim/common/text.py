"""Text that came from a file or a person, made safe for a terminal.

`shown` is THE one function every such text passes through before a terminal, in the CLI and
the TUI alike: player names, run-file fields, scenario titles, whole transcripts
(`shown(text, lines=True)` keeps the new lines). It writes C0 and C1 controls, ESC, DEL, bidi
overrides and other invisible format characters as visible escapes (`\\x1b`, `\\u202e`).
Rich markup (`[bold]Ann[/]`) is plain text to every command (they print with `click.echo`);
the TUI shows such text as `rich.text.Text(shown(name))`, never as markup, and escaped, since
Rich passes ESC through. Pure Python, no imports from the game: the engine, the store, the CLI
and the TUI all use it.
"""

from __future__ import annotations

import unicodedata

# Controls, format characters (bidi overrides, zero-width...), surrogates, private use,
# unassigned, line and paragraph separators: what a terminal might act on or hide.
_UNSAFE = frozenset(("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"))


def shown(text: object, *, lines: bool = False) -> str:
    """Text safe to print on a terminal: control and format characters escaped, all else literal.

    With `lines=True` a new line stays a new line (a transcript); otherwise it is escaped too,
    so a name or a field is always one line."""
    text = text if isinstance(text, str) else str(text)
    if text.isprintable():  # the common case, fast: every category below is non-printable
        return text
    out = []
    for ch in text:
        if (lines and ch == "\n") or unicodedata.category(ch) not in _UNSAFE:
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
    return "".join(out)


def unsafe_char(text: str, *, lines: bool = True) -> str | None:
    """The first character `shown` would escape (a new line and a tab allowed when `lines`), or None."""
    for ch in text:
        if unicodedata.category(ch) in _UNSAFE and not (lines and ch in "\n\t"):
            return ch
    return None


def width_fit(text: str, width: int) -> str:
    """`shown(text)` cut to `width` characters (with an ellipsis) and padded."""
    s = shown(text)
    if len(s) > width:
        s = s[: max(0, width - 1)] + "…"
    return s.ljust(width)


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
