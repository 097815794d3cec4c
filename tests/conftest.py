from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_user_data(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Never write to the real user data folder from a test."""
    monkeypatch.setenv("LADDER_DATA_DIR", str(tmp_path_factory.mktemp("user-data")))
    monkeypatch.setenv("LADDER_NAME", "tester")
