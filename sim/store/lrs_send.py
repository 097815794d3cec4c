"""Sending the queued xAPI statements to a Learning Record Store over HTTP (stdlib urllib).

`Lrs.resolve(url)`: the LRS from `--lrs URL` (else `$LADDER_LRS_URL`) and HTTP basic
credentials from `$LADDER_LRS_USERNAME` / `$LADDER_LRS_PASSWORD`; a bad URL or missing
credentials is an `LrsConfigError` with one line. `flush(store, lrs)` POSTs what is due to
`<endpoint>/statements` in batches (`X-Experience-API-Version: 1.0.3`):

- 200: the batch is sent (a statement the LRS already holds is not stored twice: same id);
- no answer, a timeout, 401/403, 408, 429 or a 5xx: the batch stays queued and is tried again
  after an exponential back-off, and the flush stops (the LRS is down or refusing everyone);
- another 4xx for a batch: each statement is sent alone, and one the LRS refuses is marked
  failed with the LRS's answer (never retried, shown by `ladder lrs status`).

Blocking I/O: call it from a thread of its own (the room server does), never an event loop.
"""

from __future__ import annotations

import base64
import json
import os
import threading
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict
from urllib.parse import quote, urlsplit

from sim.store.lrs import Due, due, mark_failed, mark_retry, mark_sent
from sim.store.xapi import XAPI_VERSION

if TYPE_CHECKING:
    from sim.store.db import Store

ENV_URL = "LADDER_LRS_URL"
ENV_USERNAME = "LADDER_LRS_USERNAME"
ENV_PASSWORD = "LADDER_LRS_PASSWORD"
ENV_HOME = "LADDER_LRS_HOME"
ENV_EMAILS = "LADDER_LRS_EMAILS"
ENV_SENT_BY = "LADDER_LRS_SENT_BY"  # "serve" in the room server's game processes: they only queue
BATCH = 50
TIMEOUT = 10.0
TRANSIENT = {401, 403, 408, 425, 429}  # the LRS refuses everyone for now: keep the statements queued


class LrsConfigError(ValueError):
    """A bad LRS URL or missing credentials: the message is one line."""


class FlushReport(TypedDict):
    sent: int
    failed: int
    waiting: int  # put back for a later try
    error: str | None


