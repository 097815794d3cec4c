"""`ladder bench` measured for real, with tiny sizes: every figure is there, in its unit,
with a number (or a reason it could not be measured) and an ok flag against its target."""

from __future__ import annotations

import json

from sim.analysis import bench

NAMES = [
    "engine games per second",
    "one meeting",
    "transitions trigger vs dict table",
    "Key Player joins its machine",
    "ladder --help",
    "TUI first screen vs bare Textual",
    "TUI peak memory",
    "ladder balance (all shipped, 5 bots)",
]
UNITS = {"engine games per second": "games/s", "one meeting": "µs", "ladder --help": "ms", "TUI peak memory": "MB"}


def test_bench_rows_have_the_documented_shape() -> None:
    rows = bench.run(quick=True, sizes=bench.TINY)
    assert [r["name"] for r in rows] == NAMES
    for r in rows:
        assert set(r) == {"name", "value", "unit", "target", "ok", "note"}
        assert r["ok"] in (True, False, None)
        assert r["value"] is None or (isinstance(r["value"], (int, float)) and r["value"] >= 0), r
        if r["target"] is None:
            assert r["ok"] is None, r
        if r["name"] in UNITS:
            assert r["unit"] == UNITS[r["name"]]
    by = {r["name"]: r for r in rows}
    games = by["engine games per second"]
    assert isinstance(games["value"], int) and games["value"] > 0 and games["ok"] is (games["value"] >= 2000)
    assert "batches of 5" in games["note"]
    assert by["one meeting"]["value"] > 0 and by["transitions trigger vs dict table"]["value"] > 0
    assert by["ladder --help"]["value"] > 0
    assert by["ladder balance (all shipped, 5 bots)"]["value"] is None  # --quick skips it
    tui = by["TUI first screen vs bare Textual"]
    assert tui["value"] is None or tui["value"] > 0
    out = json.loads(bench.as_json(rows))
    assert out["figures"] == json.loads(json.dumps(rows)) and out["cpus"] >= 1


def test_games_per_second_reports_best_and_median() -> None:
    g = bench.games_per_second(games=4, batches=3)
    assert set(g) == {"cpu_best", "cpu_median", "wall_best", "wall_median"}
    assert g["cpu_best"] >= g["cpu_median"] > 0 and g["wall_best"] >= g["wall_median"] > 0


SESSION_ROWS = [
    "cold `ladder` start, first screen",
    "browser first screen, spawned",
    "browser first screen, forked",
    "PSS per session, spawned (3 open)",
    "PSS per session, forked (3 open)",
    "3 sessions at once, spawned: errors",
    "3 sessions at once, forked: errors",
]


def test_the_sessions_section_measures_every_figure() -> None:
    """`ladder bench --sessions 3`, for real (no timing asserted): every figure is a number, in
    its unit, and the memory figures come from the 3 game processes of each server."""
    from sim.web.bench_sessions import run as sessions

    rows = sessions(3, runs=1)
    assert [r["name"] for r in rows] == SESSION_ROWS
    by = {r["name"]: r for r in rows}
    for name in SESSION_ROWS[:3]:
        assert by[name]["unit"] == "ms" and by[name]["value"] > 0
    assert "x the cold start" in by["browser first screen, forked"]["note"]
    for mode in ("spawned", "forked"):
        pss = by[f"PSS per session, {mode} (3 open)"]
        assert pss["unit"] == "MB" and pss["value"] > 0 and "3 game processes measured" in pss["note"]
        assert "RSS" in pss["note"]
        burst = by[f"3 sessions at once, {mode}: errors"]
        assert isinstance(burst["value"], int) and "of 3 reached their first screen" in burst["note"]
    assert "fork server" in by["PSS per session, forked (3 open)"]["note"]
    assert by["browser first screen, forked"]["ok"] in (True, False)
