"""The web pages' tables: `web_sessions` (sign-in sessions) and `web_secrets` (the CSRF key
every worker signs with). The logic is in `web.sessions`."""

from __future__ import annotations

import secrets

from store.sql import Cursor, Database

DDL = (
    "CREATE TABLE IF NOT EXISTS web_sessions ("
    " id_hash TEXT PRIMARY KEY,"
    " sealed_token TEXT NOT NULL,"  # hex: nonce + AES-GCM ciphertext
    " created_at TEXT NOT NULL,"
    " expires_at TEXT NOT NULL)"
)
SECRETS_DDL = "CREATE TABLE IF NOT EXISTS web_secrets (name TEXT PRIMARY KEY, value TEXT NOT NULL)"


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)
    cur.execute(SECRETS_DDL)
    cur.execute("INSERT INTO web_secrets (name, value) VALUES (%s, %s) "
                "ON CONFLICT (name) DO NOTHING", ("csrf", secrets.token_hex(32)))


def csrf_secret(db: Database) -> str:
    row = db.fetchone("SELECT value FROM web_secrets WHERE name = %s", ("csrf",))
    if row is None:
        raise RuntimeError("web_secrets is empty: run `kiezledger init` first")
    return str(row[0])


def insert(db: Database, id_hash: str, sealed_token: str, created_at: str,
           expires_at: str) -> None:
    db.execute("INSERT INTO web_sessions (id_hash, sealed_token, created_at, expires_at) "
               "VALUES (%s, %s, %s, %s)", (id_hash, sealed_token, created_at, expires_at))


def find(db: Database, id_hash: str) -> tuple[str, str] | None:
    """(sealed token, expires at) of a session."""
    row = db.fetchone("SELECT sealed_token, expires_at FROM web_sessions WHERE id_hash = %s",
                      (id_hash,))
    return (row[0], row[1]) if row else None


def delete(db: Database, id_hash: str, expired_before: str) -> None:
    """The session, and every session that expired before the given moment."""
    db.execute("DELETE FROM web_sessions WHERE id_hash = %s OR expires_at < %s",
               (id_hash, expired_before))
