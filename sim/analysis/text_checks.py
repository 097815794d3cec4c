"""The checks `ladder lint --text` runs on what a trainee reads: each takes plain text (and,
for pronouns, who is who) and returns what is wrong with it, in words. Pure functions over
strings, so a test can feed each one bad text and see it fire (`sim.analysis.text_lint`
plays the games and gathers the text).

- doubled: the same sentence twice in a row, a line repeated on the next line, or a label
  that echoes its text ("You: You walked away.");
- repeated: a sentence of a reply said more than twice in one game;
- article: a rung without its article after "asked for" / "ask for" ("asked for contract"),
  or two articles in a row ("the a contract");
- pronoun: a he/she word next to a named Key Player whose pronouns differ, or a verb that
  does not agree ("they is", "she are");
- placeholder: a {placeholder} left unfilled;
- empty: a reply, fact or line with no words;
- signals: two signals of one kind at once ("leaning in" with "a dead end", "polite" with
  "taken aback").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping

from sim.engine.signals import INTEREST, STUNG, VERDICTS, WARMTH

MAX_SAID = 2
MIN_WORDS = 3  # "No." or "Not yet." may recur in different lines: only real sentences count
_SENTENCE = re.compile(r"(?<=[.!?])['\"’”]?\s+(?=['\"‘“(]?[A-Z0-9])")
_QUOTES = "\"'‘’“”()"


def sentences(text: str) -> list[str]:
    """`text` cut into sentences (dialogue quotes kept with their sentence). Lines are joined
    first: wrapped prose continues on the next line."""
    flat = " ".join(text.split())
    return [s.strip() for s in _SENTENCE.split(flat) if s.strip(" " + _QUOTES)]


def _norm(sentence: str) -> str:
    return " ".join(sentence.strip(" " + _QUOTES).lower().split())


# ---- doubled ----------------------------------------------------------------------------------
_ECHO = re.compile(r"\b(\w+):\s+\1\b", re.IGNORECASE)
_LABEL = re.compile(r"^[\w ()-]{1,30}:\s*")
_WORDS = re.compile(r"[\w'-]+")


def doubled(text: str) -> list[str]:
    """A sentence said twice in a row, a line repeated on the next one, a label echoed."""
    found: list[str] = []
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    for a, b in zip(lines, lines[1:], strict=False):
        if _norm(_LABEL.sub("", a)) == _norm(_LABEL.sub("", b)):
            found.append(f"the same line twice: {b!r}")
    prev = ""
    for s in sentences(text):
        n = _norm(_LABEL.sub("", s))
        if n and (n == prev or (len(n.split()) >= MIN_WORDS and prev.endswith(" " + n))):
            found.append(f"the same sentence twice in a row: {s!r}")  # or after a label: "Week 3  You ..."
        prev = n
    for m in _ECHO.finditer(text):
        found.append(f"a label that repeats its text: {text[m.start() : m.end() + 20]!r}")
    words = [w.lower() for w in _WORDS.findall(text)]
    for size in range(4, 9):  # four to eight words, then the same words straight after
        for i in range(len(words) - 2 * size + 1):
            if words[i : i + size] == words[i + size : i + 2 * size]:
                found.append(f"the same words twice in a row: {' '.join(words[i : i + size])!r}")
    return found


# ---- repeated -----------------------------------------------------------------------------------


def repeated(replies: Iterable[str]) -> list[tuple[str, int]]:
    """Sentences of the replies of one game said more than `MAX_SAID` times: (sentence, times)."""
    count: Counter[str] = Counter()
    first: dict[str, str] = {}
    for reply in replies:
        for s in sentences(reply):
            n = _norm(s)
            if len(n.split()) >= MIN_WORDS:
                count[n] += 1
                first.setdefault(n, s.strip(_QUOTES + " "))
    return [(first[n], c) for n, c in count.items() if c > MAX_SAID]


# ---- articles -----------------------------------------------------------------------------------
_TWO_ARTICLES = re.compile(r"\b(a|an|the)\s+(a|an|the)\b", re.IGNORECASE)


def articles(text: str, rungs: Iterable[str]) -> list[str]:
    """A rung named bare after "for" ("asked for follow-up meeting", "ask Gordon for contract")
    where running text needs its article; two articles in a row. `rungs`: the ladder's names."""
    found: list[str] = []
    flat = " ".join(text.split())
    for name in rungs:
        for m in re.finditer(rf"\bfor\s+{re.escape(name)}\b", flat, re.IGNORECASE):
            found.append(f"a rung without its article: {flat[max(0, m.start() - 25) : m.end()]!r}")
    for m in _TWO_ARTICLES.finditer(text):
        found.append(f"two articles in a row: {text[max(0, m.start() - 20) : m.end() + 20]!r}")
    return found


