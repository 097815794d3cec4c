from __future__ import annotations

from sim.engine.ladder import INTRODUCTION
from sim.engine.records import Action, Moment
from sim.engine.replay import new_game
from sim.engine.scoring import moment_points
from sim.engine.state import State
from sim.players.climber import ClimberBot
from sim.players.coach import advice
from sim.players.protocol import bot_rng
from sim.scenarios.generator import generate
from sim.scenarios.loader import load, shipped_ids

SEEDS = 100  # per shipped scenario: every variant of every scenario is drawn (checked)
ACCOUNTS = 120  # generated accounts (`ladder play --random`), each played with its own number as seed


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


def _follow_the_coach(state: State) -> State:
    while not state.is_terminal():
        state.apply(advice(state).action)
    return state


def _charges(state: State) -> list[Moment]:
    """Every moment the debrief charges (its points below zero), as the score counts them."""
    return [m for m, pts in zip(state.moments, moment_points(state), strict=True) if pts < 0]


def test_following_the_coach_earns_no_charge_the_advice_caused() -> None:
    """Every shipped scenario, every variant (100 seeds), and generated accounts: the debrief
    charges nothing the coach advised (a first follow-up to a player the deal made cold is a
    cold start, not a charge: nothing in the view can tell it before the meeting)."""
    charged: list[tuple[str, int, str, int]] = []
    for sid in shipped_ids():
        loaded = load(sid)
        drawn: set[str] = set()
        for seed in range(SEEDS):
            state = _follow_the_coach(new_game(loaded, seed))
            drawn.add(state.variant.name if state.variant is not None else "")
            charged += [(sid, seed, m.rule, m.week) for m in _charges(state)]
        assert drawn >= {v.name for v in loaded.scenario.variants}, f"{sid}: a variant never drawn"
    for n in range(1, ACCOUNTS + 1):
        state = _follow_the_coach(new_game(generate(n), n))
        charged += [(f"random:{n}", n, m.rule, m.week) for m in _charges(state)]
    assert charged == []


def test_the_coach_never_asks_a_player_holding_back_for_more() -> None:
    """The playtest's case: the coach advised the consensus meeting (rung 7) to a buyer who was
    "holding back", and the debrief charged it (L2). Now a player who shows "holding back" is
    never advised an ask above what they have granted (the coach waits, or meets someone else)."""
    held = 0
    scenarios = [load(sid) for sid in shipped_ids()] + [generate(n) for n in range(1, 41)]
    for scenario in scenarios:
        for seed in range(40):
            state = new_game(scenario, seed)
            while not state.is_terminal():
                a = advice(state)
                obs = state.observation()
                holding = [p for p in obs.players if p.met and "holding back" in p.signals]
                held += bool(holding)
                for p in holding:
                    if a.player == p.id and a.rung is not None:
                        assert a.rung <= p.granted or p.open, (scenario.scenario.id, seed, state.week, a.line(state))
                state.apply(a.action)
    assert held > 1000  # the situation is common, so the check means something


def test_no_l5_charge_when_the_buyer_would_not_put_a_date_on_it() -> None:
    """A stretch ask agreed in principle, with a date asked for and refused: their no, not the
    trainee's omission. No "step left open", and if it slips away that very week, no charge."""
    refused = slipped = 0
    for seed in range(200):
        state = new_game(load("first-rung"), seed)
        before = len(state.moments)
        e = state.apply(Action.meet("ops", INTRODUCTION, topic="goals", schedule=True))
        if e.outcome != "partial":
            continue
        refused += 1
        mine = state.moments[before:]
        assert "step_left_open" not in [m.rule for m in mine]
        pts = moment_points(state)[before:]
        for m, p in zip(mine, pts, strict=True):
            if m.rule == "step_evaporated":
                slipped += 1
                assert p == 0
                assert state.score().moments[state.moments.index(m)].points == 0
    assert refused > 0 and slipped > 0
