"""The debrief names the drawn variant, what was true, and the evidence with its weeks: in the
Score, on the TUI's debrief screen and in the text transcript."""

from __future__ import annotations

from sim.engine.outcomes import GameOutcome
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.state import State
from sim.engine.transcript import debrief
from sim.players.climber import ClimberBot
from sim.players.protocol import bot_rng
from sim.scenarios.loader import load
from sim.tui.screens.debrief import debrief_text


def _dead_deal() -> State:
    """The first seed of first-rung whose drawn variant cannot be won."""
    for seed in range(1, 50):
        state = new_game(load("first-rung"), seed)
        if not state.scenario.truth.winnable:
            return state
    raise AssertionError("no dead variant drawn in 50 seeds")


def _climb(state: State) -> State:
    bot, rng = ClimberBot(), bot_rng(state.seed)
    while not state.is_terminal():
        state.apply(bot.step(state.observation(), state.legal_actions(), rng))
    return state


def test_a_dead_deal_qualified_out_names_the_variant_and_the_evidence_with_its_weeks() -> None:
    state = _climb(_dead_deal())
    assert state.outcome == GameOutcome.QUALIFIED_OUT and state.variant is not None
    s = state.score()
    assert s.variant == state.variant.name and s.why == state.variant.why
    assert [(e.week, e.rule, e.player) for e in s.evidence] == [(m.week, m.rule, m.player) for m in state.evidence]
    first = s.evidence[0]
    assert first.who == state.names[first.player or ""]
    d = s.to_dict()
    assert d["variant"] == s.variant and d["why"] == s.why
    assert d["evidence"][0] == {
        "week": first.week,
        "rule": first.rule,
        "player": first.player,
        "who": first.who,
        "detail": first.detail,
    }
    assert {"total", "grade", "outcome", "moments", "par", "horizon"} <= set(d)  # the existing keys stay
    said = f"You found the evidence in week {first.week} ({first.words()}) and walked away in week {s.weeks}:"
    for text in (" ".join(debrief_text(state).plain.split()), " ".join(debrief(state).split())):
        assert f"{s.variant} — " in text and text.count(said) == 1  # in the verdict, not again in the truth


def test_walking_away_before_any_evidence_says_so_and_where_it_was() -> None:
    state = _dead_deal()
    state.apply(Action.walk_away())
    s = state.score()
    assert s.outcome == GameOutcome.WALKED_BLIND and s.evidence == ()
    for text in (debrief_text(state).plain, " ".join(debrief(state).split())):
        assert f"{s.variant} — " in text
        assert "You walked away in week 1 before you had any evidence. It was there to find: ask " in text


def test_a_won_deal_names_its_variant_and_no_evidence() -> None:
    state = _climb(new_game(load("consensus-meeting"), 3))
    s = state.score()
    assert s.outcome == GameOutcome.WON and s.variant and s.evidence == ()
    text = debrief_text(state).plain
    assert f"{s.variant} — " in text and "evidence" not in text.split("The truth")[1]
