"""The Textual terminal game: the app, its screens and widgets, the store thread.

May import: everything below it (`sim.store`, `sim.players`, `sim.engine`, `sim.scenarios`,
`sim.common`) and Textual. Screens read the state and post messages; no game rule lives here.
"""
