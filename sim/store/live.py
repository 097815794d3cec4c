"""A workshop's live board: everyone in the room, still playing or finished.

One row per participant (names compared by key): the best finished game and, while one is being
played, its week and the points its meetings have earned so far (its saved actions replayed
through the engine; the final score adds the outcome and pace only when the game ends). Bots are
marked and, unless the facilitator shows them, left out of the ranks. The room plays one seed, so
outcomes stay hidden until the facilitator reveals them. Entries the facilitator removed are left
out.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any, TypedDict

from sim.common.person_names import name_key, normalise
from sim.store.cohort import OUTCOME_WORDS, TERMINAL_RULES
from sim.store.room import Room, claims, removed_keys

if TYPE_CHECKING:
    from sim.store.db import Store
    from sim.store.records import GameRecord, Progress


class LiveRow(TypedDict):
    rank: int | None  # None: a bot (unless shown) or nobody finished yet
    name: str
    key: str
    bot: bool
    coached: bool
    playing: bool
    week: int | None  # the week of the game being played
    so_far: int | None  # points its meetings have earned so far
    score: int | None  # best finished game
    grade: str | None
    weeks: int | None
    outcome: str | None  # words; None until revealed
    games: int
    joined: bool  # a browser holds this name's claim


class LiveBoard(TypedDict):
    code: str
    status: str
    revealed: bool
    show_bots: bool
    seconds_left: int | None
    rows: list[LiveRow]
    playing: int
    finished: int


@lru_cache(maxsize=512)
def _progress_figures(ref: str, digest: str, seed: int, actions: str) -> tuple[int, int] | None:
    """(week, points so far) of a saved game, or None if it cannot be replayed (a changed scenario)."""
    import json

    try:
        from sim.engine.replay import replay
        from sim.scenarios.loader import load

        loaded = load(ref)
        if not loaded.matches(digest):
            return None
        state = replay(loaded, seed, json.loads(actions))
        points = sum(m.points for m in state.score().moments if m.rule not in TERMINAL_RULES)
        return int(state.week), int(points)
    except Exception:  # a run the engine no longer accepts: shown without figures
        return None


def _best(games: list[GameRecord]) -> GameRecord:
    return max(games, key=lambda g: (g.total, -g.weeks, g.finished_at))


def live_board(store: Store, code: str, shown: Room, include_removed: bool = False) -> LiveBoard:
    """The board of workshop `code` as the facilitator's page shows it."""
    games: dict[str, list[GameRecord]] = {}
    names: dict[str, str] = {}
    for g in store.games(workshop=code, oldest_first=True):
        k = name_key(g.player)
        games.setdefault(k, []).append(g)
        names.setdefault(k, normalise(g.player))
    saved: dict[str, Progress] = {}
    for unfinished in store.list_progress():
        if unfinished.workshop == code:
            k = name_key(unfinished.player)
            saved[k] = unfinished
            names.setdefault(k, normalise(unfinished.player))
    held = claims(store, code)
    for k, (n, _) in held.items():
        names.setdefault(k, n)
    hidden = set() if include_removed else removed_keys(store, code)
    rows: list[LiveRow] = []
    for k, name in names.items():
        if k in hidden:
            continue
        mine = games.get(k, [])
        best = _best(mine) if mine else None
        p: Progress | None = saved.get(k)
        figures = _progress_figures(p.scenario_ref, p.digest, p.seed, _actions(p)) if p else None
        rows.append(
            {
                "rank": None,
                "name": name,
                "key": k,
                "bot": any(g.mode == "bot" for g in mine),
                "coached": bool(best and best.coach) or bool(p and p.coach),
                "playing": p is not None,
                "week": figures[0] if figures else None,
                "so_far": figures[1] if figures else None,
                "score": best.total if best else None,
                "grade": best.grade if best else None,
                "weeks": best.weeks if best else None,
                "outcome": OUTCOME_WORDS.get(best.outcome, best.outcome) if best and shown.revealed else None,
                "games": len(mine),
                "joined": held.get(k, ("", False))[1],
            }
        )
    rows.sort(key=_order)
    rank = 0
    for row in rows:
        if row["score"] is not None and (shown.show_bots or not row["bot"]):
            rank += 1
            row["rank"] = rank
    return {
        "code": code,
        "status": shown.status.value,
        "revealed": shown.revealed,
        "show_bots": shown.show_bots,
        "seconds_left": shown.seconds_left(),
        "rows": rows,
        "playing": sum(1 for r in rows if r["playing"]),
        "finished": sum(1 for r in rows if r["score"] is not None),
    }


def _actions(p: Progress) -> str:
    import json

    return json.dumps(p.actions, sort_keys=True)


def _order(row: LiveRow) -> tuple[Any, ...]:
    """Finished first, best first (fewer weeks on a tie), then those still playing, by name."""
    if row["score"] is None:
        return (1, 0, 0, row["name"].casefold())
    return (0, -row["score"], row["weeks"] or 0, row["name"].casefold())
