"""A strict, safe YAML reader that remembers where every value came from.

It refuses aliases (so an alias bomb cannot expand), duplicate keys, tags that build
Python objects, and anything that is not UTF-8 text. `load` returns the data and a map
from field path (a tuple of keys and indexes) to the 1-based line it stands on.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_BYTES = 128 * 1024  # real scenarios are ~5 KB; the pure-Python YAML reader is slow on huge files


class YamlProblem(Exception):
    def __init__(self, message: str, line: int | None = None):
        self.line = line
        super().__init__(message)


class _StrictLoader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:  # noqa: D401
        if self.check_event(AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]  # types-PyYAML leaves Parser.peek_event unannotated
            raise YamlProblem("YAML aliases (*name) are not allowed in scenario files", event.start_mark.line + 1)
        return super().compose_node(parent, index)

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                dup = key in seen
            except TypeError:
                raise YamlProblem("a mapping key must be a plain value", key_node.start_mark.line + 1) from None
            if dup:
                raise YamlProblem(f"duplicate key {key!r}", key_node.start_mark.line + 1)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _no_binary(loader: Any, node: Any) -> Any:
    raise YamlProblem("binary values (!!binary) are not allowed in scenario files", node.start_mark.line + 1)


_StrictLoader.add_constructor("tag:yaml.org,2002:binary", _no_binary)


def _lines(node: Node, path: tuple[Any, ...], out: dict[tuple[Any, ...], int]) -> None:
    # A mapping value keeps its key's line: `cast:` is where a reader looks, not the
    # first item below it.
    out.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, ScalarNode) else None
            out[path + (key,)] = key_node.start_mark.line + 1
            _lines(value_node, path + (key,), out)
    elif isinstance(node, SequenceNode):
        for i, item in enumerate(node.value):
            _lines(item, path + (i,), out)


def read(path: str | Path) -> bytes:
    """The bytes of a scenario file: a regular file of at most MAX_BYTES, read with that cap
    (`sim.files.read_bounded`); else `sim.files.FileRefused`, one line naming the path."""
    from sim.common.files import read_bounded

    return read_bounded(path, MAX_BYTES, "a scenario file")


def load(raw: bytes) -> tuple[Any, dict[tuple[Any, ...], int]]:
    if len(raw) > MAX_BYTES:
        raise YamlProblem(f"file is larger than {MAX_BYTES} bytes")
    if b"\x00" in raw:
        raise YamlProblem("not a text file (it contains NUL bytes)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise YamlProblem(f"not UTF-8 text (bad byte 0x{raw[exc.start]:02x} at offset {exc.start})", line) from None
    try:
        loader = _StrictLoader(text)  # the reader refuses control characters right here
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + 1
        raise YamlProblem(f"not valid YAML: control character {exc.character:#04x} is not allowed", line) from None
    try:
        node = loader.get_single_node()
        if node is None:
            raise YamlProblem("the file is empty")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        what = " ".join((exc.problem or exc.context or "not valid YAML").split())
        if exc.context and exc.problem and exc.problem.startswith("but "):
            what = " ".join(f"{exc.context}, {exc.problem}".split())  # "expected one document, but found another"
        if "python/" in str(exc):
            what = "tags that build objects (like !!python/...) are not allowed"
        elif "could not determine a constructor" in what:
            tag = re.search(r"tag '([^']*)'", what)
            what = "tags are not allowed in scenario files" + (f" (found {tag.group(1)!r})" if tag else "")
        raise YamlProblem(f"not valid YAML: {what}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"not valid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise YamlProblem("not valid YAML: nested too deeply") from None
    finally:
        loader.dispose()
    lines: dict[tuple[Any, ...], int] = {}
    _lines(node, (), lines)
    return data, lines
