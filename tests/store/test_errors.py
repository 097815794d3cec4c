"""How the store fails: a full disk, a read-only folder, a busy or corrupt file each get their own
error class and words; the one connection a thread holds is shared by every `Store.open`.

A full disk is made for real with `PRAGMA max_page_count` (SQLite then returns SQLITE_FULL from
its pager, no privileges needed) and, where `mount` works (tests run as root), with a small tmpfs,
whose ENOSPC makes the COMMIT itself fail. A read-only folder is a tmpfs remounted read-only:
root ignores file modes, but not a read-only mount (EROFS).
"""

from __future__ import annotations

import builtins
import io
import os
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sim.store import Store, StoreBusyError, StoreCorruptError, StoreError, StoreFullError, StoreReadOnlyError
from sim.store.db import DB_NAME
from sim.store.schema import migrate

from .helpers import play_game, raw_game

pytestmark = pytest.mark.sqlite_only  # SQLite's own failures; PostgreSQL's are in test_postgres.py

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=320k", "tmpfs", str(mnt)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {r.stderr.strip()}")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def fill(store: Store, spare_pages: int = 1) -> None:
    pages = store.con.execute("PRAGMA page_count").fetchone()[0]
    store.con.execute(f"PRAGMA max_page_count = {pages + spare_pages}")


# --------------------------------------------------------------------------- one connection per thread
def test_a_second_open_shares_the_connection(tmp_path: Path) -> None:
    a = Store.open(tmp_path)
    b = Store.open(tmp_path / "." / "")
    assert a.con is b.con
    a.close()
    a.close()  # closing twice is harmless
    assert b.record_game(**raw_game()) == 1
    b.close()
    with pytest.raises(sqlite3.ProgrammingError):
        b.con.execute("SELECT 1")


def test_another_thread_gets_its_own_connection(tmp_path: Path) -> None:
    with Store.open(tmp_path) as main:
        seen: list[object] = []

        def worker() -> None:
            with Store.open(tmp_path) as s:
                seen.append(s.con)
                seen.append(s.record_game(**raw_game(player="Worker")))

        t = threading.Thread(target=worker)
        t.start()
        t.join()
        assert seen[0] is not main.con
        assert [g.player for g in main.games()] == ["Worker"]


def test_opening_never_reads_the_file_with_python_io(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(tmp_path).close()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / DB_NAME).write_text("my shopping list\n")
    touched: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy_open(file: Any, *a: Any, **k: Any) -> Any:
        if "ladder.db" in str(file):
            touched.append(str(file))
        return real_open(file, *a, **k)

    def spy_os_open(file: Any, *a: Any, **k: Any) -> Any:
        if "ladder.db" in str(file):
            touched.append(str(file))
        return real_os_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", spy_open)
    monkeypatch.setattr(io, "open", spy_open)
    monkeypatch.setattr(os, "open", spy_os_open)
    with Store.open(tmp_path) as store:
        with Store.open(tmp_path):
            pass
        store.record_game(**raw_game())
    with pytest.raises(StoreError):
        Store.open(foreign)
    assert touched == []


