"""The ballot index lives in the store, not in the worker (issue 11): a table beside the event
table on SQLite and PostgreSQL, caught up from the log before each use and shared by every
process; a worker keeps nothing per ballot. Stores made by an earlier release get the table
at open, a read-only standby reads its copy and the rest from the log, an import is indexed
at first use."""

from __future__ import annotations

import gc
import io
import tracemalloc
from datetime import timedelta, timezone

import psycopg
import pytest
from psycopg import sql

from ledger import archive, ids
from ledger.domain.votes import Vote
from store import layout
from store.ballots import POSITION_TABLE, TABLE
from store.ledger import ledger_for_env, open_ledger
from tests.domain.support import ASSEMBLY, Scene, run_threads
from tests.domain.test_ballots import decoded_while

N = 400


def cast(scene: Scene, vote, voters, choice: str = "yes") -> None:
    for v in voters:
        scene.app.cast_ballot(vote, voter_id=v, choice=choice)


def drop_tables(app) -> None:
    """What a store of an earlier release has: no ballot index tables."""
    with layout.transaction(app.recorder, commit=True) as cur:
        for table in (TABLE, POSITION_TABLE):
            cur.execute(f"DROP TABLE {layout.qualified(app.recorder, table)}")


def test_indexing_ballots_keeps_nothing_per_ballot_in_the_worker(persistent_store):
    """The index once kept every ballot ever cast in each worker (40 MB at 10^6 events when
    compact, 1 GB before): now the rows go to the table and the worker keeps none of them."""
    scene = Scene.build(persistent_store.open())
    voters = scene.voters(N)
    warm, vote = scene.vote(scene.proposal()), scene.vote(scene.proposal())
    cast(scene, warm, voters[:10])
    worker = persistent_store.open()
    worker.ballot_index.ballots(warm)  # the first use's one-time costs (statements, caches)
    cast(scene, vote, voters)
    # The shared id cache (`ledger.ids`) keeps a decoded id whatever reads it, bounded at
    # 2^12 ids: not the index's to count.
    for v in voters:
        ids.uuid_of(v.hex)

    gc.collect()
    tracemalloc.start()
    try:
        found = worker.ballot_index.ballots(vote)  # indexes the N ballots, reads them back
        assert len(found.choices) == N
        del found
        gc.collect()
        kept, _ = tracemalloc.get_traced_memory()
        top = tracemalloc.take_snapshot().statistics("lineno")[:3]
    finally:
        tracemalloc.stop()

    assert kept / N < 25, f"{kept / N:.0f} bytes kept a ballot: {top}"  # in memory: 450-550
    assert worker.ballot_index.store.through() == worker.recorder.max_notification_id()


def test_processes_share_one_table_and_a_second_decodes_nothing(persistent_store):
    first, second = persistent_store.open(), persistent_store.open()
    scene = Scene.build(first)
    vote = scene.vote(scene.proposal())
    voters = scene.voters(30)
    cast(scene, vote, voters, "no")
    assert decoded_while(first, lambda: first.ballot_index.ballots(vote)) == 30

    seen = []
    assert decoded_while(second, lambda: seen.append(second.ballot_index.ballots(vote))) == 0
    assert seen[0].choices == {v.hex: "no" for v in voters}
    assert seen[0].through == second.recorder.max_notification_id()


def test_processes_catching_up_at_once_index_each_ballot_once(persistent_store):
    scene = Scene.build(persistent_store.open())
    vote = scene.vote(scene.proposal())
    voters = scene.voters(60)
    cast(scene, vote, voters)
    readers = [persistent_store.open() for _ in range(4)]
    seen = []

    errors = run_threads([lambda r=r: seen.append(r.ballot_index.plain(vote))
                          for r in readers])

    assert errors == []
    assert all(found == [{"voter_id": str(v), "choice": "yes"} for v in voters]
               for found in seen) and len(seen) == 4
    store = readers[0].ballot_index.store
    assert len(store.of_vote(vote, 10**9)) == 60  # one row a ballot
    head = readers[0].recorder.max_notification_id()
    assert store.through() == head
    assert store.add([], 1) == head  # the position never goes back


