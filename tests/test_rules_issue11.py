"""The rules issue 11 brought in, one test each, through the public API.

Every seed draws a variant of its scenario; each test says which deal it plays.
"""

from __future__ import annotations

from sim.engine.ladder import CONSENSUS, CONTRACT, DEEP_DIVE, EVALUATION, FOLLOW_UP, INTRODUCTION, STRATEGY
from sim.engine.outcomes import MeetingOutcome
from sim.engine.records import Action
from sim.engine.replay import new_game
from sim.engine.scoring import CRAFT_POINTS, Score
from sim.engine.state import State
from sim.scenarios.loader import load

ADVANCE, DECLINED, EXCUSE, REBUFF = (
    MeetingOutcome.ADVANCE,
    MeetingOutcome.DECLINED,
    MeetingOutcome.EXCUSE,
    MeetingOutcome.REBUFF,
)


def _game(scenario: str, seed: int, variant: str) -> State:
    s = new_game(load(scenario), seed)
    assert s.variant is not None and s.variant.name == variant
    return s


def _since(s: State, n: int) -> list[str]:
    return [m.rule for m in s.moments[n:]]


def _points(score: Score, rule: str) -> list[int]:
    return [m.points for m in score.moments if m.rule == rule]


def test_every_rung_can_be_asked_of_anyone_and_not_theirs_is_free() -> None:
    s = _game("consensus-meeting", 7, "stopped-lines")
    s.apply(Action.meet("cio", FOLLOW_UP, topic="goals"))
    cio = s.players["cio"]
    trust, over_asks, week = cio.trust, cio.over_asks, s.week
    n = len(s.moments)
    e = s.apply(Action.meet("cio", INTRODUCTION))  # the CIO cannot introduce you to anyone
    assert e.outcome == DECLINED and e.granted is None
    assert _since(s, n) == ["not_theirs_to_give"]
    assert (cio.trust, cio.over_asks, cio.granted) == (trust, over_asks, FOLLOW_UP)
    assert s.week == week + 1
    assert s.observation().player("cio").not_theirs == (INTRODUCTION,)
    s.apply(Action.walk_away())
    assert _points(s.score(), "not_theirs_to_give") == [0]


def test_asking_anyone_about_the_process_shows_who_signs() -> None:
    s = _game("consensus-meeting", 7, "stopped-lines")
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    before = s.signer_known
    s.apply(Action.meet("vp-eng", DEEP_DIVE, topic="process"))
    assert (before, s.signer_known) == (False, True)
    assert {p.id: p.signs for p in s.observation().players} == {
        "vp-eng": False,
        "cio": False,
        "cfo": True,
        "vp-mfg": False,
    }


def test_contract_at_the_first_meeting_with_the_buyer_is_a_costly_rebuff() -> None:
    s = _game("consensus-meeting", 7, "stopped-lines")
    for ask, topic in ((FOLLOW_UP, "goals"), (DEEP_DIVE, "process"), (INTRODUCTION, None)):
        s.apply(Action.meet("vp-eng", ask, topic=topic))
    trust = s.players["cfo"].trust
    n = len(s.moments)
    e = s.apply(Action.meet("cfo", CONTRACT))
    assert e.outcome == REBUFF and e.granted is None and "taken aback" in e.signals
    assert _since(s, n) == ["no_discovery", "contract_before_evaluation"]
    assert s.players["cfo"].trust == trust - 1 and s.players["cfo"].over_asks == 1
    s.apply(Action.walk_away())
    assert _points(s.score(), "contract_before_evaluation") == [CRAFT_POINTS["contract_before_evaluation"]] == [-3]


def _fallback_game(direct: bool) -> Score:
    s = _game("consensus-meeting", 50, "stopped-lines")
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    s.apply(Action.meet("vp-eng", STRATEGY, topic="process", fallback=DEEP_DIVE))  # the free interest test
    n = len(s.moments)
    if direct:
        e = s.apply(Action.meet("vp-eng", INTRODUCTION, topic="concerns"))
        assert _since(s, n) == ["on_target_ask", "step_scheduled"]
    else:
        e = s.apply(Action.meet("vp-eng", STRATEGY, topic="concerns", fallback=INTRODUCTION))
        assert e.primary == DECLINED
        assert _since(s, n) == ["stretch_declined", "on_target_ask", "fallback_landed", "step_scheduled"]
        assert s.players["vp-eng"].over_asks == 1  # it cost patience too
    assert e.outcome == ADVANCE and e.granted == INTRODUCTION
    s.apply(Action.walk_away())
    return s.score()


def test_a_declined_ask_costs_even_when_the_fallback_lands() -> None:
    direct, fallback = _fallback_game(direct=True), _fallback_game(direct=False)
    assert direct.weeks == fallback.weeks and direct.outcome == fallback.outcome == "walked_away"
    assert _points(fallback, "stretch_declined") == [-1] and set(_points(fallback, "fallback_landed")) == {0}
    assert direct.total == fallback.total + 1


