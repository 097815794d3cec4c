"""The store's tests run against both databases: SQLite (a file in tmp_path) and PostgreSQL.

Every test here gets the `backend` fixture, parametrised "sqlite" and "postgresql" unless it is
marked `sqlite_only` (it checks the SQLite file itself: its header, PRAGMAs, WAL, disk-full
behaviour) or `postgres_only` (it checks the PostgreSQL store). For "postgresql" a fresh
database of the session's real server (tests/pg.py) is put in `$LADDER_DATABASE_URL`, so
`Store.open(tmp_path)` and the `ladder` processes a test starts all use it, as a user who set
the variable would.
"""

from __future__ import annotations

import pytest

from sim.store.dialect import ENV_DATABASE_URL

BACKENDS = ["sqlite", "postgresql"]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only: a store test about the SQLite file itself (not run on PostgreSQL)")
    config.addinivalue_line("markers", "postgres_only: a store test about the PostgreSQL store (run on it alone)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "backend" in metafunc.fixturenames:
        marked = metafunc.definition.get_closest_marker
        names = ["sqlite"] if marked("sqlite_only") else ["postgresql"] if marked("postgres_only") else BACKENDS
        metafunc.parametrize("backend", names, indirect=True)


@pytest.fixture(autouse=True)
def backend(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """ "sqlite" or "postgresql": where this run of the test keeps the store."""
    name = str(getattr(request, "param", "sqlite"))
    if name == "postgresql":
        monkeypatch.setenv(ENV_DATABASE_URL, request.getfixturevalue("postgres_url"))
    return name
