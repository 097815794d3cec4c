"""The old home of the game state: re-exports `sim.engine`. # shim: removed in the final pass"""
# shim: removed in the final pass

from __future__ import annotations

from typing import Any

from sim.engine.legal import CONSENSUS_ID, ask_table  # noqa: F401
from sim.engine.outcomes import OUTCOME_TEXT, MeetingOutcome
from sim.engine.records import (  # noqa: F401
    OUTCOMES, Action, ActionKind, Event, LegalActions, Moment, Observation, PlayerOptions, PlayerView, Step,
)
from sim.engine.replay import ReplayError, new_game, replay  # noqa: F401
from sim.engine.signals import OFFICE_LIMIT  # noqa: F401
from sim.engine.state import State  # noqa: F401

# Outcomes of a meeting or week as an Event's `outcome` field holds them (the display text).
_T = OUTCOME_TEXT
ADVANCE, PARTIAL, CONTINUATION, DECLINED = (_T[MeetingOutcome.ADVANCE], _T[MeetingOutcome.PARTIAL],
                                            _T[MeetingOutcome.CONTINUATION], _T[MeetingOutcome.DECLINED])
REBUFF, EXCUSE, EVAPORATED, FAILED = (_T[MeetingOutcome.REBUFF], _T[MeetingOutcome.EXCUSE],
                                      _T[MeetingOutcome.EVAPORATED], _T[MeetingOutcome.FAILED])
DERAILED, WON, WAITED, WALKED = (_T[MeetingOutcome.DERAILED], _T[MeetingOutcome.WON], _T[MeetingOutcome.WAITED],
                                 _T[MeetingOutcome.WALKED])
STALLED, LOST = _T[MeetingOutcome.STALLED], _T[MeetingOutcome.LOST]


class _OptionsMemo:
    """tests/test_golden.py clears the old options cache: clear the memo that replaced it."""

    def clear(self) -> None:
        ask_table.cache_clear()

    def __len__(self) -> int:
        return ask_table.cache_info().currsize

    def __getattr__(self, name: str) -> Any:  # pragma: no cover
        raise AttributeError(name)


_OPTIONS = _OptionsMemo()
