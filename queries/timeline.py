"""The timeline of a participation process, from the `timeline` read model
(projections/timeline.py): its entries by domain date, actor placeholders resolved to names
at read time (an erased person's reads "[erased]")."""


from __future__ import annotations

from datetime import date
from typing import Any

from projections.support import (
    ids_list,
    norm_id,
    select_in,
)
from projections.timeline import UNKNOWN, _actor
from store.sql import Database


def actor_names(db: Database, ids: set[str]) -> dict[str, str]:
    """id -> name (an erased person's reads "[erased]")."""
    if not ids:
        return {}
    return dict(select_in(db, "SELECT id, name FROM timeline_actors WHERE id IN ({})", ids))


def _render(summary: str, actor_ids: list[str], names: dict[str, str]) -> str:
    for i, actor_id in enumerate(actor_ids):
        summary = summary.replace(_actor(i), names.get(actor_id, UNKNOWN))
    return summary


def timeline(
    db: Database, process_id: Any, *, from_: date | None = None, to: date | None = None,
) -> dict | None:
    """Everything belonging to a process between `from_` and `to` (inclusive, domain dates).

    {"process_id", "entries": [{"on", "kind", "summary", "ref": {"type", "id"}}]} in
    domain-date order, ties by log position; None if the process is unknown.
    """
    key = norm_id(process_id)
    if key is None or db.fetchone(
        "SELECT 1 FROM timeline_subjects WHERE id = %s AND kind = %s", (key, "process")
    ) is None:
        return None
    sql = ("SELECT occurred_on, kind, summary, actor_ids, ref_type, ref_id "
           "FROM timeline_entries WHERE process_id = %s")
    params: list[Any] = [key]
    if from_ is not None:
        sql += " AND occurred_on >= %s"
        params.append(from_.isoformat())
    if to is not None:
        sql += " AND occurred_on <= %s"
        params.append(to.isoformat())
    rows = db.fetchall(sql + " ORDER BY occurred_on, position", tuple(params))
    names = actor_names(db, {a for row in rows for a in ids_list(row[3])})
    return {
        "process_id": key,
        "entries": [
            {"on": on, "kind": kind, "summary": _render(summary, ids_list(actors), names),
             "ref": {"type": ref_type, "id": ref_id}}
            for on, kind, summary, actors, ref_type, ref_id in rows
        ],
    }
