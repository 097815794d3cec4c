"""A faster `__init__` for frozen, slotted dataclasses.

A frozen dataclass's generated `__init__` sets each field through
`object.__setattr__`, which costs about twice as much as writing the slot directly. The
engine builds thousands of small immutable records per second (events, moments, player
views), so `fast_init` swaps in an `__init__` with the same signature and defaults that
writes each slot through its member descriptor. The class stays frozen: assignment after
construction still raises `FrozenInstanceError`.
"""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any, TypeVar

T = TypeVar("T")


def fast_init(cls: type[T]) -> type[T]:
    params: list[str] = []
    body: list[str] = []
    ns: dict[str, Any] = {}
    for i, f in enumerate(fields(cls)):  # type: ignore[arg-type]
        setter = f"_set{i}"
        ns[setter] = getattr(cls, f.name).__set__
        if f.default_factory is not MISSING:  # pragma: no cover - none of ours use one
            raise TypeError(f"fast_init does not support default_factory ({cls.__name__}.{f.name})")
        if not f.init:
            ns[f"_default{i}"] = f.default
            body.append(f"    {setter}(self, _default{i})")
            continue
        if f.default is MISSING:
            params.append(f.name)
        else:
            ns[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
        body.append(f"    {setter}(self, {f.name})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    src = f"def __init__(self, {', '.join(params)}):\n" + ("\n".join(body) or "    pass") + "\n"
    exec(src, ns)  # noqa: S102 - generated from the dataclass's own field names
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init  # type: ignore[misc]
    return cls
