"""The PostgreSQL fixture cannot pass by skipping: a server that does not start is a failure."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.pg import REQUIRE_ENV, Cluster, _fail_or_skip, find_bindir, start_cluster


def test_binaries_that_do_not_start_a_server_fail(tmp_path: Path) -> None:
    bindir = tmp_path / "bin"
    bindir.mkdir()
    tmp_path.chmod(0o755)
    for name in ("initdb", "pg_ctl", "postgres"):
        tool = bindir / name
        tool.write_text("#!/bin/sh\necho 'initdb: error: this one never works' >&2\nexit 1\n")
        tool.chmod(tool.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    with pytest.raises(pytest.fail.Exception, match="initdb failed"):
        start_cluster(bindir)


def test_missing_binaries_fail_where_postgresql_is_required(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(REQUIRE_ENV, "1")
    with pytest.raises(pytest.fail.Exception, match="PostgreSQL is required"):
        _fail_or_skip("no binaries")
    monkeypatch.delenv(REQUIRE_ENV)
    with pytest.raises(pytest.skip.Exception, match="no binaries"):
        _fail_or_skip("no binaries")


def test_the_session_server_runs_where_the_binaries_are(pg_cluster: Cluster) -> None:
    assert find_bindir() == pg_cluster.bindir
    pid = pg_cluster.server_pid()
    assert pid is not None and Path(f"/proc/{pid}").exists()
