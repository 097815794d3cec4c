from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path
from typing import TypedDict

import pytest

from sim.store import SCHEMA_VERSION, Store, StoreError, resolve_data_dir
from sim.store.db import DB_NAME
from sim.store.errors import StoreConflictError
from sim.store.schema import APPLICATION_ID, MIGRATIONS, migrate

from .helpers import raw_game


class ProgressSlot(TypedDict):
    """The arguments of Store.save_progress that name the slot."""

    slot: str
    player: str
    scenario: str
    scenario_ref: str
    digest: str
    seed: int


@pytest.mark.sqlite_only
def test_new_store_is_wal_versioned_and_marked(tmp_path: Path) -> None:
    with Store.open(tmp_path / "d") as store:
        assert store.path == tmp_path / "d" / DB_NAME
        assert store.schema_version == SCHEMA_VERSION == len(MIGRATIONS)
        assert store.con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.con.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert store.con.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert store.integrity_check() == "ok"
    with Store.open(tmp_path / "d") as again:  # reopening is a no-op
        assert again.schema_version == SCHEMA_VERSION


@pytest.mark.sqlite_only
def test_migrates_an_empty_file(tmp_path: Path) -> None:
    (tmp_path / DB_NAME).write_bytes(b"")
    with Store.open(tmp_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.record_game(**raw_game()) == 1


@pytest.mark.sqlite_only
def test_migrates_from_v1_keeping_the_games(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    con = sqlite3.connect(path, isolation_level=None)
    assert migrate(con, path, target=1) == 1
    con.execute(
        "INSERT INTO games (player, scenario, digest, seed, engine_version, actions, score, total, grade, "
        "outcome, weeks, started_at, finished_at) VALUES ('Old', 'consensus-meeting', 'x', 3, '0.0.9', '[]', "
        "'{\"total\": 40}', 40, 'F', 'lost', 9, 't0', 't1')"
    )
    con.close()
    with Store.open(tmp_path) as store:
        assert store.schema_version == SCHEMA_VERSION
        (g,) = store.games()
        assert (g.player, g.total, g.coach, g.mode, g.scenario_ref) == ("Old", 40, False, "play", None)
        store.save_progress(
            slot="s",
            player="Old",
            scenario="consensus-meeting",
            scenario_ref="consensus-meeting",
            digest="x",
            seed=3,
            actions=[],
        )
        assert store.load_progress("s") is not None


def _unchanged(path: Path, before: bytes) -> None:
    assert path.read_bytes() == before
    assert not Path(str(path) + "-wal").exists() or Path(str(path) + "-wal").stat().st_size == 0


@pytest.mark.sqlite_only
def test_refuses_a_text_file_and_leaves_it_alone(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    path.write_text("my shopping list\n")
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not an SQLite file") as info:
        Store.open(tmp_path)
    assert str(path) in str(info.value)
    _unchanged(path, before)


@pytest.mark.sqlite_only
def test_refuses_someone_elses_database(tmp_path: Path) -> None:
    path = tmp_path / DB_NAME
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT)")
    con.execute("INSERT INTO recipes VALUES ('soup')")
    con.commit()
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="not Commitment Ladder's") as info:
        Store.open(tmp_path)
    assert str(path) in str(info.value)
    _unchanged(path, before)


@pytest.mark.sqlite_only
def test_refuses_a_newer_schema(tmp_path: Path) -> None:
    Store.open(tmp_path).close()
    path = tmp_path / DB_NAME
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    con.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version"):
        Store.open(tmp_path)
    assert path.read_bytes() == before


@pytest.mark.sqlite_only
@pytest.mark.parametrize("where", ["header", "pages"])
def test_refuses_a_corrupt_database_and_leaves_it_alone(tmp_path: Path, where: str) -> None:
    with Store.open(tmp_path) as store:
        for i in range(60):
            store.record_game(**raw_game(player=f"P{i}", actions=[{"kind": "wait"}] * 40))
    path = tmp_path / DB_NAME
    assert not Path(str(path) + "-wal").exists()  # the last close checkpointed
    data = bytearray(path.read_bytes())
    if where == "header":
        data[16:100] = b"\xa5" * 84
    else:
        page = 4096
        assert len(data) > 6 * page
        data[2 * page : 5 * page] = bytes((i * 7 + 3) % 256 for i in range(3 * page))
    path.write_bytes(bytes(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match="corrupt") as info:
        Store.open(tmp_path)
    assert str(path) in str(info.value)
    _unchanged(path, before)


@pytest.mark.sqlite_only
def test_data_dir_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_DATA_DIR", str(tmp_path / "env"))
    assert resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert resolve_data_dir(None) == tmp_path / "env"
    monkeypatch.delenv("LADDER_DATA_DIR")
    assert "commitment-ladder" in str(resolve_data_dir(None))


@pytest.mark.sqlite_only
def test_a_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    with pytest.raises(StoreError, match="is a file"):
        Store.open(tmp_path / "f")


def test_progress_round_trip_and_record_clears_the_slot(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        args = ProgressSlot(slot="play:x:Ann", player="Ann", scenario="x", scenario_ref="x", digest="d", seed=1)
        store.save_progress(**args, actions=[{"kind": "wait"}])
        store.save_progress(**args, actions=[{"kind": "wait"}, {"kind": "wait"}])
        p = store.load_progress("play:x:Ann")
        assert p is not None and len(p.actions) == 2 and p.started_at <= p.updated_at
        assert [q.slot for q in store.list_progress("Ann")] == ["play:x:Ann"]
        store.record_game(**raw_game(), clear_slot="play:x:Ann")
        assert store.load_progress("play:x:Ann") is None
        store.save_progress(**args, actions=[])
        store.clear_progress("play:x:Ann")
        assert store.list_progress() == []


def test_board_ranks_each_players_best(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.create_workshop("ABC234", "consensus-meeting", "consensus-meeting", "d", 1, "t")
        store.record_game(**raw_game(player="Ann", score={"total": 40, "grade": "F"}, workshop="ABC234"))
        store.record_game(
            **raw_game(player="Ann", score={"total": 90, "grade": "A"}, outcome="won", weeks=12, workshop="ABC234")
        )
        store.record_game(**raw_game(player="Bob", score={"total": 70, "grade": "C"}, workshop="ABC234"))
        store.record_game(**raw_game(player="Cy", score={"total": 99, "grade": "A"}))  # not in the workshop
        board = store.board("abc234")
        assert [(r["rank"], r["name"], r["score"], r["games"]) for r in board] == [(1, "Ann", 90, 2), (2, "Bob", 70, 1)]
        assert {"name", "score", "outcome", "weeks", "grade", "coached"} <= set(board[0])
        assert json.loads(json.dumps(board)) == board
        assert [g.total for g in store.bests("Ann")] == [90]


def test_unique_workshop_code(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        store.create_workshop("ABC234", "s", "s", "d", 1)
        with pytest.raises(StoreConflictError):  # a UNIQUE constraint on SQLite, a unique violation on PostgreSQL
            store.create_workshop("ABC234", "s", "s", "d", 2)
        w = store.workshop(" abc234 ")
        assert w is not None and w.seed == 1


@pytest.mark.sqlite_only
def test_env_dir_is_used_by_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_DATA_DIR", str(tmp_path / "envdir"))
    with Store.open() as store:
        assert store.path is not None and store.path.parent == tmp_path / "envdir"
    assert os.path.isfile(tmp_path / "envdir" / DB_NAME)
