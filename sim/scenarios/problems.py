"""Why a scenario file is refused: each problem one plain line, located as `cast[2].archetype
(line 14)`, never pydantic's or PyYAML's own wording alone. `sim.scenario.parse` calls
`validation_problems` (schema errors), `hidden_characters` (text a terminal would act on)
and `one_line`.
"""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails


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


def _model_at(loc: tuple[Any, ...], root: type[BaseModel]) -> type[BaseModel] | None:
    """The schema class that validates the value at `loc`, if that value is a model."""

    def find(tp: Any) -> type[BaseModel] | None:
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            return tp
        for arg in getattr(tp, "__args__", ()) or ():  # Annotated, Optional, tuple[...]
            if (found := find(arg)) is not None:
                return found
        return None

    model: type[BaseModel] | None = root
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


def _clean_loc(loc: tuple[Any, ...], data: Any, root: type[BaseModel]) -> tuple[Any, ...]:
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
        elif (
            isinstance(part, str) and (model := _model_at(tuple(kept), root)) is not None and part in model.model_fields
        ):
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


def _explain(err: ErrorDetails, fields: tuple[str, ...] = ()) -> str:
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
        return (
            "must not be empty" if ctx.get("min_length") == 1 else f"needs at least {ctx.get('min_length')} characters"
        )
    if kind == "string_too_long":
        return f"allows at most {ctx.get('max_length')} characters, got {len(got) if isinstance(got, str) else '?'}"
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _SLUG_PATTERN:
            return f"expected an id of lowercase letters, digits and hyphens (at most 48), got {shown}"
        return f"expected text matching {ctx.get('pattern')}, got {shown}"
    return f"expected {msg.removeprefix('Input should be ').removeprefix('Input should ')}, got {shown}"


def explain_error(err: ErrorDetails) -> str:
    """One plain sentence for one pydantic error (for checks that validate on their own)."""
    return _explain(err)


_LEADING_PATH = re.compile(  # a later part may be a cast id with hyphens: variants[1].cast.vp-mfg.trust
    r"^([A-Za-z_][A-Za-z0-9_]*(?:\[\d+\])?(?:\.[A-Za-z0-9_][A-Za-z0-9_-]*(?:\[\d+\])?)*)(?=[: ])"
)


def _split_path(text: str) -> tuple[Any, ...]:
    parts: list[Any] = []
    for m in re.finditer(r"([A-Za-z0-9_][A-Za-z0-9_-]*)|\[(\d+)\]", text):
        parts.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    return tuple(parts)


def _model_problem(
    loc: tuple[Any, ...], message: str, data: Any, lines: dict[tuple[Any, ...], int], root: type[BaseModel]
) -> str:
    """Place a message raised by a validator at `loc` on the field it talks about.

    A model validator reports at the model's own location (the top level for the
    scenario); its message says which field it means, either as a leading path
    (`cast[0].introduces: ...`, `par_weeks (30) is ...`) or by naming a field. A field
    validator on a mapping (like `lines`) names the key it refuses."""
    model = _model_at(loc, root)
    here = _value_at(data, loc)
    if model is not None and isinstance(here, dict):
        m = _LEADING_PATH.match(message)
        if m and _split_path(m.group(1))[0] in model.model_fields:
            path = loc + _split_path(m.group(1))
            rest = message[m.end() :]
            if rest.startswith(":"):
                message = rest[1:].strip()
            return f"{_where(path, lines)}: {message}"
        words = [
            (message.find(name), name) for name in model.model_fields if re.search(rf"\b{re.escape(name)}\b", message)
        ]
        if words:
            return f"{_where(loc + (min(words)[1],), lines)}: {message}"
    elif isinstance(here, dict):
        keys = [
            (message.find(str(k)), k)
            for k in here
            if isinstance(k, str) and re.search(rf"(?<![\w{{.]){re.escape(k)}(?![\w}}])", message)
        ]
        if keys:
            return f"{_where(loc + (min(keys)[1],), lines)}: {message}"
    return f"{_where(loc, lines)}: {message}"


def one_line(text: str) -> str:
    """A problem is printed on one line: control characters are shown escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def hidden_characters(data: Any, loc: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> list[str]:
    """One problem per text (key or value) holding a control or format character a terminal
    would act on or hide (ESC, bidi overrides...); YAML's `"\\e"` escapes can put them there."""
    from sim.common.text import shown, unsafe_char

    found: list[str] = []
    items: Any = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        for text in (key, value):
            ch = unsafe_char(text) if isinstance(text, str) else None
            if ch is not None:
                found.append(
                    f"{_where(loc + (key,), lines)}: the character {shown(ch)} is not allowed in scenario "
                    "text (control and invisible format characters cannot be shown)"
                )
                break
        else:
            found.extend(hidden_characters(value, loc + (key,), lines))
    return found


def validation_problems(
    exc: ValidationError, data: Any, lines: dict[tuple[Any, ...], int], root: type[BaseModel]
) -> list[str]:
    """One located, plain, one-line problem per pydantic error of validating `data` as `root`."""
    errors = [(err, _clean_loc(tuple(err["loc"]), data, root)) for err in exc.errors(include_url=False)]
    problems: list[str] = []
    for err, loc in errors:
        if err.get("type") == "too_short" and any(len(o) > len(loc) and o[: len(loc)] == loc for _, o in errors):
            continue  # the items failed, so pydantic also counts the list as empty: noise
        if str(err.get("type", "")).startswith("value_error"):
            for piece in _explain(err).split("; "):
                problems.append(_model_problem(loc, piece, data, lines, root))
            continue
        parent = _model_at(loc[:-1], root) if loc else None
        fields = tuple(parent.model_fields) if parent is not None else ()
        problems.append(f"{_where(loc, lines)}: {_explain(err, fields)}")
    return [one_line(p) for p in problems]
