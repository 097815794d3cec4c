"""The trainee's way in: the join page, the resume cookie, and the room's rules for who may play.

`GET /` shows the game to a browser whose cookie holds a claim of this room, else the join page
(the join code in a workshop, and the name; the first empty field has the focus). `POST /join`
checks the code and the name, claims the name for this browser (`sim.store.room.join`) and sets
the cookie: HttpOnly, SameSite=Strict, Secure over HTTPS. Only that browser resumes that game;
typing the same name in another browser is refused until the facilitator hands the game over.
Tokens never appear in a URL or a log line.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import aiohttp_jinja2
from aiohttp import web

from sim.common.errors import PersonNameError
from sim.store.db import normalise_code
from sim.store.room import JoinClosed, NameTaken, Room, RoomStatus, claim_for, claims, join, room
from sim.store.text import name_key
from sim.web.sessions import LiveSessions
from sim.web.storeio import StoreWorker

if TYPE_CHECKING:
    from sim.store.room import Claim

SESSION_COOKIE = "ladder_session"  # + "_CODE" in a workshop: one browser can hold a claim in each room
COOKIE_DAYS = 14  # a trainee can come back to a saved game for two weeks
Handler = Callable[[web.Request], Awaitable[Any]]

CLOSED = ("This workshop is closed", "The facilitator has closed it: the board and the debrief are at the front.")
LOCKED = "The facilitator has locked this workshop: no new names can join. Ask your facilitator."
TIME_UP = "Time is up for this workshop: no new names can join. Ask your facilitator."


@dataclass
class RoomConfig:
    """What the room's pages need: the workshop (None: free play), the store, the live games."""

    workshop: str | None
    title: str
    store: StoreWorker
    sessions: LiveSessions
    secure: bool  # served over HTTPS: cookies are Secure

    @property
    def code(self) -> str:
        return self.workshop or ""

    @property
    def session_cookie(self) -> str:
        return f"{SESSION_COOKIE}_{self.workshop}" if self.workshop else SESSION_COOKIE

    @property
    def facilitator_cookie(self) -> str:
        return f"ladder_facilitator_{self.code}"


async def room_now(cfg: RoomConfig) -> Room | None:
    if cfg.workshop is None:
        return None
    code = cfg.workshop
    return await cfg.store.call(lambda s: room(s, code))


async def claim_of(cfg: RoomConfig, request: web.Request) -> Claim | None:
    """The claim this browser's cookie holds in this room, if any."""
    token = request.cookies.get(cfg.session_cookie)
    if not token:
        return None
    found = await cfg.store.call(lambda s: claim_for(s, token))
    return found if found is not None and found.workshop == cfg.code else None


async def still_holds(cfg: RoomConfig, request: web.Request, claim: Claim) -> bool:
    """Whether the browser of a running game still holds its claim and the room still plays."""
    shown = await room_now(cfg)
    if shown is not None and not shown.playable:
        return False
    now = await claim_of(cfg, request)
    return now is not None and (now.workshop, now.key) == (claim.workshop, claim.key)


def message(request: web.Request, heading: str, text: str, status: int = 200) -> web.Response:
    return aiohttp_jinja2.render_template(
        "message.html", request, {"heading": heading, "text": text, "back": None}, status=status
    )


def join_page(
    request: web.Request, cfg: RoomConfig, *, code: str = "", name: str = "", error: str = "", status: int = 200
) -> web.Response:
    needs_code = cfg.workshop is not None
    focus = "code" if needs_code and not code else "name"
    context = {
        "workshop_title": cfg.title if needs_code else "",
        "needs_code": needs_code,
        "code": code,
        "name": name,
        "error": error,
        "focus": focus,
    }
    return aiohttp_jinja2.render_template("join.html", request, context, status=status)


async def index(cfg: RoomConfig, request: web.Request, game_page: Handler) -> Any:
    """The game for a browser that joined, else the join page."""
    shown = await room_now(cfg)
    if shown is not None and not shown.playable:
        return message(request, *CLOSED)
    if await claim_of(cfg, request) is not None:
        return await game_page(request)
    return join_page(request, cfg, code=request.query.get("code", "")[:12])


async def post_join(cfg: RoomConfig, request: web.Request) -> web.StreamResponse:
    """Check the code and the name, claim the name for this browser, then show the game."""
    form = await request.post()
    code = str(form.get("code", ""))[:40]
    name = str(form.get("name", ""))[:200]
    if cfg.workshop is not None and normalise_code(code) != cfg.workshop:
        error = f"{code.strip()!r} is not this room's join code: check the code on the board." if code.strip() else ""
        return join_page(request, cfg, code=code, name=name, error=error or "Type the join code.", status=400)
    shown = await room_now(cfg)
    if shown is not None and not shown.playable:
        return message(request, *CLOSED, status=403)
    token = request.cookies.get(cfg.session_cookie)
    workshop = cfg.code

    def claim(store: Any) -> tuple[Claim, str]:
        if shown is not None and not shown.joinable:
            try:
                known = name_key(name) in claims(store, workshop)
            except PersonNameError:
                known = False
            if not known:
                raise JoinClosed(TIME_UP if shown.status is RoomStatus.OPEN else LOCKED)
        return join(store, workshop, name, token)

    try:
        _claim, kept = await cfg.store.call(claim)
    except PersonNameError as exc:
        return join_page(request, cfg, code=code, name=name, error=f"Your name: {exc}.", status=400)
    except NameTaken as exc:
        text = str(exc)
        return join_page(request, cfg, code=code, name=name, error=text[:1].upper() + text[1:] + ".", status=409)
    except JoinClosed as exc:
        return join_page(request, cfg, code=code, name=name, error=str(exc), status=403)
    response = web.HTTPSeeOther("/")
    response.set_cookie(
        cfg.session_cookie,
        kept,
        max_age=COOKIE_DAYS * 24 * 3600,
        path="/",
        httponly=True,
        samesite="Strict",
        secure=cfg.secure,
    )
    return response
