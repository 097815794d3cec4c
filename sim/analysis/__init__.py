"""Tools that play many games and report on them: `simulate`, `balance` (every bot on every
scenario, and the teaching checks), `bench` (speed and memory), `lint` (what a schema cannot
see: unwinnable deals, dead ends), `diagram` (an archetype's machine as Mermaid).

May import: `sim.players`, `sim.scenarios`, `sim.engine`, `sim.common`. Never the store or the UI
(`bench` starts the TUI only in a child process).
"""
