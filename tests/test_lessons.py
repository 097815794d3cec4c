"""One test per lesson: each shows its mechanic working through the public API."""

from __future__ import annotations

import pytest

from sim.common.errors import GameOverError, IllegalActionError
from sim.engine.ladder import CONSENSUS, CONTRACT, DEEP_DIVE, EVALUATION, FOLLOW_UP, INTRODUCTION, STRATEGY
from sim.engine.outcomes import MeetingOutcome
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.scoring import CRAFT_POINTS, Score, pace_points
from sim.engine.state import State
from sim.scenarios.loader import load

ADVANCE, CONTINUATION, DECLINED, DERAILED, EXCUSE, FAILED, REBUFF = (
    MeetingOutcome.ADVANCE,
    MeetingOutcome.CONTINUATION,
    MeetingOutcome.DECLINED,
    MeetingOutcome.DERAILED,
    MeetingOutcome.EXCUSE,
    MeetingOutcome.FAILED,
    MeetingOutcome.REBUFF,
)


def rules_fired(state: State, since: int = 0) -> list[str]:
    return [m.rule for m in state.moments[since:]]


def test_l1_on_target_ask_lands_and_warms() -> None:
    s = new_game(load("consensus-meeting"), 1)
    e = s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    assert e.outcome == ADVANCE and e.granted == FOLLOW_UP and e.scheduled
    e = s.apply(Action.meet("vp-eng", DEEP_DIVE, topic="process"))
    assert e.outcome == ADVANCE and e.granted == DEEP_DIVE
    assert "on_target_ask" in rules_fired(s)
    assert callable(s.score)


def test_l2_over_ask_is_refused_costs_trust_and_repeats_disengage() -> None:
    s = new_game(load("consensus-meeting"), 1)
    trust0 = s.players["cio"].trust
    e = s.apply(Action.meet("cio", 6))
    assert e.outcome == REBUFF and e.granted is None
    assert s.players["cio"].trust == trust0 - 1
    assert "far_over_ask" in rules_fired(s)  # rung 6 of a first meeting: three or more beyond readiness
    s.apply(Action.meet("cio", 6))
    assert s.players["cio"].state == "disengaged"
    assert "disengaged" in rules_fired(s)
    opts = s.legal_actions().meetings["cio"]
    assert opts.reason and "stopped taking your calls" in opts.reason
    with pytest.raises(IllegalActionError):
        s.apply(Action.meet("cio", 1))


def test_l2_an_over_ask_one_rung_past_a_stretch_is_a_plain_over_ask() -> None:
    s = new_game(load("consensus-meeting"), 1)
    p = s.players["cio"]
    ready = min(p.readiness, p.cap)
    stretch = p.archetype.next_rung[ready]
    assert stretch is not None
    over = p.archetype.next_rung[stretch]  # past the stretch
    assert over is not None
    s.apply(Action.meet("cio", over))  # no discovery yet, so not the free interest test
    fired = rules_fired(s)
    assert ("far_over_ask" in fired) == (over >= ready + 3)
    assert ("over_ask" in fired) == (over < ready + 3)
    assert CRAFT_POINTS["far_over_ask"] < CRAFT_POINTS["over_ask"] < 0


def test_l2_a_far_ask_of_a_tire_kicker_costs_though_the_excuse_is_evidence() -> None:
    s = new_game(load("another-bidder"), 1)
    kicker = next(
        p
        for p in s.players.values()
        if p.archetype.excuses_reciprocal_asks
        and s.legal_actions().meetings.get(p.id)
        and s.legal_actions().meetings[p.id].reason is None
    )
    s.apply(Action.meet(kicker.id, 9, topic="goals"))
    fired = rules_fired(s)
    assert "reciprocal_ask_refused" in fired and "far_over_ask" in fired


def test_l3_ask_at_what_was_granted_is_a_continuation() -> None:
    s = new_game(load("first-rung"), 2)
    s.apply(Action.meet("ops", FOLLOW_UP, topic="goals"))
    week = s.week
    e = s.apply(Action.meet("ops", FOLLOW_UP))
    assert e.outcome == CONTINUATION and e.granted is None
    assert s.week == week + 1 and s.players["ops"].granted == FOLLOW_UP
    e = s.apply(Action.meet("ops", 0))
    assert e.outcome == CONTINUATION
    assert {"continuation", "seller_only_offer"} <= set(rules_fired(s))


