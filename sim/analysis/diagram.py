"""Mermaid state diagrams of the archetype machines, drawn by `transitions` itself
(`GraphMachine(graph_engine="mermaid")`) from the same config the game runs."""

from __future__ import annotations

import json
import re
from typing import Any

from sim.engine.archetypes import ARCHETYPES


class _Model:
    """A throwaway model for the drawing machine (the game's shared machines stay untouched)."""


def mermaid(archetype: str, title: str | None = None, initial: str | None = None) -> str:
    from transitions.extensions.diagrams import GraphMachine

    config = dict(ARCHETYPES[archetype].config)
    if initial is not None:
        config["initial"] = initial
    model = _Model()
    GraphMachine(
        model=model,
        graph_engine="mermaid",
        auto_transitions=False,
        show_conditions=True,
        title=title or f"{ARCHETYPES[archetype].label} ({archetype})",
        **config,
    )
    text = model.get_graph().draw(None)  # type: ignore[attr-defined]
    # transitions writes `Class`; Mermaid's keyword is `class`
    text = re.sub(r"^(\s*)Class ", r"\1class ", text, flags=re.MULTILINE)
    # and a bare title between `---` lines; Mermaid's front matter is YAML: `title: ...`
    text = re.sub(r"\A---\n(?!title:)(.*)\n---\n", lambda m: f"---\ntitle: {json.dumps(m.group(1))}\n---\n", text)
    return text.rstrip() + "\n"


def for_scenario(sc: Any) -> list[tuple[str, str]]:
    """(archetype, diagram) for each distinct archetype in the cast, titled with the players."""
    out = []
    seen: dict[str, list[Any]] = {}
    for c in sc.cast:
        seen.setdefault(c.archetype, []).append(c)
    for name, members in seen.items():
        who = ", ".join(
            f"{c.name or c.id} ({c.title}{', starts ' + c.initial_state if c.initial_state else ''})" for c in members
        )
        starts = {c.initial_state for c in members}
        initial = next(iter(starts)) if len(starts) == 1 else None
        out.append((name, mermaid(name, f"{sc.id}: {ARCHETYPES[name].label}: {who}", initial)))
    return out


def markdown(diagrams: list[tuple[str, str]], heading: str = "##") -> str:
    parts = []
    for name, text in diagrams:
        a = ARCHETYPES[name]
        parts.append(
            f"{heading} {a.label} (`{name}`)\n\nGrants rungs {', '.join(map(str, a.grants))} one-to-one. "
            f"Backs the deal in: {', '.join(sorted(a.supportive)) or 'no state'}; blocks it in: "
            f"{', '.join(sorted(a.blocking))}.\n\n```mermaid\n{text}```\n"
        )
    return "\n".join(parts)
