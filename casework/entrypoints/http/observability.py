"""Structured access logs, the status lookup's log line, and the per-address rate limit.

Access log lines are JSON: method, path (never the query string, which holds a status lookup's
name or phone), status, duration and client address.  No header is logged, so a token never
is.  The rate limit counts requests per client address in fixed one-minute windows, in this
process's memory: behind nginx, uvicorn takes the address from ``X-Forwarded-For`` of the
trusted proxy; with several worker processes each counts alone (docs/deploy.md: nginx's
``limit_req`` in front).
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from starlette.types import ASGIApp, Message, Receive, Scope, Send

SHANGHAI = ZoneInfo("Asia/Shanghai")
access_log = logging.getLogger("casework.http.access")
lookup_log = logging.getLogger("casework.http.lookup")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message and the record's ``fields``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, SHANGHAI).isoformat("T", "milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "-"


class AccessLog:
    """ASGI middleware writing one access log line per HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            fields = {
                "method": scope["method"],
                "path": scope["path"],
                "status": status,
                "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                "client": client_address(scope),
            }
            access_log.info("request", extra={"fields": fields})


class RateLimiter:
    """At most ``limit`` requests per client address in each window of ``window`` seconds."""

    def __init__(
        self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self.clock = limit, window, clock
        self._counts: dict[str, tuple[int, int]] = {}

    def allow(self, client: str) -> bool:
        slot = int(self.clock() // self.window)
        if len(self._counts) > 10_000:  # forget addresses of earlier windows
            self._counts = {k: v for k, v in self._counts.items() if v[0] == slot}
        window, count = self._counts.get(client, (slot, 0))
        if window != slot:
            count = 0
        if count >= self.limit:
            return False
        self._counts[client] = (slot, count + 1)
        return True
