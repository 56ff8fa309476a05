"""Idempotency-Key: a repeated write answers the first answer and stores nothing new.

Keys live in the database (table `api_idempotency`), so they survive restarts and are shared
by every worker. A key is first *claimed* (a row without a status); the answer is stored when
the request ends, or the claim is released when the server failed (5xx), so a retry may run.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import Response

from projections.db import Cursor, Database

DDL = (
    "CREATE TABLE IF NOT EXISTS api_idempotency ("
    " principal TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " method TEXT NOT NULL,"
    " path TEXT NOT NULL,"
    " body_hash TEXT NOT NULL,"
    " status INTEGER,"  # NULL while the first request is in flight
    " headers TEXT,"
    " body TEXT,"
    " created_at TEXT NOT NULL,"
    " PRIMARY KEY (principal, key))"
)
# Answer headers worth replaying; the rest are computed again by the server.
KEPT_HEADERS = ("Content-Type", "ETag", "Location", "WWW-Authenticate", "Allow")
# A claim this old belongs to a request that died without answering: it may be taken over.
ABANDONED_AFTER = timedelta(minutes=2)
MAX_KEY_LENGTH = 255


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)


@dataclass(frozen=True)
class Request:
    principal: str
    key: str
    method: str
    path: str
    body_hash: str

    @classmethod
    def of(cls, principal: str, key: str, method: str, path: str, body: bytes) -> Request:
        return cls(principal, key, method, path, hashlib.sha256(body).hexdigest())


class Claimed:
    """This request holds the key: run it, then `finish` or `release`."""


@dataclass(frozen=True)
class Replay:
    response: Response


class InFlight(Exception):
    """The first request with this key has not answered yet."""


class Mismatch(Exception):
    """The key was used for a different request (method, path or body)."""


def _now() -> datetime:
    return datetime.now(UTC)


class IdempotencyStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def begin(self, req: Request) -> Claimed | Replay:
        now = _now()
        with self.db.transaction() as cur:
            claimed = cur.execute(
                "INSERT INTO api_idempotency "
                "(principal, key, method, path, body_hash, created_at) "
                "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (principal, key) DO NOTHING",
                (req.principal, req.key, req.method, req.path, req.body_hash, now.isoformat()),
            ).rowcount == 1
            if claimed:
                return Claimed()
            row = cur.execute(
                "SELECT method, path, body_hash, status, headers, body, created_at "
                "FROM api_idempotency WHERE principal = %s AND key = %s",
                (req.principal, req.key),
            ).fetchone()
        assert row is not None  # rows are never deleted while they hold an answer
        method, path, body_hash, status, headers, body, created_at = row
        if (method, path, body_hash) != (req.method, req.path, req.body_hash):
            raise Mismatch(
                "this Idempotency-Key was used for a different request "
                f"({method} {path} with another body)" if (method, path) == (req.method, req.path)
                else f"this Idempotency-Key was used for {method} {path}"
            )
        if status is None:
            if now - datetime.fromisoformat(created_at) < ABANDONED_AFTER or not self._take_over(
                req, created_at, now
            ):
                raise InFlight("a request with this Idempotency-Key is still being answered")
            return Claimed()
        response = Response(body, status=status, headers=json.loads(headers))
        response.headers["Idempotent-Replayed"] = "true"
        return Replay(response)

    def _take_over(self, req: Request, created_at: str, now: datetime) -> bool:
        return self.db.execute(
            "UPDATE api_idempotency SET created_at = %s "
            "WHERE principal = %s AND key = %s AND status IS NULL AND created_at = %s",
            (now.isoformat(), req.principal, req.key, created_at),
        ) == 1

    def finish(self, req: Request, response: Response) -> None:
        headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
        self.db.execute(
            "UPDATE api_idempotency SET status = %s, headers = %s, body = %s "
            "WHERE principal = %s AND key = %s AND status IS NULL",
            (response.status_code, json.dumps(headers), response.get_data(as_text=True),
             req.principal, req.key),
        )

    def release(self, req: Request) -> None:
        self.db.execute(
            "DELETE FROM api_idempotency WHERE principal = %s AND key = %s AND status IS NULL",
            (req.principal, req.key),
        )
