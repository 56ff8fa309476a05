"""How the read models run: rebuilt to the same answers, exactly once through crashes and
killed workers, following another process's writes."""

from __future__ import annotations

import multiprocessing
import os
import threading
from typing import Any
from uuid import UUID

import pytest

from ledger.application import Ledger
from projections import Database, Projection, ProjectionRunner, parallel
from projections.facts import TABLES as FACTS_TABLES
from projections.registry import all_projections
from queries.charter import charter_diff, charter_text
from queries.commitments import commitments_board
from queries.network import network
from queries.timeline import timeline
from store.ledger import open_ledger
from tests.projections import scenario
from tests.projections.scenario import D

TABLES = (
    "charter_charters", "charter_clauses", "charter_versions",
    "timeline_entries", "timeline_subjects", "timeline_actors",
    "network_actors", "network_edges", "commitments_board", "commitments_progress",
    "catalog_records", "catalog_events", *FACTS_TABLES, "integrity_chain",
)


def answers(db: Database, s: Any) -> dict:
    """Every query's answer on a few days."""
    out: dict[str, Any] = {}
    for on in map(D, ("2022-01-01", "2022-03-01", "2022-06-15", "2022-12-31", "2023-06-01")):
        out[f"charter {on}"] = charter_text(db, s.charter, on=on)
        out[f"network {on}"] = network(db, on=on)
        out[f"network of P {on}"] = network(db, on=on, process_id=s.p)
        out[f"board {on}"] = commitments_board(db, on=on)
    out["charter as of"] = charter_text(db, s.charter, on=D("2023-06-01"),
                                        as_of=s.moments["after_september"])
    out["diff"] = charter_diff(db, s.charter, D("2022-03-01"), D("2023-06-01"))
    out["timeline P"] = timeline(db, s.p)
    out["timeline Q"] = timeline(db, s.q)
    return out


def rows(db: Database) -> dict[str, list]:
    """Every row of every read-model table, duplicates kept."""
    return {t: sorted(db.fetchall(f"SELECT * FROM {t}"), key=repr) for t in TABLES}


def index_names(db: Database) -> set[str]:
    if db.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
    return {row[0] for row in db.fetchall(sql)}


def log_ids(app: Ledger) -> list[int]:
    return [n.id for n in app.recorder.select_notifications(start=1, limit=10**6)]


# --- registry and setup -------------------------------------------------------------------


def test_registry_lists_every_read_model_in_a_stable_order():
    app = open_ledger("memory://")
    names = [p.name for p in all_projections(app)]
    assert names == ["catalog", "charter", "timeline", "network", "commitments", "facts", "proof",
                     "integrity", "records"]
    assert all_projections(app)[1] is not all_projections(app)[1]  # fresh buffers per runner


def test_setup_is_idempotent(fresh_world):
    w = fresh_world
    before = rows(w.db)
    for _ in range(2):
        # Another process's runner: its own connections (memory has only the one).
        db = w.db if w.url == "memory://" else Database.from_url(w.url)
        try:
            other = ProjectionRunner(w.app, db, all_projections(w.app))
            other.setup()
            with db.transaction() as cur:
                for p in all_projections(w.app):
                    p.create_tables(cur, db.dialect)
            assert other.catch_up() == w.s.head
        finally:
            if db is not w.db:
                db.close()
    assert rows(w.db) == before


# --- rebuild ------------------------------------------------------------------------------


def test_answers_are_equal_after_a_rebuild(fresh_world):
    w = fresh_world
    before, table_rows = answers(w.db, w.s), rows(w.db)
    indexes = index_names(w.db)
    assert {"catalog_events_by_originator", "timeline_entries_by_process"} <= indexes
    progress: list[tuple[int, int]] = []
    assert w.runner.rebuild(progress=lambda done, head: progress.append((done, head)),
                            batch_size=50) == w.s.head
    assert progress[-1] == (w.s.head, w.s.head)
    assert answers(w.db, w.s) == before
    assert rows(w.db) == table_rows
    assert index_names(w.db) == indexes  # dropped for the rebuild, made again at its end
    # One read model alone, in one batch.
    w.runner.rebuild(["timeline"], batch_size=5000)
    assert answers(w.db, w.s) == before


# --- crashes ------------------------------------------------------------------------------


class Crash(RuntimeError):
    pass


class FailAt(Projection):
    """Raises at one position (the first `times` times), after the others applied theirs."""

    name = "fail_at"

    def __init__(self, position: int, times: int = 1) -> None:
        self.position, self.times = position, times

    def clear(self, cur: Any) -> None:
        pass

    def apply(self, cur: Any, event: Any, position: int) -> None:
        if position == self.position and self.times > 0:
            self.times -= 1
            raise Crash(position)


