"""The cohort debrief of a workshop: what a facilitator projects after the room has played.

`cohort(games)` computes plain data (the TUI can draw it its own way); `render(...)` is the
terminal text of `ladder workshop debrief`. Each participant counts once, with their first
finished game: the attempt that shows their instincts. Mistakes are read from the rules
the engine fired (`Score.moments`), re-computed by replaying each stored run through the
engine when its scenario file is unchanged, else read from the stored score.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING, TypedDict

from sim.common.person_names import name_key
from sim.engine.records import OUTCOMES as OUTCOME_ORDER  # one list, in the engine's records
from sim.store.mistakes import EARLY_WEEKS as EARLY_WEEKS
from sim.store.mistakes import MISTAKES as MISTAKES
from sim.store.mistakes import ScenarioCache, analyse
from sim.store.text import shown

if TYPE_CHECKING:
    from sim.store.records import GameRecord

OUTCOME_WORDS = {
    "won": "won",
    "qualified_out": "qualified out of a dead deal",
    "lost": "lost",
    "no_decision": "no decision (stalled)",
    "walked_away": "walked away from a winnable deal",
    "walked_blind": "walked away without evidence",
}
TERMINAL_RULES = frozenset(
    {"won", "lost_deal", "stalled_to_horizon", "walked_away_winnable", "walked_away_dead_deal", "pace"}
)


class OutcomeCount(TypedDict):
    outcome: str
    words: str
    count: int


class Bucket(TypedDict):
    """A bar of the score histogram: the scores from `low` to `high`."""

    low: int
    high: int
    count: int


class Who(TypedDict):
    """A participant who made a mistake, and the week they first made it."""

    name: str
    week: int


class MistakeRow(TypedDict):
    lesson: str
    lesson_text: str
    rule: str
    text: str
    count: int
    of: int
    earliest_week: int
    who: list[Who]


class WeeksCount(TypedDict):
    weeks: int
    count: int


class FastestWin(TypedDict):
    name: str
    weeks: int
    score: int
    game_id: int
    coached: bool


class Example(TypedDict):
    name: str
    week: int
    did: str
    points: int


class MomentRow(TypedDict):
    """A rule many participants hit, with the earliest example."""

    rule: str
    title: str
    lesson: str | None
    count: int
    of: int
    example: Example


class Cohort(TypedDict):
    """The cohort debrief as data (`ladder workshop debrief --json` prints it)."""

    participants: int
    games: int
    outcomes: list[OutcomeCount]
    histogram: list[Bucket]
    mean: float | None
    median: float | None
    mistakes: list[MistakeRow]
    weeks_used: list[WeeksCount]
    fastest_win: FastestWin | None
    moments: list[MomentRow]
    replayed: int


def first_attempts(games: list[GameRecord]) -> list[GameRecord]:
    """Each player's first finished game, in the order they finished."""
    seen: dict[str, GameRecord] = {}
    for g in sorted(games, key=lambda g: (g.finished_at, g.id)):
        seen.setdefault(name_key(g.player), g)
    return list(seen.values())


