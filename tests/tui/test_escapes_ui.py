"""The terminal game shows a hostile player name (typed, or a run file's `player`) escaped:
read back from the rendered screen, never raw."""

from __future__ import annotations

import html
import re

import pytest

from sim.scenarios.loader import load
from sim.store.runs import Run
from sim.tui.app import LadderApp
from sim.tui.replay import ReplaySpec
from sim.tui.screens.replay import ReplayScreen
from sim.tui.screens.title import TitleScreen

from .conftest import SIZE, settle

EVIL = "Eve\x1b]0;pwned\x07\x1b[2J"
EVIL_SHOWN = "Eve\\x1b]0;pwned\\x07\\x1b[2J"


def screen_text(app: LadderApp) -> str:
    """The text of the rendered screen (the SVG screenshot, tags stripped)."""
    svg = app.export_screenshot()
    body = svg[svg.index('<g class="terminal-') :] if '<g class="terminal-' in svg else svg
    return html.unescape(re.sub(r"<[^>]+>", "", body)).replace("\xa0", " ")


async def test_the_title_screen_shows_a_hostile_name_escaped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LADDER_NAME", EVIL)
    app = LadderApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TitleScreen) and app.player == EVIL
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "Eve\\x1b]0;pwned\\x07" in text, text[:400]


async def test_the_replay_screen_shows_a_run_files_player_escaped() -> None:
    loaded = load("consensus-meeting")
    run = Run("consensus-meeting", loaded.digest, 3, "0.1.0", EVIL, [{"kind": "wait"}] * 3, source="evil.json")
    spec = ReplaySpec.build(run, loaded)
    app = LadderApp(replay=spec)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReplayScreen)
        text = screen_text(app)
        assert "\x1b" not in text and "\x07" not in text
        assert "Eve\\x1b]0;pwned\\x07" in text, text[:400]
        await pilot.press("end")
        await pilot.pause()
        assert "unfinished" in screen_text(app)  # three waits do not end the game
