"""The exports a training team uses: `ladder workshop export --excel` (a byte order mark, times a
spreadsheet reads as dates, words, yes/no, a bot column, a pair of columns per lesson), the JSON
with each game's lessons and moments, and `ladder workshop report` (one HTML file to e-mail)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sim.cli import cli
from sim.engine.replay import replay
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.export import EXPORT_FIELDS
from sim.store.lesson_marks import spreadsheet_time
from tests.store.helpers import play_game

JOSE = "José Núñez"
HOSTILE = "<img src=x onerror=alert(1)> \"Q\" & 'R'"
LESSONS = [f"L{i}" for i in range(1, 10)]


def ladder(*args: str, ok: bool = True) -> Result:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    if ok:
        assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return result


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A workshop of consensus-meeting, seed 42: two bots, a hostile name and a coached trainee."""
    d = tmp_path_factory.mktemp("exports")
    new = ["workshop", "new", "--scenario", "consensus-meeting", "--seed", "42", "--json", "--data-dir", str(d)]
    code = str(json.loads(ladder(*new, "--title", "Cohort <7> & friends").stdout)["code"])
    ladder("play", "--workshop", code, "--name", JOSE, "--bot", "reckless", "--data-dir", str(d))
    ladder("play", "--workshop", code, "--name", HOSTILE, "--bot", "timid", "--data-dir", str(d))
    with Store.open(d) as store:  # a trainee's game (not a bot's), coached
        play_game(store, "Ann Lee", bot="climber", workshop=code, coach=True, mode="play")
    return d, code


def excel_rows(d: Path, code: str) -> list[dict[str, str]]:
    raw = ladder("workshop", "export", code, "--excel", "--data-dir", str(d)).stdout_bytes
    assert raw.startswith(b"\xef\xbb\xbf")
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def by_name(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in rows}


def test_excel_csv_has_a_byte_order_mark_and_names_round_trip(room: tuple[Path, str], tmp_path: Path) -> None:
    d, code = room
    rows = excel_rows(d, code)
    assert [r["name"] for r in rows] == [JOSE, HOSTILE, "Ann Lee"]
    out = tmp_path / "results.csv"
    ladder("workshop", "export", code, "--format", "csv", "--excel", "-o", str(out), "--data-dir", str(d))
    data = out.read_bytes()
    assert data.startswith("\ufeff".encode()) and JOSE.encode("utf-8") in data
    assert data.count(b"\r\n") == 4  # the header and three games, RFC 4180 line ends
    assert by_name(list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))))[JOSE]["bot"] == "yes"


