"""Typed errors. Every one is a ValueError, so callers can catch them together."""

from __future__ import annotations


class LadderError(ValueError):
    """Base class of the game's own errors: the message is one line a user can act on."""


class ScenarioError(LadderError):
    """A scenario file is not valid. `problems` holds one line per problem."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems) or ["invalid scenario"]
        super().__init__("\n".join(f"{source}: {p}" for p in self.problems))

    def lines(self) -> list[str]:
        return [f"{self.source}: {p}" for p in self.problems]


class UnknownScenarioError(LadderError):
    """No shipped scenario has that id and no file has that path."""


class IllegalActionError(LadderError):
    """The action is not legal in this state; the message says why."""


class GameOverError(IllegalActionError):
    """The game has ended: no action is legal."""


class PersonNameError(LadderError):
    """A person's name cannot be used (empty, too long, invisible characters, mixed scripts); the message says why."""
