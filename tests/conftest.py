import os

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path_factory, monkeypatch):
    """No test writes to the real user data folder."""
    monkeypatch.setenv("LADDER_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    yield