def test_the_interest_test_is_free_once_after_discovery_and_costs_the_second_time() -> None:
    s = _game("consensus-meeting", 4, "stopped-lines")
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    vp = s.players["vp-eng"]
    trust = vp.trust
    n = len(s.moments)
    e = s.apply(Action.meet("vp-eng", STRATEGY, topic="process"))
    assert e.outcome == DECLINED and _since(s, n) == ["interest_test_not_yet"]
    assert (vp.trust, vp.over_asks) == (trust, 0)
    n = len(s.moments)
    e = s.apply(Action.meet("vp-eng", STRATEGY, topic="budget"))  # the same ask again: now it costs
    assert e.outcome == REBUFF and _since(s, n) == ["over_ask"]
    assert (vp.trust, vp.over_asks) == (trust - 1, 1)
    s.apply(Action.walk_away())
    sc = s.score()
    assert _points(sc, "interest_test_not_yet") == [0] and _points(sc, "over_ask") == [-3]


def test_a_tire_kickers_excuse_is_evidence_and_walking_away_on_it_qualifies_out() -> None:
    s = _game("another-bidder", 9, "third-quote")
    for ask in (FOLLOW_UP, DEEP_DIVE, INTRODUCTION):
        s.apply(Action.meet("transport", ask, topic="goals" if ask == FOLLOW_UP else None))
    e = s.apply(Action.meet("transport", STRATEGY))
    assert e.outcome == EXCUSE and "a dead end" in e.signals
    assert [m.rule for m in s.evidence] == ["reciprocal_ask_refused", "dead_deal_evidence"]
    s.apply(Action.walk_away())
    informed = s.score()
    assert informed.outcome == "qualified_out" and _points(informed, "reciprocal_ask_refused") == [0]

    blind = _game("another-bidder", 9, "third-quote")
    blind.apply(Action.walk_away())
    assert blind.outcome == "walked_blind" and blind.end_week == 1
    assert blind.score().total <= informed.total - 30


def test_walking_away_from_a_winnable_deal_scores_no_more_than_losing_it_and_a_stall_is_worst() -> None:
    walked = _game("consensus-meeting", 13, "stopped-lines")
    walked.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    walked.apply(Action.walk_away())
    assert walked.outcome == "walked_away"

    lost = _game("consensus-meeting", 13, "stopped-lines")
    for ask, topic in ((FOLLOW_UP, "goals"), (DEEP_DIVE, "process"), (INTRODUCTION, None)):
        lost.apply(Action.meet("vp-eng", ask, topic=topic))
    lost.apply(Action.meet("cfo", FOLLOW_UP, topic="goals"))
    while not lost.is_terminal():
        lost.apply(Action.meet("cfo", CONSENSUS))
    assert lost.outcome == "lost"

    stalled = _game("consensus-meeting", 13, "stopped-lines")
    while not stalled.is_terminal():
        stalled.apply(Action.wait())
    assert stalled.outcome == "no_decision"
    assert stalled.score().total < walked.score().total <= lost.score().total


def test_a_landed_stretch_over_the_introduction_leaves_it_askable() -> None:
    s = _game("consensus-meeting", 3, "stopped-lines")
    s.apply(Action.meet("vp-eng", FOLLOW_UP, topic="goals"))
    s.apply(Action.meet("vp-eng", STRATEGY, topic="process", fallback=DEEP_DIVE))  # the free interest test
    n = len(s.moments)
    e = s.apply(Action.meet("vp-eng", STRATEGY))
    assert e.outcome == ADVANCE and "stretch_landed" in _since(s, n)
    vp = s.players["vp-eng"]
    assert vp.granted == STRATEGY and INTRODUCTION not in vp.agreed
    reason = s.legal_actions().meetings["cfo"].reason
    assert reason and "introduction" in reason  # no silent trap: the CFO still needs one
    assert s.legal_actions().meetings["vp-eng"].asks[INTRODUCTION] is None
    e = s.apply(Action.meet("vp-eng", INTRODUCTION))
    assert e.outcome == ADVANCE and e.granted == INTRODUCTION and INTRODUCTION in vp.agreed
    assert s.legal_actions().meetings["cfo"].reason is None


def _win(seed: int, charge: bool) -> Score:
    s = _game("consensus-meeting", seed, "stopped-lines")
    for ask, topic in ((FOLLOW_UP, "goals"), (DEEP_DIVE, "process"), (INTRODUCTION, None)):
        s.apply(Action.meet("vp-eng", ask, topic=topic))
    s.apply(Action.meet("cio", FOLLOW_UP, topic="goals"))
    s.apply(Action.meet("vp-mfg", FOLLOW_UP, topic="concerns"))
    for ask in (2, 3, 4, 5, 6):
        s.apply(Action.meet("vp-mfg", ask))
    for ask, topic in ((FOLLOW_UP, "goals"), (DEEP_DIVE, "process"), (5, "budget"), (CONSENSUS, None)):
        s.apply(Action.meet("cfo", ask, topic=topic))
    s.apply(Action.consensus(EVALUATION))
    # the same weeks either way: a premature contract ask, or a week's wait
    s.apply(Action.meet("cfo", CONTRACT) if charge else Action.wait())
    s.apply(Action.wait())
    s.apply(Action.meet("cfo", CONTRACT))
    assert s.outcome == "won"
    return s.score()


def test_every_charge_costs_even_in_a_win_with_many_good_moves() -> None:
    clean, charged = _win(7, charge=False), _win(7, charge=True)
    assert clean.weeks == charged.weeks and clean.pace_points == charged.pace_points
    gains = sum(m.points for m in clean.moments if m.points > 0 and m.rule != "pace")
    assert gains > 20  # more good moves than the win's craft cap holds
    assert _points(charged, "contract_before_evaluation") == [-3]
    assert clean.total - charged.total == 3
