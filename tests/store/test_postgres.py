"""The store in PostgreSQL: its schema and migrations, what it refuses, and how it fails.

Against the session's real server (tests/pg.py); `postgres_url` is a fresh database per test.
"""

from __future__ import annotations

import threading
from pathlib import Path

import psycopg
import pytest

from sim.store import SCHEMA_VERSION, Store, StoreBusyError, StoreError
from sim.store.dialect import ddl, placeholders, redact
from sim.store.postgres import LOCK, PostgresLink
from sim.store.schema import APP_MARKER
from tests.pg import Cluster

from .helpers import raw_game

pytestmark = pytest.mark.postgres_only


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    with psycopg.connect(url) as con:
        return list(con.execute(sql).fetchall())


def test_a_new_store_is_marked_and_versioned_in_meta(postgres_url: str) -> None:
    with Store.open(database=postgres_url) as store:
        assert store.dialect == "postgresql" and store.path is None
        assert store.schema_version == SCHEMA_VERSION and store.integrity_check() == "ok"
        first = store.record_game(**raw_game(player="Ann"))
        second = store.record_game(**raw_game(player="Bob", seed=2**40))  # 64-bit, as on SQLite
        assert second > first and store.game(second) is not None
        assert store.where == redact(postgres_url) and "***" in store.where
    meta = {str(k): str(v) for k, v in rows(postgres_url, "SELECT key, value FROM meta")}
    assert meta["app"] == APP_MARKER and meta["schema_version"] == str(SCHEMA_VERSION)
    tables = {r[0] for r in rows(postgres_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    assert tables == {"meta", "workshops", "games", "progress", "claims", "room_keys", "entries", "lrs_queue"}


def test_migrates_from_v1_keeping_the_games(postgres_url: str) -> None:
    link = PostgresLink.open(postgres_url, migrate_to=1)
    link.run("INSERT INTO workshops VALUES (?, 's', 's', 'd', 1, NULL, 't')", ("ABC234",))
    link.run(
        "INSERT INTO games (player, scenario, digest, seed, engine_version, actions, score, total, grade, "
        "outcome, weeks, started_at, finished_at, workshop) VALUES "
        "('Ann', 's', 'd', 1, 'v', '[]', '{\"total\": 5, \"grade\": \"F\"}', 5, 'F', 'lost', 3, 'a', 'b', 'ABC234')"
    )
    assert link.schema_version() == 1
    link.close()
    with Store.open(database=postgres_url) as store:
        assert store.schema_version == SCHEMA_VERSION
        [game] = store.games()
        assert (game.player, game.total, game.coach, game.mode) == ("Ann", 5, False, "play")
        assert store.board("ABC234")[0]["name"] == "Ann"


def test_hosts_opening_a_new_database_at_once_migrate_it_once(postgres_url: str) -> None:
    errors: list[BaseException] = []
    start = threading.Barrier(6)

    def open_one() -> None:
        try:
            start.wait()
            with Store.open(database=postgres_url) as store:
                store.record_game(**raw_game(player=threading.current_thread().name))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_one, name=f"host{i}") for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    with Store.open(database=postgres_url) as store:
        assert store.count_games() == 6 and store.schema_version == SCHEMA_VERSION


def test_refuses_a_database_that_is_not_ours_and_leaves_it_alone(postgres_url: str) -> None:
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("CREATE TABLE invoices (id int)")
        con.execute("INSERT INTO invoices VALUES (7)")
    with pytest.raises(StoreError, match="not Commitment Ladder's; left untouched") as info:
        Store.open(database=postgres_url)
    assert redact(postgres_url) in str(info.value) and "\n" not in str(info.value)
    assert rows(postgres_url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'") == [("invoices",)]
    assert rows(postgres_url, "SELECT id FROM invoices") == [(7,)]


def test_refuses_a_newer_schema(postgres_url: str) -> None:
    Store.open(database=postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as con:
        con.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=r"newer version of the game \(schema 99"):
        Store.open(database=postgres_url)


def test_the_password_never_shows(postgres_url: str) -> None:
    bad = postgres_url.replace("ladder:", "ladder:wrong", 1)
    with pytest.raises(StoreError) as info:
        Store.open(database=bad)
    message = str(info.value)
    assert "password authentication failed" in message and "\n" not in message
    password = postgres_url.split(":")[2].split("@")[0]
    assert password not in message and "wrong" not in message and "***" in message


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql://u:pw@127.0.0.1:1/db", "Connection refused"),
        ("postgresql://u:pw@127.0.0.1:notaport/db", "not a valid URL"),
        ("mysql://u:pw@127.0.0.1/db", "not a PostgreSQL URL"),
        ("postgresql://u:pw@127.0.0.1/db?nonsense=1", "not a valid PostgreSQL URL"),
    ],
)
def test_a_bad_url_or_a_down_server_is_one_line(url: str, words: str) -> None:
    with pytest.raises(StoreError) as info:
        Store.open(database=url)
    message = str(info.value)
    assert words in message and "\n" not in message and ":pw@" not in message and message.startswith(redact(url))