# ---- pronouns -----------------------------------------------------------------------------------
_GENDERED = {"he": "he", "him": "he", "his": "he", "himself": "he", "she": "she", "her": "she", "hers": "she"}
_GENDERED["herself"] = "she"
_WORD = re.compile(r"[A-Za-z']+")
_AGREE = re.compile(
    r"\b(?:(?P<sing>he|she)\s+(?:are|were|have|don't)|(?P<plur>they)\s+(?:is|was|has|doesn't))\b", re.IGNORECASE
)
_ASKING = frozenset("does did do will would could should can might must to and or".split())


def roster(names: Mapping[str, str], pronouns: Mapping[str, str]) -> dict[str, str]:
    """{a way a player is named in text: their pronoun id}: full names, and first names that
    only one player has."""
    out: dict[str, str] = {}
    firsts: Counter[str] = Counter(n.split()[0] for n in names.values() if n.split())
    for pid, name in names.items():
        pr = pronouns.get(pid, "they")
        out[name] = pr
        first = name.split()[0] if name.split() else ""
        if first and firsts[first] == 1 and len(first) > 2:
            out[first] = pr
    return out


def _named(sentence: str, who: Mapping[str, str]) -> set[str]:
    found: set[str] = set()
    for name, pr in who.items():
        if re.search(rf"\b{re.escape(name)}\b", sentence):
            found.add(pr)
    return found


def pronouns(text: str, who: Mapping[str, str]) -> list[str]:
    """A he/she word in a sentence that (with the sentences either side) names Key Players, none
    of whom goes by it; a verb that disagrees with its pronoun. ("They" is not checked against a
    she or he: it may mean a group.)"""
    found: list[str] = []
    said = sentences(text)
    named = [_named(s, who) for s in said]
    for i, s in enumerate(said):
        window = named[i].union(*named[max(0, i - 2) : i + 2])  # the sentence, two before, one after
        words = [w.lower() for w in _WORD.findall(s)]
        used = {_GENDERED[w] for w in words if w in _GENDERED}
        if window:
            for pr in sorted(used - window):
                found.append(f"'{pr}' with no {pr}-player named near it: {s!r}")
    for m in _AGREE.finditer(text):
        prior = text[: m.start()].split()
        if prior and prior[-1].lower().strip(",") in _ASKING:
            continue  # "does she have", "would they have been"
        found.append(f"a verb that does not agree: {text[m.start() : m.end()]!r}")
    return found


# ---- placeholders, empty text, signals ---------------------------------------------------------
_LEFT = re.compile(r"\{[^{}\s]{0,40}\}")


def placeholders(text: str) -> list[str]:
    return [f"a placeholder left in: {m.group(0)}" for m in _LEFT.finditer(text)]


def empty(text: str) -> list[str]:
    return [] if text.strip(" " + _QUOTES + ".") else ["no words where a line should be"]


_KINDS: dict[str, str] = {
    **{w: "interest" for w in INTEREST},
    **{w: "interest" for w in VERDICTS if w is not None},
    **{w: "mood" for w in WARMTH},
    STUNG: "mood",
}


def signal_clash(signals: Iterable[str]) -> list[str]:
    """Two signals of one kind shown together, or anything beside "has stopped engaging"."""
    shown = list(signals)
    if "has stopped engaging" in shown and len(shown) > 1:
        return [f"signals that disagree: {', '.join(shown)}"]
    kinds = Counter(_KINDS[s] for s in shown if s in _KINDS)
    if any(n > 1 for n in kinds.values()) or len(set(shown)) < len(shown):
        return [f"signals that disagree: {', '.join(shown)}"]
    return []
