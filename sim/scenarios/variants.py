"""Variants: the hidden truth of a deal, drawn per game.

A scenario's briefing is fixed; its `variants` say what may really be true behind it. Each
variant has a name, a weight, a `why` for the debrief, the `evidence` a careful trainee can
find, optional `truth` overrides and `cast` overrides of hidden fields only. The game draws
one (`draw_variant`) and plays the scenario with it merged in (`apply_variant`); the merged
scenario is validated by the same rules as a file, and a problem names
`variants[i].cast.ID.field`.

This module does not import the schema at run time (the schema imports it): `apply_variant`
validates through the class of the scenario it is given.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

if TYPE_CHECKING:
    from sim.scenarios.schema import Scenario

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
Topic = Literal["goals", "process", "concerns", "budget"]
Archetype = Literal["supporter", "economic_buyer", "technical_evaluator", "adversary", "tire_kicker", "neutral"]

# What the briefing shows (or the cast list names): never changed by a variant.
PUBLIC_FIELDS = ("id", "name", "pronouns", "title", "known", "needs_introduction")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


class Evidence(_Frozen):
    """Where a careful trainee finds the truth: a player's answer on a discovery topic, or
    their answer to an ask of a rung."""

    player: Slug = Field(description="The id of the Key Player who gives the evidence away.")
    topic: Topic | None = Field(default=None, description="The discovery topic that brings it out.")
    ask: int | None = Field(default=None, ge=0, le=9, description="Or: the rung whose ask brings it out.")

    @model_validator(mode="after")
    def _one_kind(self) -> Evidence:
        if (self.topic is None) == (self.ask is None):
            raise ValueError("evidence names either a topic or an ask (a rung), not both and not neither")
        return self


class ConcernOverride(_Frozen):
    """Changes to a concern; unset fields keep the scenario's value."""

    text: Text | None = Field(default=None, description="What they say when asked about personal concerns.")
    answered_by: int | None = Field(default=None, ge=1, le=6, description="The rung (1-6) that answers it.")


class CastOverride(_Frozen):
    """Hidden fields of one Key Player that a variant may change; unset fields keep the
    scenario's value. `facts` and `lines` merge key by key; `null` clears `concern`,
    `has_ear_of` and `initial_state`."""

    archetype: Archetype | None = Field(default=None, description="Who they really are in this variant.")
    power: int | None = Field(default=None, ge=1, le=5, description="Weight in the consensus meeting, 1 to 5.")
    readiness: int | None = Field(default=None, ge=0, le=9, description="Highest rung they would give today.")
    trust: int | None = Field(default=None, ge=-3, le=5, description="Starting trust, -3 to 5.")
    patience: int | None = Field(default=None, ge=1, le=5, description="Asks above readiness they bear.")
    unmovable: bool | None = Field(default=None, description="Adversary only: no step will win them over.")
    concern: ConcernOverride | None = Field(default=None, description="Their concern; null clears it.")
    facts: dict[Topic, Text] | None = Field(default=None, description="Discovery answers, merged by topic.")
    lines: dict[str, Annotated[tuple[Text, ...], Field(min_length=1)]] | None = Field(
        default=None, description="Their lines, merged by rule key."
    )
    introduces: tuple[Slug, ...] | None = Field(default=None, description="Ids an introduction makes reachable.")
    reveals: tuple[Slug, ...] | None = Field(default=None, description="Ids discovery of the process names.")
    has_ear_of: Slug | None = Field(default=None, description="Adversary only: who listens to them; null clears.")
    initial_state: str | None = Field(default=None, description="Starting state; null clears.")
    # Public: declared only to refuse them with a clear reason (the JSON Schema leaves them out,
    # so an editor refuses them as unknown fields).
    id: SkipJsonSchema[None] = None
    name: SkipJsonSchema[None] = None
    pronouns: SkipJsonSchema[None] = None
    title: SkipJsonSchema[None] = None
    known: SkipJsonSchema[None] = None
    needs_introduction: SkipJsonSchema[None] = None

    @field_validator(*PUBLIC_FIELDS, mode="before")
    @classmethod
    def _public(cls, value: object) -> None:
        raise ValueError("is public (the briefing and the cast list show it), so a variant cannot change it")


class TruthOverride(_Frozen):
    """The truth in this variant; unset fields keep the scenario's."""

    winnable: bool | None = Field(default=None, description="Whether the deal can be won in this variant.")
    why: Text | None = Field(default=None, description="For the debrief: why.")
    money: bool = Field(default=True, description="Whether the money is there.")


class Variant(_Frozen):
    """One hidden truth the briefing may stand on, drawn per game by weight."""

    name: Slug = Field(description="The variant's name (lowercase letters, digits, dashes).")
    weight: int = Field(gt=0, le=1000, description="How often it is drawn, against the others' weights.")
    why: Text = Field(description="For the debrief: what was true in this deal.")
    evidence: tuple[Evidence, ...] = Field(default=(), description="Where a careful trainee finds the truth.")
    par_weeks: int | None = Field(default=None, ge=1, le=52, description="This variant's par (the expert's weeks).")
    truth: TruthOverride | None = Field(default=None, description="Overrides of the scenario's truth.")
    cast: dict[Slug, CastOverride] = Field(default={}, description="Overrides of hidden fields, by cast id.")


