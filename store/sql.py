"""The read-side database: one small interface over SQLite and PostgreSQL.

Read models, API tokens and idempotency keys live here, in the same database as the
events (`KIEZLEDGER_DATABASE_URL`). SQL is written once with `%s` (or `%(name)s`)
placeholders and `%%` for a literal percent sign; rows come back as tuples.

Portable types: TEXT, INTEGER, BIGINT; store flags as INTEGER (a Python bool is sent
as 0/1 on both stores), dates and times as ISO strings, money as decimal strings.
`INSERT ... ON CONFLICT (...) DO UPDATE SET x = excluded.x` works on both.
"""

from __future__ import annotations

import functools
import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from store.config import ConfigError, sqlite_path

Params = Sequence[Any] | dict[str, Any]


@functools.lru_cache(maxsize=1024)
def qmark(sql: str) -> str:
    """`%s` -> `?`, `%(name)s` -> `:name`, `%%` -> `%` for sqlite3."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "%%":
            return "%"
        if token == "%s":
            return "?"
        return ":" + m.group(1)

    return re.sub(r"%%|%s|%\((\w+)\)s", swap, sql)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Cursor:
    """The same few cursor methods over sqlite3 and psycopg cursors."""

    __slots__ = ("_raw", "dialect")

    def __init__(self, raw: Any, dialect: str) -> None:
        self._raw = raw
        self.dialect = dialect

    def _sql(self, sql: str) -> str:
        return qmark(sql) if self.dialect == "sqlite" else sql

    def execute(self, sql: str, params: Params = ()) -> Cursor:
        # Always pass params, so `%%` means the same on psycopg as on sqlite.
        self._raw.execute(self._sql(sql), params)
        return self

    def executemany(self, sql: str, seq: Iterable[Params]) -> Cursor:
        rows = seq if isinstance(seq, list) else list(seq)
        if rows:
            self._raw.executemany(self._sql(sql), rows)
        return self

    def insert_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence]) -> None:
        """Plain INSERT of many rows (no ON CONFLICT): COPY on PostgreSQL, which is
        several times faster there than executemany."""
        names = [table, *columns]
        if not all(_NAME.fullmatch(n) for n in names):
            raise ValueError(f"not a plain SQL name: {names}")
        cols = ", ".join(columns)
        if self.dialect == "sqlite":
            marks = ", ".join("?" * len(columns))
            self._raw.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks})", rows)
            return
        with self._raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def fetchone(self) -> tuple | None:
        return self._raw.fetchone()

    def fetchall(self) -> list[tuple]:
        return self._raw.fetchall()

    @property
    def rowcount(self) -> int:
        return self._raw.rowcount


class Database:
    """Base class; build one with `Database.from_url(url)`."""

    dialect: str = ""
    url: str = ""

    @staticmethod
    def from_url(url: str) -> Database:
        scheme = url.split(":", 1)[0]
        if scheme == "memory":
            return MemoryDatabase(url)
        if scheme == "sqlite":
            return SQLiteDatabase(url)
        if scheme in ("postgresql", "postgres"):
            return PostgresDatabase(url)
        raise ConfigError(f"unsupported database URL {url!r}")

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Cursor]:
        """Commit on normal exit, roll back on an exception. `readonly` matters on
        SQLite only: a plain BEGIN there, which takes no write lock."""
        raise NotImplementedError
        yield  # pragma: no cover

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        with self.transaction(readonly=True) as cur:
            return cur.execute(sql, params).fetchall()

    def fetchone(self, sql: str, params: Params = ()) -> tuple | None:
        with self.transaction(readonly=True) as cur:
            return cur.execute(sql, params).fetchone()

    def execute(self, sql: str, params: Params = ()) -> int:
        """Runs one statement in its own transaction; returns the row count."""
        with self.transaction() as cur:
            return cur.execute(sql, params).rowcount

    def has_table(self, name: str) -> bool:
        if self.dialect == "sqlite":
            sql = "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = %s"
        else:
            sql = "SELECT 1 WHERE to_regclass(%s) IS NOT NULL"
        return self.fetchone(sql, (name,)) is not None

    def close(self) -> None:
        pass


def sqlite_connect(target: str, *, uri: bool = False) -> sqlite3.Connection:
    # isolation_level=None: we issue BEGIN ourselves (BEGIN IMMEDIATE for writes, so a
    # reader never has to upgrade to a writer and fail with "database is locked").
    conn = sqlite3.connect(target, uri=uri, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    return conn


@contextmanager
def _sqlite_transaction(conn: sqlite3.Connection, readonly: bool) -> Iterator[Cursor]:
    raw = conn.cursor()
    try:
        raw.execute("BEGIN" if readonly else "BEGIN IMMEDIATE")
        yield Cursor(raw, "sqlite")
        conn.commit()
    except BaseException:
        if conn.in_transaction:  # also after a failed COMMIT, or the next BEGIN fails
            conn.rollback()
        raise
    finally:
        raw.close()


class SQLiteDatabase(Database):
    """The events' own SQLite file; one connection per thread (and per process)."""

    dialect = "sqlite"

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._all: list[tuple[int, sqlite3.Connection]] = []
        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None or self._local.pid != os.getpid():
            conn = sqlite_connect(self.path)
            conn.execute("PRAGMA journal_mode = WAL")
            # Safe with WAL (no corruption); read models can be rebuilt anyway.
            conn.execute("PRAGMA synchronous = NORMAL")
            # 4 MB of page cache: a rebuild of 10^6 events peaks at 141 MB with it, 273 MB
            # with 64 MB (the cache and the sorter of CREATE INDEX fill up), at the same CPU
            # (the OS keeps the file cached); checkpoints every 10,000 pages (40 MB of WAL)
            # keep a catch-up from copying the same hot pages again (BENCHMARKS.md).
            conn.execute("PRAGMA cache_size = -4096")
            conn.execute("PRAGMA wal_autocheckpoint = 10000")
            self._local.conn, self._local.pid = conn, os.getpid()
            with self._lock:
                self._all.append((os.getpid(), conn))
        return conn

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Cursor]:
        with _sqlite_transaction(self._conn(), readonly) as cur:
            yield cur

    def close(self) -> None:
        with self._lock:
            conns, self._all = self._all, []
        for pid, conn in conns:
            if pid == os.getpid():  # a parent's connections are not ours to close
                conn.close()
        self._local = threading.local()


