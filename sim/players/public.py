"""What a trainee may know of a scenario before playing it (`public_view`): the expert bot
only ever gets this, never an archetype, a readiness or the truth."""

from __future__ import annotations

from dataclasses import dataclass

from sim.scenarios.loader import LoadedScenario
from sim.scenarios.schema import CastMember, Scenario, Truth


@dataclass(frozen=True)
class PublicMember:
    id: str
    title: str
    name: str | None
    known: bool


@dataclass(frozen=True)
class PublicScenario:
    """What a trainee may know of a scenario before playing it."""

    base: Scenario  # the scenario with every cast member stripped to public fields
    cast: tuple[PublicMember, ...]

    @property
    def id(self) -> str:
        return self.base.id


def public_view(loaded: LoadedScenario) -> PublicScenario:
    """Strip a scenario to what the trainee may know. The expert only ever gets this."""
    sc = loaded.scenario
    cast = tuple(PublicMember(c.id, c.title, c.name, c.known) for c in sc.cast)
    placeholder = tuple(
        CastMember.model_construct(
            id=c.id,
            title=c.title,
            name=c.name or c.title,
            archetype="neutral",
            power=1,
            known=c.known,
            needs_introduction=False,
            introduces=(),
            reveals=(),
            has_ear_of=None,
            readiness=0,
            trust=0,
            patience=1,
            unmovable=False,
            concern=None,
            initial_state=None,
            facts={},
            lines={},
        )
        for c in cast
    )
    base = sc.model_copy(
        update={
            "cast": placeholder,
            "truth": Truth.model_construct(winnable=True, why="unknown", money=True),
            "par_weeks": sc.par_weeks,
            "variants": (),  # the variants are the hidden truth: a planner never sees them
        }
    )
    return PublicScenario(base, cast)
