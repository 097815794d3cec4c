"""Which finished games count for a trainee's progress, and which of them is the best.

A game counts when the trainee played it alone: mode `play` (not a bot's game, not a "what if"
branch of a replay) and without coach mode. Only those make a personal best (`ladder history`,
the title's "best: N", the campaign) or open the campaign's next scenario. The others are kept
and listed, marked, but never counted.

The best of a scenario's counted games is the one with the best grade, then the highest
score, then the fewest weeks, then the earliest: a qualify-out graded C beats a loss with a
few more points graded D, as the grade (not the raw total) says how well the deal was played.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from sim.engine.grading import grade_rank
from sim.store.records import GameRecord


class GameMode(StrEnum):
    """Who played a stored game (the `mode` column)."""

    PLAY = "play"  # the trainee, in the game or a workshop
    BOT = "bot"  # a bot (`ladder play --bot`, load tests)
    WHAT_IF = "what-if"  # played on from a replay's "what if"


def counts(game: GameRecord) -> bool:
    """Whether the game counts for bests and the campaign: the trainee's own, uncoached."""
    return game.mode == GameMode.PLAY and not game.coach


def why_not_counted(game: GameRecord) -> str | None:
    """The mark a listed game carries when it does not count ("coached", "bot", "what-if"); None if it counts."""
    if game.mode != GameMode.PLAY:
        return game.mode
    return "coached" if game.coach else None


def best_key(game: GameRecord) -> tuple[int, int, int]:
    """Larger is better: the grade, then the score, then fewer weeks (ties: the earlier game, kept first)."""
    return (-grade_rank(game.grade), game.total, -game.weeks)


def best_counted(games: Iterable[GameRecord]) -> GameRecord | None:
    """The best of the games that count, given oldest first (None if none counts)."""
    best: GameRecord | None = None
    for g in games:
        if counts(g) and (best is None or best_key(g) > best_key(best)):
            best = g
    return best


def bests_by_scenario(games: Iterable[GameRecord]) -> list[GameRecord]:
    """The best counted game of each scenario, given oldest first; sorted by scenario id."""
    per: dict[str, list[GameRecord]] = {}
    for g in games:
        per.setdefault(g.scenario, []).append(g)
    found = (best_counted(mine) for mine in per.values())
    return sorted((g for g in found if g is not None), key=lambda g: g.scenario)
