"""Scenarios as data: the schema, the loader, and the shipped scenarios.

A scenario file is YAML, read with a strict safe loader and validated into frozen typed
objects. A bad file raises `ScenarioError` with one line per problem, each naming the
field path and, where the YAML gives it, the line.
"""

from __future__ import annotations

import difflib
import os
import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from sim.archetypes import ARCHETYPES
from sim.errors import ScenarioError, UnknownScenarioError
from sim.ladder import DEFAULT_LADDER, TOPICS
from sim.rules import RULES
from sim import yamlsafe

SCENARIO_DIRS = (
    Path(__file__).resolve().parent.parent / "scenarios",  # a source checkout
    Path(__file__).resolve().parent / "scenarios",  # an installed wheel
)
Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,47}$")]
Text = Annotated[str, Field(min_length=1, max_length=4000)]
PLACEHOLDERS = frozenset({"name", "title", "company", "offering", "ask", "rung", "excuse"})
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
Difficulty = Literal["tutorial", "easy", "medium", "hard"]


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", strict=False)


def _check_lines(lines: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    for key, variants in lines.items():
        if key not in RULES:
            raise ValueError(f"unknown rule {key!r} (lines are keyed by the rule they answer)")
        for text in variants:
            for ph in _PLACEHOLDER.findall(text):
                if ph not in PLACEHOLDERS:
                    raise ValueError(f"unknown placeholder {{{ph}}} in a line for {key} (known: {', '.join(sorted(PLACEHOLDERS))})")
    return lines


Lines = dict[str, Annotated[tuple[Text, ...], Field(min_length=1)]]


class Concern(Frozen):
    text: Text  # what the player says when asked about personal concerns
    answered_by: int = Field(ge=1, le=6)  # the rung that answers it


class CastMember(Frozen):
    id: Slug
    title: Text
    name: Annotated[str, Field(min_length=1, max_length=80)] | None = None  # None: drawn from Faker
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
    def _archetype_fits(self) -> "CastMember":
        arch = ARCHETYPES[self.archetype]
        if self.initial_state is not None and self.initial_state not in arch.caps:
            raise ValueError(f"initial_state {self.initial_state!r} is not a state of {self.archetype} (states: {', '.join(arch.caps)})")
        if self.archetype == "adversary" and self.concern is None:
            raise ValueError("an adversary needs a concern (text and answered_by)")
        if self.unmovable and self.archetype != "adversary":
            raise ValueError("only an adversary can be unmovable")
        if self.has_ear_of is not None and self.archetype != "adversary":
            raise ValueError("only an adversary can have someone's ear")
        return self


class RungText(Frozen):
    rung: int = Field(ge=0, le=9)
    name: Annotated[str, Field(min_length=1, max_length=40)]
    ask: Text


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

    _lines = field_validator("lines")(classmethod(lambda cls, v: _check_lines(v)))

    @model_validator(mode="after")
    def _consistent(self) -> "Scenario":
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
        if self.truth.winnable and not any(c.archetype == "economic_buyer" for c in self.cast):
            problems.append("truth.winnable is true but no cast member is an economic_buyer")
        if self.ladder and [r.rung for r in self.ladder] != list(range(10)):
            problems.append("ladder must list rungs 0 to 9 in order (or be left out for the default)")
        if not any(c.known for c in self.cast):
            problems.append("cast: at least one Key Player must be known at the start")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    @property
    def rungs(self) -> tuple[Any, ...]:
        return self.ladder or DEFAULT_LADDER

    def member(self, player_id: str) -> CastMember:
        for c in self.cast:
            if c.id == player_id:
                return c
        raise KeyError(player_id)


class LoadedScenario:
    """A validated scenario and where it came from (its content hash identifies it)."""

    __slots__ = ("scenario", "source", "digest")

    def __init__(self, scenario: Scenario, source: str, digest: str):
        self.scenario = scenario
        self.source = source
        self.digest = digest


def _path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        elif isinstance(part, str) and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_-]*", part):
            path += f".{part}" if path else part
        else:
            path += f"[{part!r}]"
    return path


