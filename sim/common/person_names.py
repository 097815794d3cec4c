"""People's names: `normalise` (how a name is kept and shown), `name_key` (how two names are
compared) and `check_name` (a name a person typed, refused with a one-line reason).

"Ann Lee", "ann lee" and "Ann Lee " are one person: a name is trimmed, its inner whitespace
collapsed to one space and put in Unicode NFKC form; two names are the same person when their
casefolded forms (`name_key`) are equal. A name may be in any one script (Latin with accents,
Cyrillic, Greek, Arabic, Devanagari, Chinese or Japanese or Korean...); digits, spaces and
punctuation belong to none. Refused: an empty or too long name, an invisible or control
character (zero-width space, bidi marks, soft hyphen...), and letters of two scripts in one name
("Аnn" with a Cyrillic А), which can pass for someone else's name. Pure Python, no imports from
the game.
"""

from __future__ import annotations

import unicodedata

from sim.common.errors import PersonNameError

__all__ = ["MAX_NAME", "check_name", "name_key", "normalise", "script_of"]

MAX_NAME = 60  # characters, after normalising

# Controls, format characters (zero-width, bidi marks, soft hyphen), private use, surrogates,
# line and paragraph separators, unassigned code points.
_REFUSED = frozenset(("Cc", "Cf", "Co", "Cs", "Zl", "Zp", "Cn"))

# Scripts that are written together in one name: Japanese mixes kanji with kana, Korean may add hanja.
_SCRIPT_GROUP = {
    "CJK": "CJK",
    "HIRAGANA": "CJK",
    "KATAKANA": "CJK",
    "KATAKANA-HIRAGANA": "CJK",
    "HALFWIDTH": "CJK",
    "IDEOGRAPHIC": "CJK",
    "HANGUL": "CJK",
    "BOPOMOFO": "CJK",
}
_DISPLAY = {"CJK": "Chinese, Japanese or Korean"}


def normalise(raw: str) -> str:
    """The name as kept and shown: Unicode NFKC, trimmed, inner whitespace one space."""
    return " ".join(unicodedata.normalize("NFKC", raw).split())


def name_key(name: str) -> str:
    """What two names are compared by: the normalised name, casefolded (`ann lee` for "Ann  LEE")."""
    return unicodedata.normalize("NFKC", normalise(name).casefold())


def script_of(ch: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "CJK"...), or None for anything that is not a letter."""
    if not unicodedata.category(ch).startswith("L"):
        return None
    word = unicodedata.name(ch, "UNKNOWN").split()[0]
    if word in ("MODIFIER", "UNKNOWN"):
        return None
    return _SCRIPT_GROUP.get(word, word)


def _described(ch: str) -> str:
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X} ({name})" if name else f"U+{ord(ch):04X}"


def check_name(raw: object) -> str:
    """The name as it will be stored (normalised), or PersonNameError with a one-line reason."""
    if not isinstance(raw, str):
        raise PersonNameError("a player name must be text")
    name = normalise(raw)
    if not name:
        raise PersonNameError("a player name cannot be empty")
    if len(name) > MAX_NAME:
        raise PersonNameError(f"a player name is at most {MAX_NAME} characters (this one has {len(name)})")
    for ch in name:
        if unicodedata.category(ch) in _REFUSED:
            raise PersonNameError(f"a player name cannot contain the invisible or control character {_described(ch)}")
    first: tuple[str, str] | None = None
    for ch in name:
        script = script_of(ch)
        if script is None:
            continue
        if first is None:
            first = (script, ch)
        elif script != first[0]:
            one, other = (_DISPLAY.get(s, s.title()) for s in (first[0], script))
            raise PersonNameError(
                f"a player name mixes {one} and {other} letters ({first[1]!r} and {ch!r}), "
                "so it could pass for another name; type it in one script"
            )
    return name
