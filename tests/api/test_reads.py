"""Reads: one record now or as the ledger knew it, its history, lists, the global log."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, datetime, timedelta, timezone
from urllib.parse import quote

import pytest

from tests.api.conftest import Client, World, edge_only, head
from tests.api.test_writes import client_services, problem


def test_get_shows_the_current_state_with_etag(client: Client, world: World):
    response = client.get(f"/v1/processes/{world.process['id']}")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    assert response.get_json() == world.process


def test_every_collection_shows_what_was_written(client: Client, world: World):
    for collection, record in (("actors", world.ada), ("gatherings", world.gathering),
                               ("charters", world.charter), ("proposals", world.proposal),
                               ("votes", world.vote)):
        assert client.get(f"/v1/{collection}/{record['id']}").get_json() == record


def test_unknown_ids_and_records_of_another_kind_are_404(client: Client, world: World):
    problem(client.get(f"/v1/actors/{uuid.uuid4()}"), 404)
    problem(client.get(f"/v1/proposals/{world.vote['id']}"), 404)
    problem(client.get(f"/v1/votes/{uuid.uuid4()}/events"), 404)
    problem(client.get(f"/v1/actors/{world.vote['id']}/events"), 404)


def test_as_of_shows_what_the_ledger_knew_then(client: Client, world: World):
    vote = world.vote["id"]
    time.sleep(0.01)
    between = datetime.now(UTC)
    time.sleep(0.01)
    client.create(f"/v1/votes/{vote}/ballots", {"voter_id": world.ada["id"], "choice": "yes"},
                  status=200)
    client.create(f"/v1/votes/{vote}/close", {"closed_on": "2021-03-02"}, status=200)
    now = client.get(f"/v1/votes/{vote}").get_json()
    # A ballot is a record of its own: the vote's version counts its opening and closing.
    assert now["version"] == 2 and len(now["ballots"]) == 1

    then = client.get(f"/v1/votes/{vote}", query_string={"as_of": between.isoformat()})
    assert then.status_code == 200 and then.headers["ETag"] == '"1"'
    assert then.get_json()["ballots"] == [] and then.get_json()["version"] == 1
    # Naive means UTC; a `+` that arrives as a space still reads as an offset.
    naive = between.replace(tzinfo=None).isoformat()
    berlin = between.astimezone(timezone(timedelta(hours=2))).isoformat()
    for moment in (naive, berlin, quote(berlin)):
        shown = client.get(f"/v1/votes/{vote}?as_of={moment}").get_json()
        assert (shown["version"], shown["ballots"]) == (1, []), moment

    before = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    problem(client.get(f"/v1/votes/{vote}", query_string={"as_of": before}), 404)


@edge_only
@pytest.mark.parametrize("value", ["yesterday", "2021-13-01T00:00:00", "\u0000", "",
                                   "9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_a_bad_as_of_is_422(client: Client, world: World, value):
    body = problem(client.get(f"/v1/votes/{world.vote['id']}",
                              query_string={"as_of": value}), 422)
    assert "as_of" in body["errors"]


def test_history_lists_every_event_with_its_log_position(client: Client, world: World):
    vote = world.vote["id"]
    client.create(f"/v1/votes/{vote}/ballots", {"voter_id": world.ada["id"], "choice": "yes"},
                  status=200)
    client.create(f"/v1/votes/{vote}/close", {"closed_on": "2021-03-02"}, status=200)
    events = client.get(f"/v1/votes/{vote}/events").get_json()["events"]
    # The ballot is a record of its own (its first version), shown in its vote's history.
    assert [e["type"] for e in events] == ["Vote.Opened", "Ballot.Cast", "Vote.Closed"]
    assert [e["version"] for e in events] == [1, 1, 2]
    assert [e["occurred_on"] for e in events] == ["2021-03-01", "2021-03-01", "2021-03-02"]
    assert {e["recorded_by"] for e in events} == {"admin"}
    positions = [e["position"] for e in events]
    assert all(isinstance(p, int) for p in positions) and positions == sorted(positions)
    assert positions[-1] <= head(client_services(client))
    assert events[1]["data"]["voter_id"] == world.ada["id"]
    assert events[2]["data"]["result"]["outcome"] == "adopted"
    for e in events:
        assert datetime.fromisoformat(e["recorded_at"]).tzinfo is not None
    # The same positions as in the global log.
    log = client.get("/v1/events", query_string={"limit": 1000}).get_json()["events"]
    at = {e["id"]: e["position"] for e in log}
    ballot = uuid.uuid5(uuid.UUID(vote), uuid.UUID(world.ada["id"]).hex)
    assert positions == [at[f"{vote}:1"], at[f"{ballot}:1"], at[f"{vote}:2"]]


def test_cloudevents_of_the_global_log(client: Client, world: World):
    log = client.get("/v1/events").get_json()["events"]
    assert len(log) == 9  # the world's nine records, one event each
    first = log[0]
    assert first == {
        "specversion": "1.0", "id": f"{world.ada['id']}:1",
        # the deployment: by default named after the ledger's first record
        "source": f"urn:kiezledger:ledger:{world.ada['id']}",
        "type": "org.kiezledger.actor.registered.v1", "subject": f"actors/{world.ada['id']}",
        "time": first["time"], "datacontenttype": "application/json",
        "data": {"kind": "person", "name": "Ada", "district": None,
                 "kiez": "Reichenberger Kiez", "contact": None},
        "position": first["position"], "hash": first["hash"], "recordedby": "admin",
    }  # no `occurredon`: a registration has no domain date (absent, not null)
    assert len(first["hash"]) == 64
    assert datetime.fromisoformat(first["time"]) == datetime.fromisoformat(world.ada["recorded_at"])
    vote = log[-1]
    assert vote["type"] == "org.kiezledger.vote.opened.v1"
    assert vote["subject"] == f"votes/{world.vote['id']}" and vote["occurredon"] == "2021-03-01"
    positions = [e["position"] for e in log]
    assert positions == sorted(positions) and len(set(positions)) == 9

    page = client.get("/v1/events", query_string={"after": positions[2], "limit": 3})
    assert [e["position"] for e in page.get_json()["events"]] == positions[3:6]
    assert client.get("/v1/events?after=999999").get_json() == {"events": []}


@edge_only
@pytest.mark.parametrize("query", ["limit=0", "limit=1001", "after=-1", "after=x", "limit=1.5"])
def test_bad_log_queries_are_422(client: Client, query):
    problem(client.get(f"/v1/events?{query}"), 422)


def test_lists_page_in_creation_order(client: Client):
    ids = [client.create("/v1/actors", {"kind": "person", "name": f"P{i}"})["id"]
           for i in range(5)]
    first = client.get("/v1/actors?limit=2").get_json()
    assert [a["id"] for a in first["items"]] == ids[:2] and first["next"] == ids[1]
    assert first["items"][0]["name"] == "P0"
    second = client.get(f"/v1/actors?limit=2&after={first['next']}").get_json()
    assert [a["id"] for a in second["items"]] == ids[2:4] and second["next"] == ids[3]
    last = client.get(f"/v1/actors?limit=2&after={second['next']}").get_json()
    assert [a["id"] for a in last["items"]] == ids[4:] and last["next"] is None
    everything = client.get("/v1/actors").get_json()
    assert [a["id"] for a in everything["items"]] == ids and everything["next"] is None
    exact = client.get("/v1/actors?limit=5").get_json()
    assert len(exact["items"]) == 5 and exact["next"] is None


def test_lists_filter_by_process(client: Client, world: World):
    other_gathering = client.create("/v1/gatherings", {
        "process_id": world.other_process["id"], "format": "action", "title": "Depaving",
        "held_on": "2021-04-01"})
    everything = client.get("/v1/gatherings").get_json()["items"]
    assert [g["id"] for g in everything] == [world.gathering["id"], other_gathering["id"]]
    only = client.get(f"/v1/gatherings?process_id={world.other_process['id']}").get_json()
    assert [g["id"] for g in only["items"]] == [other_gathering["id"]]
    processes = client.get("/v1/processes").get_json()["items"]
    assert [p["id"] for p in processes] == [world.process["id"], world.other_process["id"]]


def test_list_queries_out_of_bounds_are_422(client: Client, world: World):
    for query in ("limit=0", "limit=201", "limit=x", "process_id=nope"):
        problem(client.get(f"/v1/actors?{query}"), 422)
    body = problem(client.get(f"/v1/actors?after={uuid.uuid4()}"), 422)
    assert "after" in body["errors"]
    # An id of another collection is no position in this one.
    problem(client.get(f"/v1/actors?after={world.vote['id']}"), 422)


def test_every_collection_lists(client: Client, world: World):
    for collection in ("actors", "cooperations", "processes", "gatherings", "charters",
                       "proposals", "amendments", "votes", "commitments", "fundings"):
        response = client.get(f"/v1/{collection}")
        assert response.status_code == 200, collection
        assert set(response.get_json()) == {"items", "next"}
