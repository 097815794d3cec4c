"""A one-to-one meeting: discovery, the ask (and its fallback) judged against the player's
readiness, what was agreed, and whether the meeting ended the deal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine import calendar
from sim.engine.archetypes import DISENGAGED
from sim.engine.ladder import CONTRACT, EFFECT_RUNGS, FOLLOW_UP, GATED_FROM, RECIPROCAL_FROM, SELLER_ONLY, TOPICS
from sim.engine.machines import KeyPlayer, fire
from sim.engine.outcomes import OUTCOME_ID, GameOutcome, MeetingOutcome
from sim.engine.records import Action, Event, Moment
from sim.engine.rules import RuleId
from sim.engine.signals import effective_readiness, signals, top_gate

if TYPE_CHECKING:
    from sim.engine.state import State

# The ids as plain strings, bound once: reading an enum member off its class costs ~0.1 µs in
# Python 3.11, and a str subclass is hashed and compared through slower slots (moments, lines
# and score tables are dicts keyed by these ids).
R_CONCERN_LEARNED = RuleId.CONCERN_LEARNED.value
R_CONTINUATION = RuleId.CONTINUATION.value
R_DISCOVERY_FIRST = RuleId.DISCOVERY_FIRST.value
R_DISENGAGED = RuleId.DISENGAGED.value
R_FALLBACK_LANDED = RuleId.FALLBACK_LANDED.value
R_FREE_HELP_TAKEN = RuleId.FREE_HELP_TAKEN.value
R_LOST_DEAL = RuleId.LOST_DEAL.value
R_NO_DISCOVERY = RuleId.NO_DISCOVERY.value
R_ON_TARGET_ASK = RuleId.ON_TARGET_ASK.value
R_OVER_ASK = RuleId.OVER_ASK.value
R_FAR_OVER_ASK = RuleId.FAR_OVER_ASK.value
FAR_OVER = 3  # rungs beyond readiness that make an over-ask a far one
R_RECIPROCAL_ASK_REFUSED = RuleId.RECIPROCAL_ASK_REFUSED.value
R_SELLER_ONLY_OFFER = RuleId.SELLER_ONLY_OFFER.value
R_STRETCH_DECLINED = RuleId.STRETCH_DECLINED.value
R_STRETCH_HALF_LANDED = RuleId.STRETCH_HALF_LANDED.value
R_STRETCH_LANDED = RuleId.STRETCH_LANDED.value
R_UNMOVABLE_REVEALED = RuleId.UNMOVABLE_REVEALED.value
R_WON = RuleId.WON.value
R_NOT_THEIRS_TO_GIVE = RuleId.NOT_THEIRS_TO_GIVE.value
R_INTEREST_TEST_NOT_YET = RuleId.INTEREST_TEST_NOT_YET.value
R_COLD_START = RuleId.COLD_START.value
R_GROUP_DECISION = RuleId.GROUP_DECISION.value
R_NO_BUDGET = RuleId.NO_BUDGET.value
R_NO_BUDGET_REVEALED = RuleId.NO_BUDGET_REVEALED.value
O_ADVANCE = MeetingOutcome.ADVANCE.value
O_CONTINUATION = MeetingOutcome.CONTINUATION.value
O_DECLINED = MeetingOutcome.DECLINED.value
O_EXCUSE = MeetingOutcome.EXCUSE.value
O_PARTIAL = MeetingOutcome.PARTIAL.value
O_REBUFF = MeetingOutcome.REBUFF.value


DEFAULT_FACTS = {  # what a Key Player says on a topic their scenario gives them nothing for
    "goals": "We'd like to get more done with the team we have.",
    "process": "Decisions like this go through the people you already know.",
    "concerns": "Nothing personal on the line. Nothing I'd admit to, anyway.",
    "budget": "Money can be found for the right thing. Timing is open.",
}
_LANDED = (O_ADVANCE, O_PARTIAL)
_REFUSED = (O_DECLINED, O_REBUFF, O_EXCUSE)


def meet(st: State, a: Action) -> Event:
    p = st.players[a.player]  # type: ignore[index]
    week, first = st.week, not p.met
    p.met, p.last_met = True, week
    p.meetings += 1
    ev = len(st.events)
    facts: list[tuple[str, str]] = []
    revealed: list[str] = []
    cal: list[str] = []
    said_parts: list[str] = []

    if a.topic is not None:
        facts.append(discover(st, p, a.topic, revealed, ev))
    if first and (a.ask or 0) > 0:
        st.moment(
            ev,
            R_DISCOVERY_FIRST if a.topic else R_NO_DISCOVERY,
            p.id,
            f"first meeting with {st.names[p.id]}: "
            + (f"asked about {TOPICS[a.topic]}" if a.topic else "asked for a commitment without discovery"),
        )
    if a.schedule and st.calendar.open_count:
        for s in st.calendar.undated(p.id):
            calendar.schedule(st, s, cal, ev)

    result, rung, rule = resolve(st, p, a.ask, bool(cal))  # type: ignore[arg-type]
    if result in _REFUSED:
        st.evidence_from(p, ev, ask=rung)
    said_parts.append(st.line(p, R_WON if result == O_ADVANCE and rung == CONTRACT else rule, a.ask))
    primary = None
    if result in _REFUSED and a.fallback is not None and p.state != DISENGAGED:
        f_result, f_rung, f_rule = resolve(st, p, a.fallback)
        if f_result in _LANDED:
            detail = f"{st.rung_phrase(rung)} refused, {st.rung_phrase(a.fallback)} agreed"
            st.moment(ev, R_FALLBACK_LANDED, p.id, detail)
            said_parts.append(st.line(p, f_rule, a.fallback, fallback=True))
            primary, result, rung = result, f_result, f_rung
    if result == O_CONTINUATION and p.trust < 0:
        p.trust += 1  # a patient meeting repairs a little trust
    scheduled = False
    if result in _LANDED:
        scheduled = calendar.agree(st, p, rung, a.schedule and result == O_ADVANCE, cal, ev, asked=a.schedule)
    if p.ripens is None and p.granted == 0:
        calendar.ready_next(st, p)  # a first meeting: ready for a dated follow-up at once
    elif p.ripens is None and result not in _LANDED:
        calendar.ready_next(st, p, now=False)  # trust repaired, or nothing agreed: ready in their own time
    p.signals = signals(st, p, stung=(primary or result) == O_REBUFF)
    event = Event(
        week,
        "meet",
        p.id,
        st.names[p.id],
        a.ask,
        a.fallback,
        a.topic,
        " ".join([s for s in said_parts if s]),
        p.signals,
        OUTCOME_ID[result],
        rung if result in _LANDED else None,
        scheduled,
        tuple(facts),
        tuple(cal),
        tuple(revealed),
        None if primary is None else OUTCOME_ID[primary],
    )
    st.log(event)
    if p.archetype.ends_deal_when_disengaged and p.state == DISENGAGED:
        st.finish(GameOutcome.LOST, R_LOST_DEAL, f"{st.names[p.id]}, the economic buyer, walked away from the deal")
    elif (
        p.state == DISENGAGED
        and not st.consensus_ready
        and not any(q.known and q.reachable and q.state != DISENGAGED for q in st.players.values())
    ):
        st.finish(GameOutcome.LOST, R_LOST_DEAL, "nobody at the account will take your calls any more")
    elif st.won:
        st.finish(GameOutcome.WON, R_WON, f"contract signed in week {week}")
    return event


def discover(st: State, p: KeyPlayer, topic: str, revealed: list[str], ev: int) -> tuple[str, str]:
    """Ask about a topic: learn a fact (and, asking about the process, who else has a say)."""
    spec = p.spec
    if topic == "concerns" and spec.concern is not None:
        text = spec.concern.text
    else:
        text = spec.facts.get(topic) or DEFAULT_FACTS[topic]
    new = topic not in p.facts
    p.facts[topic] = text
    if topic == "process":
        st.signer_known = True  # whoever you ask, the decision process names who signs
        for rid in spec.reveals:
            q = st.players[rid]
            if not q.known:
                q.known = True
                revealed.append(rid)
    if topic == "concerns" and spec.concern is not None and not p.concern_known:
        p.concern_known = True
        fire(p, "hear")
        rule = R_UNMOVABLE_REVEALED if spec.unmovable else R_CONCERN_LEARNED
        st.moment(ev, rule, p.id, f"{st.names[p.id]}: {text}")
    st.evidence_from(p, ev, topic=topic)
    if topic == "budget" and p.archetype.signs_the_deal and not st.scenario.truth.money:
        st.moment(ev, R_NO_BUDGET_REVEALED, p.id, f"{st.names[p.id]}: {text}")
    if p.archetype.learns_from_discovery:
        fire(p, "learn")
    if new and p.trust < 1:
        p.trust += 1  # being listened to builds a little trust
    return (topic, text)


def resolve(st: State, p: KeyPlayer, rung: int, dated: bool = False) -> tuple[str, int, str]:
    """Judge one ask. Returns (MeetingOutcome id, rung, RuleId id). `dated`: this meeting put
    an agreed step on the calendar (then asking for nothing more is not a continuation).

    In order: an offer of the seller's own time; something already agreed (a continuation); a
    tire-kicker's excuse to any reciprocal ask; a rung that is not theirs to give (they say so:
    discovery, not a reward); the buyer's top rungs, which only their gates open; then the ask
    against readiness: on target lands, one step beyond is a stretch, further is an over-ask.
    Every ask above readiness costs (patience, and trust for an over-ask), except the first
    reciprocal ask after discovery, which a genuine buyer answers "not yet" for free."""
    ev = len(st.events)
    a = p.archetype
    if rung == SELLER_ONLY:
        st.moment(ev, R_SELLER_ONLY_OFFER, p.id, "offered to send material")
        if a.takes_free_help:
            st.moment(ev, R_FREE_HELP_TAKEN, p.id, "took the material gladly")
        return O_CONTINUATION, rung, R_SELLER_ONLY_OFFER
    if rung in p.agreed or (rung <= p.granted and rung not in EFFECT_RUNGS):
        if not dated:  # putting an agreed step on the calendar is something new agreed (L5)
            st.moment(ev, R_CONTINUATION, p.id, f"{st.rung_phrase(rung)}, already agreed")
        if a.takes_free_help:
            st.moment(ev, R_FREE_HELP_TAKEN, p.id, "happy to keep meeting")
        return O_CONTINUATION, rung, R_CONTINUATION
    if a.excuses_reciprocal_asks and rung >= RECIPROCAL_FROM:
        p.refusals += 1
        st.moment(ev, R_RECIPROCAL_ASK_REFUSED, p.id, f"{st.rung_phrase(rung)}: an excuse")
        if rung >= min(p.readiness, p.cap) + FAR_OVER:  # the excuse is evidence; the ask was still far too big
            st.moment(ev, R_FAR_OVER_ASK, p.id, f"{st.rung_phrase(rung)}, with nothing like it agreed")
        return O_EXCUSE, rung, R_RECIPROCAL_ASK_REFUSED
    if rung not in a.grants and not (a.signs_the_deal and rung in a.group_rungs):
        p.not_theirs = p.not_theirs | {rung}
        st.moment(ev, R_NOT_THEIRS_TO_GIVE, p.id, f"{st.rung_phrase(rung)}: not {st.names[p.id]}'s to give")
        return O_DECLINED, rung, R_NOT_THEIRS_TO_GIVE
    if rung >= GATED_FROM:
        return _top_rung(st, p, rung, ev)
    if a.gates_top_rungs:
        r, gate = effective_readiness(st, p)
    else:
        r, gate = min(p.readiness, p.cap), None
    if rung <= r:
        st.moments.append(Moment(st.week, ev, R_ON_TARGET_ASK, p.id, f"{st.rung_phrases[rung]}, on target"))
        return O_ADVANCE, rung, R_ON_TARGET_ASK
    if gate is not None and rung <= min(p.readiness, p.cap):
        # they would, but something outside them holds them back: a polite no, no cost
        st.moment(ev, gate, p.id, f"{st.rung_phrase(rung)}: held back by others")
        return O_DECLINED, rung, gate
    if _interest_test(p, rung):
        p.tested = True
        st.moment(ev, R_INTEREST_TEST_NOT_YET, p.id, f"{st.rung_phrase(rung)}: not yet")
        return O_DECLINED, rung, R_INTEREST_TEST_NOT_YET
    if rung == a.next_rung[r]:
        roll = st.rng.random()
        chance = st.scenario.chance
        full = chance.stretch_full + (0.05 * p.trust if chance.stretch_full > 0 and p.trust > 0 else 0.0)
        if roll < full:
            st.moment(ev, R_STRETCH_LANDED, p.id, f"{st.rung_phrase(rung)}, one step beyond")
            return O_ADVANCE, rung, R_STRETCH_LANDED
        if roll < full + chance.stretch_half:
            st.moment(ev, R_STRETCH_HALF_LANDED, p.id, f"{st.rung_phrase(rung)}, agreed in principle")
            return O_PARTIAL, rung, R_STRETCH_HALF_LANDED
        if rung == FOLLOW_UP and p.meetings == 1:  # the least anyone can ask, at a first meeting: a no is news
            st.moment(ev, R_COLD_START, p.id, f"{st.rung_phrase(rung)}, not yet")
            return O_DECLINED, rung, R_STRETCH_DECLINED
        return _declined(st, p, rung, ev)
    return _over_ask(st, p, rung, ev, r)


def _interest_test(p: KeyPlayer, rung: int) -> bool:
    """A first reciprocal ask, made once you have listened to them (some discovery done)."""
    return rung >= RECIPROCAL_FROM and not p.tested and bool(p.facts)


def _top_rung(st: State, p: KeyPlayer, rung: int, ev: int) -> tuple[str, int, str]:
    """The buyer's rungs 7-9: their gates first (asking anyway is a rebuff that costs), then readiness."""
    if rung in p.archetype.group_rungs and st.consensus_ready:
        st.moment(ev, R_GROUP_DECISION, p.id, f"{st.rung_phrase(rung)}, one-to-one")
        return O_DECLINED, rung, R_GROUP_DECISION
    gate = top_gate(st, p, rung)
    if gate is not None:
        rule, why = gate
        if rule == R_NO_BUDGET:
            st.moment(ev, R_NO_BUDGET_REVEALED, p.id, f"{st.names[p.id]}: {why}")
        return _rebuffed(st, p, rung, ev, rule, f"{st.rung_phrase(rung)}: {why}")
    r = effective_readiness(st, p)[0] if p.archetype.gates_top_rungs else min(p.readiness, p.cap)
    if rung <= r:
        st.moments.append(Moment(st.week, ev, R_ON_TARGET_ASK, p.id, f"{st.rung_phrases[rung]}, on target"))
        return O_ADVANCE, rung, R_ON_TARGET_ASK
    return _over_ask(st, p, rung, ev, r)


