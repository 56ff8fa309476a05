"""Batched, exactly-once projections over the application's global event log.

Each projection's position lives in `projection_tracking` and advances in the same
transaction as its rows, so every event is applied exactly once, even with several
runners (threads, gunicorn workers, projection workers) on one database.
"""

from __future__ import annotations

import bisect
import gc
import logging
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from eventsourcing.utils import resolve_topic

from store.layout import log_reader, notify_channel
from store.sql import Cursor, Database

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]

TRACKING_DDL = (
    "CREATE TABLE IF NOT EXISTS projection_tracking ("
    "name TEXT PRIMARY KEY, version INTEGER NOT NULL, position BIGINT NOT NULL)"
)
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
# Serialises setup() across processes on PostgreSQL (concurrent CREATE TABLE fails).
SETUP_LOCK_KEY = 0x4B49455A  # "KIEZ"
# Events per batch (one transaction). A batch's decoded events and rows are the larger part
# of a rebuild's peak memory: `rebuild --all` of 297,987 events peaked at 145-151 MB in
# batches of 10,000 and 113-120 MB in batches of 4,000, at the same CPU within 3% on both
# stores (SQLite 15.2 / 15.2 s user, PostgreSQL 13.9 / 13.4 s); below about 2,000 the read
# models' hot index pages (random UUID keys) are written too often (57 us of CPU per event
# at 2,000 against 47.5 at 10,000, measured earlier).
BATCH_SIZE = 4_000
# How often a LISTENing follower looks at its stop event.
STOP_CHECK = 0.25


class Projection:
    """A read model. Subclass it; the runner calls these batch by batch, inside the batch's
    transaction (begin_batch, apply_stored and apply before it for `buffered` ones)."""

    name: str = ""
    version: int = 1  # bump when schema or logic changes: rebuilt at the next setup()
    topics: tuple[str, ...] = ()  # informative only: see `handles` for what the runner uses

    # The event types apply() wants, as qualnames ("Vote.Closed"; "Actor.*" for every event
    # of a class); None: every event. The runner does not call apply() for the others (nor
    # decodes them if no other projection wants them); tracking advances over them all.
    handles: frozenset[str] | None = None

    # True: each batch's stored notifications (`id`, `originator_id`, `originator_version`,
    # `topic`, `state`, as the recorder read them) are handed to apply_stored() before any
    # event of the batch goes to apply().
    wants_stored: bool = False

    # True: begin_batch(), apply_stored() and apply() only buffer in Python and never use
    # `cur`: the runner may call them before it opens the batch's transaction, with `cur`
    # None, so that the transaction (and SQLite's write lock) lasts only for end_batch().
    buffered: bool = False

    # Indexes that create_tables() makes for the queries only (end_batch never needs
    # them): a rebuild drops them first and makes them again at its end, which costs far
    # less than keeping indexes on random keys (UUIDs) up to date batch by batch.
    deferred_indexes: tuple[str, ...] = ()

    # About the CPU microseconds per event of the log this read model adds to a catch-up
    # (bench/projections.py measures it): balances the groups of a parallel rebuild.
    cost: float = 1.0

    def wants(self, event_class: type) -> bool:
        """Whether apply() wants events of this class; asked once per class and runner."""
        if self.handles is None:
            return True
        qualname = event_class.__qualname__
        return qualname in self.handles or any(
            h.endswith(".*") and qualname.startswith(h[:-1]) for h in self.handles
        )

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        """Idempotent DDL (CREATE TABLE / INDEX IF NOT EXISTS)."""

    def drop_tables(self, cur: Cursor) -> None:
        """Called on a version change before create_tables(): drop what changed shape."""

    def clear(self, cur: Cursor) -> None:
        """Delete all rows (for a rebuild)."""
        raise NotImplementedError

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        """Apply one domain event (or buffer it until end_batch)."""
        raise NotImplementedError

    def apply_stored(self, cur: Cursor, notifications: Sequence[Any]) -> None:
        """The batch's stored notifications past this projection's position, in log
        order (only if `wants_stored`)."""

    def begin_batch(self, cur: Cursor) -> None:
        """Start of a batch: reset any buffers (a failed batch leaves them dirty)."""

    def end_batch(self, cur: Cursor) -> None:
        """End of a batch: write buffered rows with cur.insert_rows (COPY on
        PostgreSQL) or cur.executemany (for upserts)."""


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection during a batch: a batch allocates hundreds of thousands
    of objects that reference counting frees, and the collections that those allocations
    trigger (full ones scan every object of the process) cost 10-15% of a catch-up. The
    collector is switched back on afterwards (if it was on: it is one per process)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


