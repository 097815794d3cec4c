"""Outcome ids (`StrEnum`s) of a meeting or week and of a whole game, and their display text.

The ids are what code compares, stores and serializes (`Event.outcome`, `Event.primary`,
`State.outcome`, `Score.outcome`); the words a trainee reads live only in `OUTCOME_TEXT` and
`GAME_OUTCOME_TEXT`, looked up where text is displayed.
"""

from __future__ import annotations

from enum import StrEnum


class MeetingOutcome(StrEnum):
    """How one meeting, consensus meeting or week turned out."""

    ADVANCE = "advance"
    PARTIAL = "partial"  # agreed, but without a date
    CONTINUATION = "continuation"
    DECLINED = "declined"
    REBUFF = "rebuff"
    EXCUSE = "excuse"
    EVAPORATED = "evaporated"
    FAILED = "failed"
    DERAILED = "derailed"
    WON = "won"
    WAITED = "waited"
    WALKED = "walked"
    STALLED = "stalled"
    LOST = "lost"


_MEETING_TEXT: dict[MeetingOutcome, str] = {
    MeetingOutcome.ADVANCE: "advance",
    MeetingOutcome.PARTIAL: "agreed without a date",
    MeetingOutcome.CONTINUATION: "continuation",
    MeetingOutcome.DECLINED: "declined",
    MeetingOutcome.REBUFF: "rebuff",
    MeetingOutcome.EXCUSE: "excuse",
    MeetingOutcome.EVAPORATED: "evaporated",
    MeetingOutcome.FAILED: "failed",
    MeetingOutcome.DERAILED: "derailed",
    MeetingOutcome.WON: "won",
    MeetingOutcome.WAITED: "waited",
    MeetingOutcome.WALKED: "walked away",
    MeetingOutcome.STALLED: "no decision",
    MeetingOutcome.LOST: "lost",
}
# Keyed by the plain id strings (a StrEnum member looks up the same entry).
OUTCOME_TEXT: dict[str, str] = {o.value: text for o, text in _MEETING_TEXT.items()}
OUTCOME_BY_TEXT: dict[str, MeetingOutcome] = {text: o for o, text in _MEETING_TEXT.items()}
# The member for a plain id string (the engine judges meetings with plain strings, for speed).
OUTCOME_ID: dict[str, MeetingOutcome] = {o.value: o for o in MeetingOutcome}


class GameOutcome(StrEnum):
    """How a whole game ended (the ids stored with a finished game)."""

    WON = "won"
    QUALIFIED_OUT = "qualified_out"
    LOST = "lost"
    NO_DECISION = "no_decision"
    WALKED_AWAY = "walked_away"
    WALKED_BLIND = "walked_blind"  # walked away from a dead deal before any evidence said it was dead


_GAME_TEXT: dict[GameOutcome, str] = {
    GameOutcome.WON: "Won",
    GameOutcome.QUALIFIED_OUT: "Qualified out of a dead deal",
    GameOutcome.LOST: "Lost",
    GameOutcome.WALKED_AWAY: "Walked away from a winnable deal",
    GameOutcome.WALKED_BLIND: "Walked away without evidence",
    GameOutcome.NO_DECISION: "No decision: stalled to the horizon",
}
GAME_OUTCOME_TEXT: dict[str, str] = {o.value: text for o, text in _GAME_TEXT.items()}
