"""Steps and time: a rung agreed, a step put on the calendar (and what a dated step sets in
motion), open steps evaporating at the week's end, the horizon, and the steps as the
trainee sees them (`sim.engine.steps`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine.archetypes import DISENGAGED
from sim.engine.ladder import CONSENSUS, CONTRACT, EVALUATION, INTRODUCTION
from sim.engine.machines import KeyPlayer, fire
from sim.engine.outcomes import GameOutcome, MeetingOutcome
from sim.engine.records import Event, Moment, Step
from sim.engine.rules import RuleId
from sim.engine.signals import signals

if TYPE_CHECKING:
    from sim.engine.state import State

# The ids as plain strings, bound once: reading an enum member off its class costs ~0.1 µs in
# Python 3.11, and a str subclass is hashed and compared through slower slots (moments, lines
# and score tables are dicts keyed by these ids).
R_ADVERSARY_CONCERN_ANSWERED = RuleId.ADVERSARY_CONCERN_ANSWERED.value
R_STALLED_TO_HORIZON = RuleId.STALLED_TO_HORIZON.value
R_STEP_EVAPORATED = RuleId.STEP_EVAPORATED.value
R_STEP_LEFT_OPEN = RuleId.STEP_LEFT_OPEN.value
R_STEP_SCHEDULED = RuleId.STEP_SCHEDULED.value


_EVAPORATED, _STALLED = MeetingOutcome.EVAPORATED, MeetingOutcome.STALLED


def agree(st: State, p: KeyPlayer, rung: int, dated: bool, cal: list[str], ev: int, asked: bool = False) -> bool:
    """A rung was agreed: raise what they granted, their trust and readiness; True if dated.
    `asked`: the trainee asked for a date and the player would not give one (their no, not an
    omission: no charge, though the open step may still evaporate)."""
    prior = p.granted
    p.granted = max(p.granted, rung)
    p.agreed = p.agreed | {rung}
    p.trust = min(p.trust + 1, 5)
    fire(p, "grant", rung=rung)
    answered = p.archetype.concern_answered_state
    if (
        answered is not None
        and p.state == answered
        and not any(m.rule == R_ADVERSARY_CONCERN_ANSWERED and m.player == p.id for m in st.moments)
    ):
        what = st.rung_phrase(rung)
        st.moment(
            ev, R_ADVERSARY_CONCERN_ANSWERED, p.id, f"{what[:1].upper()}{what[1:]} answered {st.names[p.id]}'s concern"
        )
    ready_next(st, p, now=False)
    step = Step(p.id, rung, st.week, prior, False)
    st.calendar.add(step)  # it replaces their open one
    if dated:
        schedule(st, step, cal, ev)
        return True
    if asked:
        they = st.pronouns(p.id).they
        cal.append(f"{st.rung_name(rung)} with {st.names[p.id]}: agreed, but {they} would not put a date on it yet")
    else:
        cal.append(f"{st.rung_name(rung)} with {st.names[p.id]}: agreed, no date yet")
        st.moment(ev, R_STEP_LEFT_OPEN, p.id, f"{st.rung_name(rung)} agreed without a date")
    return False


def ready_next(st: State, p: KeyPlayer, now: bool = True) -> None:
    """They will be ready for the next rung above what they granted: at once for a quick player
    (or `now`), else at the end of a later week (their tempo, drawn per game: every deal differs)."""
    if p.trust < 0 or p.state == DISENGAGED:
        return
    nxt = p.archetype.next_rung[p.granted]
    if nxt is None or p.readiness >= min(p.cap, nxt):
        return
    if now or p.tempo <= 1:
        p.readiness = min(p.cap, nxt)
        p.ripens = None
    elif p.ripens is None:
        p.ripens = st.week + p.tempo - 1


def schedule(st: State, step: Step, cal: list[str], ev: int) -> None:
    """Put a step on the calendar, and set in motion what that dated step starts."""
    st.calendar.date(step)
    p = st.players[step.player]
    name = st.rung_names[step.rung]
    cal.append(f"{name} with {st.names[p.id]}: on the calendar")
    st.moments.append(Moment(st.week, ev, R_STEP_SCHEDULED, p.id, f"{name} dated"))
    if step.rung == INTRODUCTION:
        for rid in p.spec.introduces:
            q = st.players[rid]
            if not q.reachable or not q.known:
                q.known = q.reachable = True
                cal.append(f"{st.names[p.id]} introduces you to {st.names[rid]}")
    if p.archetype.signs_the_deal:
        if step.rung == CONSENSUS:
            st.consensus_ready = True
        elif step.rung == EVALUATION:
            st.evaluation_until = st.week + st.scenario.evaluation_weeks
            cal.append(f"Formal evaluation runs until week {st.evaluation_until}")
        elif step.rung == CONTRACT:
            st.won = True


def end_week(st: State) -> None:
    """Open steps may evaporate; the week turns; past the horizon the game stalls."""
    chance = st.scenario.chance.evaporate
    for s in st.calendar.undated():
        if st.rng.random() < chance:
            p = st.players[s.player]
            st.calendar.remove(s)
            p.agreed = p.agreed - {s.rung}
            if p.granted == s.rung:
                p.granted = s.prior
            if s.rung == EVALUATION:
                fire(p, "lapse")
            ev = len(st.events)
            what = f"{st.rung_name(s.rung)} with {st.names[p.id]}"
            st.moment(ev, R_STEP_EVAPORATED, p.id, what)
            st.log(
                Event(
                    st.week,
                    "evaporated",
                    p.id,
                    st.names[p.id],
                    s.rung,
                    None,
                    None,
                    st.line(p, R_STEP_EVAPORATED, s.rung),
                    (),
                    _EVAPORATED,
                    None,
                    False,
                    (),
                    (f"{what}: gone",),
                )
            )
    for p in st.players.values():
        if p.ripens is not None and p.ripens <= st.week:
            p.ripens = None
            ready_next(st, p)
            if p.met:
                p.signals = signals(st, p)  # fresh: they let you know they are ready to talk again
    st.week += 1
    for p in st.players.values():  # a gate opened (the evaluation ran, an adversary was answered)
        if p.met and "holding back" in p.signals:
            fresh = signals(st, p)
            if "holding back" not in fresh:
                p.signals = fresh  # they let you know they are ready to talk again
    horizon = st.scenario.horizon_weeks
    if st.week > horizon:
        st.log(
            Event(
                horizon,
                "horizon",
                None,
                "",
                None,
                None,
                None,
                "Nobody said no; nobody said yes.",
                (),
                _STALLED,
                None,
                False,
            )
        )
        st.week = horizon
        st.finish(GameOutcome.NO_DECISION, R_STALLED_TO_HORIZON, f"no decision by week {horizon}")
