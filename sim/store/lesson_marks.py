"""What a finished game says about each lesson (L1..L9), for the exports and the workshop report.

Read from the game's moments (the rules the engine fired, each citing its lesson) and events, as
`sim.store.mistakes.analyse` gives them:

- **broken**: a rule of the lesson charged points, or the game made a mistake the cohort debrief
  counts under that lesson (`MISTAKES`), or it ended the way the lesson warns about (`OUTCOME_BREAKS`);
- **kept** otherwise (a lesson respected seldom fires a rule of its own: not over-asking is silent).

`first_broken` is the week of the first break (None when the lesson was not broken).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypedDict

from sim.store.mistakes import MISTAKES, Events, ScenarioCache, analyse
from sim.store.text import shown

if TYPE_CHECKING:
    from sim.store.records import GameRecord

# Outcome rules that carry points but end the game in the way their lesson warns about.
OUTCOME_BREAKS = frozenset({"stalled_to_horizon", "walked_away_winnable", "walked_away_blind"})

KEPT, BROKEN = "kept", "broken"


class LessonMark(TypedDict):
    result: str  # KEPT or BROKEN
    first_broken: int | None  # the week of the first break


class MomentRow(TypedDict):
    """A rule that fired in a game, as the JSON export carries it."""

    week: int
    rule: str
    lesson: str | None
    did: str
    points: int


def lesson_ids() -> list[str]:
    from sim.engine.rules import LESSONS

    return list(LESSONS)


def breaks(moment: Mapping[str, Any]) -> bool:
    return bool(moment.get("lesson")) and (int(moment.get("points", 0)) < 0 or moment.get("rule") in OUTCOME_BREAKS)


def lesson_marks(moments: list[dict[str, Any]], events: Events = None) -> dict[str, LessonMark]:
    """Each lesson's mark for one game's moments (and events, when known), in lesson order."""
    marks: dict[str, LessonMark] = {lesson: {"result": KEPT, "first_broken": None} for lesson in lesson_ids()}
    hits = [(str(m["lesson"]), int(m["week"])) for m in moments if breaks(m)]
    hits += [(k.lesson, week) for k in MISTAKES if (week := k.first_week(moments, events)) is not None]
    for lesson, week in hits:
        mark = marks.get(lesson)
        if mark is not None and (mark["first_broken"] is None or week < mark["first_broken"]):
            mark["result"], mark["first_broken"] = BROKEN, week
    return marks


def game_marks(g: GameRecord, cache: ScenarioCache) -> dict[str, LessonMark]:
    """A finished game's marks, from its run replayed (`analyse`; `cache` keeps each scenario loaded once)."""
    return lesson_marks(*analyse(g, cache))


def moment_rows(moments: Iterable[Mapping[str, Any]]) -> list[MomentRow]:
    return [
        {
            "week": int(m.get("week", 0)),
            "rule": str(m.get("rule", "")),
            "lesson": m.get("lesson"),
            "did": str(m.get("did", "")),
            "points": int(m.get("points", 0)),
        }
        for m in moments
    ]


def spreadsheet_time(stored: str) -> str:
    """A stored ISO 8601 time as "2026-12-05 09:28:04" in UTC: the ISO 8601 form (date, a space,
    the time; RFC 3339 section 5.6 allows the space) that Excel and LibreOffice Calc both read as a
    date and time when a CSV is opened. Excel keeps "2026-12-05T09:28:04" as text, and neither reads a
    "Z" or "+00:00" after it, so the zone goes in the column's header. A time that cannot be read is
    given back as it was stored."""
    try:
        at = datetime.fromisoformat(stored)
    except ValueError:
        return shown(stored)
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S")