def draw_variant(scenario: Scenario, rng: random.Random) -> Variant | None:
    """One weighted draw from `rng` (the game's); None for a scenario without variants."""
    if not scenario.variants:
        return None
    return rng.choices(scenario.variants, weights=[v.weight for v in scenario.variants], k=1)[0]


def _merged_member(member: dict[str, Any], override: CastOverride) -> dict[str, Any]:
    out = dict(member)
    for field in override.model_fields_set:
        value = getattr(override, field)
        if field in ("facts", "lines") and value is not None:
            out[field] = {**out.get(field, {}), **value}
        elif field == "concern" and value is not None:
            out[field] = {**(out.get(field) or {}), **value.model_dump(exclude_unset=True)}
        else:
            out[field] = value.model_dump() if isinstance(value, BaseModel) else value
    return out


def merged_data(scenario: Scenario, variant: Variant) -> dict[str, Any]:
    """The scenario as plain data with `variant` merged in (not yet validated)."""
    data = scenario.model_dump(exclude={"variants"}, exclude_unset=False)
    data["cast"] = [_merged_member(m, variant.cast[m["id"]]) if m["id"] in variant.cast else m for m in data["cast"]]
    truth = dict(data["truth"])
    if variant.truth is not None:
        truth.update(variant.truth.model_dump(exclude_unset=True))
    truth["why"] = variant.truth.why if variant.truth is not None and variant.truth.why else variant.why
    data["truth"] = truth
    if variant.par_weeks is not None:
        data["par_weeks"] = variant.par_weeks
    return data


def _first_named(message: str, names: list[str]) -> str | None:
    hits = [(message.find(n), n) for n in names if re.search(rf"\b{re.escape(n)}\b", message)]
    return min(hits)[1] if hits else None


def _located(i: int, variant: Variant, ids: list[str], loc: tuple[Any, ...], message: str) -> str:
    """`message` about the merged scenario at `loc`, as a problem of `variants[i]`."""
    head = f"variants[{i}]"
    m = re.match(r"^cast\[(\d+)\]\.([a-z_]+):\s*(.*)$", message)
    if not loc and m:
        loc, message = ("cast", int(m.group(1)), m.group(2)), m.group(3)
    elif not loc and message.startswith("truth."):
        field, _, tail = message.partition(" ")
        return f"{head}.{field}: {message}" if tail else f"{head}.truth: {message}"
    if len(loc) >= 2 and loc[0] == "cast" and isinstance(loc[1], int) and loc[1] < len(ids):
        pid = ids[loc[1]]
        rest = [str(p) for p in loc[2:]]
        if not rest:
            override = variant.cast.get(pid)
            fields = sorted(override.model_fields_set) if override is not None else []
            named = _first_named(message, fields) or ("archetype" if "archetype" in fields else None)
            rest = [named] if named else []
        return ".".join([f"{head}.cast.{pid}", *rest]) + f": {message}"
    return f"{head}: {message}"


def variant_problems(scenario: Scenario, index: int, variant: Variant) -> list[str]:
    """Why `variant` cannot apply to `scenario`: each problem a line led by its field path
    (`variants[1].cast.digital.readiness: must be at most 9, got 12`); empty when it applies."""
    from sim.scenarios.problems import explain_error

    ids = [c.id for c in scenario.cast]
    head = f"variants[{index}]"
    problems = [
        f"{head}.cast.{pid}: no cast member has id {pid!r} (known: {', '.join(ids)})"
        for pid in variant.cast
        if pid not in ids
    ]
    for k, ev in enumerate(variant.evidence):
        if ev.player not in ids:
            problems.append(f"{head}.evidence[{k}].player: no cast member has id {ev.player!r}")
    truth = variant.truth
    if truth is not None and not truth.money and truth.winnable is not False:
        problems.append(f"{head}.truth.money: the money is not there, so truth.winnable must be false")
    if problems:
        return problems
    try:
        type(scenario).model_validate(merged_data(scenario, variant))
    except ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc = tuple(err["loc"])
            for piece in explain_error(err).split("; "):
                problems.append(_located(index, variant, ids, loc, piece))
    return problems


def apply_variant(scenario: Scenario, variant: Variant) -> Scenario:
    """A new validated scenario: `variant`'s overrides merged, its truth in place of the
    default, and no variants of its own. Raises ScenarioError naming the variant's fields."""
    from sim.common.errors import ScenarioError

    index = next((i for i, v in enumerate(scenario.variants) if v == variant), len(scenario.variants))
    problems = variant_problems(scenario, index, variant)
    if problems:
        raise ScenarioError(scenario.id, problems)
    return type(scenario).model_validate(merged_data(scenario, variant))


@dataclass(frozen=True, slots=True)
class ResolvedVariant:
    """A variant as the engine uses it: its name, weight and why, and the whole scenario it makes."""

    name: str
    weight: int
    why: str
    evidence: tuple[Evidence, ...]
    scenario: Scenario


def resolve_variants(scenario: Scenario) -> tuple[ResolvedVariant, ...]:
    """Every variant of `scenario` applied (the loader calls this once per file)."""
    return tuple(
        ResolvedVariant(v.name, v.weight, v.why, v.evidence, apply_variant(scenario, v)) for v in scenario.variants
    )
