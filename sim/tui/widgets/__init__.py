"""Widgets of the deal room: they only render what the engine's observation says."""