def _where(loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> str:
    """`cast[2].archetype (line 14)`: the field path and the nearest line the YAML gives.

    A field that is missing has no line of its own; it takes its parent's line, except at
    the top level, where "line 1" would only mislead."""
    probe = tuple(loc)
    while probe and probe not in lines:
        probe = probe[:-1]
    line = lines.get(probe) if probe else None
    return (_path(loc) or "(top level)") + (f" (line {line})" if line else "")


def _model_at(loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The schema class that validates the value at `loc`, if that value is a model."""

    def find(tp: Any) -> type[BaseModel] | None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
        for arg in getattr(tp, "__args__", ()) or ():  # Annotated, Optional, tuple[...]
            if (found := find(arg)) is not None:
                return found
        return None

    model: type[BaseModel] | None = Scenario
    for part in loc:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part) if model is not None else None
        if field is None:
            return None
        model = find(field.annotation)
    return model


def _value_at(data: Any, loc: tuple[Any, ...]) -> Any:
    for part in loc:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _clean_loc(loc: tuple[Any, ...], data: Any) -> tuple[Any, ...]:
    """Keep the parts of a pydantic location that name a key or an index of the file (or a
    field of the schema); drop pydantic's own steps such as `function-after[...]`,
    `tagged-union[...]`, `constrained-str` or `[key]`."""
    kept: list[Any] = []
    cur = data
    for part in loc:
        if isinstance(cur, dict) and part in cur:
            kept.append(part)
            cur = cur[part]
        elif isinstance(cur, list) and isinstance(part, int) and 0 <= part < len(cur):
            kept.append(part)
            cur = cur[part]
        elif isinstance(part, str) and (model := _model_at(tuple(kept))) is not None and part in model.model_fields:
            kept.append(part)  # a field the file leaves out
            cur = None
    return tuple(kept)


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _one_of(expected: str) -> str:
    """pydantic's "'a', 'b' or 'c'" as "'a', 'b', 'c'"."""
    head, sep, tail = expected.rpartition(" or ")
    return f"{head}, {tail}" if sep else expected


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]{0,47}$"


def _explain(err: dict[str, Any], fields: tuple[str, ...] = ()) -> str:
    """One plain sentence for one pydantic error (never pydantic's own wording alone)."""
    kind, msg = err.get("type", ""), err.get("msg", "")
    ctx = err.get("ctx") or {}
    got = err.get("input")
    shown = _shown(got)
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(err["loc"][-1]) if err.get("loc") else "", fields, n=1)
        return "is not a known field" + (f" (did you mean {close[0]!r}?)" if close else "")
    if kind.startswith("value_error") or kind == "assertion_error":
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind == "literal_error":
        return f"expected one of {_one_of(str(ctx.get('expected', '')))}, got {shown}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"expected a whole number, got {shown}"
    if kind in ("float_parsing", "float_type"):
        return f"expected a number, got {shown}"
    if kind in ("bool_parsing", "bool_type"):
        return f"expected true or false, got {shown}"
    if kind == "string_type":
        return f"expected text, got {shown}"
    if kind in ("tuple_type", "list_type"):
        return f"expected a list, got {shown}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields, got {shown}"
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, got {shown}"
    if kind == "greater_than":
        return f"must be more than {ctx.get('gt')}, got {shown}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, got {shown}"
    if kind == "less_than":
        return f"must be less than {ctx.get('lt')}, got {shown}"
    if kind == "too_short":
        return f"needs at least {_plural(ctx.get('min_length', 1), 'item')}, got {ctx.get('actual_length', 0)}"
    if kind == "too_long":
        return f"allows at most {_plural(ctx.get('max_length', 0), 'item')}, got {ctx.get('actual_length', '?')}"
    if kind == "string_too_short":
        return "must not be empty" if ctx.get("min_length") == 1 else f"needs at least {ctx.get('min_length')} characters"
    if kind == "string_too_long":
        return f"allows at most {ctx.get('max_length')} characters, got {len(got) if isinstance(got, str) else '?'}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _SLUG_PATTERN:
            return f"expected an id of lowercase letters, digits and hyphens (at most 48), got {shown}"
        return f"expected text matching {ctx.get('pattern')}, got {shown}"
    return f"expected {msg.removeprefix('Input should be ').removeprefix('Input should ')}, got {shown}"


_LEADING_PATH = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?(?:\.[A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?)*)(?=[: ])")


