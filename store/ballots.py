"""The ballot index's store in the application's own database (`ledger.ballot_store`).

`ballot_index` (vote_id, voter_id, position, recorded_at, choice; primary key (vote_id,
voter_id), index on (vote_id, position)) and `ballot_index_position` (the one row: the log
position the index is caught up through) sit beside the event table, in its schema on
PostgreSQL. Ids are kept as the event table keeps them: 32 hex digits on SQLite, uuid on
PostgreSQL; recorded_at as fixed-width UTC text on SQLite (so text order is time order),
timestamptz on PostgreSQL.

On a PostgreSQL hot standby (read-only) the table is the primary's, as replication carries
it: read as it is, never written; the index reads what it lacks from the log.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

import psycopg

from ledger.ballot_store import BallotStore, Found, MemoryBallotStore, ReadOnlyStore, Row
from store import layout
from store.keys import SETUP_LOCK_KEY
from store.sql import qmark

TABLE = "ballot_index"
POSITION_TABLE = "ballot_index_position"
_AT = "%Y-%m-%dT%H:%M:%S.%fZ"


def _utc(at: datetime) -> datetime:
    return (at if at.tzinfo is not None else at.replace(tzinfo=UTC)).astimezone(UTC)


def _read_only(exc: BaseException) -> bool:
    """Whether the database refused a write as read-only (eventsourcing wraps the driver's
    error in its own)."""
    for error in (exc, exc.__cause__):
        if isinstance(error, psycopg.errors.ReadOnlySqlTransaction):
            return True
        if isinstance(error, sqlite3.OperationalError) and "readonly" in str(error):
            return True
    return False


class SQLBallotStore:
    """`ballot_index` in the application's own database (SQLite file or PostgreSQL)."""

    def __init__(self, recorder: Any) -> None:
        self.recorder = recorder
        self.dialect = layout.dialect_of(recorder)
        self.table = layout.qualified(recorder, TABLE)
        self.position_table = layout.qualified(recorder, POSITION_TABLE)
        self._checked = False  # the table exists (made now if it did not)
        self._missing = False  # it does not, and this database takes no writes

    def _sql(self, sql: str) -> str:
        return qmark(sql) if self.dialect == "sqlite" else sql

    @contextmanager
    def _tx(self, commit: bool = True) -> Iterator[Any]:
        try:
            with layout.transaction(self.recorder, commit=commit) as cur:
                yield cur
        except Exception as exc:
            if _read_only(exc):
                raise ReadOnlyStore(str(exc)) from exc
            raise

    def create_table(self) -> None:
        """Made only where missing: on SQLite a transaction that reads before it writes
        cannot wait for another writer, so one that finds the tables writes nothing."""
        if not self._exists():
            self._create()
        self._checked, self._missing = True, False

    def _exists(self) -> bool:
        if self.dialect == "postgresql":
            exists = "SELECT to_regclass(%s) IS NOT NULL AS found"
            name = f'"{layout.schema(self.recorder)}".{POSITION_TABLE}'
        else:
            exists = "SELECT COUNT(*) > 0 AS found FROM sqlite_master WHERE name = %s"
            name = POSITION_TABLE
        with self._tx(commit=False) as cur:
            cur.execute(self._sql(exists), (name,))
            return bool(cur.fetchone()["found"])

    def _create(self) -> None:
        ids = "UUID" if self.dialect == "postgresql" else "TEXT"
        at = "TIMESTAMPTZ" if self.dialect == "postgresql" else "TEXT"
        # SQLite: the rows are the primary key's b-tree, no rowid table beside it.
        shape = "" if self.dialect == "postgresql" else " WITHOUT ROWID"
        index = f"{TABLE}_by_position"
        with self._tx() as cur:
            if self.dialect == "postgresql":
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.table} ("
                f"vote_id {ids} NOT NULL, voter_id {ids} NOT NULL, position BIGINT NOT NULL, "
                f"recorded_at {at} NOT NULL, choice TEXT NOT NULL, "
                f"PRIMARY KEY (vote_id, voter_id)){shape}")
            cur.execute(f"CREATE INDEX IF NOT EXISTS {index} ON {self.table} "
                        "(vote_id, position)")
            cur.execute(
                f"CREATE TABLE IF NOT EXISTS {self.position_table} ("
                "id INTEGER PRIMARY KEY CHECK (id = 1), position BIGINT NOT NULL)")
            cur.execute(f"INSERT INTO {self.position_table} (id, position) VALUES (1, 0) "
                        "ON CONFLICT (id) DO NOTHING")

    def _ready(self) -> bool:
        """Whether the table can be read: one made by an earlier release's `init` has none,
        and it is made at first use (unless the database takes no writes)."""
        if self._checked:
            return not self._missing
        try:
            self.create_table()
        except ReadOnlyStore:
            self._checked, self._missing = True, True
        return not self._missing

    def through(self) -> int:
        if not self._ready():
            return 0
        with self._tx(commit=False) as cur:
            cur.execute(f"SELECT position FROM {self.position_table} WHERE id = 1")
            row = cur.fetchone()
        return int(row["position"]) if row is not None else 0

    def add(self, rows: Sequence[Row], through: int) -> int:
        if not self._ready():
            raise ReadOnlyStore("no ballot_index table, and the database takes no writes")
        greatest = "GREATEST" if self.dialect == "postgresql" else "MAX"
        with self._tx() as cur:
            # Write first: a SQLite transaction that read before writing may find the
            # database taken by a writer that committed meanwhile, and cannot wait for it.
            if rows:
                cur.executemany(self._sql(
                    f"INSERT INTO {self.table} (vote_id, voter_id, position, recorded_at, "
                    "choice) VALUES (%s, %s, %s, %s, %s) "
                    "ON CONFLICT (vote_id, voter_id) DO NOTHING"),
                    [self._row(row) for row in rows])
            cur.execute(self._sql(
                f"UPDATE {self.position_table} SET position = {greatest}(position, %s) "
                "WHERE id = 1"), (through,))
            cur.execute(f"SELECT position FROM {self.position_table} WHERE id = 1")
            return int(cur.fetchone()["position"])

    def _row(self, row: Row) -> tuple[Any, ...]:
        vote_id, voter_id, position, at, choice = row
        if self.dialect == "postgresql":
            return vote_id, voter_id, position, at, choice
        return vote_id.hex, voter_id.hex, position, _utc(at).strftime(_AT), choice

    def of_vote(self, vote_id: UUID, through: int,
                as_of: datetime | None = None) -> list[Found]:
        if not self._ready():
            return []
        sql = (f"SELECT voter_id, position, choice FROM {self.table} "
               "WHERE vote_id = %s AND position <= %s")
        pg = self.dialect == "postgresql"
        params: list[Any] = [vote_id if pg else vote_id.hex, through]
        if as_of is not None:
            sql += " AND recorded_at <= %s"
            params.append(as_of if pg else _utc(as_of).strftime(_AT))
        with self._tx(commit=False) as cur:
            cur.execute(self._sql(sql + " ORDER BY position"), tuple(params))
            found = cur.fetchall()
        if pg:
            return [(r["voter_id"].hex, r["position"], r["choice"]) for r in found]
        return [(r["voter_id"], r["position"], r["choice"]) for r in found]


    def last_positions(self, vote_ids: Sequence[UUID], through: int) -> dict[UUID, int]:
        if not vote_ids or not self._ready():
            return {}
        # One index seek per vote on (vote_id, position), not a count of its ballots.
        pg = self.dialect == "postgresql"
        marks = ", ".join(["(%s)"] * len(vote_ids))
        sql = (f"SELECT v.id AS vote_id, (SELECT MAX(position) FROM {self.table} "
               "WHERE vote_id = v.id AND position <= %s) AS last "
               f"FROM (VALUES {marks}) AS v(id)" if pg else
               f"SELECT v.column1 AS vote_id, (SELECT MAX(position) FROM {self.table} "
               "WHERE vote_id = v.column1 AND position <= %s) AS last "
               f"FROM (VALUES {marks}) AS v")
        ids = [vote_id if pg else vote_id.hex for vote_id in vote_ids]
        with self._tx(commit=False) as cur:
            cur.execute(self._sql(sql), (through, *ids))
            rows = cur.fetchall()
        return {(r["vote_id"] if pg else UUID(r["vote_id"])): int(r["last"])
                for r in rows if r["last"] is not None}


def ballot_store_for(app: Any) -> BallotStore:
    """The application's ballot store: in its SQLite or PostgreSQL database, else in memory."""
    if layout.dialect(app) == "memory":
        return MemoryBallotStore()
    return SQLBallotStore(app.recorder)