def test_l3_tire_kicker_happily_takes_free_help_forever() -> None:
    s = new_game(load("another-bidder"), 3)
    s.apply(Action.meet("transport", FOLLOW_UP))
    for _ in range(5):
        e = s.apply(Action.meet("transport", FOLLOW_UP))
        assert e.outcome == CONTINUATION
    assert rules_fired(s).count("free_help_taken") == 5


def test_l4_fallback_lands_when_primary_is_refused() -> None:
    s = new_game(load("consensus-meeting"), 50)
    assert s.variant is not None and s.variant.name == "stopped-lines"
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    s.apply(Action.meet("vp-eng", STRATEGY, topic="process", fallback=DEEP_DIVE))  # the free interest test
    since = len(s.moments)
    e = s.apply(Action.meet("vp-eng", STRATEGY, topic="concerns", fallback=INTRODUCTION))
    assert e.outcome == ADVANCE and e.granted == INTRODUCTION
    assert e.primary == DECLINED  # the refusal is not lost
    assert rules_fired(s, since) == ["stretch_declined", "on_target_ask", "fallback_landed", "step_scheduled"]


def test_l4_asking_without_discovery_at_a_first_meeting_is_marked() -> None:
    s = new_game(load("consensus-meeting"), 1)
    s.apply(Action.meet("vp-eng", FOLLOW_UP))
    assert "no_discovery" in rules_fired(s)


def _unscheduled_then_wait(seed: int, schedule: bool) -> tuple[bool, State]:
    s = new_game(load("slow-courtship"), seed)  # evaporation chance 0.45 a week
    s.apply(Action.meet("practice", FOLLOW_UP, topic="goals", schedule=schedule))
    for _ in range(4):
        s.apply(Action.wait())
    return any(e.outcome == "evaporated" for e in s.events), s


def test_l5_unscheduled_step_can_evaporate_and_scheduled_cannot() -> None:
    evaporated = [_unscheduled_then_wait(seed, schedule=False)[0] for seed in range(30)]
    assert any(evaporated)
    for seed in range(30):
        gone, s = _unscheduled_then_wait(seed, schedule=True)
        assert not gone and s.players["practice"].granted == FOLLOW_UP
    gone, s = next(r for r in (_unscheduled_then_wait(seed, False) for seed in range(30)) if r[0])
    assert s.players["practice"].granted == 0 and "step_evaporated" in rules_fired(s)


def test_l5_open_step_is_scheduled_at_the_next_meeting() -> None:
    s = new_game(load("first-rung"), 4)
    e = s.apply(Action.meet("ops", FOLLOW_UP, topic="goals", schedule=False))
    assert not e.scheduled
    if s.observation().player("ops").open:
        e = s.apply(Action.meet("ops", DEEP_DIVE, topic="process"))
        assert any("on the calendar" in c for c in e.calendar)


def _climb_to_the_room(s: State, meet_cio: bool, meet_adversary: bool, answer_adversary: bool) -> None:
    """Drive consensus-meeting up to the CFO's consensus rung (not yet asked)."""
    for ask, topic in ((1, "goals"), (2, "process"), (3, None)):
        s.apply(Action.meet("vp-eng", ask, topic=topic))
    if meet_cio:
        s.apply(Action.meet("cio", 1, topic="goals"))
    if meet_adversary:
        s.apply(Action.meet("vp-mfg", 1, topic="concerns"))
        if answer_adversary:
            for ask in (2, 3, 4, 5, 6):
                s.apply(Action.meet("vp-mfg", ask))
            assert s.players["vp-mfg"].state == "neutralised"
    for ask, topic in ((1, "goals"), (2, "process"), (5, "budget")):
        e = s.apply(Action.meet("cfo", ask, topic=topic))
        assert e.outcome == ADVANCE, (ask, e)


def _room_refused(s: State) -> None:
    trust = s.players["cfo"].trust
    since = len(s.moments)
    e = s.apply(Action.meet("cfo", CONSENSUS))
    assert e.outcome == REBUFF and e.granted is None and "taken aback" in e.signals
    assert rules_fired(s, since) == ["consensus_refused"]
    assert s.players["cfo"].trust == trust - 1 and s.players["cfo"].over_asks == 1
    assert not s.consensus_ready and s.legal_actions().consensus.reason  # the room cannot be called
    with pytest.raises(IllegalActionError):
        s.apply(Action.consensus(EVALUATION))


