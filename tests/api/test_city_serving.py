"""Serving at city scale (issue 11): what the faster paths must still do."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from uuid import UUID

import networkx as nx
import psycopg
import pytest

from api.services import Services
from ledger.commands.base import LedgerBase
from queries.network import betweenness, network_changed, sampling_error
from store.sql import Database, PostgresDatabase

from .conftest import Client, World


def actor(client: Client, name: str, kind: str = "initiative", **more) -> str:
    return client.create("/v1/actors", {"kind": kind, "name": name, **more})["id"]


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_an_actors_page_reads_its_actors_in_one_go_with_their_personal_fields(
        client: Client, services: Services, monkeypatch):
    ids = [actor(client, f"Initiative {i}") for i in range(3)]
    person = actor(client, "Erika Muster", "person", contact="erika@example.org")
    erased = actor(client, "Max Muster", "person", contact="max@example.org")
    assert client.post(f"/v1/actors/{erased}/erase", {"reason": "asked"}).status_code == 200
    one_by_one = {i: client.get(f"/v1/actors/{i}").get_json() for i in [*ids, person, erased]}

    def no_single_reads(*args, **kwargs):
        raise AssertionError("an actor of the page was read on its own")

    monkeypatch.setattr(LedgerBase, "find", no_single_reads)
    # The people's keys are read together as well, not one query per person.
    monkeypatch.setattr(type(services.ledger.mapper.keys), "_get", no_single_reads)
    page = client.get("/v1/actors?limit=200").get_json()
    assert [a["id"] for a in page["items"]] == [*ids, person, erased]
    assert {a["id"]: a for a in page["items"]} == one_by_one
    by_id = {a["id"]: a for a in page["items"]}
    assert by_id[person]["contact"] == "erika@example.org"  # unsealed with the person's key
    assert by_id[erased]["contact"] != "max@example.org"


def test_writes_at_once_are_each_answered_after_their_read_models_caught_up(
        client: Client, services: Services):
    """Read-your-writes while one catch-up serves several waiting writers."""
    pid = client.create("/v1/processes", {
        "title": "Kiezrat", "level": "kiez", "topics": [], "started_on": "2023-01-01",
        "goals": {}})["id"]
    catch_ups = []
    runner = services.projections.runner
    real = runner._catch_up

    def counted(*args, **kwargs):
        catch_ups.append(1)
        return real(*args, **kwargs)

    runner._catch_up = counted
    start = threading.Barrier(6)

    def write(i: int) -> tuple[str, list[str]]:
        start.wait()
        made = client.create("/v1/gatherings", {
            "process_id": pid, "format": "open_assembly", "title": f"Versammlung {i}",
            "held_on": f"2023-0{i + 1}-10"})
        # Lists come from the read models only: the write is there when it is answered.
        listed = client.get("/v1/gatherings?limit=200").get_json()["items"]
        return made["id"], [g["id"] for g in listed]

    with ThreadPoolExecutor(6) as pool:
        for made, listed in pool.map(write, range(6)):
            assert made in listed
    assert 1 <= len(catch_ups) <= 12  # one per write and read at most, often fewer


def test_a_writer_whose_position_was_reached_while_it_waited_makes_no_catch_up(
        services: Services, monkeypatch):
    runner = services.projections.runner
    runner.catch_up()
    reached = runner.reached
    monkeypatch.setattr(runner, "_catch_up", lambda *a, **k: pytest.fail("caught up again"))
    assert runner.catch_up(after_wait=reached) == reached


def test_the_network_says_exact_for_a_small_day(client: Client):
    a, b, c = (actor(client, n) for n in ("A", "B", "C"))
    for x, y in ((a, b), (b, c)):
        client.create("/v1/cooperations", {"actor_ids": [x, y], "kind": "partnership",
                                           "started_on": "2022-01-01"})
    net = client.get("/v1/network?on=2022-06-01").get_json()
    assert net["measures"] == {"betweenness": "exact"}
    assert {n["id"]: n["betweenness"] for n in net["nodes"]}[b] == 1.0
    # The kept answer follows the read model: a new cooperation shows at once.
    d = actor(client, "D")
    client.create("/v1/cooperations", {"actor_ids": [c, d], "kind": "partnership",
                                       "started_on": "2022-02-01"})
    again = client.get("/v1/network?on=2022-06-01").get_json()
    assert d in {n["id"] for n in again["nodes"]}
    assert {n["id"]: n["betweenness"] for n in again["nodes"]}[b] == pytest.approx(4 / 6, 1e-5)


def test_the_network_changes_only_with_cooperations_and_erasures(client: Client,
                                                                 services: Services):
    def changed() -> int:
        services.refresh()
        return network_changed(services.db)

    a, b = actor(client, "A"), actor(client, "B", "person")
    assert changed() == 0  # actors alone show on no network
    client.create("/v1/cooperations", {"actor_ids": [a, b], "kind": "partnership",
                                       "started_on": "2022-01-01"})
    after_cooperation = changed()
    assert after_cooperation > 0
    client.create("/v1/processes", {"title": "Kiezrat", "level": "kiez", "topics": [],
                                    "started_on": "2023-01-01", "goals": {}})
    assert changed() == after_cooperation
    net = client.get("/v1/network?on=2022-06-01").get_json()
    assert {n["name"] for n in net["nodes"]} == {"A", "B"}
    assert client.post(f"/v1/actors/{b}/erase", {"reason": "asked"}).status_code == 200
    assert changed() > after_cooperation
    net = client.get("/v1/network?on=2022-06-01").get_json()
    assert "B" not in {n["name"] for n in net["nodes"]}


def test_sampled_betweenness_is_within_its_stated_error_of_the_exact_one():
    graph = nx.connected_watts_strogatz_graph(400, 6, 0.1, seed=7)
    ids = sorted(f"{n:04d}" for n in graph.nodes)
    pairs = [(f"{a:04d}", f"{b:04d}") for a, b in graph.edges]
    exact = nx.betweenness_centrality(nx.relabel_nodes(graph, lambda n: f"{n:04d}"))
    mine, how = betweenness(ids, pairs)
    assert how == {"betweenness": "exact"}
    assert max(abs(mine[i] - exact[i]) for i in ids) < 1e-9
    estimate, how = betweenness(ids, pairs, exact_limit=100, samples=48, seed=3)
    assert how == {"betweenness": "approximate", "samples": 48, "seed": 3,
                   "error": round(sampling_error(48), 4), "confidence": 0.95}
    assert max(abs(estimate[i] - exact[i]) for i in ids) <= how["error"]
    assert betweenness(ids, pairs, exact_limit=100, samples=48, seed=3)[0] == estimate
    # Every actor a source: the estimate is the exact measure.
    full, _ = betweenness(ids, pairs, exact_limit=100, samples=400)
    assert max(abs(full[i] - exact[i]) for i in ids) < 1e-9


def test_the_pool_replaces_a_connection_the_server_dropped(postgres_url: str):
    db = Database.from_url(postgres_url)
    assert isinstance(db, PostgresDatabase)
    try:
        (pid,) = db.fetchone("SELECT pg_backend_pid()")
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        # The pool's one connection is gone: the read is answered on a new one.
        (again,) = db.fetchone("SELECT pg_backend_pid()")
        assert again != pid
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (again,))
        with db.transaction() as cur:  # and a transaction, too
            cur.execute("CREATE TABLE t (x INTEGER)")
            cur.execute("INSERT INTO t VALUES (1)")
        assert db.fetchall("SELECT x FROM t") == [(1,)]
    finally:
        db.close()


def test_a_failed_statement_is_not_run_twice(postgres_url: str):
    db = Database.from_url(postgres_url)
    try:
        db.execute("CREATE TABLE t (x INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(psycopg.errors.UniqueViolation):
            db.execute("INSERT INTO t VALUES (1)")
        with pytest.raises(psycopg.errors.UndefinedTable):
            db.fetchall("SELECT * FROM nothing_here")
        assert db.fetchall("SELECT x FROM t") == [(1,)]
    finally:
        db.close()


def test_a_listed_record_shows_its_latest_version_though_items_are_kept(client: Client):
    pid = client.create("/v1/processes", {
        "title": "Kiezrat", "level": "kiez", "topics": [], "started_on": "2023-01-01",
        "goals": {}})["id"]
    listed = client.get("/v1/processes").get_json()["items"]
    assert [(p["id"], p["version"], p["phases"]) for p in listed] == [(pid, 1, [])]
    assert client.post(f"/v1/processes/{pid}/phases", {
        "name": "Planung", "started_on": "2023-02-01"}).status_code == 200
    again = client.get("/v1/processes").get_json()
    assert again["items"][0]["version"] == 2
    assert [p["name"] for p in again["items"][0]["phases"]] == ["Planung"]
    assert again["next"] is None
    assert again["items"][0] == client.get(f"/v1/processes/{pid}").get_json()


def test_a_writes_catch_up_reads_the_log_once(client: Client, services: Services,
                                               monkeypatch):
    runner = services.projections.runner
    reads = []
    real = runner._read

    def counted(*args):
        found = real(*args)
        reads.append(len(found))
        return found

    monkeypatch.setattr(runner, "_read", counted)
    actor(client, "Initiative")
    assert reads == [1]  # the new event; no second read to learn nothing follows


def test_records_made_in_a_batch_are_not_looked_up(client: Client, monkeypatch):
    import projections.records as records_projection

    asked: list[set] = []
    real = records_projection.select_in

    def spy(cur, sql, ids, **kw):
        asked.append(set(ids))
        return real(cur, sql, ids, **kw)

    monkeypatch.setattr(records_projection, "select_in", spy)
    pid = client.create("/v1/processes", {
        "title": "Kiezrat", "level": "kiez", "topics": [], "started_on": "2023-01-01",
        "goals": {}})["id"]
    assert asked == []  # a new record: nothing stored to read back
    assert client.post(f"/v1/processes/{pid}/phases", {
        "name": "Planung", "started_on": "2023-02-01"}).status_code == 200
    assert asked == [{pid}]
    assert client.get("/v1/processes").get_json()["items"][0]["phases"][0]["name"] == "Planung"


def test_a_listed_vote_shows_a_ballot_cast_since_though_items_are_kept(client: Client,
                                                                       world: World):
    # A ballot is a record of its own: the vote's version stays as it was.
    vote = world.vote["id"]
    listed = client.get("/v1/votes").get_json()["items"]
    assert [(v["id"], v["ballots"]) for v in listed] == [(vote, [])]
    client.create(f"/v1/votes/{vote}/ballots", {"voter_id": world.ada["id"], "choice": "yes"},
                  status=200)
    again = client.get("/v1/votes").get_json()["items"]
    assert again[0]["version"] == listed[0]["version"]
    assert again[0]["ballots"] == [{"voter_id": world.ada["id"], "choice": "yes"}]
    assert again[0] == client.get(f"/v1/votes/{vote}").get_json()


def test_a_plain_schema_is_dumped_as_marshmallow_dumps_it(client: Client, services: Services,
                                                         world: World):
    from api.pages import plain_dumper
    from api.resources.actors import ActorOut
    from api.resources.processes import ProcessOut
    from api.resources.votes import VoteOut
    from ledger.domain.actors import Actor
    from ledger.domain.processes import Process

    erika = actor(client, "Erika Muster", "person", contact="erika@example.org", kiez=None)
    shown = services.ledger.find(Actor, UUID(erika))
    schema = ActorOut()
    assert list(plain_dumper(schema)(shown).items()) == list(schema.dump(shown).items())
    assert plain_dumper(schema)({"id": erika}) == schema.dump({"id": erika})  # keys first
    # Nested lists of plain schemas (participants, phases), a nested one (goals, whose
    # absent keys stay absent), dates and None.
    client.post(f"/v1/processes/{world.process['id']}/phases",
                {"name": "Planung", "started_on": "2021-02-01"})
    client.post(f"/v1/processes/{world.process['id']}/participants",
                {"actor_id": erika, "role": "member", "joined_on": "2021-02-02"})
    process = services.ledger.find(Process, UUID(world.process["id"]))
    schema = ProcessOut()
    assert process.participants and process.phases
    assert plain_dumper(schema)(process) == schema.dump(process)
    assert repr(plain_dumper(schema)(process)) == repr(schema.dump(process))  # same order
    votes = VoteOut()
    assert plain_dumper(votes) == votes.dump  # a computed field: marshmallow's own
