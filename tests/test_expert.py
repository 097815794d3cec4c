"""The expert bot plans over sampled worlds and never reads the hidden state."""

from __future__ import annotations

import random

import pytest

from sim.analysis.simulate import run_many
from sim.engine.state import State
from sim.players.expert import ExpertBot
from sim.players.protocol import bot_rng
from sim.players.public import public_view
from sim.players.registry import make_bot
from sim.scenarios.loader import LoadedScenario, load
from sim.scenarios.schema import CastMember, Concern, Truth


def _scrambled(loaded: LoadedScenario, seed: int) -> LoadedScenario:
    """The same public scenario with every hidden field changed."""
    rng = random.Random(seed)
    sc = loaded.scenario
    cast = []
    for c in sc.cast:
        cast.append(
            CastMember.model_construct(
                **{
                    **{k: getattr(c, k) for k in type(c).model_fields},
                    "archetype": rng.choice(
                        ["supporter", "economic_buyer", "technical_evaluator", "adversary", "neutral"]
                    ),
                    "power": rng.randint(1, 5),
                    "readiness": rng.randint(0, 6),
                    "trust": rng.randint(-3, 5),
                    "patience": rng.randint(1, 5),
                    "unmovable": rng.random() < 0.5,
                    "initial_state": None,
                    "concern": Concern.model_construct(text="Something else entirely.", answered_by=rng.randint(1, 6)),
                    "facts": {"goals": "A different secret."},
                    "introduces": (),
                    "reveals": (),
                    "has_ear_of": None,
                }
            )
        )
    scrambled = sc.model_copy(
        update={
            "cast": tuple(cast),
            "truth": Truth.model_construct(winnable=not sc.truth.winnable, why="scrambled", money=not sc.truth.money),
            "variants": (),  # the variants are hidden truth too: this world has none of them
        }
    )
    return LoadedScenario(scrambled, "scrambled", "x")


def test_public_view_carries_no_hidden_field() -> None:
    loaded = load("consensus-meeting")
    view = public_view(loaded)
    for real, pub in zip(loaded.scenario.cast, view.base.cast, strict=True):
        assert (pub.id, pub.title, pub.known) == (real.id, real.title, real.known)
        assert pub.archetype == "neutral" and pub.readiness == 0 and pub.trust == 0 and pub.concern is None
        assert pub.facts == {} and pub.introduces == () and pub.reveals == () and not pub.unmovable
    assert view.base.truth.why == "unknown" and view.base.variants == ()
    assert public_view(_scrambled(loaded, 1)).cast == view.cast


@pytest.mark.parametrize("scenario", ["consensus-meeting", "another-bidder", "not-the-right-time"])
def test_expert_chooses_the_same_given_the_same_observations_whatever_the_hidden_truth(scenario: str) -> None:
    """Play a real game; feed the very same observations to an expert that was given a
    scenario whose hidden fields are all different (the same possible truths, by the same
    weights: what a seasoned trainee knows of the account): it must choose exactly the same."""
    loaded = load(scenario)
    for seed in (3, 11):
        state = State(loaded, seed)
        real = make_bot("expert", loaded)
        assert isinstance(real, ExpertBot) and real.truths
        other = ExpertBot(public_view(_scrambled(loaded, seed)), truths=real.truths, weights=real.weights)
        r1, r2 = bot_rng(seed), bot_rng(seed)
        while not state.is_terminal():
            obs, legal = state.observation(), state.legal_actions()
            a1, a2 = real.step(obs, legal, r1), other.step(obs, legal, r2)
            assert a1 == a2, f"week {obs.week}: {a1} != {a2}"
            state.apply(a1)


def test_expert_holds_no_reference_to_a_game_state() -> None:
    loaded = load("first-rung")
    state = State(loaded, 5)
    bot = make_bot("expert", loaded)
    assert isinstance(bot, ExpertBot)
    rng = bot_rng(5)
    while not state.is_terminal():
        state.apply(bot.step(state.observation(), state.legal_actions(), rng))
        for value in vars(bot).values():
            assert value is not state
        for p in bot.worlds:  # its worlds are its own samples, never the real game's players
            assert p is not state and p.scenario is not loaded.scenario
            assert not set(map(id, p.players.values())) & set(map(id, state.players.values()))


@pytest.mark.parametrize("scenario", ["first-rung", "another-bidder", "not-the-right-time"])
def test_expert_beats_the_climber_on_the_same_deals(scenario: str) -> None:
    loaded = load(scenario)
    e = run_many(loaded, "expert", 12, 4)
    c = run_many(loaded, "climber", 12, 4)
    assert e["mean_score"] > c["mean_score"]
