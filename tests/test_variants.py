"""Variants: the hidden truth of a deal, drawn per game (issue 11, item 1, the scenario side).

Every shipped scenario declares at least three; a variant overrides hidden fields only, is
validated like a file, and is drawn with the game's RNG. The briefing is the same for every
variant and gives none of them away.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from sim.common.errors import ScenarioError
from sim.scenarios.generator import generate
from sim.scenarios.loader import all_shipped, load, parse
from sim.scenarios.schema import Scenario
from sim.scenarios.variants import PUBLIC_FIELDS, Variant, apply_variant, draw_variant

SHIPPED = [s.scenario for s in all_shipped()]
IDS = [s.id for s in SHIPPED]
BASE = (Path(__file__).parent / "corpus" / "valid" / "default-ladder.yaml").read_text(encoding="utf-8")

# Words that would tell the trainee which variant is true before any discovery.
GIVE_AWAYS = (
    "already decided",
    "has decided",
    "burned",
    "burnt",
    "third quote",
    "free consulting",
    "free advice",
    "dead deal",
    "unmovable",
    "can't be won",
    "cannot be won",
    "never going to",
    "relies heavily",
    "listens to one person",
    "tire",
    "adversary",
    "no budget",
    "no money",
    "been stung",
)


def _with_variants(text: str) -> Scenario:
    return parse((BASE + text).encode(), "test.yaml")


def _dead(scenario: Scenario) -> list[tuple[Variant, Scenario]]:
    out = []
    for v in scenario.variants:
        applied = apply_variant(scenario, v)
        if not applied.truth.winnable:
            out.append((v, applied))
    return out


def _reachable_early(scenario: Scenario, player: str) -> bool:
    """A static stand-in for "found by week 4": the player is known at the start, or is
    named by a known player's discovery and needs no introduction."""
    member = scenario.member(player)
    if member.known:
        return True
    return not member.needs_introduction and any(c.known and player in c.reveals for c in scenario.cast)


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_every_shipped_scenario_has_three_variants_that_apply(scenario: Scenario) -> None:
    assert len(scenario.variants) >= 3
    for v in scenario.variants:
        applied = apply_variant(scenario, v)
        assert applied.variants == ()
        assert applied.truth.why == (v.truth.why if v.truth and v.truth.why else v.why)
        assert v.evidence, f"{scenario.id}/{v.name} names no evidence for the debrief"


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_the_top_level_truth_is_the_most_likely_variant(scenario: Scenario) -> None:
    likeliest = max(scenario.variants, key=lambda v: v.weight)
    assert apply_variant(scenario, likeliest).truth.winnable == scenario.truth.winnable
    assert [v.weight for v in scenario.variants].count(likeliest.weight) == 1


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_variants_can_be_told_apart_by_what_players_say(scenario: Scenario) -> None:
    said = set()
    for v in scenario.variants:
        applied = apply_variant(scenario, v)
        said.add(tuple((c.id, tuple(sorted(c.facts.items())), tuple(sorted(c.lines.items()))) for c in applied.cast))
    assert len(said) == len(scenario.variants)


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_every_scenario_can_be_both_won_and_lost(scenario: Scenario) -> None:
    outcomes = {apply_variant(scenario, v).truth.winnable for v in scenario.variants}
    assert outcomes == {True, False}


def test_two_scenarios_have_a_dead_variant_with_early_evidence() -> None:
    found = []
    for scenario in SHIPPED:
        for v, applied in _dead(scenario):
            if any(_reachable_early(applied, ev.player) for ev in v.evidence):
                found.append(f"{scenario.id}/{v.name}")
    assert len({f.split("/")[0] for f in found}) >= 2, found


def test_money_false_makes_a_dead_deal() -> None:
    first = load("first-rung").scenario
    broke = next(v for v in first.variants if v.truth is not None and not v.truth.money)
    applied = apply_variant(first, broke)
    assert applied.truth.money is False and applied.truth.winnable is False
    assert first.truth.money is True


def test_apply_variant_merges_overrides() -> None:
    sc = load("consensus-meeting").scenario
    variant = next(v for v in sc.variants if v.name == "already-bought")
    applied = apply_variant(sc, variant)
    gordon, base_gordon = applied.member("vp-mfg"), sc.member("vp-mfg")
    assert gordon.unmovable and gordon.has_ear_of == "cfo"
    assert not base_gordon.unmovable and base_gordon.has_ear_of is None
    assert gordon.facts["goals"] == base_gordon.facts["goals"], "facts merge key by key"
    assert applied.member("cio").initial_state == "persuaded", "untouched fields keep their value"
    assert applied.truth.winnable is False and applied.truth.why == variant.why
    assert (applied.title, applied.summary, applied.briefing) == (sc.title, sc.summary, sc.briefing)


