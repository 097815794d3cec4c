"""What every screen of the game shares: the `Navigate` message ("show me the help", "back to
the title"). Screens never call the app: they post messages, which bubble up to `LadderApp`
(attributes down, messages up)."""

from __future__ import annotations

from typing import Literal

from textual.message import Message
from textual.screen import Screen

Where = Literal["title", "help", "briefing", "deal_room"]


class LadderScreen(Screen[None]):
    """A screen of the game."""

    class Navigate(Message):
        """Go to another screen: the title, the help, the briefing or the deal room."""

        def __init__(self, where: Where) -> None:
            super().__init__()
            self.where: Where = where

    def navigate(self, where: Where) -> None:
        self.post_message(self.Navigate(where))
