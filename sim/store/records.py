"""The store's records (`Workshop`, `GameRecord`, `Progress`), read from their table rows, and
the JSON shapes they are exported as (`WorkshopRow`, `GameSummary`, `BoardRow`).

Actions and scores stay the engine's own JSON (`Action.to_dict`, `Score.to_dict`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, TypedDict, cast


class WorkshopRow(TypedDict):
    """A workshop as `ladder workshop ... --json` prints it."""

    code: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int
    title: str | None
    created_at: str


class GameSummary(TypedDict):
    """A finished game without its actions and moments: for lists, boards and exports."""

    id: int
    name: str
    scenario: str
    seed: int
    score: int
    grade: str
    outcome: str
    weeks: int
    coached: bool
    mode: str
    workshop: str | None
    started_at: str
    finished_at: str
    engine_version: str
    digest: str


class BoardRow(TypedDict):
    """One line of a workshop's leaderboard: a participant's best game (a bot's is not ranked by default)."""

    rank: int | None
    name: str
    bot: bool
    score: int
    grade: str
    outcome: str
    weeks: int
    coached: bool
    games: int
    game_id: int
    finished_at: str


@dataclass(frozen=True, slots=True)
class Workshop:
    code: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int
    title: str | None
    created_at: str

    def to_dict(self) -> WorkshopRow:
        return {
            "code": self.code,
            "scenario": self.scenario,
            "scenario_ref": self.scenario_ref,
            "digest": self.digest,
            "seed": self.seed,
            "title": self.title,
            "created_at": self.created_at,
        }


@dataclass(frozen=True, slots=True)
class GameRecord:
    id: int
    player: str
    scenario: str
    scenario_ref: str | None
    digest: str
    seed: int
    engine_version: str
    actions: list[dict[str, Any]]
    score: dict[str, Any]
    total: int
    grade: str
    outcome: str
    weeks: int
    started_at: str
    finished_at: str
    workshop: str | None
    coach: bool
    mode: str

    def summary(self) -> GameSummary:
        """The row without the run and the moments: for lists, boards and exports."""
        return {
            "id": self.id,
            "name": self.player,
            "scenario": self.scenario,
            "seed": self.seed,
            "score": self.total,
            "grade": self.grade,
            "outcome": self.outcome,
            "weeks": self.weeks,
            "coached": self.coach,
            "mode": self.mode,
            "workshop": self.workshop,
            "started_at": self.started_at,
            "finished_at": self.finished_at,
            "engine_version": self.engine_version,
            "digest": self.digest,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    slot: str
    player: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int
    workshop: str | None
    coach: bool
    mode: str
    actions: list[dict[str, Any]] = field(default_factory=list)
    started_at: str = ""
    updated_at: str = ""


# A row as sqlite3 returns it: a tuple of the columns' Python values.
Row = tuple[Any, ...]

WORKSHOP_COLUMNS = "code, scenario, scenario_ref, digest, seed, title, created_at"
GAME_COLUMNS = (
    "id, player, scenario, scenario_ref, digest, seed, engine_version, actions, score, total, grade, "
    "outcome, weeks, started_at, finished_at, workshop, coach, mode"
)
PROGRESS_COLUMNS = (
    "slot, player, scenario, scenario_ref, digest, seed, workshop, coach, mode, actions, started_at, updated_at"
)


def _json_list(text: str) -> list[dict[str, Any]]:
    return cast("list[dict[str, Any]]", json.loads(text))  # the store wrote it with json.dumps


def _json_object(text: str) -> dict[str, Any]:
    return cast("dict[str, Any]", json.loads(text))


def workshop_from_row(r: Row) -> Workshop:
    return Workshop(*r)


def game_from_row(r: Row) -> GameRecord:
    return GameRecord(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        int(r[5]),
        r[6],
        _json_list(r[7]),
        _json_object(r[8]),
        int(r[9]),
        r[10],
        r[11],
        int(r[12]),
        r[13],
        r[14],
        r[15],
        bool(r[16]),
        r[17],
    )


def progress_from_row(r: Row) -> Progress:
    return Progress(r[0], r[1], r[2], r[3], r[4], int(r[5]), r[6], bool(r[7]), r[8], _json_list(r[9]), r[10], r[11])