class DieAt(FailAt):
    """Kills its process at one position, in the middle of a batch's transaction."""

    def apply(self, cur: Any, event: Any, position: int) -> None:
        if position == self.position:
            os._exit(3)


# Batches are applied in the order of names: "fail_at" fails before some read models wrote
# their rows in the batch's transaction, "zz_fail_at" after all of them did.
@pytest.mark.parametrize("name", ["fail_at", "zz_fail_at"])
def test_a_crash_mid_batch_applies_nothing_twice(fresh_world, name):
    w = fresh_world
    reference, table_rows = answers(w.db, w.s), rows(w.db)
    ids = log_ids(w.app)
    fail = FailAt(ids[99])
    fail.name = name
    indexes = index_names(w.db)
    runner = ProjectionRunner(w.app, w.db, [*all_projections(w.app), fail])
    with pytest.raises(Crash):
        runner.rebuild(batch_size=40)
    assert index_names(w.db) == indexes  # made again after the failed rebuild too
    # The batches before the crash are in, nothing of the batch that failed.
    assert set(runner.positions().values()) == {ids[79]}
    # The same runner (dirty buffers and all) resumes from there.
    assert runner.catch_up(batch_size=40) == w.s.head
    assert answers(w.db, w.s) == reference
    assert rows(w.db) == table_rows


def _run_and_die(url: str, position: int, batch_size: int) -> None:
    app = open_ledger(url, create_table=False)
    db = Database.from_url(url)
    runner = ProjectionRunner(app, db, [*all_projections(app), DieAt(position)])
    runner.rebuild(batch_size=batch_size)


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_worker_killed_mid_batch_resumes_without_applying_anything_twice(store, request):
    url = request.getfixturevalue("sqlite_url" if store == "sqlite" else "postgres_url")
    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        s = scenario.build(app)
        ids = log_ids(app)
        worker = multiprocessing.get_context("spawn").Process(
            target=_run_and_die, args=(url, ids[99], 40))
        worker.start()
        worker.join(120)
        assert worker.exitcode == 3
        runner = ProjectionRunner(app, db, all_projections(app))
        assert set(runner.positions().values()) == {ids[79]}
        assert runner.catch_up(batch_size=40) == s.head
        resumed, resumed_rows = answers(db, s), rows(db)
        runner.rebuild()
        assert answers(db, s) == resumed
        assert rows(db) == resumed_rows
    finally:
        db.close()
        app.close()


# --- another process writes ---------------------------------------------------------------


def _write_more(url: str, given: dict[str, str]) -> None:
    ids = {name: UUID(value) for name, value in given.items()}
    app = open_ledger(url, create_table=False)
    try:
        app.make_commitment(actor_id=ids["amt"], process_id=ids["p"],
                            description="Neue Bänke", made_on=D("2023-04-01"),
                            due_on=D("2023-05-01"))
        app.record_gathering(process_id=ids["p"], format="action", title="Pflanztag",
                             held_on=D("2023-04-15"), attendance=12)
        app.end_cooperation(ids["co2"], ended_on=D("2023-05-01"))
    finally:
        app.close()


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_follows_writes_made_by_another_process(store, request):
    url = request.getfixturevalue("sqlite_url" if store == "sqlite" else "postgres_url")
    app = open_ledger(url)
    db = Database.from_url(url)
    stop = threading.Event()
    thread = None
    try:
        s = scenario.build(app)
        runner = ProjectionRunner(app, db, all_projections(app))
        # On PostgreSQL a long poll interval: only the NOTIFY can wake the follower in time.
        poll = 3600.0 if store == "postgres" else 0.05
        thread = threading.Thread(target=runner.follow, args=(stop, poll))
        thread.start()
        assert runner.wait(s.head, timeout=60)
        writer = multiprocessing.get_context("spawn").Process(target=_write_more, args=(
            url, {"amt": str(s.amt), "p": str(s.p), "co2": str(s.co2)}))
        writer.start()
        writer.join(120)
        assert writer.exitcode == 0
        head = app.recorder.max_notification_id()
        assert head > s.head
        assert runner.wait(head, timeout=60)

        on = D("2023-06-01")
        made = [i for i in commitments_board(db, on=on, status="overdue")["items"]
                if i["description"] == "Neue Bänke"]
        assert len(made) == 1 and UUID(made[0]["actor_id"]) == s.amt
        kinds = [(e["on"], e["kind"]) for e in timeline(db, s.p)["entries"]]
        assert ("2023-04-15", "gathering_held") in kinds
        assert ("2023-05-01", "cooperation_ended") in kinds
        assert str(s.co2) not in {e["id"] for e in network(db, on=on)["edges"]}
    finally:
        stop.set()
        if thread is not None:
            thread.join(10)
        db.close()
        app.close()
    assert thread is not None and not thread.is_alive()


