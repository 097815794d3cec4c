"""What may be done now: each Key Player's ask table, the consensus meeting's, and the
legality check `State.apply` runs before anything changes."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from sim.common.errors import IllegalActionError
from sim.engine.archetypes import DISENGAGED
from sim.engine.ladder import CONTRACT, EVALUATION, SELLER_ONLY, TOPICS
from sim.engine.pronouns import PRONOUNS
from sim.engine.records import Action, LegalActions, PlayerOptions
from sim.engine.rules import RULES, RuleId

if TYPE_CHECKING:
    from sim.engine.state import State

CONSENSUS_ID = "consensus"
TOPIC_IDS = tuple(TOPICS)

CONSENSUS_CLOSED = PlayerOptions(
    CONSENSUS_ID, "Consensus meeting", "every Key Player", {}, RULES[RuleId.CONSENSUS_NOT_AGREED].lesson_text
)
_ROOM_ONLY = "the consensus meeting is for agreeing a formal evaluation (or, after it, the contract)"
CONSENSUS_OPEN = PlayerOptions(
    CONSENSUS_ID,
    "Consensus meeting",
    "every Key Player",
    {r: None if r in (EVALUATION, CONTRACT) else _ROOM_ONLY for r in range(10)},
)
GAME_OVER = LegalActions(
    {}, PlayerOptions(CONSENSUS_ID, "Consensus meeting", "", {}, "the game is over"), (), False, False
)


def legal_actions(st: State) -> LegalActions:
    """The legal actions now. They depend only on who is known, reachable or disengaged and on
    whether the consensus meeting is agreed: the last ones built are reused while those match."""
    players = st.players.values()
    key = (st.consensus_ready, [(p.known, p.reachable, p.state == DISENGAGED) for p in players])
    last = st.cache.last_legal
    if last is not None and last[0] == key:
        return last[1]
    names, pronouns = st.names, st.pronoun_ids
    meetings = {
        p.id: ask_table(
            p.id,
            names[p.id],
            p.spec.title,
            p.archetype.name,
            p.reachable,
            p.state == DISENGAGED,
            pronouns.get(p.id, "they"),
        )
        for p in players
        if p.known
    }
    found = LegalActions(meetings, CONSENSUS_OPEN if st.consensus_ready else CONSENSUS_CLOSED, TOPIC_IDS, True, True)
    st.cache.last_legal = (key, found)
    return found


@lru_cache(maxsize=4096)
def ask_table(
    pid: str, name: str, title: str, archetype: str, reachable: bool, disengaged: bool, pronouns: str
) -> PlayerOptions:
    """A Key Player's options: a pure function of these values (memoised)."""
    if not reachable:
        pr = PRONOUNS[pronouns]
        return PlayerOptions(
            pid, name, title, {}, f"{name} only meets you through an introduction from someone {pr.they} trust{pr.s}"
        )
    if disengaged:
        return PlayerOptions(pid, name, title, {}, f"{name} has stopped taking your calls")
    # every rung can be asked of anyone you can meet: a player who cannot grant it says so in the
    # meeting (that is discovery, and the classic mistakes must be possible to make and to feel)
    asks: dict[int, str | None] = {rung: None for rung in range(SELLER_ONLY, CONTRACT + 1)}
    return PlayerOptions(pid, name, title, asks)


def check(st: State, a: Action) -> None:
    """Raise IllegalActionError (naming the field and value) unless `a` is legal now."""
    if a.kind in ("wait", "walk_away"):
        if a.player is not None or a.ask is not None:
            raise IllegalActionError(f"{a.kind} takes no player or ask")
        return
    if a.topic is not None and a.topic not in TOPICS:
        raise IllegalActionError(f"unknown discovery topic {a.topic!r} (topics: {', '.join(TOPICS)})")
    now = st.legal_actions()
    if a.kind == "consensus":
        opts = now.consensus
        if a.topic is not None:
            raise IllegalActionError("the consensus meeting has no discovery topic")
    else:
        found = now.meetings.get(a.player) if isinstance(a.player, str) else None
        if found is None:
            raise IllegalActionError(f"no Key Player {a.player!r} that you know of")
        opts = found
    if opts.reason is not None:
        raise IllegalActionError(opts.reason)
    asks = opts.asks
    if a.ask is None:
        raise IllegalActionError("a meeting needs an ask")
    for label, rung in (("ask", a.ask), ("fallback", a.fallback)):
        if rung is None:
            continue
        if (type(rung) is not int and (not isinstance(rung, int) or isinstance(rung, bool))) or rung not in asks:
            raise IllegalActionError(f"{label} {rung!r} is not a rung of the ladder (0-9)")
        why = asks[rung]
        if why is not None:
            raise IllegalActionError(f"{label} rung {rung} is not open: {why}")
    if a.fallback is not None and a.ask is not None and a.fallback >= a.ask:
        raise IllegalActionError("the fallback ask must be smaller than the primary ask")
