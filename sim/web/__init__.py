"""The game in a browser: `ladder serve` and, later, the room server build on this package.

- `guard`: pure checks, no web framework: which Host and Origin headers are allowed (against
  DNS rebinding), and the terminal size a browser may ask for.
- `games`: the game processes: started in their own process group, counted, capped, stopped
  (quit, then terminate, then kill) and never left behind by the server.
- `child`: what a game process runs: the game, ending itself if its server vanished.
- `server`: the aiohttp/textual-serve server that puts them together.

Importing this package imports nothing heavy; `server` needs textual-serve (and aiohttp).
"""