# --- several processes --------------------------------------------------------------------


def test_groups_split_by_cost_in_registry_order():
    projections = all_projections(open_ledger("memory://"))
    order = [p.name for p in projections]
    split = parallel.groups(projections, 2)
    assert len(split) == 2 and sorted(sum(split, [])) == sorted(order)
    assert all(group == sorted(group, key=order.index) for group in split)
    costs = {p.name: p.cost for p in projections}
    totals = [sum(costs[n] for n in group) for group in split]
    assert max(totals) - min(totals) <= max(costs.values())
    assert parallel.groups(projections, 1) == [order]
    assert parallel.groups(projections[:2], 5) == [[order[0]], [order[1]]]
    with pytest.raises(ValueError):
        parallel.groups(projections, 0)


def _more_writes(app: Ledger, s: Any) -> int:
    app.make_commitment(actor_id=s.amt, process_id=s.p, description="Neue Bänke",
                        made_on=D("2023-04-01"), due_on=D("2023-05-01"))
    app.record_gathering(process_id=s.p, format="action", title="Pflanztag",
                         held_on=D("2023-04-15"), attendance=12)
    app.end_cooperation(s.co2, ended_on=D("2023-05-01"))
    return app.recorder.max_notification_id()


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_a_parallel_rebuild_gives_the_rows_of_a_serial_one(store, request):
    url = request.getfixturevalue("sqlite_url" if store == "sqlite" else "postgres_url")
    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        s = scenario.build(app)
        runner = ProjectionRunner(app, db, all_projections(app))
        assert runner.catch_up(batch_size=17) == s.head
        reference, table_rows = answers(db, s), rows(db)

        progress: list[tuple[int, int]] = []
        assert parallel.rebuild(url, workers=2, batch_size=50,
                                progress=lambda done, head: progress.append((done, head))
                                ) == s.head
        assert progress[-1] == (s.head, s.head)
        assert set(runner.positions().values()) == {s.head}
        assert answers(db, s) == reference
        assert rows(db) == table_rows

        # Catching up in groups too, after more writes; then a serial rebuild agrees.
        head = _more_writes(app, s)
        assert parallel.run(url, workers=3, rebuild=False) == head
        # One group: all in this process, progress reported all the same.
        progress.clear()
        assert parallel.rebuild(url, ["charter"], workers=2, progress=lambda done, head:
                                progress.append((done, head))) == head
        assert progress[-1] == (head, head)
        assert set(runner.positions().values()) == {head}
        caught_up, caught_up_rows = answers(db, s), rows(db)
        assert runner.rebuild() == head
        assert answers(db, s) == caught_up
        assert rows(db) == caught_up_rows
    finally:
        db.close()
        app.close()


class Broken(Projection):
    """Fails on the first event it gets."""

    name = "broken"

    def clear(self, cur: Any) -> None:
        pass

    def apply(self, cur: Any, event: Any, position: int) -> None:
        raise Crash(position)


def with_broken(app: Any) -> list[Projection]:
    """Every read model and Broken, second costliest: the first group (this process)
    takes the costliest, so Broken runs in the spawned process."""
    projections = all_projections(app)
    broken = Broken()
    broken.cost = max(p.cost for p in projections) * 0.99
    return [*projections, broken]


def test_a_failing_group_fails_the_rebuild_and_the_others_still_finish(sqlite_url):
    app = open_ledger(sqlite_url)
    db = Database.from_url(sqlite_url)
    try:
        s = scenario.build(app)
        split = parallel.groups(with_broken(app), 2)
        failing = next(group for group in split if "broken" in group)
        assert failing is not split[0]  # it runs in the spawned process
        with pytest.raises(parallel.GroupFailed, match=r"broken.*Crash"):
            parallel.rebuild(sqlite_url, workers=2, factory=with_broken)
        positions = ProjectionRunner(app, db, with_broken(app)).positions()
        assert {positions[name] for name in failing} == {0}
        assert {positions[name] for name in split[0]} == {s.head}
    finally:
        db.close()
        app.close()


def test_no_parallel_rebuild_of_a_memory_store():
    with pytest.raises(ValueError):
        parallel.rebuild("memory://")
