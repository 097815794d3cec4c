"""A workshop's games as a file to take away: CSV (one row a game) or JSON (with each game's run).

Used by `ladder workshop export` and the facilitator's export on the room server. CSV cells are
made safe for a spreadsheet: control characters escaped as on the terminal, and a leading ' so a
cell is never run as a formula (a name like `=HYPERLINK(...)`).

`export_csv` keeps the columns it has always had (scripts read them); `export_excel_csv` is the
one to double-click: a byte order mark so Excel reads UTF-8, times it reads as dates, outcomes in
words, yes/no, a bot column and one pair of columns per lesson (`sim.store.lesson_marks`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

from sim.store.cohort import OUTCOME_WORDS
from sim.store.lesson_marks import game_marks, lesson_ids, moment_rows, spreadsheet_time
from sim.store.mistakes import ScenarioCache
from sim.store.runs import run_from_record
from sim.store.text import safe_json, shown

if TYPE_CHECKING:
    from sim.store.records import GameRecord, Workshop

EXPORT_FIELDS = (
    "id",
    "name",
    "score",
    "grade",
    "outcome",
    "weeks",
    "coached",
    "mode",
    "scenario",
    "seed",
    "started_at",
    "finished_at",
    "engine_version",
    "digest",
)


def csv_cell(value: object) -> object:
    if isinstance(value, str):
        value = shown(value)
        if value[:1] in ("=", "+", "-", "@"):
            return "'" + value
    return value


def export_csv(games: list[GameRecord]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(EXPORT_FIELDS)
    for g in games:
        s: Mapping[str, object] = g.summary()
        writer.writerow([csv_cell(s[k]) for k in EXPORT_FIELDS])
    return buf.getvalue()


BOM = "\ufeff"


def yes_no(flag: bool) -> str:
    return "yes" if flag else "no"


def excel_header() -> list[str]:
    head = ["game", "name", "bot", "coached", "workshop", "scenario", "variant", "seed", "score", "grade"]
    head += ["outcome", "weeks used", "started (UTC)", "finished (UTC)"]
    for lesson in lesson_ids():
        head += [lesson, f"{lesson} first broken (week)"]
    return head


def excel_row(g: GameRecord, cache: ScenarioCache) -> list[object]:
    row: list[object] = [g.id, g.player, yes_no(g.mode == "bot"), yes_no(g.coach), g.workshop or "", g.scenario]
    row += [g.score.get("variant") or "", g.seed, g.total, g.grade, OUTCOME_WORDS.get(g.outcome, g.outcome), g.weeks]
    row += [spreadsheet_time(g.started_at), spreadsheet_time(g.finished_at)]
    for mark in game_marks(g, cache).values():
        row += [mark["result"], "" if mark["first_broken"] is None else mark["first_broken"]]
    return row


def export_excel_csv(games: list[GameRecord]) -> str:
    """The games as a CSV for a spreadsheet: UTF-8 with a byte order mark, CRLF line ends (RFC 4180)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(excel_header())
    cache: ScenarioCache = {}
    for g in games:
        writer.writerow([csv_cell(v) for v in excel_row(g, cache)])
    return BOM + buf.getvalue()


def export_json(ws: Workshop, games: list[GameRecord]) -> str:
    """Each game's summary, what the Excel CSV adds (bot, outcome in words, a mark per lesson),
    the rules that fired (`moments`: week, rule, lesson, what was done, points) and the run."""
    rows = []
    cache: ScenarioCache = {}
    for g in games:
        summary: Mapping[str, object] = g.summary()
        row = {k: summary[k] for k in EXPORT_FIELDS}
        moments = g.score.get("moments", [])
        row["bot"] = g.mode == "bot"
        row["outcome_words"] = OUTCOME_WORDS.get(g.outcome, g.outcome)
        row["variant"] = g.score.get("variant")
        row["lessons"] = game_marks(g, cache)
        row["moments"] = moment_rows(moments)
        row["run"] = run_from_record(g).to_dict()
        rows.append(row)
    return safe_json({"workshop": ws.to_dict(), "games": rows}, indent=2) + "\n"
