from __future__ import annotations

from typing import Any, NotRequired, TypedDict, Unpack

from sim.players.protocol import bot_rng
from sim.players.registry import make_bot
from sim.scenarios.loader import load
from sim.store import Store
from sim.store.session import GameSession

SCENARIO = "consensus-meeting"


def play_game(
    store: Store,
    player: str,
    bot: str = "climber",
    seed: int = 42,
    workshop: str | None = None,
    coach: bool = False,
    ref: str = SCENARIO,
    mode: str = "bot",
) -> GameSession:
    session = GameSession.start(
        store, load(ref), seed, player=player, scenario_ref=ref, workshop=workshop, coach=coach, mode=mode
    )
    b, rng = make_bot(bot), bot_rng(seed)
    st = session.state
    while not st.is_terminal():
        session.apply(b.step(st.observation(), st.legal_actions(), rng))
    return session


class GameFields(TypedDict, total=False):
    """Any of the fields of a finished game, as Store.record_game takes them."""

    player: str
    scenario: str
    digest: str
    seed: int
    engine_version: str
    actions: list[dict[str, Any]]
    score: dict[str, Any]
    outcome: str
    weeks: int
    started_at: str
    workshop: str | None
    mode: str


class RawGame(TypedDict):
    """The fields of a finished game, enough for Store.record_game."""

    player: str
    scenario: str
    digest: str
    seed: int
    engine_version: str
    actions: list[dict[str, Any]]
    score: dict[str, Any]
    outcome: str
    weeks: int
    started_at: str
    workshop: NotRequired[str | None]
    mode: NotRequired[str]


def raw_game(**over: Unpack[GameFields]) -> RawGame:
    d = RawGame(
        player="Ann",
        scenario=SCENARIO,
        digest="d" * 64,
        seed=1,
        engine_version="0.1.0",
        actions=[{"kind": "wait"}],
        score={"total": 50, "grade": "D", "moments": []},
        outcome="lost",
        weeks=3,
        started_at="2025-01-01T00:00:00+00:00",
    )
    d.update(over)
    return d
