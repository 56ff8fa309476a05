"""The `verify_runs` table: when the hash chain was last checked and whether it verified.

`kiezledger verify` and `GET /v1/integrity/verify` add a row; `/metrics` shows the last one, so
that an alert can fire on a failed check or on one that stopped running.
"""

from __future__ import annotations

from datetime import UTC, datetime

from store.sql import Cursor, Database

DDL = (
    "CREATE TABLE IF NOT EXISTS verify_runs ("
    " finished_at TEXT NOT NULL,"
    " ok INTEGER NOT NULL,"
    " checked BIGINT NOT NULL,"
    " first_bad_position BIGINT)"
)


def create_table(cur: Cursor) -> None:
    cur.execute(DDL)


def record(db: Database, ok: bool, checked: int, first_bad: int | None) -> None:
    """Keep one verify's result; nothing if the table was never made (a store without
    `kiezledger init`: verify itself changes nothing there)."""
    if not db.has_table("verify_runs"):
        return
    db.execute("INSERT INTO verify_runs (finished_at, ok, checked, first_bad_position) "
               "VALUES (%s, %s, %s, %s)",
               (datetime.now(UTC).isoformat(), bool(ok), int(checked), first_bad))


def last(db: Database) -> tuple[datetime, bool] | None:
    """(when, ok) of the last verify, None if none ran."""
    if not db.has_table("verify_runs"):
        return None
    row = db.fetchone("SELECT finished_at, ok FROM verify_runs "
                      "ORDER BY finished_at DESC LIMIT 1")
    if row is None:
        return None
    return datetime.fromisoformat(row[0]), bool(row[1])
