"""The Textual terminal game. Nothing in the engine (`sim/*.py`) imports this package."""
