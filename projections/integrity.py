"""The integrity read model: the hash chain as the log is followed, and signed checkpoints.

`integrity_chain` holds (position, hash) for every event, written batch by batch. The hashes
are computed from the STORED event bytes (see `ledger.integrity`): the runner hands each
batch's notifications, as it read them from the store, to `apply_stored` (no event of the
batch is decoded for this projection).

`verify_store` recomputes the chain from the stored events and compares it with this table
and with every recorded checkpoint: an edited event shows as a hash that differs, a deleted
one as a position in the table without an event, a reordering as hashes that differ from
the first moved position on.

`integrity_checkpoints` keeps the signed checkpoints handed out; a rebuild of the projection
clears the chain but keeps them. A rebuild recomputes the chain from the events as they are
now, so after a rebuild only the checkpoints (and those published outside) still vouch for
the earlier history.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from ledger import integrity
from projections.dispatch import EventProjection
from projections.runner import Progress
from projections.support import insert_rows
from store import signing
from store.sql import Cursor, Database

PAGE = 5000


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


def head(db: Database) -> tuple[int, str]:
    """(position, hash) the projection has reached; (0, genesis) before any event."""
    row = db.fetchone("SELECT position, hash FROM integrity_chain ORDER BY position DESC LIMIT 1")
    if row is None:
        return 0, integrity.GENESIS.hex()
    return int(row[0]), row[1]


def hashes(db: Database, positions: Iterable[int]) -> dict[int, str]:
    """The chain hash at each of `positions` (for event histories); missing ones left out."""
    wanted = sorted({int(p) for p in positions})
    found: dict[int, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        rows = db.fetchall(
            "SELECT position, hash FROM integrity_chain WHERE position IN ("
            + ", ".join(["%s"] * len(chunk)) + ")", tuple(chunk),
        )
        found.update((int(p), h) for p, h in rows)
    return found


def chain_rows(db: Database, stop: int | None = None) -> Iterator[tuple[int, str]]:
    """The recorded chain in position order, page by page."""
    after = 0
    while True:
        sql = "SELECT position, hash FROM integrity_chain WHERE position > %s"
        params: list[Any] = [after]
        if stop is not None:
            sql += " AND position <= %s"
            params.append(stop)
        rows = db.fetchall(sql + " ORDER BY position LIMIT %s", (*params, PAGE))
        for position, digest in rows:
            yield int(position), digest
        if len(rows) < PAGE:
            return
        after = int(rows[-1][0])


# -- checkpoints --------------------------------------------------------------------------


def record_checkpoint(db: Database, cp: Mapping[str, Any]) -> None:
    """Keep a checkpoint that was handed out (one per position; the first one stays)."""
    db.execute(
        "INSERT INTO integrity_checkpoints (position, hash, signed_at, public_key, signature) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (position) DO NOTHING",
        (cp["position"], cp["hash"], cp["signed_at"], cp["public_key"], cp["signature"]),
    )


def checkpoints(db: Database) -> list[dict[str, Any]]:
    rows = db.fetchall(
        "SELECT position, hash, signed_at, public_key, signature FROM integrity_checkpoints "
        "ORDER BY position"
    )
    return [
        {"position": int(p), "hash": h, "signed_at": s, "public_key": k, "signature": sig}
        for p, h, s, k, sig in rows
    ]


def checkpoint(app: Any, db: Database, *, record: bool = True) -> integrity.Checkpoint:
    """Sign the head the projection reached (bring it up to date first) and keep it."""
    position, digest = head(db)
    cp = signing.sign(position, digest, app)
    if record and position:
        record_checkpoint(db, cp)
    return cp


# -- verification -------------------------------------------------------------------------


def verify_store(app: Any, db: Database,
                 progress: Progress | None = None) -> integrity.Verification:
    """Recompute the chain from the stored events; compare it with the recorded chain and
    the recorded checkpoints. Answers {"ok", "checked", "first_bad_position", "reason",
    "head"}."""
    # The recorded chain first: it is derived from events, so whatever it holds was in the
    # log before the log's head is read next (unless events were deleted from the end).
    chain_stop, _ = head(db)
    recorded = checkpoints(db)
    stop = app.recorder.max_notification_id() or 0
    for cp in recorded:
        if not integrity.verify_checkpoint(cp):
            return {
                "ok": False, "checked": 0, "first_bad_position": cp["position"],
                "reason": f"the checkpoint recorded at position {cp['position']} is not "
                          "validly signed",
                "head": {"position": 0, "hash": integrity.GENESIS.hex()},
            }
    return integrity.verify(
        integrity.iter_log(app, stop=stop) if stop else iter(()),
        chain_rows(db, chain_stop),
        checkpoints=recorded,
        progress=progress,
        total=stop,
    )
