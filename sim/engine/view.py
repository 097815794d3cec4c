"""What the trainee may know: the `Observation` of a game, never a hidden field."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.engine.records import Observation, PlayerView
from sim.engine.steps import steps_view

if TYPE_CHECKING:
    from sim.engine.state import State


def observation(st: State) -> Observation:
    cache = st.cache
    sv = cache.steps
    if sv is None:
        sv = cache.steps = steps_view(st.calendar.steps)
    scheduled, unscheduled, calendar, open_steps = sv
    names, views = st.names, cache.views
    players = []
    empty: tuple[int, ...] = ()
    for pid, p in st.players.items():
        if not p.known:
            continue
        sch, opn = scheduled.get(pid, empty), unscheduled.get(pid, empty)
        # everything a view shows: met, last met, signals and the count change only with a
        # meeting; then a grant, reachability, the player's steps, the facts (`facts` is only
        # changed in place along with a meeting; `State.set_public` gives it a new dict)
        signs = st.signer_known and p.archetype.signs_the_deal
        key = (p.meetings, p.reachable, p.granted, sch, opn, p.facts, p.not_theirs, signs, p.signals)
        hit = views.get(pid)
        if hit is not None and hit[0] == key:
            players.append(hit[1])
            continue
        v = PlayerView(
            pid,
            names[pid],
            p.spec.title,
            p.met,
            p.reachable,
            p.last_met,
            p.granted,
            sch,
            opn,
            tuple(p.facts.items()),
            p.signals,
            p.meetings,
            tuple(sorted(p.not_theirs)),
            signs,
            st.pronoun_ids.get(pid, "they"),
        )
        views[pid] = (key, v)
        players.append(v)
    h = st.header
    return Observation(
        h[0],
        h[1],
        h[2],
        h[3],
        h[4],
        h[5],
        st.week,
        st.scenario.horizon_weeks,
        tuple(players),
        calendar,
        open_steps,
        st.consensus_ready,
        st.evaluation_until,
        tuple(st.events),
        st.outcome is not None,
        st.outcome,
    )