class MemoryDatabase(Database):
    """One private in-memory SQLite database shared by all threads (tests only)."""

    dialect = "sqlite"

    def __init__(self, url: str = "memory://") -> None:
        self.url = url
        self._conn = sqlite_connect(":memory:")
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Cursor]:
        with self._lock, _sqlite_transaction(self._conn, readonly) as cur:
            yield cur

    def close(self) -> None:
        with self._lock:
            self._conn.close()


class PostgresDatabase(Database):
    """A small psycopg pool, opened on first use (never before a fork).

    Its connections are in autocommit: a one-statement read (`fetchall`, `fetchone`) is one
    round trip, where BEGIN, the statement and COMMIT were three; `transaction()` sends
    BEGIN and COMMIT itself. A connection is not checked when it is taken from the pool
    (that cost a round trip per use, 2.4 ms of a 12 ms write under load, issue 11): one
    the server has dropped fails on its first statement and is replaced then, once, before
    anything of the caller's ran on it.
    """

    dialect = "postgresql"

    def __init__(self, url: str, min_size: int = 1, max_size: int = 5,
                 timeout: float = 30) -> None:
        self.url = url
        self._sizes = (min_size, max_size)
        # Seconds to open the pool and to get a connection from it; a read replica's is short,
        # so that one that went away costs a request seconds, not half a minute.
        self._timeout = timeout
        self._pool: Any = None
        self._pid = 0
        self._lock = threading.Lock()
        # Pools inherited through a fork: never touched again, never garbage
        # collected (closing them would close the parent's sockets too).
        self._abandoned: list[Any] = []

    def _get_pool(self) -> Any:
        pool = self._pool
        if pool is not None and self._pid == os.getpid():
            return pool
        with self._lock:
            if self._pool is not None and self._pid != os.getpid():
                self._abandoned.append(self._pool)
                self._pool = None
            if self._pool is None:
                from psycopg_pool import ConnectionPool

                pool = ConnectionPool(
                    self.url,
                    min_size=self._sizes[0],
                    max_size=self._sizes[1],
                    kwargs={"autocommit": True,
                            "connect_timeout": max(1, int(min(self._timeout, 10)))},
                    configure=_configure,
                    open=False,
                    name="kiezledger-read",
                )
                try:
                    # Waiting for min_size connections fails early if the server is
                    # unreachable, and stops the first request from racing the filler.
                    pool.open(wait=True, timeout=self._timeout)
                except BaseException:
                    pool.close()
                    raise
                self._pool, self._pid = pool, os.getpid()
            return self._pool

    @contextmanager
    def _first(self, start: Callable[[Any], Any]) -> Iterator[tuple[Any, Any]]:
        """A pooled connection on which `start(conn)` (the first statement) ran; a
        connection the server dropped is discarded by the pool and one other is tried."""
        import psycopg

        pool = self._get_pool()
        for attempt in (1, 2):
            with ExitStack() as stack:
                conn = stack.enter_context(pool.connection(timeout=self._timeout))
                try:
                    first = start(conn)
                except psycopg.OperationalError:
                    if attempt == 2 or not (conn.broken or conn.closed):
                        raise
                    continue  # leaving the stack hands the broken one back: discarded
                yield conn, first
                return

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Cursor]:
        def begin(conn: Any) -> Any:
            tx = conn.transaction()
            tx.__enter__()  # sends BEGIN
            return tx

        with self._first(begin) as (conn, tx):
            try:
                with conn.cursor() as raw:
                    yield Cursor(raw, "postgresql")
            except BaseException as exc:
                tx.__exit__(type(exc), exc, exc.__traceback__)  # ROLLBACK
                raise
            tx.__exit__(None, None, None)  # COMMIT

    def _read(self, sql: str, params: Params, one: bool) -> Any:
        def run(conn: Any) -> Any:
            with conn.cursor() as raw:
                raw.execute(sql, params)
                return raw.fetchone() if one else raw.fetchall()

        with self._first(run) as (_conn, rows):
            return rows

    def fetchall(self, sql: str, params: Params = ()) -> list[tuple]:
        return self._read(sql, params, one=False)

    def fetchone(self, sql: str, params: Params = ()) -> tuple | None:
        return self._read(sql, params, one=True)

    def connect(self, autocommit: bool = True) -> Any:
        """A dedicated psycopg connection outside the pool (e.g. for LISTEN)."""
        import psycopg

        conn = psycopg.connect(self.url, autocommit=autocommit)
        _configure(conn)
        return conn

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None and self._pid == os.getpid():
            pool.close()


def _configure(conn: Any) -> None:
    # Flags are INTEGER columns: send bools as 0/1, as sqlite3 does.
    conn.adapters.register_dumper(bool, _bool_dumper())
    # No JIT for this connection's statements: reads of a few hundred rows, which a planner
    # without statistics (after a bulk import, before an ANALYZE) estimated at millions, and
    # compiled: a page of 200 actors' events took 33 ms instead of 1 at 10^6 events.
    conn.execute("SET jit = off")
    if not conn.autocommit:
        conn.commit()


@functools.cache
def _bool_dumper() -> type:
    from psycopg import adapters
    from psycopg.adapt import Dumper

    class BoolAsInt(Dumper):
        oid = adapters.types["int2"].oid

        def dump(self, obj: bool) -> bytes:
            return b"1" if obj else b"0"

    return BoolAsInt