def test_l6_consensus_before_everyone_was_met_is_refused_with_cost() -> None:
    s = new_game(load("consensus-meeting"), 7)
    assert s.variant is not None and s.variant.name == "stopped-lines"
    # meet everyone but the CIO; answer the adversary, so only L6 is at stake
    _climb_to_the_room(s, meet_cio=False, meet_adversary=True, answer_adversary=True)
    assert not s.players["cio"].met
    _room_refused(s)
    assert not s.is_terminal()


def test_l7_adversary_never_met_blocks_the_room() -> None:
    s = new_game(load("consensus-meeting"), 10)
    assert s.variant is not None and s.variant.name == "planners-first"
    _climb_to_the_room(s, meet_cio=True, meet_adversary=False, answer_adversary=False)
    assert s.players["vp-mfg"].known and not s.players["vp-mfg"].met
    _room_refused(s)


def test_l7_adversary_heard_and_answered_lets_the_room_agree_and_win() -> None:
    s = new_game(load("consensus-meeting"), 7)
    assert s.variant is not None and s.variant.name == "stopped-lines"
    _climb_to_the_room(s, meet_cio=True, meet_adversary=True, answer_adversary=True)
    assert "adversary_concern_answered" in rules_fired(s)
    e = s.apply(Action.meet("cfo", CONSENSUS))
    assert e.outcome == ADVANCE and e.granted == CONSENSUS and s.consensus_ready
    e = s.apply(Action.consensus(EVALUATION))
    assert e.outcome == ADVANCE and e.granted == EVALUATION
    assert "consensus_reached" in rules_fired(s)
    since = len(s.moments)
    e = s.apply(Action.meet("cfo", CONTRACT))
    assert e.outcome == REBUFF  # the evaluation is still running
    assert rules_fired(s, since) == ["contract_before_evaluation"]
    s.apply(Action.wait())
    e = s.apply(Action.meet("cfo", CONTRACT))
    assert e.outcome == ADVANCE and s.outcome == "won"


def test_l7_adversary_met_but_unanswered_still_blocks_the_room() -> None:
    s = new_game(load("consensus-meeting"), 8)
    assert s.variant is not None and s.variant.name == "stopped-lines"
    _climb_to_the_room(s, meet_cio=True, meet_adversary=True, answer_adversary=False)
    assert s.players["vp-mfg"].met and s.players["vp-mfg"].state != "neutralised"
    _room_refused(s)


def test_l8_tire_kicker_refuses_every_reciprocal_ask() -> None:
    s = new_game(load("another-bidder"), 9)
    for ask in (1, 2, 3):
        assert s.apply(Action.meet("transport", ask)).outcome == ADVANCE
    for ask in (STRATEGY, 5, 6, 4, 4, CONSENSUS, CONTRACT):
        e = s.apply(Action.meet("transport", ask))
        assert e.outcome == EXCUSE and e.granted is None
    assert rules_fired(s).count("reciprocal_ask_refused") == 7


def test_l8_unmovable_adversary_is_revealed_one_to_one() -> None:
    s = new_game(load("not-the-right-time"), 11)
    assert s.variant is not None and s.variant.name == "roadmap-decided"
    s.apply(Action.meet("patient-exp", 1, topic="process"))
    assert s.players["digital"].known
    e = s.apply(Action.meet("digital", 1, topic="concerns"))
    assert "immovable" in e.signals and "a dead end" in e.signals
    assert {"unmovable_revealed", "dead_deal_evidence"} <= set(rules_fired(s))
    assert [m.rule for m in s.evidence] == ["unmovable_revealed", "dead_deal_evidence"]


def _qualified_out(waits_before: int, waits_after: int) -> Score:
    s = new_game(load("not-the-right-time"), 11)
    assert s.variant is not None and s.variant.name == "roadmap-decided"
    for _ in range(waits_before):
        s.apply(Action.wait())
    s.apply(Action.meet("patient-exp", 1, topic="process"))
    s.apply(Action.meet("digital", 1, topic="concerns"))  # the evidence
    for _ in range(waits_after):
        s.apply(Action.wait())
    s.apply(Action.walk_away())
    assert s.outcome == "qualified_out"
    return s.score()


