"""Which line a Key Player says: lines are keyed by the rule they answer and by the moment.

A line key is a rule id (`sim.engine.rule_ids.RuleId`) and, after dots, qualifiers in any
order, at most one of each kind:

    kind     qualifiers                                  holds when
    moment   first | later | room                        the first one-to-one meeting with this
                                                         player, a later one, or the consensus meeting
    turn     fallback                                    the line answers the fallback ask, after the
                                                         primary ask was refused
    ask      small | reciprocal | top                    the rung asked is 0-3, 4-6 or 7-9
             send_info, follow_up, deep_dive, introduction, strategy_session, office_visit,
             reference_trip, consensus, evaluation, contract     exactly that rung
    state    engaged, champion, opposed, heard, ...      the player's machine state now
    repeat   again | impatient | withdrawn               this player answers this rule for the
                                                         2nd time, the 3rd, the 4th or later

    over_ask                         any over-ask
    over_ask.first.top               an ask of rung 7-9 at the first meeting, refused as too much
    contract_before_evaluation.first "you want my signature, and we met ten minutes ago?"
    continuation.impatient           the third meeting in which this player was asked for nothing new

How a line is chosen (`Voice.pick`), with no draw from the game's RNG (so text never changes
a game's results, and a replay reads the same):
1. Candidates: every key of the rule whose qualifiers all hold now, in the player's own lines,
   the scenario's lines and the defaults (`sim.engine.lines`).
2. Order: repetition first (the highest repeat tier not above this one: a player asked the
   same thing again answers shorter, then impatient, then withdrawn); then keys for the
   fallback ask (after a refusal, "That much I can do"); then the player's own lines, the
   scenario's, the defaults; then the most specific key (a rung before a band). A line keyed
   by a band must fit every rung in it.
3. The first key with a line not yet said twice in this game wins (a line counts as said
   when any sentence of it of three words or more was); in it, the least-said line, counting
   from a place set by the seed and the repeat count. If every line has been said twice
   already, the least-said one (`ladder lint --text` reports that as a fault).

Withdrawn lines may count ({times}: "four times", {nth}: "fourth"), so a refusal in week 25
still differs from week 24's. Placeholders: see `sim.engine.lines`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from sim.engine.archetypes import StateName
from sim.engine.ladder import RUNG_KEYS, band_of
from sim.engine.rule_ids import RuleId

MAX_SAID = 2  # no line (no sentence of three words or more) more than twice in one game
MIN_WORDS = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])['\"]?\s+")
MOMENTS = ("first", "later", "room")
TURNS = ("fallback",)
BANDS = ("small", "reciprocal", "top")
REPEATS = ("again", "impatient", "withdrawn")  # tiers 1, 2, 3 (tier 0: the first time)
KIND: dict[str, str] = {
    **{q: "moment" for q in MOMENTS},
    **{q: "turn" for q in TURNS},
    **{q: "ask" for q in BANDS},
    **{q: "ask" for q in RUNG_KEYS},
    **{s.value: "state" for s in StateName},
    **{q: "repeat" for q in REPEATS},
}
_WEIGHT = {"moment": 2, "turn": 2, "state": 2, "ask": 1}  # a rung (not a band) adds one more
_RULES = frozenset(r.value for r in RuleId)


@dataclass(frozen=True, slots=True)
class Key:
    """A parsed line key: the rule, the qualifiers that must hold, the repeat tier (0-3), and
    how specific it is."""

    rule: str
    quals: frozenset[str]
    tier: int
    weight: int


def parse_key(key: str) -> Key:
    """`over_ask.first.top` -> Key. Raises ValueError with one plain sentence."""
    rule, *quals = key.split(".")
    if rule not in _RULES:
        raise ValueError(f"unknown rule {rule!r} in line key {key!r} (lines are keyed by the rule they answer)")
    seen: dict[str, str] = {}
    for q in quals:
        kind = KIND.get(q)
        if kind is None:
            known = ", ".join([*MOMENTS, *TURNS, *BANDS, *REPEATS, "a rung id, a state"])
            raise ValueError(f"unknown qualifier {q!r} in line key {key!r} (known: {known})")
        if kind in seen:
            raise ValueError(f"line key {key!r} names two {kind} qualifiers ({seen[kind]!r} and {q!r})")
        seen[kind] = q
    tier = REPEATS.index(seen["repeat"]) + 1 if "repeat" in seen else 0
    weight = sum(_WEIGHT[k] for k in seen if k != "repeat") + (1 if seen.get("ask") in RUNG_KEYS else 0)
    return Key(rule, frozenset(q for k, q in seen.items() if k != "repeat"), tier, weight)


Entry = tuple[Key, tuple[str, ...]]
Table = dict[str, tuple[Entry, ...]]  # rule -> its entries
_TABLES: dict[int, tuple[Mapping[str, Sequence[str]], Table]] = {}


def table(lines: Mapping[str, Sequence[str]]) -> Table:
    """A lines mapping (key -> lines) by rule, parsed once per mapping (scenarios are loaded once)."""
    hit = _TABLES.get(id(lines))
    if hit is not None and hit[0] is lines:
        return hit[1]
    out: dict[str, list[Entry]] = {}
    for raw, said in lines.items():
        k = parse_key(raw)
        out.setdefault(k.rule, []).append((k, tuple(said)))
    found = {rule: tuple(entries) for rule, entries in out.items()}
    if len(_TABLES) > 1024:
        _TABLES.clear()
        _RANKED.clear()  # it is keyed by the ids of tables
    _TABLES[id(lines)] = (lines, found)
    return found


# The moment a line answers: (rule, moment first/later/room or None for an evaporated step, the
# rung asked or None, the player's state, a fallback ask?). A plain tuple: built once per line.
Context = tuple[str, str | None, int | None, str, bool]
# the candidate keys' lines, best first; each line with its `parts` when it has no placeholder
Line = tuple[str, tuple[str, ...] | None]
Ranked = tuple[tuple[Line, ...], ...]
_RANKED: dict[tuple[tuple[int, ...], Context, int], Ranked] = {}


def ranked(sources: Sequence[Table], ctx: Context, tier: int, ids: tuple[int, ...] = ()) -> Ranked:
    """The lines of every key that fits `ctx` at repeat `tier`, in the order of the module
    docstring (memoised: it depends only on the tables and the context; `ids`, the tables' ids,
    may be passed in by a caller that keeps them)."""
    key = (ids or tuple([id(src) for src in sources]), ctx, tier)
    hit = _RANKED.get(key)
    if hit is not None:
        return hit
    held = holds(ctx)
    found: list[tuple[int, int, int, int, tuple[Line, ...]]] = []
    for rank, src in enumerate(sources):
        for k, lines in src.get(ctx[0], ()):
            if k.tier <= tier and k.quals <= held:
                hard = 1 if "fallback" in k.quals else 0  # a fallback's own words come first
                found.append((-k.tier, -hard, rank, -k.weight, _with_parts(lines)))
    found.sort(key=lambda r: r[:4])
    out = tuple([r[4] for r in found])
    if len(_RANKED) > 8192:
        _RANKED.clear()
    _RANKED[key] = out
    return out


def holds(ctx: Context) -> frozenset[str]:
    """The qualifiers that hold in this context."""
    _rule, moment, rung, state, fallback = ctx
    q = {state}
    if moment is not None:
        q.add(moment)
    if fallback:
        q.add("fallback")
    if rung is not None:
        q.add(RUNG_KEYS[rung])
        q.add(band_of(rung))
    return frozenset(q)


_LINES: dict[int, tuple[tuple[str, ...], tuple[Line, ...]]] = {}


def _with_parts(lines: tuple[str, ...]) -> tuple[Line, ...]:
    """The lines of one key, each with its `parts` worked out ahead (one object per key, so a
    key's lines can be marked spent by identity)."""
    hit = _LINES.get(id(lines))
    if hit is None or hit[0] is not lines:
        if len(_LINES) > 8192:
            _LINES.clear()
        hit = _LINES[id(lines)] = (lines, tuple([(t, None if "{" in t else parts(t)) for t in lines]))
    return hit[1]


class Voice:
    """What has been said in one game: each text's count, and how often each player answered
    each rule (the repeat count). Part of the game's state: cloned with it."""

    __slots__ = ("said", "asked", "spent")

    def __init__(self) -> None:
        self.said: dict[str, int] = {}  # sentence -> times said (see `parts`)
        self.asked: dict[tuple[str, str], int] = {}  # (player, rule) -> times answered
        self.spent: set[int] = set()  # ids of keys' lines (without placeholders) all said twice

    def copy(self) -> Voice:
        other = Voice()
        other.said, other.asked, other.spent = dict(self.said), dict(self.asked), set(self.spent)
        return other

    def pick(
        self,
        player: str,
        ctx: Context,
        sources: Sequence[Table],
        fill: Callable[[str, int], str],
        start: int,
        ids: tuple[int, ...] = (),
    ) -> str:
        """The line `player` says now (see the module docstring); "" when no source has the rule.
        `sources` in precedence order (the player's, the scenario's, the defaults); `fill(text,
        count)` substitutes placeholders; `start` varies where the choice begins (the seed)."""
        asked, said, spent = self.asked, self.said, self.spent
        k = (player, ctx[0])
        n = asked[k] = asked.get(k, 0) + 1
        tier = n - 1 if n <= 3 else 3  # again / impatient / withdrawn: REPEATS
        candidates = _RANKED.get((ids, ctx, tier)) if ids else None
        if candidates is None:
            candidates = ranked(sources, ctx, tier, ids)
        for lines in candidates:  # the usual case: the first line tried in the first live key is new
            if id(lines) in spent:
                continue
            text, ps = lines[(start + n) % len(lines)]
            if ps is not None:
                for part in ps:
                    if part in said:
                        break
                else:
                    for part in ps:
                        said[part] = 1
                    return text
            break
        get = said.get
        no_parts: tuple[str, ...] = ()
        best, best_ps, best_uses = "", no_parts, MAX_SAID + 1  # the least-said line, if every key is spent
        for lines in candidates:
            if id(lines) in spent:
                continue  # said twice over already: counts only grow, so it stays spent
            size = len(lines)
            here, here_ps, here_uses, fixed = "", no_parts, MAX_SAID + 1, True
            for i in range(size):
                text, ps = lines[(start + n + i) % size]
                if ps is None:
                    text, fixed = fill(text, n), False
                    ps = parts(text)
                uses = 0
                for part in ps:
                    u = get(part, 0)
                    if u > uses:
                        uses = u
                if uses < here_uses:
                    here, here_ps, here_uses = text, ps, uses
                    if not uses:
                        break
            if here_uses < MAX_SAID:
                best, best_ps = here, here_ps
                break
            if here_uses < best_uses:
                best, best_ps, best_uses = here, here_ps, here_uses
            if fixed:
                spent.add(id(lines))
        if not best:
            if not candidates or not spent:
                return ""
            best = self._least_said(candidates, fill, start, n)
            best_ps = parts(best)
        for part in best_ps:
            said[part] = get(part, 0) + 1
        return best

    def _least_said(self, candidates: Ranked, fill: Callable[[str, int], str], start: int, n: int) -> str:
        """Every fitting line has been said twice: the least said of them (a fault the text check
        reports; the shipped lines never come to this)."""
        best, best_uses = "", -1
        for lines in candidates:
            for i in range(len(lines)):
                text, ps = lines[(start + n + i) % len(lines)]
                text = fill(text, n) if ps is None else text
                uses = max([self.said.get(part, 0) for part in parts(text)])
                if best_uses < 0 or uses < best_uses:
                    best, best_uses = text, uses
        return best


@lru_cache(maxsize=8192)
def parts(text: str) -> tuple[str, ...]:
    """What counts as saying the same thing again: each sentence of `text` of three words or more
    (two lines that share such a sentence repeat it), else the whole text."""
    found = [" ".join(p.strip("'\" ").lower().split()) for p in _SENTENCE_END.split(text)]
    long = tuple([p for p in found if len(p.split()) >= MIN_WORDS])
    return long or (" ".join(text.lower().split()),)


_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth", "nine": "ninth"}
_ORDINAL["twelve"] = "twelfth"


def number(n: int) -> str:
    """4 -> "four", 26 -> "twenty-six" (up to 99; digits beyond)."""
    if n < 20:
        return _ONES[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")
    return str(n)


def times(n: int) -> str:
    """4 -> "four times" (1 -> "once", 2 -> "twice")."""
    return "once" if n == 1 else "twice" if n == 2 else f"{number(n)} times"


def nth(n: int) -> str:
    """4 -> "fourth", 23 -> "twenty-third"."""
    words = number(n)
    head, _, last = words.rpartition("-")
    if last.isdigit():
        suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
        return f"{words}{suffix}"
    if last in _ORDINAL:
        last = _ORDINAL[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last
