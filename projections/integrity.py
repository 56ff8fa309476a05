"""The integrity read model: the hash chain as the log is followed, and signed checkpoints.

`integrity_chain` holds (position, hash) for every event, written batch by batch. The hashes
are computed from the STORED event bytes (see `ledger.integrity`): the runner hands each
batch's notifications, as it read them from the store, to `apply_stored` (no event of the
batch is decoded for this projection).

Its reads (the head, hashes, the checkpoints, `verify_store`) are in `queries/integrity.py`.

`integrity_checkpoints` keeps the signed checkpoints handed out; a rebuild of the projection
clears the chain but keeps them. A rebuild recomputes the chain from the events as they are
now, so after a rebuild only the checkpoints (and those published outside) still vouch for
the earlier history.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ledger import integrity
from projections.dispatch import EventProjection
from projections.support import insert_rows
from store.sql import Cursor, Database


class IntegrityProjection(EventProjection):
    name = "integrity"
    version = 1
    cost = 4.0  # us CPU per event over reading the log (bench/projections.py)
    # No handler on `project`: it wants no decoded event, the stored notifications are all
    # it needs.
    wants_stored = True
    buffered = True

    def __init__(self, app: Any = None) -> None:
        self.app = app  # not needed to project (kept for callers that pass it)
        self.stored: list[Any] = []
        # (position, hash) this projection's last batch ended with, if known: the next
        # batch is hashed from it before its transaction opens, and end_batch checks it
        # against the table (else hashes again from what the table holds).
        self.head: tuple[int, bytes] | None = None
        self.rows: list[tuple[int, str]] = []

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS integrity_chain ("
            "position BIGINT PRIMARY KEY, hash TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS integrity_checkpoints ("
            "position BIGINT PRIMARY KEY, hash TEXT NOT NULL, signed_at TEXT NOT NULL, "
            "public_key TEXT NOT NULL, signature TEXT NOT NULL)"
        )

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM integrity_chain")
        self.head = (0, integrity.GENESIS)  # if this rolls back, end_batch will notice

    def begin_batch(self, cur: Cursor) -> None:
        self.stored = []
        self.rows = []

    def apply_stored(self, cur: Cursor, notifications: Sequence[Any]) -> None:
        self.stored.extend(notifications)
        if self.head is not None and notifications and self.head[0] < notifications[0].id:
            self.rows = [(p, h.hex()) for p, h in integrity.chain(notifications, self.head[1])]

    def end_batch(self, cur: Cursor) -> None:
        if not self.stored:
            return
        first = self.stored[0].id
        row = cur.execute(
            "SELECT position, hash FROM integrity_chain ORDER BY position DESC LIMIT 1"
        ).fetchone()
        previous = integrity.GENESIS
        if row is not None:
            if row[0] >= first:
                raise RuntimeError(f"integrity chain already reaches {row[0]}, batch starts "
                                   f"at {first}")
            previous = bytes.fromhex(row[1])
        position = int(row[0]) if row is not None else 0
        rows = self.rows
        if self.head != (position, previous) or len(rows) != len(self.stored):
            rows = [(p, h.hex()) for p, h in integrity.chain(self.stored, previous)]
        insert_rows(cur, "integrity_chain", "position, hash", rows)
        # If this transaction rolls back, the next end_batch sees the table disagree.
        self.head = (rows[-1][0], bytes.fromhex(rows[-1][1]))
        self.stored, self.rows = [], []


# -- checkpoints --------------------------------------------------------------------------


def record_checkpoint(db: Database, cp: Mapping[str, Any]) -> None:
    """Keep a checkpoint that was handed out (one per position; the first one stays)."""
    db.execute(
        "INSERT INTO integrity_checkpoints (position, hash, signed_at, public_key, signature) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (position) DO NOTHING",
        (cp["position"], cp["hash"], cp["signed_at"], cp["public_key"], cp["signature"]),
    )