def test_a_concern_override_merges_and_null_clears() -> None:
    sc = _with_variants(
        "\nvariants:\n  - name: a\n    weight: 1\n    why: As it is.\n"
        "  - name: b\n    weight: 1\n    why: Started colder.\n    cast:\n"
        "      manager: {readiness: 0, initial_state: null, facts: {budget: None this year.}}\n"
    )
    applied = apply_variant(sc, sc.variants[1])
    assert applied.member("manager").readiness == 0
    assert applied.member("manager").facts["budget"] == "None this year."
    assert apply_variant(sc, sc.variants[0]).member("manager") == sc.member("manager")


def test_apply_variant_validates_the_result() -> None:
    sc = load("first-rung").scenario
    bad = Variant.model_validate({"name": "x", "weight": 1, "why": "No.", "cast": {"ops": {"unmovable": True}}})
    with pytest.raises(ScenarioError) as info:
        apply_variant(sc, bad)
    assert info.value.problems == [
        f"variants[{len(sc.variants)}].cast.ops.unmovable: only an adversary can be unmovable"
    ]
    adversary = Variant.model_validate(
        {"name": "y", "weight": 1, "why": "No.", "cast": {"ops": {"archetype": "adversary"}}}
    )
    with pytest.raises(ScenarioError, match=r"cast\.ops\.archetype: an adversary needs a concern"):
        apply_variant(sc, adversary)


@pytest.mark.parametrize("field", PUBLIC_FIELDS)
def test_public_fields_cannot_be_overridden(field: str) -> None:
    text = (
        f"\nvariants:\n  - name: a\n    weight: 1\n    why: Changed.\n    cast:\n      director:\n        {field}: x\n"
    )
    with pytest.raises(ScenarioError) as info:
        _with_variants(text)
    (problem,) = info.value.problems
    line = (BASE + text).splitlines().index(f"        {field}: x") + 1
    assert problem.startswith(f"variants[0].cast.director.{field} (line {line}): is public"), problem
    assert "\n" not in problem


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_draw_is_deterministic_and_covers_every_variant(scenario: Scenario) -> None:
    draws = [draw_variant(scenario, random.Random(seed)) for seed in range(200)]
    assert draws == [draw_variant(scenario, random.Random(seed)) for seed in range(200)]
    assert {d.name for d in draws if d is not None} == {v.name for v in scenario.variants}


def test_draw_is_one_draw_and_none_without_variants() -> None:
    sc = load("first-rung").scenario
    rng, twin = random.Random(5), random.Random(5)
    draw_variant(sc, rng)
    twin.random()
    assert rng.getstate() == twin.getstate()
    assert draw_variant(sc.model_copy(update={"variants": ()}), random.Random(1)) is None


def test_no_variant_can_touch_the_briefing() -> None:
    assert not {"title", "summary", "briefing", "account", "offering"} & set(Variant.model_fields)


@pytest.mark.parametrize("scenario", SHIPPED, ids=IDS)
def test_the_briefing_gives_nothing_away(scenario: Scenario) -> None:
    shown = " ".join((scenario.title, scenario.summary, scenario.briefing)).lower()
    for phrase in GIVE_AWAYS:
        assert phrase not in shown, f"{scenario.id}: {phrase!r} gives the variant away"


@pytest.mark.parametrize("seed", range(1, 21))
def test_random_accounts_draw_their_truth_the_same_way(seed: int) -> None:
    sc = generate(seed).scenario
    assert len(sc.variants) == 3
    truths = [apply_variant(sc, v).truth.winnable for v in sc.variants]
    assert True in truths and False in truths
    likeliest = max(sc.variants, key=lambda v: v.weight)
    assert apply_variant(sc, likeliest).truth.winnable == sc.truth.winnable
    assert generate(seed).digest == generate(seed).digest


def test_the_briefing_never_gives_the_variant_away() -> None:
    """Par is per variant, but the briefing shows the scenario's own: whichever truth a seed
    drew, the calendar line reads the same."""
    from sim.analysis.simulate import game_seeds
    from sim.engine.replay import new_game
    from sim.engine.transcript import briefing
    from sim.scenarios.loader import load, shipped_ids

    for sid in shipped_ids():
        loaded = load(sid)
        seen: dict[str, set[str]] = {}
        for seed in game_seeds(1, 40):
            st = new_game(loaded, seed)
            assert st.variant is not None
            cal = next(line for line in briefing(st).splitlines() if line.startswith("Calendar:"))
            seen.setdefault(cal, set()).add(st.variant.name)
            st.close()
        assert len(seen) == 1, (sid, seen)
        assert len(next(iter(seen.values()))) >= 2, sid
