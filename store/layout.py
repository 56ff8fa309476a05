"""The one module that knows eventsourcing's own storage: its tables, their position column,
the connection settings behind its recorders, and raw reads of its log.

Everything here leans on eventsourcing 9.5's internals (private attributes, table layout);
`tests/store/test_layout.py` fails loudly when a release changes any of it.

- SQLite: events in `stored_events` (not prefixed), the log position is the table's `rowid`;
  the recorder's file is `recorder.datastore.pool.db_name`.
- PostgreSQL: events in `"<schema>"."<app name lower-cased>_events"`, the log position is
  `notification_id`; the recorder's connection settings are `recorder.datastore.pool.kwargs`.
- In-memory (`eventsourcing.popo`): no tables.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any
from uuid import UUID

from ledger.ids import uuid_of
from store.sql import Database

SQLITE_POSITION = "rowid"
POSTGRES_POSITION = "notification_id"
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


# -- what the recorder is and where it keeps things ----------------------------------------


def dialect(app: Any) -> str:
    """"sqlite", "postgresql" or "memory", from the application's recorder."""
    return dialect_of(app.recorder)


def dialect_of(recorder: Any) -> str:
    # By class, not module: store/recorders.py subclasses eventsourcing's recorders.
    modules = [cls.__module__ for cls in type(recorder).__mro__]
    if "eventsourcing.sqlite" in modules:
        return "sqlite"
    if "eventsourcing.postgres" in modules:
        return "postgresql"
    return "memory"


def creates_tables(app: Any) -> bool:
    """Whether the application was told to create its tables (`CREATE_TABLE`)."""
    return bool(getattr(app.factory, "env_create_table", lambda: False)())


def events_table(recorder: Any) -> str:
    """The event table's own name (unqualified)."""
    return recorder.events_table_name


def schema(recorder: Any) -> str:
    """The PostgreSQL schema of the recorder's tables."""
    return recorder.datastore.schema


def qualified(recorder: Any, table: str) -> str:
    """`table` beside the recorder's event table: schema-qualified on PostgreSQL."""
    if dialect_of(recorder) == "postgresql":
        return f'"{schema(recorder)}".{table}'
    return table


def sqlite_file(recorder: Any) -> str | None:
    """The recorder's SQLite file; None for an in-memory SQLite or another store."""
    pool = getattr(getattr(recorder, "datastore", None), "pool", None)
    name = getattr(pool, "db_name", None)
    if not name or getattr(pool, "is_sqlite_memory_mode", False):
        return None
    return name


def transaction(recorder: Any, commit: bool) -> AbstractContextManager[Any]:
    """A transaction on the recorder's own connection; rows read as mappings by column."""
    return recorder.datastore.transaction(commit=commit)


def autocommit_connection(recorder: Any) -> AbstractContextManager[Any]:
    """A PostgreSQL connection of the recorder's pool in autocommit (VACUUM needs it)."""
    return recorder.datastore.get_connection()


def notify_channel(recorder: Any) -> str | None:
    """The channel eventsourcing NOTIFYs on every insert (PostgreSQL), else None."""
    return getattr(recorder, "channel_name", None)


# -- raw reads of the log ------------------------------------------------------------------


class StoredNotification:
    """A stored event and its position in the log, as eventsourcing's `Notification` has
    them: `id`, `originator_id`, `originator_version`, `topic`, `state` (the stored bytes)."""

    __slots__ = ("id", "originator_id", "originator_version", "topic", "state")
    id: int
    originator_id: UUID | str  # str only where the recorder keeps ids as text
    originator_version: int
    topic: str
    state: bytes

    def __repr__(self) -> str:
        return (f"StoredNotification(id={self.id!r}, originator_id={self.originator_id!r}, "
                f"originator_version={self.originator_version!r}, topic={self.topic!r})")


Reader = Callable[[int, int, "int | None"], Sequence[Any]]  # (start, limit, stop)


def log_table(recorder: Any, db: Database) -> tuple[str, str] | None:
    """(table, position column) of the recorder's log if `db` reaches the same one."""
    if db.dialect == "sqlite":
        path = getattr(db, "path", None)
        name = sqlite_file(recorder) if dialect_of(recorder) == "sqlite" else None
        if not path or not name:
            return None
        try:
            same = os.path.samefile(name, path)
        except (OSError, TypeError):
            return None
        table = events_table(recorder)
        return (table, SQLITE_POSITION) if same and _PLAIN_NAME.fullmatch(table) else None
    if db.dialect == "postgresql":
        if dialect_of(recorder) != "postgresql":
            return None
        from psycopg.conninfo import conninfo_to_dict

        try:
            theirs = recorder.datastore.pool.kwargs
            ours = conninfo_to_dict(db.url)
            table_schema, table = schema(recorder), events_table(recorder)
        except Exception:
            return None
        keys = (("dbname", None), ("host", None), ("port", "5432"))
        if any(str(theirs.get(k) or default) != str(ours.get(k) or default)
               for k, default in keys):
            return None
        if not (_PLAIN_NAME.fullmatch(table_schema) and _PLAIN_NAME.fullmatch(table)):
            return None
        return f'"{table_schema}"."{table}"', POSTGRES_POSITION
    return None


