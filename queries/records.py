"""Records by collection: pages of a collection and where each record's events stand in the
log, from the `catalog` read model."""

from __future__ import annotations

from typing import Any

from projections.catalog import decode_state, state_transcoder
from store.sql import Database

_TRANSCODER = state_transcoder()


def list_records(
    db: Database, collection: str, *, process_ids: set[str] | None = None,
    after: str | None = None, limit: int = 50,
) -> list[tuple[str, Any]]:
    """(id, current record) of a collection in creation order, the record None where the
    catalog keeps no state (actors: read them from the ledger); `after` is the last id of the
    previous page (KeyError when it is not one of this collection)."""
    start = 0
    if after is not None:
        row = db.fetchone(
            "SELECT position FROM catalog_records WHERE id = %s AND collection = %s",
            (after, collection),
        )
        if row is None:
            raise KeyError(after)
        start = row[0]
    sql = "SELECT id, state FROM catalog_records WHERE collection = %s AND position > %s"
    params: list[Any] = [collection, start]
    if process_ids is not None:
        if not process_ids:
            return []
        sql += " AND process_id IN (" + ", ".join(["%s"] * len(process_ids)) + ")"
        params.extend(sorted(process_ids))
    sql += " ORDER BY position LIMIT %s"
    params.append(limit)
    return [(record_id, None if state is None else decode_state(_TRANSCODER, state))
            for record_id, state in db.fetchall(sql, tuple(params))]


def event_positions(db: Database, originator_id: str) -> dict[int, int]:
    """Version -> global log position for one record's events."""
    rows = db.fetchall(
        "SELECT version, position FROM catalog_events WHERE originator_id = %s",
        (originator_id,),
    )
    return {int(version): int(position) for version, position in rows}
