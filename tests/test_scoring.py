"""The score's promises, checked on the formula and on real games."""

from __future__ import annotations

from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.scoring import BANDS, grade, pace_points
from sim.scenarios.loader import load


def test_faster_wins_score_higher() -> None:
    pts = [pace_points("won", w, 14, 26) for w in range(5, 27)]
    assert all(a >= b for a, b in zip(pts, pts[1:], strict=False))
    assert pace_points("won", 12, 14, 26) > pace_points("won", 20, 14, 26)


def test_dead_deal_walkaway_earlier_is_better_and_beats_any_loss_or_stall() -> None:
    H = 22
    walk = [BANDS["qualified_out"][0] + pace_points("qualified_out", w, 5, H) for w in range(1, H + 1)]
    assert all(a >= b for a, b in zip(walk, walk[1:], strict=False))  # never better for waiting
    late = walk[4:]  # from par (week 5) on, every week costs
    assert all(a > b for a, b in zip(late, late[1:], strict=False)) or min(late) == BANDS["qualified_out"][0]
    # the next week after the evidence is the first chance to walk: no charge; each week after it costs
    on_time = pace_points("qualified_out", 4, 5, H, evidence_week=3)
    assert on_time == BANDS["qualified_out"][1] > pace_points("qualified_out", 5, 5, H, evidence_week=3)
    best_loss = BANDS["lost"][0] + BANDS["lost"][1] + BANDS["lost"][2]
    best_stall = BANDS["no_decision"][0] + BANDS["no_decision"][2]
    assert min(walk) > best_loss > best_stall
    worst_loss = BANDS["lost"][0]
    assert worst_loss > best_stall
    # walking away from a winnable deal never beats losing it; a stall earns the least
    assert sum(BANDS["walked_away"]) <= worst_loss
    assert BANDS["walked_blind"][0] > BANDS["walked_away"][0] > BANDS["no_decision"][0]
    assert BANDS["no_decision"][0] == min(b[0] for b in BANDS.values())


def test_grades() -> None:
    assert [grade(x) for x in (100, 90, 85, 70, 55, 10)] == ["A", "A", "B", "C", "D", "F"]


def test_every_point_is_traced_to_a_named_rule() -> None:
    s = new_game(load("first-rung"), 3)
    s.apply(Action.meet("ops", 6))  # a far over-ask (three or more rungs beyond readiness)
    s.apply(Action.meet("ops", 1, topic="goals", schedule=False))
    s.apply(Action.walk_away())
    sc = s.score()
    assert sc.total == sc.outcome_points + sc.pace_points + sc.craft_points
    from sim.engine.rules import RULES

    assert all(m.rule in RULES for m in sc.moments)
    rules = {m.rule for m in sc.moments}
    assert {"far_over_ask", "step_left_open", "walked_away_winnable", "pace"} <= rules
    assert sum(m.points for m in sc.moments if m.rule not in ("pace", "walked_away_winnable")) == sc.craft_raw


def test_debrief_covers_every_lesson_across_the_shipped_bots() -> None:
    from sim.engine.scoring import lessons_covered
    from sim.players.protocol import bot_rng, play
    from sim.players.registry import make_bot
    from sim.scenarios.loader import shipped_ids

    seen: set[str] = set()
    for sid in shipped_ids():
        for bot in ("climber", "reckless", "timid", "random"):
            for seed in range(3):
                seen |= lessons_covered(play(new_game(load(sid), seed), make_bot(bot), bot_rng(seed)).score())
    assert seen >= {f"L{i}" for i in range(1, 10)}


def test_reveal_only_at_the_end() -> None:
    import pytest

    from sim.common.errors import IllegalActionError

    s = new_game(load("another-bidder"), 1)
    with pytest.raises(IllegalActionError):
        s.reveal()
    s.apply(Action.walk_away())
    truth = {r["id"]: r["archetype"] for r in s.reveal()}
    assert truth["transport"] == "tire_kicker"
    assert load("another-bidder").scenario.truth.winnable is False


def test_generated_scenarios_are_valid_and_deterministic() -> None:
    from sim.scenarios.generator import generate

    a, b = generate(11), generate(11)
    assert a.scenario == b.scenario and a.digest == b.digest
    kinds = {generate(s).scenario.truth.winnable for s in range(12)}
    assert kinds == {True, False}
