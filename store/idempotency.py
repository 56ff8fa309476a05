"""The `api_idempotency` table: its schema and every statement on it (the logic:
`api.idempotency`)."""

from __future__ import annotations

from collections.abc import Iterable

from store.sql import Cursor, Database

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


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)


def claim(db: Database, principal: str, key: str, method: str, path: str, body_hash: str,
          created_at: str) -> tuple | None:
    """Claim the key: None if this call claimed it, else the row of the first claim:
    (method, path, body_hash, status, headers, body, created_at)."""
    with db.transaction() as cur:
        claimed = cur.execute(
            "INSERT INTO api_idempotency "
            "(principal, key, method, path, body_hash, created_at) "
            "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (principal, key) DO NOTHING",
            (principal, key, method, path, body_hash, created_at),
        ).rowcount == 1
        if claimed:
            return None
        return cur.execute(
            "SELECT method, path, body_hash, status, headers, body, created_at "
            "FROM api_idempotency WHERE principal = %s AND key = %s",
            (principal, key),
        ).fetchone()


def answer(db: Database, principal: str, key: str, status: int, headers: str,
           body: str) -> None:
    """Store the answer of a claimed key."""
    db.execute(
        "UPDATE api_idempotency SET status = %s, headers = %s, body = %s "
        "WHERE principal = %s AND key = %s AND status IS NULL",
        (status, headers, body, principal, key),
    )


def release(db: Database, principal: str, key: str) -> None:
    """Drop a claim that has no answer yet."""
    db.execute(
        "DELETE FROM api_idempotency WHERE principal = %s AND key = %s AND status IS NULL",
        (principal, key),
    )


def mentioning(db: Database, text: str) -> list[tuple]:
    """(principal, key, body) of every kept answer whose body contains `text`."""
    return db.fetchall(
        "SELECT principal, key, body FROM api_idempotency WHERE body LIKE %s",
        (f"%{text}%",))


def rewrite_bodies(db: Database, changed: Iterable[tuple[str, str, str]]) -> None:
    """Replace bodies ((body, principal, key) each), mark their requests erased, and leave
    no old copy in the table's files (on SQLite the caller checkpoints the WAL)."""
    with db.transaction() as cur:
        if cur.dialect == "sqlite":
            cur.execute("PRAGMA secure_delete = ON")
        cur.executemany(
            "UPDATE api_idempotency SET body = %s, body_hash = 'erased' "
            "WHERE principal = %s AND key = %s", list(changed))
    if db.dialect == "postgresql":
        with db.connect(autocommit=True) as conn:  # type: ignore[attr-defined]
            conn.execute("VACUUM FULL api_idempotency")
