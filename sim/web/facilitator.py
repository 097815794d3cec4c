"""The facilitator's pages: the live board, the cohort debrief, the exports, the report and the controls.

The server prints a secret link at start (`/facilitator/key/KEY`). Opening it stores the key in an
HttpOnly cookie scoped to /facilitator and sends the browser on to the board, so the key leaves the
address bar before anything is projected. Every other facilitator page checks that cookie against
the stored digests in constant time (`sim.store.room.facilitator_ok`); without it: 403.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import aiohttp_jinja2
from aiohttp import web

from sim.common.chart import bar_chart
from sim.common.errors import LadderError
from sim.store import room as rooms
from sim.store.cohort import cohort
from sim.store.export import export_csv, export_excel_csv, export_json
from sim.store.live import LiveBoard, live_board
from sim.store.records import GameRecord
from sim.store.report import report_html
from sim.store.room import RoomStatus
from sim.store.text import name_key, safe_json
from sim.web.join import RoomConfig, message
from sim.web.room import qr_svg

REFRESH = 3  # seconds between board refreshes


class Action(StrEnum):
    OPEN = "open"
    LOCK = "lock"
    CLOSE = "close"
    TIME = "time"
    NO_TIME = "no-time"
    REVEAL = "reveal"
    HIDE = "hide"
    BOTS_ON = "bots-on"
    BOTS_OFF = "bots-off"
    RENAME = "rename"
    MERGE = "merge"
    HAND_OVER = "hand-over"
    REMOVE = "remove"
    RESTORE = "restore"


DONE = {
    Action.OPEN: "The room is open: anyone with the code can join.",
    Action.LOCK: "The room is locked: no new names; those who joined play on.",
    Action.CLOSE: "The room is closed: every game was saved and stopped.",
    Action.TIME: "The time limit is set.",
    Action.NO_TIME: "No time limit.",
    Action.REVEAL: "Outcomes are shown on the board and the debrief.",
    Action.HIDE: "Outcomes are hidden again.",
    Action.BOTS_ON: "Bots are ranked with the trainees.",
    Action.BOTS_OFF: "Bots are left out of the ranks.",
    Action.RENAME: "Renamed.",
    Action.MERGE: "Merged.",
    Action.HAND_OVER: "Handed over: the next browser to join under that name takes the game.",
    Action.REMOVE: "Removed from the board and the debrief (nothing deleted; Restore brings it back).",
    Action.RESTORE: "Restored.",
}


class FacilitatorPages:
    def __init__(self, cfg: RoomConfig, join_url: str):
        self.cfg = cfg
        self.join_url = join_url

    def routes(self) -> list[web.RouteDef]:
        return [
            web.get("/facilitator/key/{key}", self.enter),
            web.get("/facilitator/", self.board),
            web.get("/facilitator", self.board),
            web.get("/facilitator/board.json", self.board_json),
            web.get("/facilitator/debrief", self.debrief),
            web.get("/facilitator/controls", self.controls),
            web.get("/facilitator/export.csv", self.export),
            web.get("/facilitator/export.json", self.export),
            web.get("/facilitator/export-excel.csv", self.export),
            web.get("/facilitator/report.html", self.report),
            web.post("/facilitator/action", self.action),
        ]

    # ------------------------------------------------------------------ access
    async def _allowed(self, key: str | None) -> bool:
        code = self.cfg.workshop
        if code is None or not key:
            return False
        return await self.cfg.store.call(lambda s: rooms.facilitator_ok(s, code, key))

    async def _check(self, request: web.Request) -> web.Response | None:
        if self.cfg.workshop is None:
            return message(request, "No workshop", "This server runs no workshop: start it with --workshop CODE.", 404)
        if not await self._allowed(request.cookies.get(self.cfg.facilitator_cookie)):
            text = "This page needs the facilitator link that `ladder serve` printed when it started."
            return message(request, "Facilitator only", text, 403)
        return None

    async def enter(self, request: web.Request) -> web.StreamResponse:
        key = request.match_info["key"]
        if not await self._allowed(key):
            return message(request, "Facilitator only", "That facilitator link is not valid for this room.", 403)
        response = web.HTTPSeeOther("/facilitator/")
        response.set_cookie(
            self.cfg.facilitator_cookie,
            key,
            path="/facilitator",
            httponly=True,
            samesite="Strict",
            secure=self.cfg.secure,
        )
        return response

    # ------------------------------------------------------------------ pages
    async def _board(self) -> tuple[rooms.Room, LiveBoard]:
        code = self.cfg.code

        def read(store: Any) -> tuple[rooms.Room, LiveBoard]:
            shown = rooms.room(store, code)
            assert shown is not None
            return shown, live_board(store, code, shown, include_removed=False)

        return await self.cfg.store.call(read)

    def _header(self, shown: rooms.Room, page: str) -> dict[str, Any]:
        left = shown.seconds_left()
        status_class = shown.status.value
        words = {RoomStatus.OPEN: "Open", RoomStatus.LOCKED: "Locked: no new names", RoomStatus.CLOSED: "Closed"}
        status_words = words[shown.status]
        clock = ""
        if left is not None:
            clock = "Time's up" if left == 0 else f"{left // 60}:{left % 60:02d} left"
            if left == 0 and shown.status is RoomStatus.OPEN:
                status_class, status_words = "timeup", "Time's up: no new names"
        return {
            "page": page,
            "code": self.cfg.code,
            "title": self.cfg.title,
            "join_url": self.join_url,
            "status_class": status_class,
            "status_words": status_words,
            "clock": clock,
        }

    async def board(self, request: web.Request) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        shown, data = await self._board()
        hidden_bots = 0 if shown.show_bots else sum(1 for r in data["rows"] if r["bot"])
        context = {
            **self._header(shown, "board"),
            "board": data,
            "refresh": REFRESH,
            "hidden_bots": hidden_bots,
            "qr": qr_svg(self.join_url),
        }
        return aiohttp_jinja2.render_template("fac_board.html", request, context)

    async def board_json(self, request: web.Request) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        _shown, data = await self._board()
        return web.Response(text=safe_json(data, indent=2), content_type="application/json")

    async def debrief(self, request: web.Request) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        code = self.cfg.code

        def read(store: Any) -> tuple[rooms.Room, Any, int]:
            shown, every, kept = counted_games(store, code)
            return shown, cohort(kept), len(every) - len(kept)

        shown, data, excluded = await self.cfg.store.call(read)
        scores = [(f"{h['low']}-{h['high']}", h["count"]) for h in data["histogram"]]
        used = {w["weeks"]: w["count"] for w in data["weeks_used"]}
        weeks = [(str(w), used.get(w, 0)) for w in range(1, max(used, default=0) + 1)]  # every week, gaps too
        context = {
            **self._header(shown, "debrief"),
            "data": data,
            "revealed": shown.revealed,
            "excluded": excluded,
            "score_chart": bar_chart(scores, "Scores of the first attempts", "score"),
            "weeks_chart": bar_chart(weeks, "Weeks each participant used", "weeks used"),
        }
        return aiohttp_jinja2.render_template("fac_debrief.html", request, context)

    async def export(self, request: web.Request) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        code = self.cfg.code
        as_json, excel = request.path.endswith(".json"), request.path.endswith("-excel.csv")

        def read(store: Any) -> str:
            ws = store.workshop(code)
            games = store.games(workshop=code, oldest_first=True)
            if as_json:
                return export_json(ws, games)
            return export_excel_csv(games) if excel else export_csv(games)

        text = await self.cfg.store.call(read)
        kind, ext = ("application/json", "json") if as_json else ("text/csv", "csv")
        name = f"workshop-{code}{'-excel' if excel else ''}.{ext}"
        headers = {"Content-Disposition": f'attachment; filename="{name}"'}
        return web.Response(text=text, content_type=kind, charset="utf-8", headers=headers)

    async def report(self, request: web.Request) -> web.StreamResponse:
        """The workshop report to e-mail (`?names=no` numbers the participants): the games the
        cohort debrief counts (removed entries left out, bots as the room shows them)."""
        if (refused := await self._check(request)) is not None:
            return refused
        code = self.cfg.code
        names = request.query.get("names", "yes") != "no"

        def read(store: Any) -> str:
            _shown, every, kept = counted_games(store, code)
            return report_html(store.workshop(code), kept, names=names, left_out=len(every) - len(kept))

        html = await self.cfg.store.call(read)
        suffix = "" if names else "-no-names"
        headers = {"Content-Disposition": f'attachment; filename="workshop-{code}-report{suffix}.html"'}
        return web.Response(text=html, content_type="text/html", charset="utf-8", headers=headers)

    async def controls(self, request: web.Request, error: str = "", status: int = 200) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        code = self.cfg.code

        def read(store: Any) -> tuple[rooms.Room, LiveBoard, set[str]]:
            shown = rooms.room(store, code)
            assert shown is not None
            return shown, live_board(store, code, shown, include_removed=True), rooms.removed_keys(store, code)

        shown, data, gone = await self.cfg.store.call(read)
        rows = [{**r, "removed": r["key"] in gone, "live": (code, r["key"]) in self.cfg.sessions} for r in data["rows"]]
        done = ""
        asked = request.query.get("done", "")
        if asked in Action.__members__.values():
            done = DONE[Action(asked)]
        left = shown.seconds_left()
        context = {
            **self._header(shown, "controls"),
            "rows": rows,
            "others": [{"key": r["key"], "name": r["name"]} for r in rows],
            "done": done,
            "error": error,
            "revealed": shown.revealed,
            "show_bots": shown.show_bots,
            "live": self.cfg.sessions.count(code),
            "minutes": (left + 59) // 60 if left else 30,
        }
        return aiohttp_jinja2.render_template("fac_controls.html", request, context, status=status)

    async def action(self, request: web.Request) -> web.StreamResponse:
        if (refused := await self._check(request)) is not None:
            return refused
        form = await request.post()
        raw = str(form.get("action", ""))
        if raw not in Action.__members__.values():
            return await self.controls(request, error=f"unknown action {raw[:40]!r}", status=400)
        act = Action(raw)
        try:
            await self._do(act, {k: str(v)[:200] for k, v in form.items()})
        except LadderError as exc:
            text = str(exc)
            return await self.controls(request, error=text[:1].upper() + text[1:] + ".", status=400)
        return web.HTTPSeeOther(f"/facilitator/controls?done={act.value}")

    async def _do(self, act: Action, form: dict[str, str]) -> None:
        code, store, sessions = self.cfg.code, self.cfg.store, self.cfg.sessions
        key = form.get("key", "")
        status = {Action.OPEN: RoomStatus.OPEN, Action.LOCK: RoomStatus.LOCKED, Action.CLOSE: RoomStatus.CLOSED}
        if act in status:
            await store.call(lambda s: rooms.set_status(s, code, status[act]))
            if act is Action.CLOSE:
                await sessions.end_room(code)  # each game saves as it stops
        elif act in (Action.TIME, Action.NO_TIME):
            minutes = _minutes(form.get("minutes", "")) if act is Action.TIME else None
            await store.call(lambda s: rooms.set_time_limit(s, code, minutes))
        elif act in (Action.REVEAL, Action.HIDE):
            await store.call(lambda s: rooms.set_revealed(s, code, act is Action.REVEAL))
        elif act in (Action.BOTS_ON, Action.BOTS_OFF):
            await store.call(lambda s: rooms.set_show_bots(s, code, act is Action.BOTS_ON))
        elif act in (Action.REMOVE, Action.RESTORE):
            await store.call(lambda s: rooms.set_removed(s, code, key, act is Action.REMOVE))
        elif act is Action.HAND_OVER:
            await sessions.end((code, key))  # the old browser's game saves and stops first
            await store.call(lambda s: rooms.hand_over(s, code, key))
        else:
            new_name = form.get("name", "")
            if act is Action.MERGE:
                into = form.get("into", "")
                board = await store.call(lambda s: rooms.claims(s, code))
                _shown, data = await self._board()
                names = {r["key"]: r["name"] for r in data["rows"]} | {k: n for k, (n, _) in board.items()}
                if into not in names or into == key:
                    raise rooms.RoomError("choose another entry to merge into")
                new_name = names[into]
                await sessions.end((code, into))
            await sessions.end((code, key))
            await store.call(lambda s: rooms.rename(s, code, key, new_name))


def counted_games(store: Any, code: str) -> tuple[rooms.Room, list[GameRecord], list[GameRecord]]:
    """The room, all its games, and those the debrief and the report count: removed entries left
    out, and bots unless the room ranks them."""
    shown = rooms.room(store, code)
    assert shown is not None
    every: list[GameRecord] = store.games(workshop=code, oldest_first=True)
    gone = rooms.removed_keys(store, code)
    kept = [g for g in every if name_key(g.player) not in gone and (shown.show_bots or g.mode != "bot")]
    return shown, every, kept


def _minutes(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise rooms.RoomError(f"time limit: {text.strip()[:20]!r} is not a number of minutes") from None