def log_reader(app: Any, db: Database) -> Reader:
    """`select_notifications(start, limit, stop)` for the projection runner.

    Where the read-side database holds the log of eventsourcing's recorder (the SQLite file
    of the embedded default, or the same PostgreSQL database), the log is read through it
    as plain rows into `StoredNotification`s with the same values (originator ids as UUIDs;
    on SQLite one object per id): about 2 - 2.5 us per event less than the recorder's own
    objects, a tenth of a catch-up (BENCHMARKS.md). Elsewhere the recorder reads it.
    """
    recorder = app.recorder
    select: Reader = lambda start, limit, stop: recorder.select_notifications(  # noqa: E731
        start=start, limit=limit, stop=stop)
    found = log_table(recorder, db)
    if found is None:
        return select
    table, position = found
    columns = (f"SELECT {position}, originator_id, originator_version, topic, state "
               f"FROM {table} ")
    from_start = columns + f"WHERE {position} >= %s ORDER BY {position} LIMIT %s"
    between = (columns + f"WHERE {position} >= %s AND {position} <= %s "
               f"ORDER BY {position} LIMIT %s")
    # SQLite stores ids as text: one UUID per text, as the recorder would make them.
    as_uuid = db.dialect == "sqlite" and recorder.datastore.originator_id_type == "uuid"
    new = object.__new__

    def read(start: int, limit: int, stop: int | None) -> list[StoredNotification]:
        # One statement: on PostgreSQL one round trip, without BEGIN and COMMIT.
        if stop is None:
            rows = db.fetchall(from_start, (start, limit))
        else:
            rows = db.fetchall(between, (start, stop, limit))
        out: list[StoredNotification] = []
        append = out.append
        for id_, originator_id, version, topic, state in rows:
            if as_uuid:
                originator_id = uuid_of(originator_id)
            n = new(StoredNotification)
            n.id, n.originator_id, n.originator_version, n.topic, n.state = (
                id_, originator_id, version, topic, state)
            append(n)
        return out

    return read



def _sqlite_id(app: Any) -> str:
    """SQL for the originator id as the chain's text: SQLite keeps a UUID as its 32 hex
    digits, the text the chain covers is `str(uuid)`, with dashes."""
    o = "originator_id"
    if app.recorder.datastore.originator_id_type != "uuid":
        return o
    return (f"CASE WHEN length({o}) = 32 THEN lower(substr({o}, 1, 8) || '-' || "
            f"substr({o}, 9, 4) || '-' || substr({o}, 13, 4) || '-' || "
            f"substr({o}, 17, 4) || '-' || substr({o}, 21)) ELSE {o} END")


RowReader = Callable[[int, int, "int | None"], list[tuple[int, str, int, str, bytes]]]


def log_rows(app: Any, db: Database) -> RowReader | None:
    """`read(start, limit, stop)`: the log as plain tuples (position, originator id as text,
    version, topic, stored bytes) in position order, through `db` where it reaches the
    recorder's log (else None). The id text is `str(uuid)`, as the hash chain covers it:
    what `verify` hashes straight from the stored bytes, without making objects."""
    found = log_table(app.recorder, db)
    if found is None:
        return None
    table, position = found
    oid = "originator_id::text" if db.dialect == "postgresql" else _sqlite_id(app)
    columns = f"SELECT {position}, {oid}, originator_version, topic, state FROM {table} "
    from_start = columns + f"WHERE {position} >= %s ORDER BY {position} LIMIT %s"
    between = (columns + f"WHERE {position} >= %s AND {position} <= %s "
               f"ORDER BY {position} LIMIT %s")

    def read(start: int, limit: int, stop: int | None) -> list[tuple[int, str, int, str, bytes]]:
        with db.transaction(readonly=True) as cur:
            if stop is None:
                return list(cur.execute(from_start, (start, limit)).fetchall())
            return list(cur.execute(between, (start, stop, limit)).fetchall())

    return read


# -- bulk writes (kiezledger import) -------------------------------------------------------