def test_a_stretch_without_ballots_is_not_written_and_each_process_still_finds_all(
        persistent_store):
    """A worker that read the log past the store's position and found no ballot does not
    write the position back each time (only every `_FAR` positions): its own reads go on
    from where it read, another process reads the stretch once."""
    first = persistent_store.open()
    scene = Scene.build(first)
    vote = scene.vote(scene.proposal())
    cast(scene, vote, scene.voters(3))
    first.ballot_index.ballots(vote)
    indexed = first.ballot_index.store.through()
    scene.proposal(), scene.actor("No voter")  # events, no ballot
    assert decoded_while(first, lambda: first.ballot_index.ballots(vote)) == 0
    assert first.ballot_index.store.through() == indexed  # nothing written
    late = scene.actor("Late voter")
    scene.app.cast_ballot(vote, voter_id=late, choice="no")

    second = persistent_store.open()
    for app in (second, first):
        found = app.ballot_index.ballots(vote)
        assert len(found.choices) == 4 and found.choices[late.hex] == "no"
        assert found.through == app.recorder.max_notification_id()


def test_a_close_counts_from_the_table_what_another_process_indexed(persistent_store):
    caster, closer = persistent_store.open(), persistent_store.open()
    scene = Scene.build(caster)
    vote = scene.vote(scene.proposal())
    cast(scene, vote, scene.voters(5), "yes")
    closer.ballot_index.ballots(vote)
    cast(scene, vote, scene.voters(3), "no")  # after the closer's catch-up
    caster.ballot_index.ballots(vote)  # the table is now ahead of the closer's last read

    result = closer.close_vote(vote, closed_on=ASSEMBLY).record.result
    assert (result["yes"], result["no"], result["outcome"]) == (5, 3, "adopted")


def test_each_vote_s_last_ballot_for_a_page_of_votes_at_once(ledger_app):
    """What a listed vote's kept answer is keyed by (its ballots leave its version as it
    was): each vote's last ballot's position, for a page of votes in one question; a vote
    without ballots is absent, and a ballot moves only its own vote's."""
    scene = Scene.build(ledger_app)
    first, second, empty = (scene.vote(scene.proposal()) for _ in range(3))
    voters = scene.voters(3)
    cast(scene, first, voters[:2])
    cast(scene, second, voters[:1])
    index = ledger_app.ballot_index

    before = index.last_ballots([first, second, empty])
    assert set(before) == {first, second}
    assert before[second] > before[first]  # cast later
    cast(scene, second, voters[1:3])
    after = index.last_ballots([first, second, empty])
    assert after[first] == before[first]
    assert after[second] > before[second]
    assert after[second] == max(p for _, p, _ in index.store.of_vote(second, after[second]))


def test_ballots_as_of_a_moment_in_any_time_zone(ledger_app):
    scene = Scene.build(ledger_app)
    vote = scene.vote(scene.proposal())
    scene.app.cast_ballot(vote, voter_id=scene.anna, choice="yes")
    scene.app.cast_ballot(vote, voter_id=scene.ben, choice="no")
    (_, first), (_, second) = scene.app.related_events(scene.get(vote))
    berlin = timezone(timedelta(hours=2))

    assert scene.app.ballots(scene.get(vote), as_of=first.timestamp.astimezone(berlin)) == {
        scene.anna.hex: "yes"}
    assert scene.app.ballots(scene.get(vote), as_of=second.timestamp) == {
        scene.anna.hex: "yes", scene.ben.hex: "no"}
    before = first.timestamp - timedelta(microseconds=1)
    assert scene.app.ballots(scene.get(vote), as_of=before) == {}


