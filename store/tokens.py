"""The `api_tokens` table: its schema and every statement on it (the logic: `api.tokens`)."""

from __future__ import annotations

from typing import Any

from store.sql import Cursor, Database

DDL = (
    "CREATE TABLE IF NOT EXISTS api_tokens ("
    " token_hash TEXT PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE,"
    " role TEXT NOT NULL,"
    " scope TEXT NOT NULL,"  # JSON list of process ids; [] = every process
    " created_at TEXT NOT NULL,"
    " expires_at TEXT,"  # ISO 8601 UTC; NULL = never
    " revoked_at TEXT)"  # ISO 8601 UTC; NULL = not revoked
)
# Columns added after the first release: added to an older table on start-up.
LATER_COLUMNS = ("expires_at", "revoked_at")
_LISTED = "SELECT name, role, scope, created_at, expires_at, revoked_at FROM api_tokens "


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)
    if cur.dialect == "postgresql":
        for column in LATER_COLUMNS:
            cur.execute(f"ALTER TABLE api_tokens ADD COLUMN IF NOT EXISTS {column} TEXT")
    elif cur.dialect == "sqlite":
        have = {row[1] for row in cur.execute("PRAGMA table_info(api_tokens)").fetchall()}
        for column in LATER_COLUMNS:
            if column not in have:
                cur.execute(f"ALTER TABLE api_tokens ADD COLUMN {column} TEXT")


def insert(db: Database, token_hash: str, name: str, role: str, scope: str,
           created_at: str, expires_at: str | None) -> bool:
    """Store a new token; False if the name (or digest) is taken."""
    return db.execute(
        "INSERT INTO api_tokens (token_hash, name, role, scope, created_at, expires_at) "
        "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT DO NOTHING",
        (token_hash, name, role, scope, created_at, expires_at),
    ) == 1


def by_digest(db: Database, token_hash: str) -> tuple | None:
    """(token_hash, name, role, scope, expires_at, revoked_at) of one token, or None."""
    return db.fetchone(
        "SELECT token_hash, name, role, scope, expires_at, revoked_at FROM api_tokens "
        "WHERE token_hash = %s", (token_hash,)
    )


def mark_revoked(db: Database, name: str, revoked_at: str) -> None:
    db.execute(
        "UPDATE api_tokens SET revoked_at = %s WHERE name = %s AND revoked_at IS NULL",
        (revoked_at, name),
    )


def listed(db: Database, name: str | None = None) -> list[tuple[Any, ...]]:
    """(name, role, scope, created_at, expires_at, revoked_at) of the token `name`, or of
    every token by name."""
    if name is not None:
        return db.fetchall(_LISTED + "WHERE name = %s", (name,))
    return db.fetchall(_LISTED + "ORDER BY name")


def names(db: Database) -> list[str]:
    return [name for (name,) in db.fetchall("SELECT name FROM api_tokens")]
