from __future__ import annotations

import pytest

from tests.pg import pg_cluster, postgres_url

__all__ = ["pg_cluster", "postgres_url"]  # fixtures: a real PostgreSQL server (tests/pg.py)


@pytest.fixture(autouse=True)
def _no_user_data(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never write to the real user data folder (nor a database named by the environment) from a test."""
    monkeypatch.setenv("LADDER_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.setenv("LADDER_NAME", "tester")
    monkeypatch.delenv("LADDER_DATABASE_URL", raising=False)
    for name in ("URL", "USERNAME", "PASSWORD", "HOME", "EMAILS", "SENT_BY"):  # nor an LRS (sim.store.lrs_send)
        monkeypatch.delenv(f"LADDER_LRS_{name}", raising=False)
