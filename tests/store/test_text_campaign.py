from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.store import Store
from sim.store import campaign as campaign_mod
from sim.store.campaign import campaign_status, next_scenario
from sim.store.text import check_name, safe_json, shown

from .helpers import raw_game


def test_shown_escapes_controls_and_keeps_markup() -> None:
    assert shown("[bold]Ann[/]") == "[bold]Ann[/]"
    assert shown("José Ñ 李") == "José Ñ 李"
    assert shown("a\x1b[31mb\x07\n\u202e\x85") == "a\\x1b[31mb\\x07\\x0a\\u202e\\x85"


def test_safe_json_is_the_same_value_without_raw_controls() -> None:
    value = {"name": "Bob\x1b[2J\u202e\x85 José"}
    text = safe_json(value)
    assert json.loads(text) == value
    assert "\x1b" not in text and "\u202e" not in text and "\x85" not in text and "José" in text


def test_names_are_checked() -> None:
    assert check_name(" [b]x[/] ") == "[b]x[/]"  # trimmed; markup is plain text
    for bad in ("", "   ", "x" * 61, "a\u200bb", "\u0410nn"):
        with pytest.raises(ValueError):
            check_name(bad)


def test_campaign_unlocks_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(campaign_mod, "campaign_order", lambda: ["first-rung", "consensus-meeting", "another-bidder"])
    with Store.open(tmp_path) as store:
        assert [s.status for s in campaign_status(store, "Ann")] == ["open", "locked", "locked"]
        store.record_game(**raw_game(scenario="first-rung", score={"total": 30, "grade": "F"}))
        assert [s.status for s in campaign_status(store, "Ann")] == ["played, not passed", "locked", "locked"]
        store.record_game(**raw_game(scenario="first-rung", score={"total": 80, "grade": "B"}))
        steps = campaign_status(store, "Ann")
        assert [s.status for s in steps] == ["passed", "open", "locked"]
        assert (steps[0].best, steps[0].games, steps[0].pass_mark) == (80, 2, "C")
        assert next_scenario(steps) == "consensus-meeting"
        assert [s.status for s in campaign_status(store, "Bob")][0] == "open"


def test_campaign_skips_scenarios_not_shipped() -> None:
    from sim.scenarios.loader import CAMPAIGN_ORDER, shipped_ids

    order = campaign_mod.campaign_order()
    assert set(order) <= set(shipped_ids()) and order == [s for s in CAMPAIGN_ORDER if s in order]


def test_cli_modules_import_nothing_heavy() -> None:
    import subprocess
    import sys

    code = (
        "import sys, sim.cli; sim.cli.cli.main(['--help'], standalone_mode=False); "
        "import sim.cli.workshop, sim.cli.runs, sim.cli.replay, sim.cli.history, sim.cli.campaign, sim.cli.play; "
        "bad = [m for m in ('sqlite3', 'textual', 'faker', 'sim.game', 'sim.store') if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad else 0)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
