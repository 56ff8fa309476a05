"""The hash chain as the `integrity` read model (projections/integrity.py) recorded it: its
head, the hash at given positions, the chain page by page, the checkpoints handed out, and
`verify_store`, which recomputes the chain from the stored events and compares.

`verify_store` compares the recomputed chain with the recorded one and with every recorded
checkpoint: an edited event shows as a hash that differs, a deleted one as a position in the
table without an event, a reordering as hashes that differ from the first moved position on.

Handing out a checkpoint (`checkpoint`, `signed_head`) keeps it, through the read model's
`record_checkpoint`: a later `verify_store` checks the store against it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from ledger import integrity
from ledger.application import Ledger
from projections.integrity import record_checkpoint
from projections.runner import Progress
from store import layout, signing
from store.sql import Database

PAGE = 5000
BATCH = 10_000  # events verified per batch
CHECKPOINT_COLUMNS = ("position", "hash", "signed_at", "public_key", "signature")


def head(db: Database) -> tuple[int, str]:
    """(position, hash) the read model has reached; (0, genesis) before any event."""
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
        params: list[int] = [after]
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


def _checkpoint_of(row: tuple[Any, ...]) -> dict[str, Any]:
    cp = dict(zip(CHECKPOINT_COLUMNS, row, strict=True))
    cp["position"] = int(cp["position"])
    return cp


def checkpoints(db: Database) -> list[dict[str, Any]]:
    """Every checkpoint handed out, in position order."""
    rows = db.fetchall(
        f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM integrity_checkpoints ORDER BY position"
    )
    return [_checkpoint_of(row) for row in rows]


def kept_checkpoint(db: Database, position: int) -> dict[str, Any] | None:
    """The checkpoint handed out for `position`, if one was."""
    row = db.fetchone(
        f"SELECT {', '.join(CHECKPOINT_COLUMNS)} FROM integrity_checkpoints "
        "WHERE position = %s", (position,))
    return None if row is None else _checkpoint_of(row)


def checkpoint(app: Ledger, db: Database, *, record: bool = True) -> integrity.Checkpoint:
    """Sign the head the read model reached (bring it up to date first) and keep it."""
    position, digest = head(db)
    cp = signing.sign(position, digest, app)
    if record and position:
        record_checkpoint(db, cp)
    return cp


def signed_head(app: Ledger, db: Database) -> Mapping[str, Any]:
    """The checkpoint of the head the read model reached: the one kept for it if it was
    signed with today's key, else a new one (kept)."""
    position, digest = head(db)
    if position:
        kept = kept_checkpoint(db, position)
        if (kept is not None and kept["hash"] == digest
                and kept["public_key"] == signing.public_key_pem(app)
                and integrity.verify_checkpoint(kept)):
            return kept
    return checkpoint(app, db)


# -- verification -------------------------------------------------------------------------


def verify_store(app: Ledger, db: Database,
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
    read = layout.log_rows(app, db)
    if read is None:  # the log is not in this database: the recorder reads it
        return integrity.verify(
            integrity.iter_log(app, stop=stop) if stop else iter(()),
            chain_rows(db, chain_stop),
            checkpoints=recorded,
            progress=progress,
            total=stop,
        )
    # Large batches of plain rows hashed straight from the stored bytes, each beside the
    # recorded chain over the same positions (the same checks as `integrity.verify`).
    v = integrity.ChainVerifier(recorded)
    start, last = 1, 0
    while stop and not v.failed:
        rows = read(start, BATCH, stop)
        if not rows:
            break
        end = rows[-1][0] if len(rows) == BATCH else max(stop, chain_stop)
        v.feed_rows(rows, _chain_between(db, last, min(end, chain_stop)))
        start, last = end + 1, end
        if progress is not None:
            progress(v.checked, stop)
    if not v.failed and last < chain_stop:  # recorded positions after the last event
        for position, digest in _chain_between(db, last, chain_stop):
            v.expect(position, digest)
    if progress is not None:
        progress(v.checked, max(stop, v.checked))
    return v.finish()


def _chain_between(db: Database, after: int, upto: int) -> list[tuple[int, str]]:
    """The recorded chain over positions `after` < position <= `upto`."""
    if upto <= after:
        return []
    return [(int(p), h) for p, h in db.fetchall(
        "SELECT position, hash FROM integrity_chain WHERE position > %s AND position <= %s "
        "ORDER BY position", (after, upto))]