class BulkWriter:
    """Personal keys and stored events written into one open transaction of the recorder:
    all of them commit together at the end of `bulk_writer`, or none (on any exception).

    SQLite: multi-row inserts (`executemany`, thousands of rows a call, all in the one
    transaction); the guards' BEFORE INSERT trigger still checks every row. PostgreSQL:
    COPY into the event table under eventsourcing's EXCLUSIVE lock, the positions from its
    sequence; the row and truncate triggers stay in place, the primary key still refuses a
    duplicate."""

    def __init__(self, app: Any, cur: Any) -> None:
        self.app, self.cur = app, cur
        self.dialect = dialect(app)
        table = events_table(app.recorder)
        self.table = (f'"{schema(app.recorder)}"."{table}"' if self.dialect == "postgresql"
                      else table)

    def keys(self, rows: Sequence[tuple[str, bytes | None, str | None]]) -> None:
        if rows:
            self.app.personal_keys.restore_in(self.cur, rows)

    def stored(self, start: int, limit: int) -> list[tuple[int, str, int, str, bytes]]:
        """The rows written so far as `log_rows` reads them (inside the transaction)."""
        oid = "originator_id::text" if self.dialect == "postgresql" else _sqlite_id(self.app)
        position = POSTGRES_POSITION if self.dialect == "postgresql" else SQLITE_POSITION
        mark = "%s" if self.dialect == "postgresql" else "?"
        self.cur.execute(
            f"SELECT {position} AS p, {oid} AS o, originator_version AS v, topic AS t, "
            f"state AS s FROM {self.table} WHERE {position} >= {mark} ORDER BY {position} "
            f"LIMIT {mark}", (start, limit))
        return [(r["p"], r["o"], r["v"], r["t"], r["s"]) if not isinstance(r, tuple) else r
                for r in self.cur.fetchall()]

    def events(self, rows: Sequence[tuple[UUID | str, int, str, bytes]]) -> None:
        """(originator_id, originator_version, topic, stored bytes), in log order."""
        if not rows:
            return
        if self.dialect == "sqlite":
            self.cur.executemany(
                f"INSERT INTO {self.table} (originator_id, originator_version, topic, state) "
                "VALUES (?, ?, ?, ?)",
                [(o.hex if isinstance(o, UUID) else o, v, t, s) for o, v, t, s in rows])
            return
        id_type = self.app.recorder.datastore.originator_id_type
        with self.cur.copy(f"COPY {self.table} (originator_id, originator_version, topic, "
                           "state) FROM STDIN (FORMAT binary)") as copy:
            copy.set_types([id_type, "int8", "text", "bytea"])
            for row in rows:
                copy.write_row(row)


def bulk_writer(app: Any) -> AbstractContextManager[BulkWriter | None]:
    """A `BulkWriter` in one transaction of the recorder (None for the in-memory store)."""
    from contextlib import contextmanager

    @contextmanager
    def opened() -> Any:
        if dialect(app) == "memory":
            yield None
            return
        recorder = app.recorder
        with transaction(recorder, commit=True) as cur:
            if dialect(app) == "postgresql":
                for statement in recorder.lock_table_statements:
                    cur.execute(statement)
            yield BulkWriter(app, cur)
            channel = notify_channel(recorder)
            if channel and _PLAIN_NAME.fullmatch(channel):
                cur.execute(f'NOTIFY "{channel}"')  # as eventsourcing does on insert
        if dialect(app) == "postgresql":
            # Statistics for the rows just written: until autovacuum gets to them (or never,
            # where it is off) the planner guesses, e.g. a page of 200 actors' events at
            # millions of rows (queries/records.py, store/sql.py).
            with transaction(recorder, commit=True) as cur:
                cur.execute(f"ANALYZE {qualified(recorder, events_table(recorder))}")

    return opened()


def stored_events_of(app: Any, db: Database, ids: Sequence[str]) -> dict[str, list[Any]] | None:
    """The stored events of each record in `ids` (id as text -> eventsourcing StoredEvents,
    oldest first) in one read, where `db` reaches the recorder's log; else None (the caller
    then reads each record through the application)."""
    found = log_table(app.recorder, db)
    if found is None:
        return None
    from eventsourcing.persistence import StoredEvent

    table, position = found
    wanted = [UUID(str(id_)) for id_ in ids]
    out: dict[str, list[Any]] = {str(id_): [] for id_ in wanted}
    if not out:
        return out
    marks = ", ".join(["%s"] * len(wanted))
    rows = db.fetchall(
        f"SELECT originator_id, originator_version, topic, state FROM {table} "
        f"WHERE originator_id IN ({marks}) ORDER BY originator_id, originator_version",
        # SQLite keeps the ids as 32 hex digits, PostgreSQL as uuid.
        tuple(u.hex for u in wanted) if db.dialect == "sqlite" else tuple(wanted),
    )
    for originator_id, version, topic, state in rows:
        uuid = originator_id if isinstance(originator_id, UUID) else uuid_of(originator_id)
        out[str(uuid)].append(StoredEvent(originator_id=uuid, originator_version=version,
                                          topic=topic, state=bytes(state)))
    return out