# --------------------------------------------------------------------------- a full disk
def test_a_full_disk_is_said_so_and_the_store_keeps_working(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        first = store.record_game(**raw_game())
        fill(store)
        with pytest.raises(StoreFullError) as info:
            for i in range(50):
                store.record_game(**raw_game(player=f"P{i}", actions=[{"kind": "wait"}] * 400))
        assert isinstance(info.value, StoreError)
        assert str(info.value) == f"{store.path}: could not be saved: the disk is full"
        assert info.value.reason == "the disk is full"
        assert not store.con.in_transaction
        store.con.execute("PRAGMA max_page_count = 1073741823")  # space again: the store goes on
        second = store.record_game(**raw_game(player="After"))
        assert {g.id for g in store.games()} >= {first, second}
        assert store.integrity_check() == "ok"


def test_migrating_on_a_full_disk_reports_the_full_disk(tmp_path: Path) -> None:
    con = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    con.execute("PRAGMA max_page_count = 1")
    with pytest.raises(sqlite3.OperationalError, match="full"):  # not "no transaction is active"
        migrate(con, tmp_path / DB_NAME)
    assert not con.in_transaction
    con.close()


def test_the_cli_says_one_line_when_the_disk_is_full(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from sim.cli import main

    with Store.open(tmp_path) as store:  # `ladder play` in this thread shares this connection
        fill(store, 0)
        with pytest.raises(SystemExit) as info:
            main(["play", "consensus-meeting", "--bot", "climber", "--seed", "3", "--data-dir", str(tmp_path)])
        assert info.value.code != 0
        err = capsys.readouterr().err
        assert err == f"ladder: {tmp_path / DB_NAME}: could not be saved: the disk is full\n"


def test_a_commit_on_a_really_full_disk(tmpfs: Path) -> None:
    """ENOSPC while the WAL grows: COMMIT fails and SQLite has already rolled back."""
    with Store.open(tmpfs) as store:
        saved: list[int] = []
        with pytest.raises(StoreFullError, match="could not be saved: the disk is full"):
            for i in range(2000):
                saved.append(store.record_game(**raw_game(player=f"P{i}", actions=[{"kind": "wait"}] * 100)))
        assert saved and not store.con.in_transaction
        assert len(store.games()) == len(saved)
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "sim",
            "play",
            "consensus-meeting",
            "--bot",
            "climber",
            "--seed",
            "1",
            "--data-dir",
            str(tmpfs),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode != 0
    assert (
        r.stderr.splitlines() == [f"ladder: {tmpfs / DB_NAME}: could not be saved: the disk is full"]
        or r.stderr.startswith(f"ladder: {tmpfs / DB_NAME}: ")
        and "disk is full" in r.stderr
    ), r.stderr
    assert "Traceback" not in r.stderr and "corrupt" not in r.stderr
    with Store.open(tmpfs) as store:
        assert len(store.games()) == len(saved)
        assert store.integrity_check() == "ok"


# --------------------------------------------------------------------------- read-only, busy, corrupt
def test_a_read_only_folder_is_not_called_corrupt(tmpfs: Path) -> None:
    with Store.open(tmpfs / "d") as store:
        play_game(store, "Ann")
    r = subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], capture_output=True, text=True)
    if r.returncode != 0:
        pytest.skip(f"cannot remount read-only: {r.stderr.strip()}")
    try:
        with pytest.raises(StoreReadOnlyError) as info:
            with Store.open(tmpfs / "d") as store:
                store.record_game(**raw_game())
        assert "read-only" in str(info.value) and "corrupt" not in str(info.value)
        assert str(tmpfs / "d") in str(info.value)
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            Store.open(tmpfs / "new")
        out = subprocess.run(
            [sys.executable, "-m", "sim", "runs", "list", "--data-dir", str(tmpfs / "d")],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "Traceback" not in out.stderr and "corrupt" not in out.stderr
        assert out.returncode == 0 and "Ann" in out.stdout or len(out.stderr.splitlines()) == 1
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(tmpfs)], capture_output=True)


def test_busy_is_its_own_error(tmp_path: Path) -> None:
    from sim.store.errors import classify

    Store.open(tmp_path).close()
    holder = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    other = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None, timeout=0)
    try:
        with pytest.raises(sqlite3.OperationalError) as info:
            other.execute("BEGIN IMMEDIATE")
        err = classify(info.value, tmp_path / DB_NAME, "could not be saved")
        assert isinstance(err, StoreBusyError) and "busy" in str(err) and "corrupt" not in str(err)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()


def test_a_corrupt_file_is_a_corrupt_error(tmp_path: Path) -> None:
    with Store.open(tmp_path) as store:
        for i in range(60):
            store.record_game(**raw_game(player=f"P{i}", actions=[{"kind": "wait"}] * 40))
    path = tmp_path / DB_NAME
    data = bytearray(path.read_bytes())
    data[2 * 4096 : 5 * 4096] = bytes((i * 7 + 3) % 256 for i in range(3 * 4096))
    path.write_bytes(bytes(data))
    with pytest.raises(StoreCorruptError, match="corrupt") as info:
        Store.open(tmp_path)
    assert "\n" not in str(info.value)  # one line, even when SQLite's report has several
