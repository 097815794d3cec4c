"""The points themselves: what each rule is worth, each outcome's band, the pace against par,
the craft, and the letter grade's bands. `sim.engine.scoring` builds the score and debrief from
them; the numbers live here so they can be read (and argued about) in one place."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine.outcomes import GameOutcome

if TYPE_CHECKING:
    from sim.engine.state import State

CRAFT_POINTS: dict[str, int] = {
    "on_target_ask": 1,
    "stretch_landed": 0,  # luck as much as skill: it saves a week, it earns no craft
    "stretch_declined": -1,  # an ask above readiness costs, even when a fallback then lands
    # a failed call (a meeting that ends with nothing from them: refused outright, or nothing
    # new asked) costs the same whatever the reason; a far over-ask costs more
    "over_ask": -3,
    "far_over_ask": -5,  # three or more rungs beyond readiness: the further, the worse (L2)
    "disengaged": -2,
    "continuation": -3,  # L3: a meeting that asks nothing new is a failed call, like a rebuff
    "seller_only_offer": -3,  # L3: only you act; nothing from them
    "discovery_first": 1,
    "step_scheduled": 1,  # L5: the agreed step put on the calendar before leaving the room
    "consensus_reached": 2,  # L6: every Key Player met and heard before the room committed
    "no_discovery": -1,
    "fallback_landed": 0,  # the fallback's own ask scores; planning it only saves the week
    "step_left_open": -1,
    "step_evaporated": -1,
    "consensus_refused": -3,
    "evaluation_before_consensus": -2,
    "contract_before_evaluation": -3,
    "consensus_before_all_met": -3,
    "adversary_first_met_in_consensus": -3,
    "adversary_concern_unanswered": -3,
    "adversary_concern_answered": 2,
    "concern_learned": 1,
    "unmovable_revealed": 1,
    "no_budget_revealed": 1,
    "reciprocal_ask_refused": 0,  # an excuse is evidence, not a reward
}

# outcome -> (outcome points, pace points at most, positive craft points at most). Charges are
# never capped: every mistake the debrief names costs its points whatever the outcome.
BANDS: dict[str, tuple[int, int, int]] = {  # keyed by GameOutcome (a StrEnum: a plain id finds it too)
    GameOutcome.WON: (50, 30, 20),
    GameOutcome.QUALIFIED_OUT: (42, 30, 15),
    GameOutcome.LOST: (15, 12, 10),
    GameOutcome.WALKED_BLIND: (12, 0, 8),
    GameOutcome.WALKED_AWAY: (8, 0, 6),
    GameOutcome.NO_DECISION: (5, 0, 3),
}
# qualifying out: DEAD_PAR_PACE at the variant's par, WEEK_COST more a week sooner (to the band's
# most) and less a week later, DELAY_COST more a week of waiting after the evidence: a week costs
# more than one meeting's good moves (MOVES_PER_MEETING: on target, dated, discovery first) earn
DEAD_PAR_PACE, WEEK_COST, DELAY_COST, MOVES_PER_MEETING = 26, 4, 4, 3
_MEETING_KINDS = frozenset({"meet", "consensus"})
GRADES = ((90, "A"), (80, "B"), (65, "C"), (50, "D"), (0, "F"))


def grade(total: int) -> str:
    for floor, letter in GRADES:
        if total >= floor:
            return letter
    return "F"


def pace_points(outcome: str, weeks: int, par: int, horizon: int, evidence_week: int | None = None) -> int:
    """A win: the fewer weeks the better (par earns about 25 of 30). Qualified out: by par, and
    soon after the evidence, earns it all. A loss: the earlier it was learned."""
    _, pace_max, _ = BANDS[outcome]
    if outcome == GameOutcome.WON:
        span = max(1, horizon - par)
        return max(0, min(pace_max, round(25 * (horizon - weeks) / span)))
    if outcome == GameOutcome.QUALIFIED_OUT:
        # against par, as a win is: every week sooner earns, every week later costs, more than a
        # meeting's good moves can win back; and every week of waiting once the evidence was in
        # costs again (the evidence comes in a meeting: the next week is the first chance to act)
        delay = max(0, weeks - evidence_week - 1) if evidence_week is not None else 0
        early = max(0, min(pace_max, DEAD_PAR_PACE + WEEK_COST * (par - weeks)))
        return early - DELAY_COST * delay  # below zero when the wait was long: waiting never pays
    if outcome == GameOutcome.LOST:
        return max(0, min(pace_max, round(pace_max * (horizon - weeks + 1) / horizon)))
    return 0


def craft_points(outcome: str, raw_gains: int, charges: int) -> int:
    """Positive craft up to the outcome's cap, then every charge in full."""
    return min(BANDS[outcome][2], raw_gains) + charges


def clean_share_points(gains: int, meetings: int, cap: int) -> int:
    """Good moves as a share of what `meetings` clean meetings earn, scaled to `cap`."""
    if meetings <= 0:
        return 0
    return min(cap, round(cap * gains / (MOVES_PER_MEETING * meetings)))


def qualify_out_craft(state: State, evidence_week: int, charges: int) -> int:
    """Qualifying out is short by design: its good moves count by how clean the meetings up to
    the evidence were, not by how many there were (the sooner the evidence, the better), and
    nothing after the evidence earns (the one good move left is to walk). Charges count in full."""
    get = CRAFT_POINTS.get
    gains = sum(max(0, get(m.rule, 0)) for m in state.moments if 0 <= m.week <= evidence_week)
    meetings = sum(1 for e in state.events if e.kind in _MEETING_KINDS and e.week <= evidence_week)
    return clean_share_points(gains, meetings, BANDS[GameOutcome.QUALIFIED_OUT][2]) + charges