@dataclass(frozen=True, slots=True)
class Lrs:
    """An xAPI endpoint (statements are at `endpoint + "/statements"`) and its credentials."""

    endpoint: str
    username: str
    password: str
    timeout: float = TIMEOUT

    @classmethod
    def resolve(cls, url: str | None, env: dict[str, str] | None = None) -> Lrs | None:
        """The LRS named by `url` or `$LADDER_LRS_URL`; None when neither is set."""
        env = dict(os.environ) if env is None else env
        url = url or env.get(ENV_URL) or None
        if url is None:
            return None
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise LrsConfigError(f"--lrs {url!r}: not an http:// or https:// URL of an xAPI endpoint")
        if parts.username or parts.password:
            raise LrsConfigError(
                f"--lrs: put the LRS credentials in ${ENV_USERNAME} and ${ENV_PASSWORD}, not in the URL"
            )
        try:
            parts.port  # noqa: B018 - raises on a bad port
        except ValueError:
            raise LrsConfigError(f"--lrs {url!r}: the port is not a number from 1 to 65535") from None
        user, password = env.get(ENV_USERNAME, ""), env.get(ENV_PASSWORD, "")
        if not user or not password:
            missing = " and ".join(n for n, v in ((ENV_USERNAME, user), (ENV_PASSWORD, password)) if not v)
            raise LrsConfigError(f"--lrs {url}: set {missing} (the LRS's HTTP basic credentials)")
        path = parts.path.rstrip("/")
        if path == "":
            path = "/xAPI"  # a bare host: the usual endpoint (Ralph, Learning Locker's /data/xAPI must be given)
        endpoint = f"{parts.scheme}://{parts.netloc}{path}"
        return cls(endpoint, user, password)

    @property
    def statements_url(self) -> str:
        return self.endpoint + "/statements"

    def _request(self, method: str, url: str, body: bytes | None = None) -> tuple[int, bytes]:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode("ascii")
        headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": XAPI_VERSION}
        if body is not None:
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(url, data=body, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as reply:  # noqa: S310 - http(s) checked above
                return int(reply.status), reply.read()
        except urllib.error.HTTPError as exc:
            return int(exc.code), exc.read()

    def post(self, statements: list[dict[str, Any]]) -> tuple[int, bytes]:
        """POST statements; (HTTP status, body). Raises OSError when the LRS cannot be reached."""
        return self._request("POST", self.statements_url, json.dumps(statements, ensure_ascii=False).encode())

    def get(self, statement_id: str) -> dict[str, Any] | None:
        """The statement as the LRS holds it, or None."""
        status, body = self._request("GET", f"{self.statements_url}?statementId={quote(statement_id)}")
        if status == 404:
            return None
        if status != 200:
            raise OSError(f"GET statement {statement_id}: HTTP {status}: {_said(body)}")
        found: dict[str, Any] = json.loads(body)
        if "statements" in found:  # some LRSs (Ralph) answer a statementId query with a result list
            hits = [s for s in found["statements"] if isinstance(s, dict) and s.get("id") == statement_id]
            return hits[0] if hits else None
        return found


def _said(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    try:
        detail = json.loads(text).get("detail", text)
    except (ValueError, AttributeError):
        detail = text
    return " ".join(str(detail).split())[:300]


def _unreachable(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    return f"cannot reach the LRS: {reason}"


def flush(store: Store, lrs: Lrs, *, batch: int = BATCH, at: str | None = None) -> FlushReport:
    """Send every due statement, oldest first, until none is due or the LRS stops taking them."""
    report: FlushReport = {"sent": 0, "failed": 0, "waiting": 0, "error": None}
    while True:
        rows = due(store, batch, at)
        if not rows:
            return report
        if not _send(store, lrs, rows, report):
            return report


def _send(store: Store, lrs: Lrs, rows: list[Due], report: FlushReport) -> bool:
    """Send one batch; False when the LRS could not take it (the rows wait for a later try)."""
    try:
        status, body = lrs.post([d.statement for d in rows])
    except (OSError, ValueError) as exc:  # refused, DNS, timeout, TLS, a broken reply
        return _later(store, rows, _unreachable(exc), report)
    if 200 <= status < 300:
        mark_sent(store, [d.statement_id for d in rows])
        report["sent"] += len(rows)
        return True
    error = f"HTTP {status} from {lrs.statements_url}: {_said(body)}"
    if status >= 500 or status in TRANSIENT:
        return _later(store, rows, error, report)
    if len(rows) > 1:  # find the statement the LRS refuses: send each alone
        return all(_send(store, lrs, [d], report) for d in rows)
    mark_failed(store, rows[0], error)
    report["failed"] += 1
    report["error"] = error
    return True


def _later(store: Store, rows: list[Due], error: str, report: FlushReport) -> bool:
    mark_retry(store, rows, error)
    report["waiting"] += len(rows)
    report["error"] = error
    return False


class SenderThread:
    """Sends the queue every `interval` seconds on a thread of its own, with its own connection to
    the store (`opener` runs on that thread): the room server's event loop never waits for the
    LRS or the disk. `stop()` makes one last attempt, then closes the store."""

    def __init__(self, opener: Callable[[], Store], lrs: Lrs, interval: float = 5.0):
        self.opener, self.lrs, self.interval = opener, lrs, interval
        self.last: FlushReport | None = None
        self.error: str | None = None  # the last store error, if the store could not be read
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="lrs-sender", daemon=True)

    def start(self) -> SenderThread:
        self._thread.start()
        return self

    def _run(self) -> None:
        from sim.store.errors import StoreError

        store: Store | None = None
        try:
            while True:
                stopping = self._stop.is_set()
                try:
                    if store is None:
                        store = self.opener()
                    self.last = flush(store, self.lrs)
                    self.error = None
                except StoreError as exc:  # the store is busy or gone for now: try again next time
                    self.error = str(exc)
                if stopping:
                    return
                self._stop.wait(self.interval)  # woken at once by stop(), for one last attempt
        finally:
            if store is not None:
                store.close()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)
