"""Who is who in the store: names are compared by `name_key`, so "Ann Lee", "ann lee" and
"Ann Lee " are one participant, shown as first spelled (normalised).

Names are kept as typed by older versions of the game; nothing is rewritten. A lookup by name
matches every stored spelling with the same key (`spellings`), a new record takes the spelling
already in the store (`known`), and the leaderboard groups games by key (`board_rows`).
"""

from __future__ import annotations

from sim.common.person_names import name_key, normalise
from sim.store.records import BoardRow, GameRecord


def spellings(stored: list[str], name: str) -> list[str]:
    """The stored spellings of `name` (same key), and its normalised form, without repeats."""
    key = name_key(name)
    out = [normalise(name)]
    out.extend(s for s in stored if name_key(s) == key and s not in out)
    return out


def known(stored: list[str], name: str) -> str:
    """The name as it is kept: the first stored spelling with the same key, normalised, else `name` normalised.
    `stored` is in order of first appearance."""
    key = name_key(name)
    return next((normalise(s) for s in stored if name_key(s) == key), normalise(name))


def distinct(names: list[str]) -> list[str]:
    """One spelling per person (the first), sorted."""
    seen: dict[str, str] = {}
    for n in names:
        seen.setdefault(name_key(n), normalise(n))
    return sorted(seen.values())


def board_rows(games: list[GameRecord], include_bots: bool = False) -> list[BoardRow]:
    """A workshop's leaderboard from its games, oldest first: each participant's best game, best first.
    A participant whose games a bot played is marked, and left out of the ranks unless `include_bots`."""
    per: dict[str, tuple[GameRecord, int, str]] = {}
    for g in games:
        key = name_key(g.player)
        cur = per.get(key)
        if cur is None:
            per[key] = (g, 1, normalise(g.player))
        else:
            best = g if (g.total, -g.weeks) > (cur[0].total, -cur[0].weeks) else cur[0]
            per[key] = (best, cur[1] + 1, cur[2])
    rows = sorted(per.values(), key=lambda t: (-t[0].total, t[0].weeks, t[0].finished_at))
    bots = {name_key(g.player) for g in games if g.mode == "bot"}
    ranks: list[int | None] = []
    rank = 0
    for g, _, _ in rows:
        ranked = include_bots or name_key(g.player) not in bots
        rank += ranked
        ranks.append(rank if ranked else None)
    return [
        {
            "rank": place,
            "name": shown_as,
            "bot": name_key(g.player) in bots,
            "score": g.total,
            "grade": g.grade,
            "outcome": g.outcome,
            "weeks": g.weeks,
            "coached": g.coach,
            "games": n,
            "game_id": g.id,
            "finished_at": g.finished_at,
        }
        for place, (g, n, shown_as) in zip(ranks, rows, strict=True)
    ]
