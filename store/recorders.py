"""eventsourcing's SQLite and PostgreSQL application recorders, checking a save's
preconditions (`ledger.preconditions`) inside the transaction that inserts its events.

The check runs after the insert holds the log's write lock (SQLite's one writer, taken by the
first INSERT; PostgreSQL's `LOCK TABLE ... IN EXCLUSIVE MODE`, which every save takes), so no
other save can commit between the check and this one. `store/config.py` names these classes
as the application recorder (`APPLICATION_RECORDER_TOPIC`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder
from eventsourcing.sqlite import SQLiteApplicationRecorder

from ledger.preconditions import check
from store.layout import POSTGRES_POSITION, SQLITE_POSITION


class SQLiteRecorder(SQLiteApplicationRecorder):
    checks_preconditions = True

    def _insert_events(self, c: Any, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        ids = super()._insert_events(c, stored_events, **kwargs)
        table = self.events_table_name

        def last_version(id: UUID) -> int | None:  # noqa: A002
            c.execute(f"SELECT MAX(originator_version) FROM {table} WHERE originator_id = ?",
                      (id.hex,))
            return c.fetchone()[0]

        def events_after(position: int, topics: Sequence[str]) -> list[StoredEvent]:
            marks = ", ".join("?" * len(topics))
            c.execute(f"SELECT originator_id, originator_version, topic, state FROM {table} "
                      f"WHERE {SQLITE_POSITION} > ? AND topic IN ({marks})",
                      (position, *topics))
            return [StoredEvent(UUID(row[0]), row[1], row[2], row[3]) for row in c.fetchall()]

        check(kwargs.get("preconditions", ()), last_version=last_version,
              events_after=events_after)
        return ids


class PostgresRecorder(PostgresApplicationRecorder):
    checks_preconditions = True

    def _fetch_ids_after_insert_events(self, curs: Any, stored_events: Sequence[StoredEvent],
                                       **kwargs: Any) -> Sequence[int] | None:
        # Called after the inserts were synced: the table lock is held.
        ids = super()._fetch_ids_after_insert_events(curs, stored_events, **kwargs)
        preconditions = kwargs.get("preconditions", ())
        if not preconditions:
            return ids
        table = f'"{self.datastore.schema}"."{self.events_table_name}"'
        with curs.connection.cursor() as own:

            def last_version(id: UUID) -> int | None:  # noqa: A002
                own.execute(f"SELECT MAX(originator_version) AS v FROM {table} "
                            "WHERE originator_id = %s", (id,))
                return own.fetchone()["v"]

            def events_after(position: int, topics: Sequence[str]) -> list[StoredEvent]:
                own.execute(f"SELECT originator_id, originator_version, topic, state "
                            f"FROM {table} WHERE {POSTGRES_POSITION} > %s "
                            "AND topic = ANY(%s)", (position, list(topics)))
                return [StoredEvent(r["originator_id"], r["originator_version"], r["topic"],
                                    bytes(r["state"])) for r in own.fetchall()]

            try:
                check(preconditions, last_version=last_version, events_after=events_after)
            except IntegrityError:
                # eventsourcing keeps the exception until the transaction block has ended,
                # which commits unless the transaction failed: make it fail.
                with contextlib.suppress(psycopg.Error):
                    own.execute("SELECT CAST('precondition failed' AS integer)")
                    own.fetchall()
                raise
        return ids
