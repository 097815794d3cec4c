"""`ladder diagram`: draw an archetype's state machine as Mermaid."""

from __future__ import annotations

import click

from sim.cli.common import fail, load_scenario


@click.command()
@click.argument("target")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["mermaid", "markdown"]),
    default="mermaid",
    show_default=True,
    help="mermaid: the diagram text; markdown: fenced ```mermaid blocks with a heading each.",
)
def diagram(target: str, fmt: str) -> None:
    """Draw state machines as Mermaid. TARGET is an archetype name (supporter,
    economic_buyer, technical_evaluator, adversary, tire_kicker, neutral), `all`, or a
    scenario (each distinct archetype in its cast, titled with the players' names)."""
    from sim.analysis.diagram import for_scenario, markdown, mermaid
    from sim.engine.archetypes import ARCHETYPES

    if target == "all":
        diagrams = [(name, mermaid(name)) for name in ARCHETYPES]
    elif target in ARCHETYPES:
        diagrams = [(target, mermaid(target))]
    elif target.replace("-", "_") in ARCHETYPES and "-" in target:
        fail(f"no archetype {target!r}: did you mean {target.replace('-', '_')!r}?")
    else:
        diagrams = for_scenario(load_scenario(target).scenario)
    if fmt == "markdown":
        click.echo(markdown(diagrams), nl=False)
    else:
        click.echo("\n".join(text for _, text in diagrams), nl=False)
