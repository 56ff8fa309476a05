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

from typing import Any

from ledger.events import event_type
from projections.runner import Projection
from projections.support import day, insert_rows, sid
from store.sql import Cursor

STATUSES = ("open", "overdue", "fulfilled", "withdrawn")


class CommitmentsProjection(Projection):
    name = "commitments"
    version = 1
    deferred_indexes = (
        "commitments_board_by_due",
        "commitments_board_by_process",
        "commitments_board_by_actor",
        "commitments_progress_by_commitment",
    )
    cost = 1.0  # us CPU per event over reading the log (bench/projections.py)
    handles = frozenset(("Commitment.*",))
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

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        kind = event_type(event)
        if not kind.startswith("Commitment."):
            return
        id_ = sid(event.originator_id)
        if kind == "Commitment.Made":
            self.made[id_] = [
                id_, sid(event.actor_id), sid(event.process_id), event.description,
                day(event.made_on), day(event.due_on), None, None, sid(event.proposal_id),
                sid(event.gathering_id), position,
            ]
        elif kind == "Commitment.ProgressReported":
            self.progress.append((position, id_, day(event.reported_on)))
        elif kind == "Commitment.Fulfilled":
            self._close(id_, 6, self.fulfilled, day(event.fulfilled_on))
        elif kind == "Commitment.Withdrawn":
            self._close(id_, 7, self.withdrawn, day(event.withdrawn_on))

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