def _declined(st: State, p: KeyPlayer, rung: int, ev: int) -> tuple[str, int, str]:
    """A stretch they turned down: no harm to trust, but their patience wears thinner (the next
    over-ask finds less of it left)."""
    p.over_asks += 1
    st.moment(ev, R_STRETCH_DECLINED, p.id, f"{st.rung_phrase(rung)}, one step too far")
    if p.over_asks >= p.spec.patience:  # out of patience: pushed once too often, they cool
        p.trust -= 1
        if p.trust < 0:
            p.readiness = min(p.readiness, p.granted)  # they hold back until trust is repaired
    return O_DECLINED, rung, R_STRETCH_DECLINED


def _rebuffed(st: State, p: KeyPlayer, rung: int, ev: int, rule: str, detail: str) -> tuple[str, int, str]:
    """An ask they will not entertain: trust drops and patience wears thinner."""
    p.trust -= 1
    p.over_asks += 1
    if p.trust < 0:
        p.readiness = min(p.readiness, p.granted)  # stung: they hold back until trust is repaired
    st.moment(ev, rule, p.id, detail)
    fire(p, "rebuff")
    if p.state == DISENGAGED:
        return _disengaged(st, p, rung, ev)
    return O_REBUFF, rung, rule


def _disengaged(st: State, p: KeyPlayer, rung: int, ev: int) -> tuple[str, int, str]:
    st.moment(ev, R_DISENGAGED, p.id, f"{st.names[p.id]} stopped engaging")
    st.calendar.drop(lambda s: s.player == p.id)
    return O_REBUFF, rung, R_DISENGAGED


def _over_ask(st: State, p: KeyPlayer, rung: int, ev: int, ready: int) -> tuple[str, int, str]:
    """An ask beyond a stretch; three or more rungs beyond readiness is a far over-ask and costs more.
    Either way they answer as to an over-ask."""
    agreed = st.rung_phrase(p.granted) if p.granted else "nothing"
    rule = R_FAR_OVER_ASK if rung >= ready + FAR_OVER else R_OVER_ASK
    result, rung, said = _rebuffed(st, p, rung, ev, rule, f"{st.rung_phrase(rung)}, with {agreed} agreed so far")
    return result, rung, R_OVER_ASK if said == R_FAR_OVER_ASK else said