def test_l8_l9_walking_away_early_from_dead_deal_outscores_losing_late() -> None:
    early, late, delayed = _qualified_out(0, 0), _qualified_out(8, 0), _qualified_out(0, 3)
    assert (early.weeks, late.weeks, delayed.weeks) == (3, 11, 6)
    # pace falls with the week, and 3 points a week between the evidence and the walk
    assert early.pace_points == pace_points("qualified_out", 3, early.par, 22, 2)
    assert delayed.pace_points == pace_points("qualified_out", 6, early.par, 22, 2)
    assert early.pace_points - delayed.pace_points > 3 * 3 - 1
    stalled = new_game(load("not-the-right-time"), 11)
    while not stalled.is_terminal():
        stalled.apply(Action.wait())
    assert stalled.outcome == "no_decision"
    assert early.total > delayed.total and early.total > late.total > stalled.score().total
    # a late walk-away of a dead deal outscores any loss
    assert late.total > 30


def test_l9_the_same_loss_costs_more_the_later_it_is_learned() -> None:
    def loss_in_week(extra_waits: int) -> Score:
        s = new_game(load("consensus-meeting"), 12)
        assert s.variant is not None and s.variant.name == "stopped-lines"
        for _ in range(extra_waits):
            s.apply(Action.wait())
        for ask, topic in ((1, "goals"), (2, "process"), (3, None)):
            s.apply(Action.meet("vp-eng", ask, topic=topic))
        s.apply(Action.meet("cfo", 1, topic="goals"))
        while not s.is_terminal():  # push the economic buyer for the room until she walks away
            s.apply(Action.meet("cfo", CONSENSUS))
        assert s.outcome == "lost" and "disengaged" in rules_fired(s)
        return s.score()

    early, late = loss_in_week(0), loss_in_week(8)
    assert early.weeks + 8 == late.weeks and early.total > late.total


def test_walking_away_from_a_winnable_deal_scores_low() -> None:
    s = new_game(load("consensus-meeting"), 13)
    s.apply(Action.meet("vp-eng", 1, topic="goals"))
    s.apply(Action.walk_away())
    assert s.outcome == "walked_away" and s.score().total <= 15


def test_economic_buyer_needs_an_introduction() -> None:
    s = new_game(load("consensus-meeting"), 14)
    s.apply(Action.meet("vp-eng", 1, topic="process"))
    opts = s.legal_actions().meetings["cfo"]
    assert opts.reason and "introduction" in opts.reason
    with pytest.raises(IllegalActionError, match="introduction"):
        s.apply(Action.meet("cfo", 1))
    s.apply(Action.meet("vp-eng", 2))
    s.apply(Action.meet("vp-eng", INTRODUCTION))
    assert s.legal_actions().meetings["cfo"].reason is None


def test_every_rung_is_askable_and_illegal_asks_carry_the_reason() -> None:
    s = new_game(load("consensus-meeting"), 15)
    assert s.variant is not None and s.variant.name == "already-bought"
    asks = s.legal_actions().meetings["cio"].asks
    assert asks == dict.fromkeys(range(CONTRACT + 1))  # no closed rungs: anyone can be asked anything
    assert s.legal_actions().consensus.reason
    with pytest.raises(IllegalActionError):
        s.apply(Action.consensus())
    with pytest.raises(IllegalActionError, match="fallback"):
        s.apply(Action.meet("cio", 1, fallback=2))
    with pytest.raises(IllegalActionError, match="topic"):
        s.apply(Action.meet("cio", 1, topic="weather"))
    with pytest.raises(IllegalActionError, match="not a rung"):
        s.apply(Action.meet("cio", CONTRACT + 1))
    with pytest.raises(IllegalActionError, match="no Key Player"):
        s.apply(Action.meet("vp-mfg", 1))  # not known yet: hidden information


def test_no_action_after_the_end() -> None:
    s = new_game(load("first-rung"), 16)
    s.apply(Action.walk_away())
    assert s.is_terminal() and not s.legal_actions()
    with pytest.raises(GameOverError):
        s.apply(Action.wait())


def _why(s: State, a: Action) -> str:
    """The reason `a` is not legal now (it must not be)."""
    reason = s.check(a)
    assert reason is not None, a
    return reason


def test_check_gives_the_reason_without_changing_the_game() -> None:
    s = new_game(load("consensus-meeting"), 17)
    before = (s.week, len(s.events), s.rng.getstate())
    assert s.check(Action.meet("vp-eng", 1, topic="goals")) is None
    assert "fallback" in _why(s, Action.meet("vp-eng", 1, fallback=2))
    assert "no Key Player" in _why(s, Action.meet("cfo", 1))  # not known yet: hidden
    assert "consensus meeting" in _why(s, Action.consensus())
    assert (s.week, len(s.events), s.rng.getstate()) == before
    s.apply(Action.walk_away())
    assert "over" in _why(s, Action.wait())