def test_a_missing_database_is_named(postgres_url: str) -> None:
    with pytest.raises(StoreError, match='database "nowhere" does not exist'):
        Store.open(database=postgres_url.rsplit("/", 1)[0] + "/nowhere")


def test_a_writer_kept_waiting_is_busy(postgres_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sim.store.postgres.BUSY_TIMEOUT_MS", 300)
    with Store.open(database=postgres_url) as store, psycopg.connect(postgres_url) as other:
        other.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))  # another host's write, never finished
        with pytest.raises(StoreBusyError, match="stayed busy"):
            store.record_game(**raw_game())
        other.rollback()
        store.record_game(**raw_game())  # the lock is free again: the store goes on
        assert store.count_games() == 1


def test_a_failed_write_rolls_back_and_the_store_goes_on(postgres_url: str) -> None:
    with Store.open(database=postgres_url) as store:
        with pytest.raises(StoreError, match="not-null constraint"), store.transaction():
            store.execute("INSERT INTO workshops VALUES ('ABC234', 's', 's', 'd', 1, NULL, 't')")
            store.execute("INSERT INTO games (player) VALUES ('no other columns')")
        assert not store.link.in_transaction and store.workshop("ABC234") is None
        assert store.query("SELECT count(*) FROM workshops WHERE code LIKE ?", ("ABC%",)) == [(0,)]


def test_a_dropped_connection_is_opened_again(postgres_url: str, pg_cluster: Cluster) -> None:
    with Store.open(database=postgres_url) as store:
        store.record_game(**raw_game(player="Ann"))
        pg_cluster.admin(
            f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{store.where.rsplit('/', 1)[1]}'"
        )
        with pytest.raises(StoreError):  # the statement in flight is lost, and said so in one line
            store.games()
        store.record_game(**raw_game(player="Bob"))  # the next one reconnects
        assert [g.player for g in store.games(oldest_first=True)] == ["Ann", "Bob"]


def test_the_dialect_rewrites_only_outside_quotes() -> None:
    sql = "SELECT '?%' FROM t WHERE a = ? AND b LIKE 'x%' AND \"q?\" = ?"
    assert placeholders(sql) == "SELECT '?%%' FROM t WHERE a = %s AND b LIKE 'x%%' AND \"q?\" = %s"
    assert ddl("id INTEGER PRIMARY KEY AUTOINCREMENT, n INTEGER, t TEXT DEFAULT 'INTEGER'") == (
        "id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, n BIGINT, t TEXT DEFAULT 'INTEGER'"
    )
    assert redact("postgresql://bob:s3cr%40t@db:5432/x?password=p") == "postgresql://bob:***@db:5432/x?password=***"


def test_sqlite_stays_the_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LADDER_DATABASE_URL")
    with Store.open(tmp_path) as store:
        assert store.dialect == "sqlite" and store.path == tmp_path / "ladder.db"
