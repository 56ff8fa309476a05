"""The commitments board on a given day, from the `commitments` read model
(projections/commitments.py): each commitment's status as of the end of that day."""


from __future__ import annotations

from datetime import date
from typing import Any

from projections.support import norm_id, placeholders
from store.sql import Database

STATUSES = ("open", "overdue", "fulfilled", "withdrawn")


_COLUMNS = (
    "c.id, c.actor_id, c.process_id, c.description, c.made_on, c.due_on, c.fulfilled_on, "
    "c.withdrawn_on, c.position, (SELECT COUNT(*) FROM commitments_progress p "
    "WHERE p.commitment_id = c.id AND p.reported_on <= %s)"
)
# As of the end of day D (every condition takes D as its parameter):
_FULFILLED = "(c.fulfilled_on IS NOT NULL AND c.fulfilled_on <= %s)"
_WITHDRAWN = "(c.withdrawn_on IS NOT NULL AND c.withdrawn_on <= %s)"
_UNSETTLED = f"NOT {_FULFILLED} AND NOT {_WITHDRAWN}"


def _status_filter(status: str) -> tuple[str, int]:
    """SQL condition for `status` on day D, and how many times it takes D."""
    if status == "fulfilled":
        return _FULFILLED, 1
    if status == "withdrawn":
        return _WITHDRAWN, 1
    if status == "overdue":
        return f"{_UNSETTLED} AND c.due_on < %s", 3
    return f"{_UNSETTLED} AND c.due_on >= %s", 3  # open


def _item(row: tuple, on: str) -> dict:
    (id_, actor_id, process_id, description, made_on, due_on, fulfilled_on, withdrawn_on,
     _position, progress_count) = row
    if fulfilled_on is not None and fulfilled_on > on:
        fulfilled_on = None
    if withdrawn_on is not None and withdrawn_on > on:
        withdrawn_on = None
    if fulfilled_on is not None:
        status = "fulfilled"
    elif withdrawn_on is not None:
        status = "withdrawn"
    else:
        status = "overdue" if due_on < on else "open"
    return {
        "id": id_,
        "actor_id": actor_id,
        "process_id": process_id,
        "description": description,
        "made_on": made_on,
        "due_on": due_on,
        "status": status,
        "fulfilled_on": fulfilled_on,
        "fulfilled_late": fulfilled_on is not None and fulfilled_on > due_on,
        "withdrawn_on": withdrawn_on,
        "progress_count": int(progress_count),
    }


def commitments_board(
    db: Database, *, process_id: Any = None, actor_id: Any = None, status: str | None = None,
    on: date | None = None, process_ids: set[str] | None = None, limit: int = 200,
    after: Any = None,
) -> dict:
    """Commitments as of the end of domain day `on` (default today), by due date.

    {"items": [{"id", "actor_id", "process_id", "description", "made_on", "due_on",
    "status", "fulfilled_on", "fulfilled_late", "withdrawn_on", "progress_count"}],
    "next"}: `status` is `open`, `overdue`, `fulfilled` or `withdrawn` (see the module doc);
    `process_ids` (ids as strings or UUIDs) restricts to a token's scope (an empty set:
    nothing); items are ordered by
    due date, then log position; `next` is the id to pass as `after` for the next page, or
    None. Raises ValueError for an unknown status and KeyError for an unknown `after`.
    """
    if status is not None and status not in STATUSES:
        raise ValueError(f"status must be one of {', '.join(STATUSES)}")
    day_on = (on or date.today()).isoformat()
    where = ["c.made_on <= %s"]
    params: list[Any] = [day_on, day_on]  # the progress count's D, then made_on's
    if process_id is not None:
        where.append("c.process_id = %s")
        params.append(norm_id(process_id))
    if actor_id is not None:
        where.append("c.actor_id = %s")
        params.append(norm_id(actor_id))
    if process_ids is not None:
        scope = sorted(filter(None, map(norm_id, process_ids)))
        if not scope:
            return {"items": [], "next": None}
        where.append(f"c.process_id IN ({placeholders(len(scope))})")
        params.extend(scope)
    if status is not None:
        condition, uses = _status_filter(status)
        where.append(condition)
        params.extend([day_on] * uses)
    if after is not None:
        row = db.fetchone("SELECT due_on, position FROM commitments_board WHERE id = %s",
                          (norm_id(after),))
        if row is None:
            raise KeyError(after)
        where.append("(c.due_on > %s OR (c.due_on = %s AND c.position > %s))")
        params.extend([row[0], row[0], row[1]])
    sql = (f"SELECT {_COLUMNS} FROM commitments_board c WHERE {' AND '.join(where)} "
           "ORDER BY c.due_on, c.position LIMIT %s")
    params.append(limit + 1)
    rows = db.fetchall(sql, tuple(params))
    items = [_item(row, day_on) for row in rows[:limit]]
    return {"items": items, "next": items[-1]["id"] if len(rows) > limit else None}
