from __future__ import annotations

from sim.engine.ladder import FOLLOW_UP
from sim.engine.records import Moment
from sim.engine.replay import new_game
from sim.engine.state import State
from sim.players.climber import ClimberBot
from sim.players.coach import advice
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load, shipped_ids

# the charges a sound plan never earns: the coach must not lead the trainee into any of them
ADVICE_CHARGES = {
    "over_ask",
    "stretch_declined",
    "consensus_refused",
    "contract_before_evaluation",
    "evaluation_before_consensus",
    "continuation",
    "no_discovery",
}


def test_advice_is_the_climbers_move_with_a_reason() -> None:
    state = new_game(load("consensus-meeting"), 3)
    assert state.variant is not None and state.variant.name == "stopped-lines"
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


def _cold_first_ask(state: State, m: Moment) -> bool:
    """The one charge no advice can foresee: a follow-up (the least anyone can ask) at the first
    meeting with a player the drawn deal made cold (readiness 0), and dating the step they then
    half agreed. Nothing in the view tells a cold player from a warm one before you meet."""
    if m.player is None:
        return False
    spec = next(c for c in state.scenario.cast if c.id == m.player)
    if spec.readiness != 0:
        return False
    meetings = [i for i, e in enumerate(state.events) if e.kind == "meet" and e.player == m.player]
    first = state.events[meetings[0]]
    if first.ask != FOLLOW_UP:
        return False
    if m.event == meetings[0]:
        return m.rule == "stretch_declined"
    half_agreed = first.outcome == "partial"
    return half_agreed and m.rule == "continuation" and m.event == meetings[1]


def test_following_the_coach_earns_no_charge_the_advice_caused() -> None:
    charged: list[tuple[str, int, str, int]] = []
    cold = 0
    for sid in shipped_ids():
        loaded = load(sid)
        for seed in range(100):
            state = new_game(loaded, seed)
            while not state.is_terminal():
                state.apply(advice(state).action)
            for m in state.moments:
                if m.rule in ADVICE_CHARGES:
                    if _cold_first_ask(state, m):
                        cold += 1
                    else:
                        charged.append((sid, seed, m.rule, m.week))
    assert charged == []
    assert cold < 50  # the cold openings are the few cold players the deals draw, nothing more
