"""The charter (Kiez-Charta) on any day, with the decision behind each clause.

Every clause change is one row of `charter_versions`: its domain date (`valid_from`, the day
of the decision), when the ledger recorded it (`recorded_at`), its log position, the heading
and text it gave the clause (text NULL for a repeal) and its provenance. So both questions
are one query:

- on day D: per clause, the last version with `valid_from <= D`, ordered by
  (`valid_from`, position). A decision whose minutes were entered weeks late takes its place
  by its domain date, not by when it was typed in.
- as the ledger recorded it at T: the same, over the versions with `recorded_at <= T`
  (the event's timestamp), on T's date unless a day is given too.

Where domain order and recorded order disagree, the read model still agrees with the
aggregate on which clauses exist: a change dated before its clause's own addition (a slip
the ledger cannot refuse, as it checks clauses in recorded order) takes effect on the day of
the addition, after it; and a repeal is final from its day on, even over a replacement that
is dated later but was recorded before it.

Clauses keep the order of their first addition in the log, the order the aggregate lists
them in; they are numbered 1..n over the clauses in effect.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.charters import Charter
from projections.dispatch import EventProjection
from projections.support import (
    day,
    ids_text,
    insert_rows,
    moment,
    select_in,
    sid,
)
from store.sql import Cursor


class CharterProjection(EventProjection):
    name = "charter"
    version = 1
    deferred_indexes = ("charter_versions_by_charter",)
    cost = 0.5  # us CPU per event over reading the log (bench/projections.py)
    buffered = True

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_charters ("
            "charter_id TEXT PRIMARY KEY, process_id TEXT, title TEXT NOT NULL, "
            "established_on TEXT NOT NULL, recorded_at TEXT NOT NULL, position BIGINT NOT NULL)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_clauses ("
            "clause_id TEXT PRIMARY KEY, charter_id TEXT NOT NULL, "
            "added_position BIGINT NOT NULL, added_on TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS charter_versions ("
            "position BIGINT PRIMARY KEY, charter_id TEXT NOT NULL, clause_id TEXT NOT NULL, "
            "change TEXT NOT NULL, valid_from TEXT NOT NULL, recorded_at TEXT NOT NULL, "
            "heading TEXT, text TEXT, proposal_id TEXT, amendment_ids TEXT NOT NULL, "
            "vote_id TEXT, gathering_id TEXT, decided_on TEXT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS charter_versions_by_charter "
            "ON charter_versions (charter_id, valid_from)"
        )

    def clear(self, cur: Cursor) -> None:
        for table in ("charter_charters", "charter_clauses", "charter_versions"):
            cur.execute(f"DELETE FROM {table}")

    def begin_batch(self, cur: Cursor) -> None:
        self.charters: list[tuple] = []
        self.clauses: list[tuple] = []
        self.added_on: dict[str, str] = {}  # clause id -> day of its addition
        self.versions: list[list[Any]] = []

    # The event classes in the handlers' annotations are made at run time by eventsourcing's
    # @event decorator (ledger/domain), which mypy cannot see: hence `ignore[name-defined]`.
    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _established(self, e: Charter.Established, position: int) -> None:  # type: ignore[name-defined]
        self.charters.append((
            sid(e.originator_id), sid(e.process_id), e.title, day(e.established_on),
            moment(e.timestamp), position,
        ))

    @project.register
    def _added(self, e: Charter.ClauseAdded, position: int) -> None:
        self._change(e, position, "added", e.heading, e.text)

    @project.register
    def _replaced(self, e: Charter.ClauseReplaced, position: int) -> None:
        self._change(e, position, "replaced", e.heading, e.text)

    @project.register
    def _repealed(self, e: Charter.ClauseRepealed, position: int) -> None:
        self._change(e, position, "repealed", None, None)

    def _change(
        self, e: Any, position: int, change: str, heading: str | None, text: str | None,
    ) -> None:
        charter_id, clause_id = sid(e.originator_id), sid(e.clause_id)
        decision = e.decision
        decided_on = day(decision["decided_on"])
        if change == "added":
            self.clauses.append((clause_id, charter_id, position, decided_on))
            self.added_on[clause_id] = decided_on
        self.versions.append([
            position, charter_id, clause_id, change, decided_on, moment(e.timestamp),
            heading, text, sid(decision.get("proposal_id")),
            ids_text(decision.get("amendment_ids") or ()), sid(decision.get("vote_id")),
            sid(decision.get("gathering_id")), decided_on,
        ])

    def end_batch(self, cur: Cursor) -> None:
        insert_rows(cur, "charter_charters",
                    "charter_id, process_id, title, established_on, recorded_at, position",
                    self.charters)
        insert_rows(cur, "charter_clauses", "clause_id, charter_id, added_position, added_on",
                    self.clauses)
        if not self.versions:
            return
        # A change takes effect no earlier than its clause's addition (see the module doc).
        missing = {v[2] for v in self.versions} - self.added_on.keys()
        if missing:
            self.added_on.update(select_in(
                cur, "SELECT clause_id, added_on FROM charter_clauses WHERE clause_id IN ({})",
                missing,
            ))
        for row in self.versions:
            added_on = self.added_on.get(row[2])
            if added_on is not None and added_on > row[4]:
                row[4] = added_on
        insert_rows(cur, "charter_versions",
                    "position, charter_id, clause_id, change, valid_from, recorded_at, heading, "
                    "text, proposal_id, amendment_ids, vote_id, gathering_id, decided_on",
                    self.versions)