def cohort(games: list[GameRecord]) -> Cohort:
    """The cohort debrief as data."""
    from sim.engine.rules import LESSONS, RULES

    firsts = first_attempts(games)
    n = len(firsts)
    cache: ScenarioCache = {}
    analysed = [(g, *analyse(g, cache)) for g in firsts]
    outcomes: list[OutcomeCount] = [
        {"outcome": o, "words": OUTCOME_WORDS[o], "count": sum(1 for g in firsts if g.outcome == o)}
        for o in OUTCOME_ORDER
    ]
    scores = [g.total for g in firsts]
    histogram: list[Bucket] = []
    for low in range(0, 100, 10):
        high = 100 if low == 90 else low + 9
        histogram.append({"low": low, "high": high, "count": sum(1 for s in scores if low <= s <= high)})
    mistakes: list[MistakeRow] = []
    for m in MISTAKES:
        hits = [
            (week, g.player) for g, moments, events in analysed if (week := m.first_week(moments, events)) is not None
        ]
        if hits:
            mistakes.append(
                {
                    "lesson": m.lesson,
                    "lesson_text": LESSONS[m.lesson],
                    "rule": m.rule,
                    "text": m.text,
                    "count": len(hits),
                    "of": n,
                    "earliest_week": min(w for w, _ in hits),
                    "who": [{"name": shown(p), "week": w} for w, p in sorted(hits, key=lambda h: (h[0], h[1]))],
                }
            )
    mistakes.sort(key=lambda row: (-row["count"], row["lesson"]))
    kept: list[MistakeRow] = []
    for row in mistakes:  # "over-asked at least once" says nothing new when it counts the same as "in the first weeks"
        if not any(k["rule"] == row["rule"] and k["count"] == row["count"] for k in kept):
            kept.append(row)
    mistakes = kept
    wins = [g for g in firsts if g.outcome == "won"]
    fastest: FastestWin | None = None
    if wins:
        w = min(wins, key=lambda g: (g.weeks, -g.total, g.finished_at))
        fastest = {"name": w.player, "weeks": w.weeks, "score": w.total, "game_id": w.id, "coached": w.coach}
    worth: dict[str, MomentRow] = {}
    for g, moments, _events in analysed:
        seen: set[str] = set()
        for moment in moments:
            rule = moment["rule"]
            if not moment.get("key") or rule in TERMINAL_RULES or rule in seen:
                continue
            seen.add(rule)
            example: Example = {
                "name": g.player,
                "week": moment["week"],
                "did": moment.get("did", ""),
                "points": moment.get("points", 0),
            }
            d = worth.get(rule)
            if d is None:
                r = RULES.get(rule)
                worth[rule] = {
                    "rule": rule,
                    "title": r.title if r else rule,
                    "lesson": moment.get("lesson"),
                    "count": 1,
                    "of": n,
                    "example": example,
                }
                continue
            d["count"] += 1
            if moment["week"] < d["example"]["week"]:
                d["example"] = example
    moments_out = sorted(worth.values(), key=lambda d: (-d["count"], d["rule"]))[:6]
    return {
        "participants": n,
        "games": len(games),
        "outcomes": outcomes,
        "histogram": histogram,
        "mean": round(statistics.fmean(scores), 1) if scores else None,
        "median": statistics.median(scores) if scores else None,
        "mistakes": mistakes,
        "weeks_used": [
            {"weeks": w, "count": sum(1 for g in firsts if g.weeks == w)} for w in sorted({g.weeks for g in firsts})
        ],
        "fastest_win": fastest,
        "moments": moments_out,
        "replayed": sum(1 for _g, _m, ev in analysed if ev is not None),
    }


def bar(count: int, most: int, width: int = 40, char: str = "█") -> str:
    if count <= 0 or most <= 0:
        return ""
    return char * max(1, round(width * count / most))


def render(data: Cohort, title: str, char: str = "█") -> str:
    """The cohort debrief as terminal text (no colour, no markup)."""
    n = data["participants"]
    out = [title, "=" * min(88, len(title)), ""]
    if n == 0:
        out.append("No finished games yet.")
        return "\n".join(out)
    out.append(
        f"{n} participant{'s' if n != 1 else ''} (first attempt each; {data['games']} games in all). "
        f"Mean score {data['mean']}, median {data['median']}."
    )
    out += ["", "Outcomes"]
    for o in data["outcomes"]:
        if o["count"]:
            out.append(f"  {o['words']:<34}{o['count']:>3} of {n}  {round(100 * o['count'] / n):>3}%")
    out += ["", "Scores"]
    most = max(h["count"] for h in data["histogram"])
    for h in data["histogram"]:
        label = f"{h['low']:>3}-{h['high']:<3}"
        out.append(f"  {label} |{bar(h['count'], most, 40, char)}{' ' + str(h['count']) if h['count'] else ''}")
    out += ["", "Most common mistakes"]
    if not data["mistakes"]:
        out.append("  None: every participant kept to the ladder.")
    for m in data["mistakes"][:8]:
        when = "" if m["rule"] in TERMINAL_RULES else f" (earliest in week {m['earliest_week']})"
        out.append(f"  {m['count']} of {m['of']} {m['text']}{when}  [{m['lesson']}]")
        out.append(f"      {m['lesson_text']}")
    out += ["", "Fastest win"]
    f = data["fastest_win"]
    if f is None:
        out.append("  Nobody won the deal.")
    else:
        out.append(
            f"  {shown(f['name'])}: won in week {f['weeks']}, score {f['score']}"
            + (" (coached)" if f["coached"] else "")
            + f"  (game {f['game_id']}; `ladder runs export {f['game_id']}`)"
        )
    out += ["", "Moments worth discussing"]
    for row in data["moments"]:
        ex = row["example"]
        out.append(
            f"  [{row['lesson'] or '--'}] {row['title']}: {row['count']} of {row['of']}; "
            f"first {shown(ex['name'])} in week {ex['week']}" + (f" ({ex['did']})" if ex["did"] else "")
        )
    if not data["moments"]:
        out.append("  None yet.")
    return "\n".join(out)
