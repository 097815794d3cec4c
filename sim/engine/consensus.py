"""The consensus meeting: every Key Player in one room with the economic buyer. Unmet players
sink it, a hostile one derails it, the balance of support and opposition decides it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine import calendar
from sim.engine.archetypes import DISENGAGED
from sim.engine.ladder import CONSENSUS, CONTRACT, EVALUATION
from sim.engine.machines import KeyPlayer, fire
from sim.engine.outcomes import OUTCOME_ID, GameOutcome, MeetingOutcome
from sim.engine.records import Action, Event
from sim.engine.rules import RuleId
from sim.engine.signals import signals

if TYPE_CHECKING:
    from sim.engine.state import State

M = MeetingOutcome


def economic_buyer(st: State) -> KeyPlayer | None:
    """The Key Player who signs the deal, if the cast has one."""
    for q in st.players.values():
        if q.archetype.signs_the_deal:
            return q
    return None


def consensus(st: State, a: Action) -> Event:
    week, ev = st.week, len(st.events)
    eb = economic_buyer(st)
    assert eb is not None
    players = st.players.values()
    unmet = [q for q in players if not q.met and q.state != DISENGAGED]
    cal: list[str] = []
    revealed = [q.id for q in players if not q.known]
    for q in players:
        q.known = True
    hostile_unmet = [q for q in unmet if q.archetype.hostile_in_consensus and q.state in q.archetype.blocking]
    result, granted, scheduled, rule = M.FAILED, None, False, RuleId.CONSENSUS_BEFORE_ALL_MET
    if hostile_unmet:
        q = hostile_unmet[0]
        q.met_in_consensus = True
        rule = RuleId.ADVERSARY_FIRST_MET_IN_CONSENSUS
        st.moment(ev, rule, q.id, f"{st.names[q.id]}, {q.spec.title}, first met in the consensus meeting")
        result, speaker = M.DERAILED, q
    elif unmet:
        for q in unmet:
            q.reachable = True
        st.moment(ev, rule, unmet[0].id, "not met one-to-one: " + ", ".join(st.names[q.id] for q in unmet))
        speaker = unmet[0]
    else:
        opposed = [q for q in players if q.archetype.hostile_in_consensus and q.state in q.archetype.blocking]
        support = sum(q.spec.power for q in players if q.state in q.archetype.supportive)
        against = sum(q.spec.power for q in players if q.state in q.archetype.blocking)
        if opposed:
            q = opposed[0]
            rule, result, speaker = RuleId.ADVERSARY_CONCERN_UNANSWERED, M.DERAILED, q
            st.moment(ev, rule, q.id, f"{st.names[q.id]} still opposed")
        elif against >= support:
            rule, speaker = RuleId.BLOCKED_BY_OPPOSITION, eb
            st.moment(ev, rule, None, f"support {support} against {against}")
        else:
            speaker = eb
            rule = RuleId.CONSENSUS_REACHED
            ask: int | None = a.ask if a.ask is not None else EVALUATION
            evaluated = st.evaluation_until is not None and st.week >= st.evaluation_until
            if ask == CONTRACT and not evaluated:
                eb.trust -= 1
                st.moment(ev, RuleId.OVER_ASK, eb.id, "asked the room to sign before any evaluation")
                ask = a.fallback
            if ask is None:
                result, rule = M.REBUFF, RuleId.OVER_ASK
            else:
                st.moment(
                    ev, rule, None, "the room agreed " + st.rung_phrase(CONTRACT if ask == CONTRACT else EVALUATION)
                )
                result, granted = M.ADVANCE, ask
                fire(eb, "convene")
                scheduled = calendar.agree(st, eb, ask, a.schedule, cal, ev)
    if result == M.FAILED:
        _broke_up(st, eb, cal)
    for q in players:  # everyone who has met you was in the room: what they show now is fresh
        if q.met:
            q.signals = signals(st, q)
    said = st.line(speaker, rule, granted if granted is not None else a.ask, room=True)
    event = Event(
        week,
        "consensus",
        None,
        "Consensus meeting",
        a.ask,
        a.fallback,
        None,
        said,
        (),
        OUTCOME_ID[result],
        granted,
        scheduled,
        (),
        tuple(cal),
        tuple(revealed),
    )
    st.log(event)
    if result == M.DERAILED:
        st.finish(GameOutcome.LOST, RuleId.LOST_DEAL, "the consensus meeting was derailed")
    elif st.won:
        st.finish(GameOutcome.WON, RuleId.WON, f"contract signed in week {week}")
    return event


def _broke_up(st: State, eb: KeyPlayer, cal: list[str]) -> None:
    """No agreement: the buyer's trust drops and the meeting must be asked for again."""
    eb.trust -= 1
    st.consensus_ready = False
    eb.granted = min(eb.granted, 5)
    eb.readiness = min(eb.readiness, 5) if eb.readiness > 5 else eb.readiness
    st.calendar.drop(lambda s: s.player == eb.id and s.rung == CONSENSUS)
    cal.append("The consensus meeting broke up without agreement; it must be asked for again")
