"""Idempotency-Key: a repeated write answers the first answer and stores nothing new.

Keys live in the database (table `api_idempotency`), so they survive restarts and are shared
by every worker. A key is first *claimed* (a row without a status); the answer is stored when
the request ends, or the claim is released when the server failed (5xx), so a retry may run.

A claim whose request died without answering (a killed worker) is never run again: the
write may or may not have been stored, and running it twice would break the promise. The
client is told so and checks the resource, or retries with a new key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from flask import Response
from werkzeug.wrappers import Response as BaseResponse

from store import idempotency as table
from store.sql import Database

# Answer headers worth replaying; the rest are computed again by the server.
KEPT_HEADERS = ("Content-Type", "ETag", "Location", "WWW-Authenticate", "Allow",
                "Kiezledger-Position")
# A claim this old belongs to a request that died without answering.
ABANDONED_AFTER = timedelta(minutes=2)
MAX_KEY_LENGTH = 255


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
        row = table.claim(self.db, req.principal, req.key, req.method, req.path,
                          req.body_hash, now.isoformat())
        if row is None:
            return Claimed()
        assert row is not None  # rows are never deleted while they hold an answer
        method, path, body_hash, status, headers, body, created_at = row
        if (method, path, body_hash) != (req.method, req.path, req.body_hash):
            raise Mismatch(
                "this Idempotency-Key was used for a different request "
                f"({method} {path} with another body)" if (method, path) == (req.method, req.path)
                else f"this Idempotency-Key was used for {method} {path}"
            )
        if status is None:
            if now - datetime.fromisoformat(created_at) < ABANDONED_AFTER:
                raise InFlight("a request with this Idempotency-Key is still being answered")
            raise InFlight(
                "the first request with this Idempotency-Key ended without an answer, so "
                "whether it was stored is unknown: read the resource, or retry with a new key"
            )
        response = Response(body, status=status, headers=json.loads(headers))
        response.headers["Idempotent-Replayed"] = "true"
        return Replay(response)

    def finish(self, req: Request, response: BaseResponse) -> None:
        headers = {k: response.headers[k] for k in KEPT_HEADERS if k in response.headers}
        table.answer(self.db, req.principal, req.key, response.status_code,
                     json.dumps(headers), response.get_data(as_text=True))

    def release(self, req: Request) -> None:
        table.release(self.db, req.principal, req.key)

    def scrub(self, mentioning: str, values: Iterable[str], replacement: str) -> int:
        """After an erasure: blank personal `values` in every kept answer that mentions the
        id `mentioning`, and its request digest (the request held them too: a retry with
        the same key is then refused as a different request, instead of replaying).

        Values are replaced where a JSON string equals one; should the body still hold one
        anywhere (inside a longer string), the whole body goes. On SQLite the rows are
        rewritten with `secure_delete` (freed bytes zeroed; the caller checkpoints the WAL),
        on PostgreSQL the table is rewritten (`VACUUM FULL`). Answers the rows changed.
        """
        secrets = [v for v in {str(v) for v in values} if v and v != replacement]
        if not secrets:
            return 0
        needles = [n for v in secrets for n in (v, json.dumps(v)[1:-1])]
        rows = table.mentioning(self.db, mentioning)
        changed = []
        for principal, key, body in rows:
            cleaned = _replaced(body, set(secrets), replacement)
            if cleaned is None or any(n in cleaned for n in needles):
                cleaned = ""
            changed.append((cleaned, principal, key))
        if not changed:
            return 0
        table.rewrite_bodies(self.db, changed)
        return len(changed)


def _replaced(body: str | None, secrets: set[str], replacement: str) -> str | None:
    """`body` (JSON) with every string equal to one of `secrets` replaced; None if it is
    not JSON."""
    if body is None:
        return None
    try:
        document = json.loads(body)
    except ValueError:
        return None

    def walk(value: Any) -> Any:
        if isinstance(value, str):
            return replacement if value in secrets else value
        if isinstance(value, list):
            return [walk(v) for v in value]
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        return value

    return json.dumps(walk(document))
