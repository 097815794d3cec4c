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
    """An adversary's personal concern: learned one-to-one, answered by one rung of the ladder."""

    text: Text = Field(description="What they say when asked about personal concerns.")
    answered_by: int = Field(ge=1, le=6, description="The rung (1-6) whose step answers the concern.")


class CastMember(Frozen):
    """One Key Player of the buying organisation."""

    id: Slug = Field(description="Short id other fields refer to (lowercase letters, digits, dashes).")
    title: Text = Field(description="Job title, as the briefing shows it.")
    name: Annotated[str, Field(min_length=1, max_length=80)] | None = Field(
        default=None, description="Full name; left out, one is drawn per game."
    )
    pronouns: PronounId | None = Field(
        default=None, description="How game text refers to them; left out: 'they', or a drawn name's own."
    )
    archetype: Literal["supporter", "economic_buyer", "technical_evaluator", "adversary", "tire_kicker", "neutral"] = (
        Field(description="How they behave: their state machine and what they can give.")
    )
    power: int = Field(ge=1, le=5, description="Weight in the consensus meeting, 1 to 5.")
    known: bool = Field(default=True, description="Known to the trainee at the start.")
    needs_introduction: bool = Field(default=False, description="Reachable only after someone introduces them.")
    introduces: tuple[Slug, ...] = Field(default=(), description="Ids an introduction (rung 3) makes reachable.")
    reveals: tuple[Slug, ...] = Field(default=(), description="Ids that discovery of the decision process names.")
    has_ear_of: Slug | None = Field(default=None, description="Adversary only: the id of who listens to them.")
    readiness: int = Field(default=1, ge=0, le=9, description="Highest rung they would give today (0-9).")
    trust: int = Field(default=0, ge=-3, le=5, description="Starting trust in the seller, -3 to 5.")
    patience: int = Field(default=2, ge=1, le=5, description="Asks above readiness they bear before they cool.")
    unmovable: bool = Field(default=False, description="Adversary only: no step will win them over.")
    concern: Concern | None = Field(default=None, description="Adversary only (required): their personal concern.")
    initial_state: str | None = Field(default=None, description="Starting state of their archetype's machine.")
    facts: dict[Literal["goals", "process", "concerns", "budget"], Text] = Field(
        default={}, description="What they say on each discovery topic."
    )
    lines: Lines = Field(default={}, description="Their own lines, by rule key; each a list of variants.")

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
    """One rung of the scenario's own ladder (all ten, 0 to 9, in order)."""

    rung: int = Field(ge=0, le=9, description="The rung's number, 0 to 9.")
    name: Annotated[str, Field(min_length=1, max_length=40)] = Field(description="The rung's name, e.g. 'Pilot'.")
    ask: Text = Field(description="How the seller asks for this step.")
    # may be left out only for a rung that keeps its default name
    phrase: Annotated[str, Field(min_length=1, max_length=60)] | None = Field(
        default=None, description="The rung in running text with its article ('a pilot'); needed if renamed."
    )

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
    """The buying organisation."""

    company: Annotated[str, Field(min_length=1, max_length=80)] = Field(description="The company's name.")
    industry: Text = Field(description="Its industry, e.g. 'Regional logistics'.")
    location: Text | None = Field(default=None, description="Where it is, if the story needs it.")


class Offering(Frozen):
    """What the seller is selling."""

    name: Text = Field(description="The product or service.")
    deal_value: int = Field(gt=0, description="What the deal is worth, in whole currency units.")
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = Field(
        default="USD", description="ISO 4217 code, e.g. USD, EUR."
    )


class Truth(Frozen):
    """The hidden truth of the deal, shown in the debrief."""

    winnable: bool = Field(description="Whether the deal can be won at all.")
    why: Text = Field(description="For the debrief: why it can or cannot be won.")
    money: bool = Field(default=True, description="Whether the money is there.")


class Chance(Frozen):
    """Odds the game draws from its seeded dice."""

    stretch_full: float = Field(default=0.35, ge=0, le=1, description="Chance a stretch ask is granted in full.")
    stretch_half: float = Field(default=0.3, ge=0, le=1, description="Chance a stretch ask is granted in part.")
    evaporate: float = Field(default=0.3, ge=0, le=1, description="Weekly chance an undated step evaporates.")


class Scenario(Frozen):
    """A Commitment Ladder scenario: one deal, its buying organisation and its hidden truth."""

    id: Slug = Field(description="The scenario's id (lowercase letters, digits, dashes); usually the file's name.")
    title: Text = Field(description="The title the scenario list shows.")
    difficulty: Difficulty = Field(description="tutorial, easy, medium or hard.")
    summary: Text = Field(description="One or two sentences for the scenario list.")
    briefing: Text = Field(description="What the trainee reads before the first week.")
    account: Account = Field(description="The buying organisation: its name and industry.")
    offering: Offering = Field(description="What is being sold, and its value.")
    horizon_weeks: int = Field(ge=4, le=104, description="Weeks before the deal is lost to time.")
    par_weeks: int = Field(ge=1, le=104, description="Weeks the expert needs; the pace score counts from it.")
    evaluation_weeks: int = Field(default=2, ge=0, le=12, description="Weeks a formal evaluation takes.")
    chance: Chance = Field(default=Chance(), description="Odds of stretch asks and evaporating steps.")
    truth: Truth = Field(description="The hidden truth: whether the deal can be won, and why.")
    ladder: tuple[RungText, ...] = Field(default=(), description="Own names for rungs 0-9; left out: the default.")
    cast: Annotated[tuple[CastMember, ...], Field(min_length=1, max_length=12)] = Field(
        description="The Key Players (1 to 12)."
    )
    lines: Lines = Field(default={}, description="Scenario-wide lines, by rule key; each a list of variants.")
    seller: Annotated[str, Field(min_length=1, max_length=80)] = Field(
        default="you", description="How game text names the seller."
    )
    variants: Annotated[tuple[Variant, ...], Field(max_length=12)] = Field(
        default=(), description="What may really be true behind the briefing; one is drawn per game."
    )
    pass_mark: str = Field(
        default=DEFAULT_PASS_MARK,
        examples=list(GRADE_LETTERS),
        description="The grade (A-F) a trainee's game must reach for the campaign to open the next scenario.",
    )

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
