"""The access log: one JSON line per request, and a `Request-Id` on every answer.

Each line goes through Python logging (logger `kiezledger.access`, level INFO) with the method,
the route template (never the path the client sent), the status, the duration in ms, the
token's name (null without one) and the request id. The id is the client's `Request-Id` when it
is short and printable, else a fresh one; the answer always carries it back.
"""

from __future__ import annotations

import json
import logging
import time
import uuid

from flask import Flask, Response, g, request

from api.metrics import labels

logger = logging.getLogger("kiezledger.access")

HEADER = "Request-Id"
MAX_ID_LENGTH = 128


def request_id(sent: str | None) -> str:
    """The client's id if 1 to 128 printable ASCII characters without spaces, else a new one."""
    if sent and len(sent) <= MAX_ID_LENGTH and all("!" <= c <= "~" for c in sent):
        return sent
    return uuid.uuid4().hex


def register(app: Flask) -> None:
    @app.before_request
    def start() -> None:
        g.request_id = request_id(request.headers.get(HEADER))
        g.log_started = time.perf_counter()

    @app.after_request
    def log(response: Response) -> Response:
        rid = g.get("request_id") or request_id(request.headers.get(HEADER))
        response.headers[HEADER] = rid
        started = g.get("log_started")
        method, route = labels()
        principal = g.get("principal")
        logger.info(json.dumps({
            "method": method,
            "route": route,
            "status": response.status_code,
            "duration_ms": (round((time.perf_counter() - started) * 1000, 1)
                            if started is not None else None),
            "token": getattr(principal, "name", None),
            "request_id": rid,
        }))
        return response
