"""The read-side database and the projection runner, on memory, SQLite and PostgreSQL."""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import threading
import uuid
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import IntegrityError
from psycopg import sql

from projections import Database, InProcessProjections, Projection, ProjectionRunner
from store.config import eventsourcing_env
from store.layout import StoredNotification, log_reader

# --- a throwaway domain -------------------------------------------------------------------


class Counter(Aggregate):
    @event("Started")
    def __init__(self, name: str) -> None:
        self.name = name
        self.value = 0

    @event("Incremented")
    def increment(self, by: int = 1) -> None:
        self.value += by


class CounterApp(Application):
    name = "CounterApp"  # PostgreSQL events table and NOTIFY channel: counterapp_events


def save_counters(app: Application, counters: int = 3, increments: int = 4) -> int:
    """Saves counters * (1 + increments) events, one save per counter; the last position."""
    last = 0
    for i in range(counters):
        counter = Counter(f"c{i}")
        for _ in range(increments):
            counter.increment()
        last = app.save(counter)[-1].notification.id
    return last


def log_ids(app: Application) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(start=1, limit=10**6)]


def write_in_other_process(url: str, counters: int, increments: int) -> None:
    app = CounterApp(env=eventsourcing_env(url, create_table=False))
    try:
        save_counters(app, counters, increments)
    finally:
        app.close()


# --- a toy projection ---------------------------------------------------------------------


class Boom(RuntimeError):
    pass


class EventLog(Projection):
    """Every event it gets, buffered into `<name>_seen`, plus per-type counts upserted
    per event (so a rolled-back batch shows in both ways of writing)."""

    def __init__(self, name: str = "log", version: int = 1, fail_at: int | None = None):
        self.name, self.version, self.fail_at = name, version, fail_at
        self.rows: list[tuple] = []

    def create_tables(self, cur, dialect):
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self.name}_seen "
            "(position BIGINT, type TEXT, originator TEXT, version INTEGER)"
        )
        cur.execute(
            f"CREATE TABLE IF NOT EXISTS {self.name}_counts "
            "(type TEXT PRIMARY KEY, n BIGINT NOT NULL)"
        )

    def clear(self, cur):
        cur.execute(f"DELETE FROM {self.name}_seen")
        cur.execute(f"DELETE FROM {self.name}_counts")

    def begin_batch(self, cur):
        self.rows = []

    def apply(self, cur, event, position):
        if position == self.fail_at:
            raise Boom(position)
        kind = type(event).__qualname__
        self.rows.append((position, kind, str(event.originator_id), event.originator_version))
        cur.execute(
            f"INSERT INTO {self.name}_counts (type, n) VALUES (%s, 1) "
            f"ON CONFLICT (type) DO UPDATE SET n = {self.name}_counts.n + 1",
            (kind,),
        )

    def end_batch(self, cur):
        cur.executemany(
            f"INSERT INTO {self.name}_seen (position, type, originator, version) "
            "VALUES (%s, %s, %s, %s)",
            self.rows,
        )


def seen(db: Database, name: str = "log") -> list[int]:
    """Positions applied, duplicates kept: equal to the log's ids iff exactly once."""
    return [r[0] for r in db.fetchall(f"SELECT position FROM {name}_seen ORDER BY position")]


def counts(db: Database, name: str = "log") -> dict[str, int]:
    return dict(db.fetchall(f"SELECT type, n FROM {name}_counts"))


def snapshot(db: Database, name: str = "log") -> tuple:
    rows = db.fetchall(f"SELECT * FROM {name}_seen ORDER BY position")
    return rows, sorted(db.fetchall(f"SELECT * FROM {name}_counts"))


# --- stores -------------------------------------------------------------------------------


