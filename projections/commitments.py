"""The commitments board (Selbstverpflichtungen / Zusagen): which promises are kept, open, late.

`commitments_board` holds one row per commitment with the days it was made, is due, was
fulfilled or withdrawn; `commitments_progress` one row per progress report.

Status on a day D is the commitment's state as of the end of D, by domain dates:
- only commitments made on or before D are on the board;
- `fulfilled` if fulfilled on or before D (`fulfilled_late` when after its due date),
- `withdrawn` if withdrawn on or before D,
- otherwise `overdue` if due before D, else `open` (as `Commitment.status_on` decides);
- `fulfilled_on`, `withdrawn_on` and `progress_count` likewise only count what happened by D.
So a board for a past day shows what was open and overdue then, even if fulfilled since.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.commitments import Commitment
from projections.db import Cursor, Database
from projections.dispatch import EventProjection
from projections.support import day, insert_rows, norm_id, placeholders, sid

STATUSES = ("open", "overdue", "fulfilled", "withdrawn")


class CommitmentsProjection(EventProjection):
    name = "commitments"
    version = 1
    deferred_indexes = (
        "commitments_board_by_due",
        "commitments_board_by_process",
        "commitments_board_by_actor",
        "commitments_progress_by_commitment",
    )
    cost = 1.0  # us CPU per event over reading the log (bench/projections.py)
    buffered = True

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS commitments_board ("
            "id TEXT PRIMARY KEY, actor_id TEXT NOT NULL, process_id TEXT NOT NULL, "
            "description TEXT NOT NULL, made_on TEXT NOT NULL, due_on TEXT NOT NULL, "
            "fulfilled_on TEXT, withdrawn_on TEXT, proposal_id TEXT, gathering_id TEXT, "
            "position BIGINT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS commitments_board_by_due "
            "ON commitments_board (due_on, position)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS commitments_board_by_process "
            "ON commitments_board (process_id, due_on)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS commitments_board_by_actor "
            "ON commitments_board (actor_id, due_on)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS commitments_progress ("
            "position BIGINT PRIMARY KEY, commitment_id TEXT NOT NULL, reported_on TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS commitments_progress_by_commitment "
            "ON commitments_progress (commitment_id, reported_on)"
        )

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM commitments_board")
        cur.execute("DELETE FROM commitments_progress")

    def begin_batch(self, cur: Cursor) -> None:
        self.made: dict[str, list[Any]] = {}  # new in this batch
        self.fulfilled: list[tuple] = []  # (fulfilled_on, id) of earlier commitments
        self.withdrawn: list[tuple] = []
        self.progress: list[tuple] = []

    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _made(self, e: Commitment.Made, position: int) -> None:
        id_ = sid(e.originator_id)
        self.made[id_] = [
            id_, sid(e.actor_id), sid(e.process_id), e.description, day(e.made_on),
            day(e.due_on), None, None, sid(e.proposal_id), sid(e.gathering_id), position,
        ]

    @project.register
    def _progress(self, e: Commitment.ProgressReported, position: int) -> None:
        self.progress.append((position, sid(e.originator_id), day(e.reported_on)))

    @project.register
    def _fulfilled(self, e: Commitment.Fulfilled, position: int) -> None:
        self._close(sid(e.originator_id), 6, self.fulfilled, day(e.fulfilled_on))

    @project.register
    def _withdrawn(self, e: Commitment.Withdrawn, position: int) -> None:
        self._close(sid(e.originator_id), 7, self.withdrawn, day(e.withdrawn_on))

    def _close(self, id_: str, column: int, updates: list[tuple], on: str | None) -> None:
        row = self.made.get(id_)
        if row is not None:
            row[column] = on
        else:
            updates.append((on, id_))

    def end_batch(self, cur: Cursor) -> None:
        insert_rows(cur, "commitments_board",
                    "id, actor_id, process_id, description, made_on, due_on, fulfilled_on, "
                    "withdrawn_on, proposal_id, gathering_id, position", list(self.made.values()))
        if self.fulfilled:
            cur.executemany("UPDATE commitments_board SET fulfilled_on = %s WHERE id = %s",
                            self.fulfilled)
        if self.withdrawn:
            cur.executemany("UPDATE commitments_board SET withdrawn_on = %s WHERE id = %s",
                            self.withdrawn)
        insert_rows(cur, "commitments_progress", "position, commitment_id, reported_on",
                    self.progress)


# --- queries ------------------------------------------------------------------------------

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