class TrackingConflict(Exception):
    """Another runner advanced a projection first; this batch was rolled back."""


class ProjectionRunner:
    def __init__(self, app: Any, db: Database, projections: Iterable[Projection]) -> None:
        self.app = app
        self.db = db
        self.projections = list(projections)
        names = [p.name for p in self.projections]
        if not all(names) or len(set(names)) != len(names):
            raise ValueError(f"projection names must be unique and non-empty: {names}")
        self._lock = threading.Lock()  # one catch-up at a time per runner
        self._wants: dict[str, dict[str, bool]] = {}  # name -> topic -> p.wants(class)
        self._read = log_reader(app, db)
        self._is_set_up = False
        self._has_tracking = False
        self.reached = 0  # lowest position seen after the last catch-up (a lower bound)

    # -- setup -----------------------------------------------------------------

    def setup(self) -> None:
        """Create tables; clear and reset projections whose version changed."""
        with self.db.transaction() as cur:
            if self.db.dialect == "postgresql":
                cur.execute("SELECT pg_advisory_xact_lock(%s)", (SETUP_LOCK_KEY,))
            cur.execute(TRACKING_DDL)
            for p in self.projections:
                row = cur.execute(
                    "SELECT version FROM projection_tracking WHERE name = %s", (p.name,)
                ).fetchone()
                if row is not None and row[0] != p.version:
                    logger.info("projection %s: version %s -> %s, rebuilding",
                                p.name, row[0], p.version)
                    p.drop_tables(cur)
                p.create_tables(cur, self.db.dialect)
                if row is None or row[0] != p.version:
                    # Also when tracking is missing: rows of unknown position are stale.
                    p.clear(cur)
                    cur.execute(
                        "INSERT INTO projection_tracking (name, version, position) "
                        "VALUES (%s, %s, 0) ON CONFLICT (name) DO UPDATE "
                        "SET version = excluded.version, position = 0",
                        (p.name, p.version),
                    )
        self._is_set_up = self._has_tracking = True
        self.reached = 0

    def _setup_once(self) -> None:
        if not self._is_set_up:
            self.setup()

    # -- positions -------------------------------------------------------------

    def positions(self) -> dict[str, int]:
        # No DDL here: concurrent CREATE TABLE IF NOT EXISTS fails on PostgreSQL.
        if not self._has_tracking:
            if not self.db.has_table("projection_tracking"):
                return {p.name: 0 for p in self.projections}
            self._has_tracking = True
        rows = self._tracked()
        return {p.name: rows.get(p.name, 0) for p in self.projections}

    def _tracked(self) -> dict[str, int]:
        rows = self.db.fetchall("SELECT name, position FROM projection_tracking")
        return {name: int(position) for name, position in rows}

    def position(self) -> int:
        return min(self.positions().values(), default=0)

    def wait(self, position: int, timeout: float = 10.0) -> bool:
        """Poll until every projection has reached `position` (worker mode)."""
        deadline = time.monotonic() + timeout
        delay = 0.01
        while True:
            if self.position() >= position:
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            time.sleep(min(delay, left))
            delay = min(delay * 2, 0.2)

    # -- catching up -----------------------------------------------------------

    def catch_up(
        self, until: int | None = None, batch_size: int = BATCH_SIZE,
        progress: Progress | None = None, after_wait: int | None = None,
    ) -> int:
        """Apply new events up to `until` (or the head); returns the lowest position.

        `after_wait`: the caller needs only this position. Writers that arrive while a
        catch-up runs wait for it here; the one that runs next catches up to the head, so
        every writer waiting at that moment is served by it (group commit): the others find
        their position reached and return without a query of their own."""
        self._setup_once()
        with self._lock:
            if after_wait is not None and after_wait <= self.reached:
                return self.reached
            return self._catch_up(until, batch_size, progress)

    def _catch_up(
        self, until: int | None = None, batch_size: int = BATCH_SIZE,
        progress: Progress | None = None, stop: threading.Event | None = None,
    ) -> int:
        recorder = self.app.recorder
        read = self._read
        positions = self._positions_to_advance()
        head = 0
        if progress is not None:
            head = until if until is not None else (recorder.max_notification_id() or 0)
        while not (stop is not None and stop.is_set()):
            low = min(positions.values(), default=0)
            if until is not None and low >= until:
                break
            with _no_gc():
                notifications = read(low + 1, batch_size, until)
                if not notifications:
                    break
                try:
                    self._apply_batch(notifications, positions)
                except TrackingConflict as conflict:
                    logger.info("%s; reloading positions", conflict)
                    positions = self._positions_to_advance()
                    continue
            if progress is not None:
                low = min(positions.values(), default=0)
                progress(low, max(head, low))
            if until is None and len(notifications) < batch_size:
                # The head as it stood at this read, which is after every write that asked
                # for this catch-up: no further read to learn that nothing follows (a
                # round trip of each write's catch-up).
                break
        self.reached = min(positions.values(), default=0)
        return self.reached

    def _positions_to_advance(self) -> dict[str, int]:
        tracked = self._tracked()
        missing = [p.name for p in self.projections if p.name not in tracked]
        if missing:  # the conditional UPDATE would never match: fail, do not spin
            raise RuntimeError(f"projections without tracking rows (run setup()): {missing}")
        return {p.name: tracked[p.name] for p in self.projections}

    def _wanted(self, p: Projection, topics: list[str], start: int) -> list[int]:
        """Indexes (from `start`) of the batch's events that `p.apply` wants."""
        if p.handles is None and type(p).wants is Projection.wants:
            return list(range(start, len(topics)))
        known = self._wants.setdefault(p.name, {})
        for topic in set(topics[start:]) - known.keys():
            known[topic] = bool(p.wants(resolve_topic(topic)))
        return [i for i in range(start, len(topics)) if known[topics[i]]]

    def _apply_batch(self, notifications: Sequence[Any], positions: dict[str, int]) -> None:
        ids = [n.id for n in notifications]
        topics = [n.topic for n in notifications]
        last = ids[-1]
        behind = sorted((p for p in self.projections if positions[p.name] < last),
                        key=lambda p: p.name)
        starts = {p.name: bisect.bisect_right(ids, positions[p.name]) for p in behind}
        wanted = {p.name: self._wanted(p, topics, starts[p.name]) for p in behind}
        # Decode only what some projection wants, each event once.
        events: list[Any] = [None] * len(ids)
        to_domain_event = self.app.mapper.to_domain_event
        for i in sorted(set().union(*wanted.values())):
            events[i] = to_domain_event(notifications[i])

        def feed(p: Projection, cur: Any) -> None:
            p.begin_batch(cur)
            if p.wants_stored:
                p.apply_stored(cur, notifications[starts[p.name]:])
            apply = p.apply
            for i in wanted[p.name]:
                apply(cur, events[i], ids[i])

        # Buffering projections do their Python work before the transaction opens.
        for p in behind:
            if p.buffered:
                feed(p, None)
        with self.db.transaction() as cur:
            # Claim the tracking rows first: a racing runner blocks here (PostgreSQL)
            # or is serialised by BEGIN IMMEDIATE (SQLite), then sees a moved position.
            self._claim(cur, behind, positions, last)
            for p in behind:
                if not p.buffered:
                    feed(p, cur)
                p.end_batch(cur)
        for p in behind:
            positions[p.name] = last

    @staticmethod
    def _claim(cur: Cursor, behind: Sequence[Projection], positions: dict[str, int],
               last: int) -> None:
        """Move the tracking rows of `behind` from their positions to `last`, or raise
        TrackingConflict. Usually all stand at one position: then one statement (one round
        trip on PostgreSQL, where a write's catch-up paid one per read model)."""
        starts = {positions[p.name] for p in behind}
        if len(starts) == 1:
            names = [p.name for p in behind]
            start = starts.pop()
            cur.execute(
                "UPDATE projection_tracking SET position = %s "
                f"WHERE position = %s AND name IN ({', '.join(['%s'] * len(names))})",
                (last, start, *names),
            )
            if cur.rowcount != len(names):
                raise TrackingConflict(f"projection{'s' if len(names) > 1 else ''} "
                                       f"{', '.join(names)} moved past {start}")
            return
        for p in behind:
            cur.execute(
                "UPDATE projection_tracking SET position = %s "
                "WHERE name = %s AND position = %s",
                (last, p.name, positions[p.name]),
            )
            if cur.rowcount != 1:
                raise TrackingConflict(f"projection {p.name} moved past "
                                       f"{positions[p.name]}")

    # -- rebuild ---------------------------------------------------------------

    def rebuild(
        self, names: Sequence[str] | None = None, progress: Progress | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> int:
        """Clear the named projections (all if None), reset them to 0, catch up."""
        known = {p.name: p for p in self.projections}
        unknown = set(names or ()) - set(known)
        if unknown:
            raise ValueError(f"unknown projections: {sorted(unknown)}")
        chosen = self.projections if names is None else [known[n] for n in names]
        self._setup_once()
        with self._lock:
            with self.db.transaction() as cur:
                for p in chosen:
                    p.clear(cur)
                    for index in p.deferred_indexes:
                        if not _PLAIN_NAME.fullmatch(index):
                            raise ValueError(f"not a plain SQL name: {index!r}")
                        cur.execute(f"DROP INDEX IF EXISTS {index}")
                    cur.execute(
                        "UPDATE projection_tracking SET position = 0, version = %s "
                        "WHERE name = %s",
                        (p.version, p.name),
                    )
            self.reached = 0
            try:
                reached = self._catch_up(None, batch_size, progress)
            except BaseException:
                try:  # the next setup() would make them too
                    self._make_indexes(chosen)
                except Exception:
                    logger.exception("could not make the dropped indexes again")
                raise
            self._make_indexes(chosen)
            return reached

    def _make_indexes(self, projections: Sequence[Projection]) -> None:
        deferred = [p for p in projections if p.deferred_indexes]
        if deferred:
            with self.db.transaction() as cur:
                for p in deferred:
                    p.create_tables(cur, self.db.dialect)

    # -- following -------------------------------------------------------------

    def follow(self, stop: threading.Event, poll_interval: float = 0.5) -> None:
        """Catch up, then keep up with new events until `stop` is set.

        On PostgreSQL it wakes on the recorder's NOTIFY and polls every `poll_interval`
        as a fallback; elsewhere it polls. It stops within a batch, or `STOP_CHECK`
        seconds when LISTENing. Errors are logged and retried with back-off, so a
        restarted database does not end the follower.
        """
        self._setup_once()
        listener: _Listener | None = None
        backoff = poll_interval
        try:
            while not stop.is_set():
                try:
                    if listener is None:
                        # LISTEN before catching up, so no NOTIFY falls in between.
                        listener = _Listener.open(self.app, self.db)
                    with self._lock:
                        self._catch_up(stop=stop)
                    if listener is not None:
                        listener.wait(poll_interval, stop)
                    else:
                        self._poll(stop, poll_interval)
                    backoff = poll_interval
                except Exception:
                    logger.exception("projection follower failed; retrying")
                    if listener is not None:
                        listener.close()
                        listener = None
                    stop.wait(backoff)
                    backoff = min(backoff * 2, 30.0)
        finally:
            if listener is not None:
                listener.close()

    def _poll(self, stop: threading.Event, interval: float) -> None:
        while not stop.wait(interval):
            if (self.app.recorder.max_notification_id() or 0) > self.reached:
                return


class _Listener:
    """LISTEN on the event table's channel; eventsourcing NOTIFYs on every insert."""

    def __init__(self, conn: Any) -> None:
        self.conn = conn

    @classmethod
    def open(cls, app: Any, db: Database) -> _Listener | None:
        channel = notify_channel(app.recorder)
        if db.dialect != "postgresql" or not channel:
            return None
        from psycopg import sql

        conn = db.connect(autocommit=True)  # type: ignore[attr-defined]
        try:
            conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        except BaseException:
            conn.close()
            raise
        return cls(conn)

    def wait(self, timeout: float, stop: threading.Event) -> None:
        """Return on a NOTIFY, on `stop`, or after `timeout` (then the caller polls)."""
        deadline = time.monotonic() + timeout
        while not stop.is_set():
            left = deadline - time.monotonic()
            if left <= 0:
                return
            if list(self.conn.notifies(timeout=min(left, STOP_CHECK), stop_after=1)):
                # Drop the ones queued behind it: one catch-up serves them all.
                list(self.conn.notifies(timeout=0))
                return

    def close(self) -> None:
        with suppress(Exception):  # already broken: nothing left to release
            self.conn.close()


class InProcessProjections:
    """Projections run inside the web process (the embedded SQLite default).

    `ensure(position)` brings them up to the position of a request's own write
    before it answers; `start()` adds a background thread that follows the log.
    """

    def __init__(self, app: Any, db: Database, projections: Iterable[Projection]) -> None:
        self.runner = ProjectionRunner(app, db, projections)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def setup(self) -> None:
        self.runner.setup()

    def ensure(self, position: int | None = None) -> int:
        """Catch up unless already at `position`; None means up to the head."""
        # Positions only grow (except during a rebuild): no query needed if reached.
        if position is not None and position <= self.runner.reached:
            return self.runner.reached
        return self.runner.catch_up(after_wait=position)

    def start(self, poll_interval: float = 0.5) -> None:
        if self._thread is not None:
            return
        self.runner._setup_once()
        self._stop.clear()
        self._thread = threading.Thread(
            target=self.runner.follow, args=(self._stop, poll_interval),
            name="kiezledger-projections", daemon=True,
        )
        self._thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None