@pytest.mark.parametrize("create_table", ["y", "n"], ids=["at-open", "at-first-use"])
def test_a_store_of_an_earlier_release_gets_the_table_and_is_indexed_from_the_start(
        persistent_store, create_table):
    old = persistent_store.open()
    scene = Scene.build(old)
    vote = scene.vote(scene.proposal())
    cast(scene, vote, scene.voters(4), "yes")
    cast(scene, vote, scene.voters(2), "no")
    drop_tables(old)

    app = ledger_for_env({**persistent_store.env, "CREATE_TABLE": create_table})
    persistent_store.opened.append(app)
    assert app.ballot_index.store.through() == 0
    head = app.recorder.max_notification_id()
    result = app.close_vote(vote, closed_on=ASSEMBLY).record.result

    assert (result["yes"], result["no"]) == (4, 2)
    assert app.ballot_index.store.through() == head


@pytest.mark.parametrize("tables", ["kept", "never-made"])
def test_a_read_only_standby_reads_its_copy_and_the_rest_from_the_log(postgres_url, tables):
    """A PostgreSQL hot standby takes no writes: the index reads the table as replication
    brought it, and the ballots after its position from the log (here: a database whose
    transactions are read-only, as a standby's are)."""
    primary = open_ledger(postgres_url)
    try:
        scene = Scene.build(primary)
        vote = scene.vote(scene.proposal())
        voters = scene.voters(6)
        cast(scene, vote, voters[:4])
        primary.ballot_index.ballots(vote)  # the table through these four
        cast(scene, vote, voters[4:], "no")  # not yet in the table
        if tables == "never-made":
            drop_tables(primary)
    finally:
        primary.close()
    dbname = postgres_url.rsplit("/", 1)[1]
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute(sql.SQL("ALTER DATABASE {} SET default_transaction_read_only = on")
                     .format(sql.Identifier(dbname)))

    standby = open_ledger(postgres_url, create_table=False)
    try:
        found = standby.ballots(standby.find(Vote, vote))
        assert found == {**{v.hex: "yes" for v in voters[:4]},
                         **{v.hex: "no" for v in voters[4:]}}
        assert [b["voter_id"] for b in standby.ballot_index.plain(vote)] == [
            str(v) for v in voters]
        assert standby.ballot_index.store.through() < standby.recorder.max_notification_id()
    finally:
        standby.close()


def test_ballots_come_through_a_bulk_import(persistent_store, tmp_path, monkeypatch):
    monkeypatch.setenv("KIEZLEDGER_SIGNING_KEY_FILE", str(tmp_path / "signing-key.pem"))
    source = open_ledger("memory://")
    scene = Scene.build(source)
    vote = scene.vote(scene.proposal())
    voters = scene.voters(5)
    cast(scene, vote, voters[:3], "yes")
    cast(scene, vote, voters[3:], "no")
    out = io.StringIO()
    archive.export(source, out)

    target = persistent_store.open()
    target.ballot_index.ballots(vote)  # the empty store's index, at position 0
    archive.import_(target, io.StringIO(out.getvalue()), writer=layout.bulk_writer(target))

    assert target.ballots(target.find(Vote, vote)) == {
        **{v.hex: "yes" for v in voters[:3]}, **{v.hex: "no" for v in voters[3:]}}
    result = target.close_vote(vote, closed_on=ASSEMBLY).record.result
    assert (result["yes"], result["no"]) == (3, 2)


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_init_indexes_a_store_of_an_earlier_release_before_any_worker_reads(
        store, request, tmp_path, monkeypatch):
    from cli.main import main

    monkeypatch.setenv("KIEZLEDGER_SIGNING_KEY_FILE", str(tmp_path / "signing-key.pem"))
    url = request.getfixturevalue(f"{store}_url")
    old = open_ledger(url)
    try:
        scene = Scene.build(old)
        vote = scene.vote(scene.proposal())
        cast(scene, vote, scene.voters(3), "no")
        drop_tables(old)
        head = old.recorder.max_notification_id()
    finally:
        old.close()

    assert main(["--database-url", url, "init"]) == 0

    worker = open_ledger(url, create_table=False)
    try:
        assert worker.ballot_index.store.through() == head
        seen = []
        assert decoded_while(worker, lambda: seen.append(worker.ballot_index.ballots(vote))) == 0
        assert sorted(seen[0].choices.values()) == ["no", "no", "no"]
    finally:
        worker.close()
