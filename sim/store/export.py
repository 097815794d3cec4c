"""A workshop's games as a file to take away: CSV (one row a game) or JSON (with each game's run).

Used by `ladder workshop export` and the facilitator's export on the room server. CSV cells are
made safe for a spreadsheet: control characters escaped as on the terminal, and a leading ' so a
cell is never run as a formula (a name like `=HYPERLINK(...)`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import TYPE_CHECKING

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


def export_json(ws: Workshop, games: list[GameRecord]) -> str:
    rows = []
    for g in games:
        summary: Mapping[str, object] = g.summary()
        row = {k: summary[k] for k in EXPORT_FIELDS}
        row["run"] = run_from_record(g).to_dict()
        rows.append(row)
    return safe_json({"workshop": ws.to_dict(), "games": rows}, indent=2) + "\n"
