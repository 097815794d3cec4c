"""Scenarios as data: the schema, the loader, and the shipped scenarios.

A scenario file is YAML, read with a strict safe loader and validated into frozen typed
objects. A bad file raises `ScenarioError` with one line per problem, each naming the
field path and, where the YAML gives it, the line.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from sim.engine.archetypes import ARCHETYPES
from sim.engine.grading import DEFAULT_PASS_MARK, GRADE_LETTERS
from sim.engine.ladder import DEFAULT_LADDER, DEFAULT_PHRASES, Rung
from sim.engine.lines import PLACEHOLDERS
from sim.engine.pronouns import PronounId
from sim.engine.voice import parse_key
from sim.scenarios.variants import Variant, variant_problems

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
Difficulty = Literal["tutorial", "easy", "medium", "hard"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _check_lines(lines: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """Each key a rule and qualifiers (`sim.engine.voice`), each placeholder a known one."""
    for key, variants in lines.items():
        parse_key(key)
        for text in variants:
            for ph in _PLACEHOLDER.findall(text):
                if ph not in PLACEHOLDERS:
                    raise ValueError(
                        f"unknown placeholder {{{ph}}} in a line for {key} (known: {', '.join(sorted(PLACEHOLDERS))})"
                    )
    return lines


Lines = dict[str, Annotated[tuple[Text, ...], Field(min_length=1)]]


class Concern(Frozen):
    text: Text  # what the player says when asked about personal concerns
    answered_by: int = Field(ge=1, le=6)  # the rung that answers it


class CastMember(Frozen):
    id: Slug
    title: Text
    name: Annotated[str, Field(min_length=1, max_length=80)] | None = None  # None: drawn from Faker
    # how game text refers to them (she / he / they); None: "they", or a drawn name's own
    pronouns: PronounId | None = None
    archetype: Literal["supporter", "economic_buyer", "technical_evaluator", "adversary", "tire_kicker", "neutral"]
    power: int = Field(ge=1, le=5)
    known: bool = True  # known to the trainee at the start
    needs_introduction: bool = False
    introduces: tuple[Slug, ...] = ()  # an introduction (rung 3) makes these reachable
    reveals: tuple[Slug, ...] = ()  # discovery of the decision process names these
    has_ear_of: Slug | None = None  # an adversary the economic buyer listens to
    readiness: int = Field(default=1, ge=0, le=9)
    trust: int = Field(default=0, ge=-3, le=5)
    patience: int = Field(default=2, ge=1, le=5)
    unmovable: bool = False
    concern: Concern | None = None
    initial_state: str | None = None
    facts: dict[Literal["goals", "process", "concerns", "budget"], Text] = {}
    lines: Lines = {}

    _lines = field_validator("lines")(classmethod(lambda cls, v: _check_lines(v)))

    @model_validator(mode="after")
    def _archetype_fits(self) -> CastMember:
        arch = ARCHETYPES[self.archetype]
        if self.initial_state is not None and self.initial_state not in arch.caps:
            raise ValueError(
                f"initial_state {self.initial_state!r} is not a state of {self.archetype} "
                f"(states: {', '.join(arch.caps)})"
            )
        if arch.carries_a_concern and self.concern is None:
            raise ValueError(f"an {arch.label.lower()} needs a concern (text and answered_by)")
        if self.unmovable and not arch.carries_a_concern:
            raise ValueError("only an adversary can be unmovable")
        if self.has_ear_of is not None and not arch.carries_a_concern:
            raise ValueError("only an adversary can have someone's ear")
        return self


class RungText(Frozen):
    rung: int = Field(ge=0, le=9)
    name: Annotated[str, Field(min_length=1, max_length=40)]
    ask: Text
    # the rung in running text, with its article ("a pilot", "the purchase order"); may be left
    # out only for a rung that keeps its default name
    phrase: Annotated[str, Field(min_length=1, max_length=60)] | None = None

    @model_validator(mode="after")
    def _phrased(self) -> RungText:
        if self.phrase is None:
            default = DEFAULT_PHRASES.get(self.name)
            if default is None:
                raise ValueError(
                    f"phrase is needed for a renamed rung ({self.name!r}): how it reads in a sentence, "
                    "with its article (e.g. 'a pilot', 'the purchase order')"
                )
            object.__setattr__(self, "phrase", default)
        return self


class Account(Frozen):
    company: Annotated[str, Field(min_length=1, max_length=80)]
    industry: Text
    location: Text | None = None


class Offering(Frozen):
    name: Text
    deal_value: int = Field(gt=0)
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"


class Truth(Frozen):
    winnable: bool
    why: Text
    money: bool = True  # whether the money is there


class Chance(Frozen):
    stretch_full: float = Field(default=0.35, ge=0, le=1)
    stretch_half: float = Field(default=0.3, ge=0, le=1)
    evaporate: float = Field(default=0.3, ge=0, le=1)


class Scenario(Frozen):
    id: Slug
    title: Text
    difficulty: Difficulty
    summary: Text
    briefing: Text
    account: Account
    offering: Offering
    horizon_weeks: int = Field(ge=4, le=104)
    par_weeks: int = Field(ge=1, le=104)
    evaluation_weeks: int = Field(default=2, ge=0, le=12)
    chance: Chance = Chance()
    truth: Truth
    ladder: tuple[RungText, ...] = ()
    cast: Annotated[tuple[CastMember, ...], Field(min_length=1, max_length=12)]
    lines: Lines = {}
    seller: Annotated[str, Field(min_length=1, max_length=80)] = "you"
    variants: Annotated[tuple[Variant, ...], Field(max_length=12)] = ()  # the hidden truth, drawn per game
    # the grade a trainee's own game must reach for the campaign to open the next scenario
    pass_mark: str = DEFAULT_PASS_MARK

    _lines = field_validator("lines")(classmethod(lambda cls, v: _check_lines(v)))

    @field_validator("pass_mark", mode="before")
    @classmethod
    def _a_grade(cls, v: object) -> object:
        letter = v.strip().upper() if isinstance(v, str) else v
        if letter not in GRADE_LETTERS:
            raise ValueError(f"{v!r} is not a grade the game gives (one of {', '.join(GRADE_LETTERS)})")
        return letter

    @model_validator(mode="after")
    def _consistent(self) -> Scenario:
        problems: list[str] = []
        ids = [c.id for c in self.cast]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            problems.append(f"duplicate cast ids: {', '.join(dupes)}")
        known = set(ids)
        for i, c in enumerate(self.cast):
            for field in ("introduces", "reveals"):
                for ref in getattr(c, field):
                    if ref not in known:
                        problems.append(f"cast[{i}].{field}: no cast member has id {ref!r}")
            if c.has_ear_of is not None and c.has_ear_of not in known:
                problems.append(f"cast[{i}].has_ear_of: no cast member has id {c.has_ear_of!r}")
        if self.par_weeks > self.horizon_weeks:
            problems.append(f"par_weeks ({self.par_weeks}) is beyond horizon_weeks ({self.horizon_weeks})")
        if self.truth.winnable and not any(ARCHETYPES[c.archetype].signs_the_deal for c in self.cast):
            problems.append("truth.winnable is true but no cast member is an economic_buyer")
        if self.ladder and [r.rung for r in self.ladder] != list(range(10)):
            problems.append("ladder must list rungs 0 to 9 in order (or be left out for the default)")
        if not any(c.known for c in self.cast):
            problems.append("cast: at least one Key Player must be known at the start")
        names = [v.name for v in self.variants]
        if len(set(names)) < len(names):
            problems.append(f"variants: duplicate names: {', '.join(sorted({n for n in names if names.count(n) > 1}))}")
        if not problems:
            for i, variant in enumerate(self.variants):
                problems.extend(variant_problems(self, i, variant))
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def rungs(self) -> tuple[RungText | Rung, ...]:
        return self.ladder or DEFAULT_LADDER

    def member(self, player_id: str) -> CastMember:
        for c in self.cast:
            if c.id == player_id:
                return c
        raise KeyError(player_id)
