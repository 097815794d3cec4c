"""Scenarios as data: the schema (`schema`), the strict YAML reader (`yamlsafe`), how problems are
worded with their file, field and line (`problems`), loading shipped ids and paths (`loader`), and
random accounts drawn from a seed (`generator`).

May import: `sim.common` and the engine's vocabulary (`sim.engine`: the ladder, the rules, the
archetype tables). Never the players, the analysis tools, the store or the UI.
"""
