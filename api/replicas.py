"""Where a read goes, and read-your-writes across hosts.

A write answers `Kiezledger-Position` (api.services). A GET may send it back as
`Kiezledger-Min-Position`: its read-model reads then show at least that position. With read
replicas (`KIEZLEDGER_READ_URLS`) a GET under /v1/ or /ui/ reads from a replica
(`store.replicas.ReadRouter`); one that has not replayed that far within
`KIEZLEDGER_READ_WAIT` seconds sends the read to the primary. The answer says where it read:
`Kiezledger-Read-From: replica`, or `primary` with the reason (`no-replica`, `behind`).
Without replicas, the primary's read models are waited for as after a write.
"""

from __future__ import annotations

from flask import Flask, Response, g, request

from api import services
from api.errors import Problem

MIN_POSITION_HEADER = "Kiezledger-Min-Position"
READ_FROM_HEADER = "Kiezledger-Read-From"
ROUTED = ("/v1/", "/ui/")
MAX_POSITION = 2**63 - 1


def min_position() -> int | None:
    raw = request.headers.get(MIN_POSITION_HEADER)
    if raw is None or raw.strip() == "":
        return None
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 19 or int(raw) > MAX_POSITION:
        raise Problem(400, "Bad Request",
                      f"{MIN_POSITION_HEADER} must be a log position (a whole number "
                      "from a Kiezledger-Position header).", slug="min-position")
    return int(raw)


def register(app: Flask) -> None:
    @app.before_request
    def route_read() -> None:
        if request.method not in ("GET", "HEAD") or not request.path.startswith(ROUTED):
            return
        wanted = min_position()
        svc = services.current()
        if svc.router is None:
            if wanted is not None:
                svc.after_write(wanted)  # worker mode: the bounded wait for the workers
            return
        choice = svc.router.choose(wanted)
        g.read_db, g.read_choice = choice.db, choice
        if choice.source == "primary" and wanted is not None:
            svc.after_write(wanted)

    @app.after_request
    def say_where(response: Response) -> Response:
        choice = g.get("read_choice")
        if choice is not None:
            response.headers[READ_FROM_HEADER] = choice.said
        return response
