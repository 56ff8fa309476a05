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

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.commitments import Commitment
from projections.dispatch import EventProjection
from projections.support import day, insert_rows, sid
from store.sql import Cursor

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

    # The event classes in the handlers' annotations are made at run time by eventsourcing's
    # @event decorator (ledger/domain), which mypy cannot see: hence `ignore[name-defined]`.
    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _made(self, e: Commitment.Made, position: int) -> None:  # type: ignore[name-defined]
        id_ = sid(e.originator_id)
        self.made[id_] = [
            id_, sid(e.actor_id), sid(e.process_id), e.description, day(e.made_on),
            day(e.due_on), None, None, sid(e.proposal_id), sid(e.gathering_id), position,
        ]

    @project.register
    def _progress(self, e: Commitment.ProgressReported, position: int) -> None:  # type: ignore[name-defined]
        self.progress.append((position, sid(e.originator_id), day(e.reported_on)))

    @project.register
    def _fulfilled(self, e: Commitment.Fulfilled, position: int) -> None:  # type: ignore[name-defined]
        self._close(sid(e.originator_id), 6, self.fulfilled, day(e.fulfilled_on))

    @project.register
    def _withdrawn(self, e: Commitment.Withdrawn, position: int) -> None:  # type: ignore[name-defined]
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
