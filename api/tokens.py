"""API tokens: random, shown once, stored only as their SHA-256 (table `api_tokens`)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from projections.db import Cursor, Database

ROLES = ("admin", "editor", "auditor")
PREFIX = "kl_"
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}\Z"
NAME_RULE = "1-100 letters, digits or . _ @ : - (starting with a letter or digit)"

DDL = (
    "CREATE TABLE IF NOT EXISTS api_tokens ("
    " token_hash TEXT PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " role TEXT NOT NULL,"
    " scope TEXT NOT NULL,"  # JSON list of process ids; [] = every process
    " created_at TEXT NOT NULL)"
)


class DuplicateName(Exception):
    """A token with this name exists already."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's name is stamped on events as `recorded_by`."""

    name: str
    role: str
    scope: frozenset[str] = frozenset()  # process ids as str; empty = unscoped

    @property
    def scoped(self) -> bool:
        return bool(self.scope)

    def covers(self, process_id: object) -> bool:
        """May this principal act on (or see) a record of `process_id`? None = no process."""
        return not self.scope or process_id is None or str(process_id) in self.scope


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)


class TokenStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, name: str, role: str, scope: list[str] | tuple[str, ...] = ()) -> str:
        """Issue a token and answer it; only its digest is kept."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if not re.match(NAME_PATTERN, name):
            raise ValueError(f"a token name is {NAME_RULE}")
        token = PREFIX + secrets.token_urlsafe(32)
        created = self.db.execute(
            "INSERT INTO api_tokens (token_hash, name, role, scope, created_at) "
            "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
            (digest(token), name, role, json.dumps(sorted({str(s) for s in scope})),
             datetime.now(UTC).isoformat()),
        )
        if created != 1:
            raise DuplicateName(f"a token named {name!r} exists already")
        return token

    def principal(self, token: str) -> Principal | None:
        row = self.db.fetchone(
            "SELECT name, role, scope FROM api_tokens WHERE token_hash = %s", (digest(token),)
        )
        if row is None:
            return None
        name, role, scope = row
        return Principal(name, role, frozenset(json.loads(scope)))

    def names(self, prefix: str = "") -> list[str]:
        rows = self.db.fetchall("SELECT name FROM api_tokens")
        return sorted(name for (name,) in rows if name.startswith(prefix))