@pytest.fixture
def pg_url(request):
    """tests/conftest.py's `postgres_url` when it is there, else a local stand-in."""
    try:
        url = request.getfixturevalue("postgres_url")
    except pytest.FixtureLookupError:
        url = None
    if url is not None:
        yield url
        return
    admin = os.environ.get("KIEZLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
    try:
        conn = psycopg.connect(admin, autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    name = "kl_runner_" + uuid.uuid4().hex[:12]
    with conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        try:
            yield urlunsplit(urlsplit(admin)._replace(path="/" + name))
        finally:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


class Store:
    """An application and the read-side database on one URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.app = CounterApp(env=eventsourcing_env(url))
        self.db = Database.from_url(url)
        self._dbs = [self.db]

    @property
    def kind(self) -> str:
        return self.url.split(":", 1)[0]

    def other_db(self) -> Database:
        """A second handle, as another process would have (memory has only one)."""
        if self.kind == "memory":
            return self.db
        db = Database.from_url(self.url)
        self._dbs.append(db)
        return db

    def close(self) -> None:
        for db in self._dbs:
            db.close()
        self.app.close()


@pytest.fixture(
    params=["memory", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]
)
def store(request, tmp_path):
    if request.param == "memory":
        url = "memory://"
    elif request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/kiezledger.db"
    else:
        url = request.getfixturevalue("pg_url")
    s = Store(url)
    yield s
    s.close()


# --- the database -------------------------------------------------------------------------


def test_database_one_interface_on_every_store(store):
    db = store.db
    assert db.dialect == ("postgresql" if store.kind == "postgresql" else "sqlite")
    db.execute("CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, flag INTEGER)")
    assert db.execute("INSERT INTO t VALUES (%s, %s, %s)", ("a", 1, True)) == 1
    with db.transaction() as cur:
        cur.executemany("INSERT INTO t VALUES (%s, %s, %s)", [("b", 2, False), ("c", 3, 0)])
        assert cur.rowcount == 2
        cur.execute(
            "INSERT INTO t VALUES (%s, %s, 0) ON CONFLICT (k) DO UPDATE SET n = t.n + excluded.n",
            ("a", 10),
        )
    assert db.fetchone("SELECT k, n, flag FROM t WHERE k = %s", ("a",)) == ("a", 11, 1)
    assert db.fetchall("SELECT k FROM t WHERE flag = %s ORDER BY k", (False,)) == [("b",), ("c",)]
    assert db.fetchone("SELECT n FROM t WHERE k = %(k)s", {"k": "c"}) == (3,)
    assert db.fetchone("SELECT '100%%' FROM t WHERE k LIKE %s", ("a%",)) == ("100%",)
    assert db.execute("UPDATE t SET n = 0 WHERE n < %s", (5,)) == 2
    with db.transaction() as cur:
        cur.insert_rows("t", ("k", "flag"), [("d", True), ("e", None), ("f'; --", 0)])
    assert db.fetchall("SELECT k, n, flag FROM t WHERE k > %s ORDER BY k", ("c",)) == [
        ("d", None, 1), ("e", None, None), ("f'; --", None, 0),
    ]
    with pytest.raises(ValueError), db.transaction() as cur:
        cur.insert_rows("t; DROP TABLE t", ("k",), [("x",)])

    with pytest.raises(Boom), db.transaction() as cur:
        cur.execute("INSERT INTO t VALUES (%s, 9, 0)", ("rolled-back",))
        raise Boom
    assert db.fetchone("SELECT k FROM t WHERE k = %s", ("rolled-back",)) is None


def test_database_writes_from_many_threads(store):
    store.db.execute("CREATE TABLE t (k TEXT PRIMARY KEY)")

    def write(i: int) -> None:
        for j in range(25):
            store.db.execute("INSERT INTO t VALUES (%s)", (f"{i}-{j}",))

    threads = [threading.Thread(target=write, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.db.fetchone("SELECT COUNT(*) FROM t") == (150,)


# --- catching up --------------------------------------------------------------------------


def test_catch_up_applies_each_event_once(store):
    save_counters(store.app, counters=6, increments=4)
    ids = log_ids(store.app)
    runner = ProjectionRunner(store.app, store.db, [EventLog()])

    assert runner.catch_up(until=ids[9], batch_size=4) == ids[9]
    assert seen(store.db) == ids[:10]

    assert runner.catch_up(batch_size=7) == ids[-1]
    assert seen(store.db) == ids
    assert counts(store.db) == {"Counter.Started": 6, "Counter.Incremented": 24}
    assert runner.positions() == {"log": ids[-1]} and runner.position() == ids[-1]

    # A second runner (another process) over the same tables changes nothing...
    other = ProjectionRunner(store.app, store.other_db(), [EventLog()])
    assert other.catch_up() == ids[-1]
    assert seen(store.db) == ids
    # ...and applies only what is new; the first runner then has nothing left to do.
    save_counters(store.app, counters=2, increments=1)
    ids = log_ids(store.app)
    assert other.catch_up(batch_size=3) == ids[-1]
    assert runner.catch_up() == ids[-1]
    assert seen(store.db) == ids
    assert counts(store.db) == {"Counter.Started": 8, "Counter.Incremented": 26}


def test_catch_up_with_no_events(store):
    runner = ProjectionRunner(store.app, store.db, [EventLog()])
    assert runner.catch_up() == 0
    assert runner.positions() == {"log": 0}


def test_racing_runners_apply_each_event_once(store):
    save_counters(store.app, counters=40, increments=4)
    ids = log_ids(store.app)
    runners = [
        ProjectionRunner(store.app, store.other_db(), [EventLog("a"), EventLog("b")])
        for _ in range(4)
    ]
    runners[0].setup()
    start = threading.Barrier(len(runners))
    errors: list[BaseException] = []

    def run(runner: ProjectionRunner) -> None:
        start.wait()
        try:
            runner.catch_up(batch_size=5)
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(r,)) for r in runners]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert seen(store.db, "a") == ids
    assert seen(store.db, "b") == ids


def test_stale_runner_rolls_back_and_reloads(store, caplog, monkeypatch):
    save_counters(store.app, counters=3, increments=3)
    ids = log_ids(store.app)
    fast = ProjectionRunner(store.app, store.other_db(), [EventLog()])
    fast.setup()
    stale = ProjectionRunner(store.app, store.db, [EventLog()])
    stale.setup()

    read = stale._read
    overtaken = []

    def read_then_overtake(*args):
        notifications = read(*args)
        if not overtaken:  # after `stale` read its positions, before it applies
            overtaken.append(True)
            fast.catch_up()
        return notifications

    monkeypatch.setattr(stale, "_read", read_then_overtake)
    with caplog.at_level(logging.INFO, logger="projections.runner"):
        assert stale.catch_up() == ids[-1]
    assert "projection log moved past 0" in caplog.text
    assert seen(store.db) == ids


def test_crash_mid_batch_rolls_back_the_whole_batch(store):
    save_counters(store.app, counters=4, increments=4)
    ids = log_ids(store.app)
    runner = ProjectionRunner(
        store.app, store.db, [EventLog("a"), EventLog("b", fail_at=ids[14])]
    )
    with pytest.raises(Boom):
        runner.catch_up(batch_size=10)

    # The first batch is in; nothing of the second, for either projection.
    assert seen(store.db, "a") == seen(store.db, "b") == ids[:10]
    assert sum(counts(store.db, "a").values()) == sum(counts(store.db, "b").values()) == 10
    assert runner.positions() == {"a": ids[9], "b": ids[9]}

    # A new runner picks up after the last committed batch.
    again = ProjectionRunner(store.app, store.other_db(), [EventLog("a"), EventLog("b")])
    assert again.catch_up(batch_size=10) == ids[-1]
    assert seen(store.db, "a") == seen(store.db, "b") == ids
    assert counts(store.db, "a") == counts(store.db, "b") == {
        "Counter.Started": 4, "Counter.Incremented": 16,
    }


@pytest.mark.postgres
def test_gaps_in_notification_ids(pg_url):
    s = Store(pg_url)
    try:
        table = s.app.recorder.events_table_name
        assert table == "counterapp_events" == s.app.recorder.channel_name

        def burn(n: int) -> None:
            for _ in range(n):
                s.db.fetchone("SELECT nextval(pg_get_serial_sequence(%s, 'notification_id'))",
                              (table,))

        save_counters(s.app, counters=1, increments=2)
        burn(1)
        save_counters(s.app, counters=1, increments=0)
        burn(7)  # wider than a batch
        save_counters(s.app, counters=2, increments=1)
        # A real-life gap: a conflicting save rolls back after taking its id.
        counter = Counter("twice")
        s.app.save(counter)
        copy = s.app.repository.get(counter.id)
        counter.increment()
        copy.increment()
        s.app.save(counter)
        with pytest.raises(IntegrityError):
            s.app.save(copy)
        save_counters(s.app, counters=1, increments=0)

        ids = log_ids(s.app)
        assert len(ids) < ids[-1] - ids[0] + 1, "expected gaps"
        runner = ProjectionRunner(s.app, s.db, [EventLog()])
        assert runner.catch_up(batch_size=3) == ids[-1]
        assert seen(s.db) == ids

        burn(5)  # a gap right after the tracked position
        save_counters(s.app, counters=1, increments=0)
        ids = log_ids(s.app)
        assert runner.catch_up(batch_size=3) == ids[-1]
        assert seen(s.db) == ids
    finally:
        s.close()


def test_the_runner_reads_the_log_as_the_recorder_does(store):
    save_counters(store.app, counters=4, increments=5)
    ids = log_ids(store.app)
    read = log_reader(store.app, store.db)
    if store.kind != "memory":  # the log is in the read side's database: read directly
        assert type(read(1, 1, None)[0]) is StoredNotification
    for start, limit, stop in [(1, 1000, None), (1, 7, None), (ids[3], 5, ids[6]),
                               (ids[-1], 10, None), (ids[-1] + 1, 10, None), (2, 10, 1)]:
        got = read(start, limit, stop)
        expected = store.app.recorder.select_notifications(start=start, limit=limit, stop=stop)
        assert [(n.id, n.originator_id, type(n.originator_id), n.originator_version, n.topic,
                 bytes(n.state)) for n in got] == [
            (n.id, n.originator_id, type(n.originator_id), n.originator_version, n.topic,
             bytes(n.state)) for n in expected]


# --- what each projection is given -------------------------------------------------------


class Started(EventLog):
    """Wants `Counter.Started` only: the runner skips (and need not decode) the others."""

    handles = frozenset({"Counter.Started"})


class Stored(Projection):
    """Wants no decoded event, only the stored notifications (as the integrity chain)."""

    handles = frozenset()
    wants_stored = True
    buffered = True

    def __init__(self, name: str = "stored") -> None:
        self.name = name
        self.batch: list[tuple] = []

    def create_tables(self, cur, dialect):
        cur.execute(f"CREATE TABLE IF NOT EXISTS {self.name}_seen "
                    "(position BIGINT, topic TEXT, originator TEXT, version INTEGER)")

    def clear(self, cur):
        cur.execute(f"DELETE FROM {self.name}_seen")

    def begin_batch(self, cur):
        assert cur is None  # buffered: called before the transaction opens
        self.batch = []

    def apply_stored(self, cur, notifications):
        assert cur is None
        self.batch += [(n.id, n.topic, str(n.originator_id), n.originator_version)
                       for n in notifications]

    def apply(self, cur, event, position):
        raise AssertionError("handles no event type")

    def end_batch(self, cur):
        cur.executemany(f"INSERT INTO {self.name}_seen VALUES (%s, %s, %s, %s)", self.batch)


def count_decodes(app, monkeypatch) -> list[int]:
    decoded: list[int] = []
    decode = app.mapper.to_domain_event

    def counting(stored):
        decoded.append(getattr(stored, "id", None))  # the repository decodes too
        return decode(stored)

    monkeypatch.setattr(app.mapper, "to_domain_event", counting)
    return decoded


def test_ignored_events_are_not_applied_nor_decoded_and_tracking_passes_them(
        store, monkeypatch):
    save_counters(store.app, counters=3, increments=4)
    notifications = store.app.recorder.select_notifications(start=1, limit=100)
    ids = [n.id for n in notifications]
    started = [n.id for n in notifications if n.topic.endswith(".Started")]
    decoded = count_decodes(store.app, monkeypatch)
    runner = ProjectionRunner(store.app, store.db, [Started(), Stored()])
    assert runner.catch_up(batch_size=4) == ids[-1]
    assert seen(store.db) == started
    assert sorted(decoded) == started  # nothing else needed decoding
    assert store.db.fetchall("SELECT * FROM stored_seen ORDER BY position") == [
        (n.id, n.topic, str(n.originator_id), n.originator_version) for n in notifications
    ]
    assert runner.positions() == {"log": ids[-1], "stored": ids[-1]}

    # Only events it ignores: its position still moves to the head.
    counter = store.app.repository.get(notifications[0].originator_id)
    counter.increment()
    counter.increment()
    head = store.app.save(counter)[-1].notification.id
    decoded.clear()
    assert runner.catch_up() == head
    assert runner.positions() == {"log": head, "stored": head}
    assert seen(store.db) == started and decoded == []
    assert store.db.fetchone("SELECT COUNT(*) FROM stored_seen") == (len(ids) + 2,)


def test_wants_matches_qualnames_and_whole_classes():
    class Every(EventLog):
        handles = frozenset({"Counter.*"})

    assert Every().wants(Counter.Started) and Every().wants(Counter.Incremented)
    assert Started().wants(Counter.Started) and not Started().wants(Counter.Incremented)
    assert EventLog().wants(Counter.Incremented)  # handles None: everything


def test_projections_at_different_positions_get_only_what_they_have_not_seen(store):
    save_counters(store.app, counters=3, increments=3)
    ids = log_ids(store.app)
    ProjectionRunner(store.app, store.db, [Stored("ahead"), EventLog("log")]).catch_up(
        until=ids[5])
    runner = ProjectionRunner(store.app, store.other_db(),
                              [Stored("ahead"), Stored("behind"), EventLog("log")])
    assert runner.catch_up(batch_size=100) == ids[-1]
    for name in ("ahead", "behind"):
        assert [r[0] for r in store.db.fetchall(
            f"SELECT position FROM {name}_seen ORDER BY position")] == ids
    assert seen(store.db) == ids


class FailingBuffered(Stored):
    """Buffered, and fails in the middle of a batch: before any transaction of it."""

    def __init__(self, name: str, fail_at: int) -> None:
        super().__init__(name)
        self.fail_at = fail_at

    def apply_stored(self, cur, notifications):
        super().apply_stored(cur, notifications)
        if any(n.id == self.fail_at for n in notifications):
            self.fail_at = -1
            raise Boom(self.fail_at)


def test_a_failing_buffered_projection_rolls_back_the_whole_batch(store):
    save_counters(store.app, counters=4, increments=4)
    ids = log_ids(store.app)
    runner = ProjectionRunner(
        store.app, store.db, [EventLog("a"), FailingBuffered("b", fail_at=ids[14])]
    )
    with pytest.raises(Boom):
        runner.catch_up(batch_size=10)
    assert seen(store.db, "a") == ids[:10]
    assert runner.positions() == {"a": ids[9], "b": ids[9]}
    assert runner.catch_up(batch_size=10) == ids[-1]  # it fails only once
    assert seen(store.db, "a") == ids
    assert [r[0] for r in store.db.fetchall("SELECT position FROM b_seen ORDER BY 1")] == ids


def test_no_cyclic_gc_during_a_batch_and_back_afterwards(store):
    save_counters(store.app, counters=2, increments=2)

    class Watch(EventLog):
        def apply(self, cur, event, position):
            states.append(gc.isenabled())
            super().apply(cur, event, position)

    states: list[bool] = []
    assert gc.isenabled()
    ProjectionRunner(store.app, store.db, [Watch()]).catch_up(batch_size=3)
    assert states and not any(states)
    assert gc.isenabled()
    gc.disable()  # off before: stays off
    try:
        save_counters(store.app, counters=1, increments=0)
        ProjectionRunner(store.app, store.db, [Watch()]).catch_up()
        assert not gc.isenabled()
    finally:
        gc.enable()


# --- rebuild and versions -----------------------------------------------------------------


def test_rebuild_gives_identical_rows(store):
    save_counters(store.app, counters=5, increments=5)
    ids = log_ids(store.app)
    runner = ProjectionRunner(store.app, store.db, [EventLog("a"), EventLog("b")])
    runner.catch_up(batch_size=8)
    before = snapshot(store.db, "a"), snapshot(store.db, "b")

    progress: list[tuple[int, int]] = []
    assert runner.rebuild(progress=lambda done, head: progress.append((done, head))) == ids[-1]
    assert (snapshot(store.db, "a"), snapshot(store.db, "b")) == before
    assert progress[-1] == (ids[-1], ids[-1])
    assert [done for done, _ in progress] == sorted(done for done, _ in progress)

    # Rebuilding one projection leaves the other alone.
    store.db.execute("INSERT INTO b_seen VALUES (999999, 'marker', '', 0)")
    runner.rebuild(["a"])
    assert (snapshot(store.db, "a")) == before[0]
    assert seen(store.db, "b") == ids + [999999]

    with pytest.raises(ValueError):
        runner.rebuild(["nope"])


def test_version_bump_rebuilds_at_setup(store):
    save_counters(store.app, counters=3, increments=2)
    ids = log_ids(store.app)
    ProjectionRunner(store.app, store.db, [EventLog()]).catch_up()
    store.db.execute("INSERT INTO log_seen VALUES (999999, 'stale', '', 0)")

    # Same version: setup keeps rows and position.
    same = ProjectionRunner(store.app, store.other_db(), [EventLog()])
    same.setup()
    assert same.positions() == {"log": ids[-1]}
    assert seen(store.db) == ids + [999999]

    # New version: cleared at setup, then rebuilt by catching up.
    bumped = ProjectionRunner(store.app, store.other_db(), [EventLog(version=2)])
    bumped.setup()
    assert bumped.positions() == {"log": 0}
    assert seen(store.db) == []
    assert bumped.catch_up() == ids[-1]
    assert seen(store.db) == ids
    assert store.db.fetchone("SELECT version FROM projection_tracking WHERE name = 'log'") == (2,)

    class Wider(EventLog):
        """Version 3 changes the table's shape: drops it, creates it anew."""

        def drop_tables(self, cur):
            cur.execute("DROP TABLE log_seen")

        def create_tables(self, cur, dialect):
            super().create_tables(cur, dialect)
            if not _has_column(cur, dialect, "log_seen", "note"):
                cur.execute("ALTER TABLE log_seen ADD COLUMN note TEXT")

    wider = ProjectionRunner(store.app, store.other_db(), [Wider(version=3)])
    assert wider.catch_up() == ids[-1]
    assert store.db.fetchall("SELECT position, note FROM log_seen ORDER BY position") == [
        (i, None) for i in ids
    ]


def _has_column(cur, dialect: str, table: str, column: str) -> bool:
    if dialect == "sqlite":
        return any(r[1] == column for r in cur.execute(f"PRAGMA table_info({table})").fetchall())
    return cur.execute(
        "SELECT 1 FROM information_schema.columns WHERE table_name = %s AND column_name = %s",
        (table, column),
    ).fetchone() is not None


# --- read-your-writes ---------------------------------------------------------------------


def test_ensure_reads_own_writes(store):
    inproc = InProcessProjections(store.app, store.db, [EventLog()])
    inproc.setup()
    for _ in range(3):
        counter = Counter("mine")
        counter.increment()
        position = store.app.save(counter)[-1].notification.id
        assert inproc.ensure(position) >= position
        assert store.db.fetchone(
            "SELECT type FROM log_seen WHERE position = %s", (position,)
        ) == ("Counter.Incremented",)
    assert seen(store.db) == log_ids(store.app)


def test_in_process_background_thread_follows(store):
    inproc = InProcessProjections(store.app, store.db, [EventLog()])
    inproc.start(poll_interval=0.05)
    try:
        position = save_counters(store.app, counters=2, increments=2)
        assert inproc.runner.wait(position, timeout=30)
        # ensure() from a request thread while the follower runs: still exactly once.
        position = save_counters(store.app, counters=3, increments=1)
        inproc.ensure(position)
        assert seen(store.db) == log_ids(store.app)
    finally:
        inproc.stop()
    assert inproc._thread is None


def test_wait_in_worker_mode(store):
    worker = ProjectionRunner(store.app, store.other_db(), [EventLog()])
    stop = threading.Event()
    thread = threading.Thread(target=worker.follow, args=(stop, 0.05))
    thread.start()
    try:
        web = ProjectionRunner(store.app, store.db, [EventLog()])  # only waits
        position = save_counters(store.app, counters=1, increments=3)
        assert web.wait(position, timeout=30)
        assert seen(store.db)[-1] == position
        assert not web.wait(position + 1000, timeout=0.2)
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


# --- following another process ------------------------------------------------------------


def test_follow_picks_up_events_from_another_process(store):
    if store.kind == "memory":
        pytest.skip("an in-memory store is private to its process")
    save_counters(store.app, counters=1, increments=1)
    runner = ProjectionRunner(store.app, store.db, [EventLog()])
    stop = threading.Event()
    # On PostgreSQL a long poll interval: only a NOTIFY can wake the follower in time.
    poll = 3600.0 if store.kind == "postgresql" else 0.05
    thread = threading.Thread(target=runner.follow, args=(stop, poll))
    thread.start()
    try:
        assert runner.wait(2, timeout=30)
        writer = multiprocessing.get_context("spawn").Process(
            target=write_in_other_process, args=(store.url, 5, 4)
        )
        writer.start()
        writer.join(120)
        assert writer.exitcode == 0
        ids = log_ids(store.app)
        assert len(ids) == 2 + 25
        assert runner.wait(ids[-1], timeout=30)
        assert seen(store.db) == ids
    finally:
        stop.set()
        thread.join(10)
    assert not thread.is_alive()


# --- PostgreSQL connections and forks -----------------------------------------------------


def _query_in_child(db: Database, queue) -> None:
    queue.put(db.fetchone("SELECT pg_backend_pid()"))


@pytest.mark.postgres
def test_postgres_pool_opens_lazily_and_survives_a_fork(pg_url):
    # Nothing listens on port 1: constructing must not try to connect.
    Database.from_url("postgresql://nobody@127.0.0.1:1/none").close()

    db = Database.from_url(pg_url)
    try:
        parent = db.fetchone("SELECT pg_backend_pid()")  # the parent's pool is open now
        ctx = multiprocessing.get_context("fork")
        queue = ctx.Queue()
        child = ctx.Process(target=_query_in_child, args=(db, queue))
        child.start()
        child.join(60)
        assert child.exitcode == 0
        # The child made its own connection instead of sharing the parent's socket.
        assert queue.get(timeout=5) != parent
        assert db.fetchone("SELECT pg_backend_pid()") == parent
    finally:
        db.close()