def _split_path(text: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for m in re.finditer(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]", text):
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(parts)


def _model_problem(loc: tuple[Any, ...], message: str, data: Any, lines: dict[tuple[Any, ...], int]) -> str:
    """Place a message raised by a validator at `loc` on the field it talks about.

    A model validator reports at the model's own location (the top level for the
    scenario); its message says which field it means, either as a leading path
    (`cast[0].introduces: ...`, `par_weeks (30) is ...`) or by naming a field. A field
    validator on a mapping (like `lines`) names the key it refuses."""
    model = _model_at(loc)
    here = _value_at(data, loc)
    if model is not None and isinstance(here, dict):
        m = _LEADING_PATH.match(message)
        if m and _split_path(m.group(1))[0] in model.model_fields:
            path = loc + _split_path(m.group(1))
            rest = message[m.end():]
            if rest.startswith(":"):
                message = rest[1:].strip()
            return f"{_where(path, lines)}: {message}"
        words = [(message.find(name), name) for name in model.model_fields if re.search(rf"\b{re.escape(name)}\b", message)]
        if words:
            return f"{_where(loc + (min(words)[1],), lines)}: {message}"
    elif isinstance(here, dict):
        keys = [(message.find(str(k)), k) for k in here if isinstance(k, str) and re.search(rf"(?<![\w{{.]){re.escape(k)}(?![\w}}])", message)]
        if keys:
            return f"{_where(loc + (min(keys)[1],), lines)}: {message}"
    return f"{_where(loc, lines)}: {message}"


def _one_line(text: str) -> str:
    """A problem is printed on one line: control characters are shown escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def _hidden_characters(data: Any, loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> list[str]:
    """One problem per text (key or value) holding a control or format character a terminal
    would act on or hide (ESC, bidi overrides...); YAML's `"\\e"` escapes can put them there."""
    from sim.text import shown, unsafe_char

    found: list[str] = []
    items: Any = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        for text in (key, value):
            ch = unsafe_char(text) if isinstance(text, str) else None
            if ch is not None:
                found.append(f"{_where(loc + (key,), lines)}: the character {shown(ch)} is not allowed in scenario "
                             "text (control and invisible format characters cannot be shown)")
                break
        else:
            found.extend(_hidden_characters(value, loc + (key,), lines))
    return found


def parse(raw: bytes, source: str) -> Scenario:
    """Validate the bytes of a scenario file. Raises ScenarioError naming `source`."""
    try:
        data, lines = yamlsafe.load(raw)
    except yamlsafe.YamlProblem as exc:
        where = f" (line {exc.line})" if exc.line else ""
        raise ScenarioError(source, [_one_line(f"{exc}{where}")]) from None
    if not isinstance(data, dict):
        what = {list: "a list", str: "a line of text"}.get(type(data), type(data).__name__)
        raise ScenarioError(source, [f"expected a mapping of scenario fields at the top level, got {what}"])
    hidden = _hidden_characters(data, (), lines)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        errors = [(err, _clean_loc(tuple(err["loc"]), data)) for err in exc.errors(include_url=False)]
        problems: list[str] = []
        for err, loc in errors:
            if err.get("type") == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for _, o in errors):
                continue  # the items failed, so pydantic also counts the list as empty: noise
            if str(err.get("type", "")).startswith("value_error"):
                for piece in _explain(err).split("; "):
                    problems.append(_model_problem(loc, piece, data, lines))
                continue
            parent = _model_at(loc[:-1]) if loc else None
            fields = tuple(parent.model_fields) if parent is not None else ()
            problems.append(f"{_where(loc, lines)}: {_explain(err, fields)}")
        problems = hidden + [_one_line(p) for p in problems]
        raise ScenarioError(source, sorted(set(problems), key=problems.index)) from None
    if hidden:
        raise ScenarioError(source, hidden)
    return scenario


def load_path(path: str | Path) -> LoadedScenario:
    """Read and check one scenario file (a regular file of at most `yamlsafe.MAX_BYTES`)."""
    from sim.files import FileRefused

    p = Path(path)
    try:
        raw = yamlsafe.read(p)
    except FileRefused as exc:
        raise ScenarioError(str(p), [exc.reason]) from None
    scenario = parse(raw, str(p))
    return LoadedScenario(scenario, str(p), hashlib.sha256(raw).hexdigest())


def shipped_dir() -> Path:
    for d in SCENARIO_DIRS:
        if d.is_dir():
            return d
    return SCENARIO_DIRS[0]


# The order a newcomer should meet them in: the tutorial first (also the campaign's order).
CAMPAIGN_ORDER = ("first-rung", "consensus-meeting", "another-bidder", "not-the-right-time", "slow-courtship")


def shipped_ids() -> list[str]:
    """The shipped scenarios, in campaign order (any others after, by id)."""
    ids = [p.stem for p in shipped_dir().glob("*.yaml")]
    rank = {sid: i for i, sid in enumerate(CAMPAIGN_ORDER)}
    return sorted(ids, key=lambda sid: (rank.get(sid, len(rank)), sid))


@lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float) -> LoadedScenario:
    return load_path(path)


def load(ref: str | Path) -> LoadedScenario:
    """A shipped id (`consensus-meeting`) or a path to a file."""
    ref_s = str(ref)
    candidate = shipped_dir() / f"{ref_s}.yaml"
    if re.fullmatch(r"[a-z0-9][a-z0-9-]*", ref_s) and candidate.is_file():
        path = candidate
    elif Path(ref_s).is_file():
        path = Path(ref_s)
    elif os.path.lexists(ref_s):
        return load_path(ref_s)  # a FIFO, device or folder: refused with its own one-line reason
    else:
        known = ", ".join(shipped_ids())
        raise UnknownScenarioError(f"no scenario {ref_s!r}: not a shipped id ({known}) and not a file")
    return _load_cached(str(path.resolve()), path.stat().st_mtime)


def all_shipped() -> list[LoadedScenario]:
    return [load(i) for i in shipped_ids()]


__all__ = ["Scenario", "CastMember", "LoadedScenario", "parse", "load", "load_path", "shipped_ids", "all_shipped", "TOPICS"]
