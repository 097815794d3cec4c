from __future__ import annotations

from sim.engine.replay import new_game
from sim.players.climber import ClimberBot
from sim.players.coach import advice
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load


def test_advice_is_the_climbers_move_with_a_reason() -> None:
    state = new_game(load("consensus-meeting"), 3)
    bot = ClimberBot()
    while not state.is_terminal():
        a = advice(state)
        expected = bot.step(state.observation(), state.legal_actions(), bot_rng(3))
        assert a.action == expected
        assert a.player == expected.player and a.rung == (
            expected.ask if expected.kind in ("meet", "consensus") else None
        )
        assert a.why and a.why.endswith(".") and "(L" in a.why
        assert a.line(state).startswith(a.headline(state))
        state.apply(a.action)
    assert state.outcome == "won"