def test_excel_times_are_utc_a_spreadsheet_reads_as_dates(room: tuple[Path, str]) -> None:
    d, code = room
    rows = excel_rows(d, code)
    games = {
        g["name"]: g
        for g in json.loads(ladder("workshop", "export", code, "--format", "json", "--data-dir", str(d)).stdout)[
            "games"
        ]
    }
    for r in rows:
        for column, stored in (("started (UTC)", "started_at"), ("finished (UTC)", "finished_at")):
            # the form Excel and LibreOffice Calc both recognise as a date and time on opening a CSV
            assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", r[column]), r[column]
            at = datetime.strptime(r[column], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
            assert at == datetime.fromisoformat(games[r["name"]][stored]).replace(microsecond=0)
    assert spreadsheet_time("2026-12-05T10:28:04.5+01:00") == "2026-12-05 09:28:04"
    assert spreadsheet_time("not a time") == "not a time"


def test_lesson_columns_of_a_known_bot_game(room: tuple[Path, str]) -> None:
    """The reckless bot in consensus-meeting, seed 42: asks for the contract at first meetings."""
    d, code = room
    jose = by_name(excel_rows(d, code))[JOSE]
    broken = {lesson: jose[f"{lesson} first broken (week)"] for lesson in LESSONS if jose[lesson] == "broken"}
    assert broken == {"L2": "1", "L4": "1", "L9": "26"}
    assert all(
        jose[lesson] == "kept" and jose[f"{lesson} first broken (week)"] == "" for lesson in set(LESSONS) - set(broken)
    )
    # every charge the engine makes on a replay of the run is a break, no later than its week
    with Store.open(d) as store:
        (game,) = [g for g in store.games(workshop=code) if g.player == JOSE]
    state = replay(load("consensus-meeting"), game.seed, game.actions)
    for m in state.score().moments:
        if m.lesson and m.points < 0:
            assert jose[m.lesson] == "broken" and int(jose[f"{m.lesson} first broken (week)"]) <= m.week


def test_words_yes_no_bot_column_and_weeks_used(room: tuple[Path, str]) -> None:
    d, code = room
    rows = by_name(excel_rows(d, code))
    assert (rows[JOSE]["bot"], rows[JOSE]["coached"]) == ("yes", "no")
    assert (rows["Ann Lee"]["bot"], rows["Ann Lee"]["coached"]) == ("no", "yes")
    assert rows[JOSE]["outcome"] == "no decision (stalled)" and rows["Ann Lee"]["outcome"] == "won"
    assert all(r[c] in ("yes", "no") for r in rows.values() for c in ("bot", "coached"))
    assert rows[JOSE]["weeks used"] == "26" and rows["Ann Lee"]["weeks used"] == "17"
    assert rows[HOSTILE]["name"] == HOSTILE  # text, never a formula: nothing to defuse here
    assert rows["Ann Lee"]["variant"] and rows["Ann Lee"]["scenario"] == "consensus-meeting"


def test_plain_csv_keeps_its_columns(room: tuple[Path, str]) -> None:
    d, code = room
    text = ladder("workshop", "export", code, "--data-dir", str(d)).stdout
    assert not text.startswith("\ufeff")
    assert next(csv.reader(io.StringIO(text))) == list(EXPORT_FIELDS)


def test_json_carries_the_same_and_each_games_moments(room: tuple[Path, str]) -> None:
    d, code = room
    rows = by_name(excel_rows(d, code))
    games = json.loads(ladder("workshop", "export", code, "--format", "json", "--data-dir", str(d)).stdout)["games"]
    for g in games:
        row = rows[g["name"]]
        assert g["bot"] is (row["bot"] == "yes") and g["outcome_words"] == row["outcome"]
        for lesson in LESSONS:
            mark = g["lessons"][lesson]
            assert mark["result"] == row[lesson]
            assert ("" if mark["first_broken"] is None else str(mark["first_broken"])) == row[
                f"{lesson} first broken (week)"
            ]
        assert g["moments"] and all(set(m) == {"week", "rule", "lesson", "did", "points"} for m in g["moments"])
        assert g["run"]["format"] == "commitment-ladder-run"
    jose = next(g for g in games if g["name"] == JOSE)
    assert {"week": 1, "rule": "no_discovery", "lesson": "L4", "points": -1} == {
        k: v for k, v in jose["moments"][0].items() if k != "did"
    }
    assert jose["moments"][0]["did"].startswith("Met ")


def test_excel_is_for_csv_only(room: tuple[Path, str]) -> None:
    d, code = room
    result = ladder("workshop", "export", code, "--format", "json", "--excel", "--data-dir", str(d), ok=False)
    assert result.exit_code == 2 and "--excel writes CSV" in result.output


EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def test_report_is_one_self_contained_escaped_file(room: tuple[Path, str], tmp_path: Path) -> None:
    d, code = room
    out = tmp_path / "report.html"
    ladder("workshop", "report", code, "-o", str(out), "--data-dir", str(d))
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("<svg") == 2
    assert not EXTERNAL.search(html) and "<script" not in html and "<link" not in html and "@import" not in html
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt; &quot;Q&quot; &amp; &#x27;R&#x27;" in html
    assert "Cohort &lt;7&gt; &amp; friends" in html and "<7>" not in html
    assert JOSE in html and "Ann Lee" in html and "Mistakes by lesson" in html
    assert "no decision (stalled)" in html and "3</strong> participants" in html
    made = re.compile(r"Report made [0-9: -]+ UTC")  # the one line that moves with the clock
    stdout = ladder("workshop", "report", code, "--data-dir", str(d)).stdout
    assert made.sub("", stdout) == made.sub("", html)


def test_report_without_names(room: tuple[Path, str]) -> None:
    d, code = room
    html = ladder("workshop", "report", code, "--no-names", "--data-dir", str(d)).stdout
    assert JOSE not in html and "Ann Lee" not in html and "onerror" not in html
    assert all(f"Participant {i}" in html for i in (1, 2, 3)) and "Who (week" not in html


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_the_names_and_the_dates(room: tuple[Path, str], tmp_path: Path) -> None:
    """Calc opens the Excel CSV with its charset left to detect (the byte order mark says UTF-8):
    the accents come through and the times are date cells, not text."""
    d, code = room
    src = tmp_path / "results.csv"
    ladder("workshop", "export", code, "--excel", "-o", str(src), "--data-dir", str(d))
    env = {**os.environ, "HOME": str(tmp_path)}  # a profile of its own
    subprocess.run(
        ["soffice", "--headless", "--infilter=CSV:44,34", "--convert-to", "fods", str(src), "--outdir", str(tmp_path)],
        check=True,
        capture_output=True,
        timeout=180,
        env=env,
    )
    sheet = (tmp_path / "results.fods").read_text(encoding="utf-8")
    rows = re.findall(r"<table:table-row[^>]*>(.*?)</table:table-row>", sheet, re.S)
    cells = [
        (re.search(r'office:value-type="(\w+)"', attrs), re.sub(r"\s+", " ", re.sub("<[^>]+>", "", body)).strip())
        for attrs, body in re.findall(r"<table:table-cell([^>]*)>(.*?)</table:table-cell>", rows[1], re.S)
    ]
    assert cells[1][1] == JOSE
    started = next(kind for kind, text in cells if re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text))
    assert started is not None and started.group(1) == "date"
