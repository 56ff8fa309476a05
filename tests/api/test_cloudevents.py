"""The global log read with the CloudEvents SDK (the `cloudevents` package), in the JSON
format (each event of `{"events": [...]}`) and in the JSON batch format
(`Accept: application/cloudevents-batch+json`); `type` and `source` as the spec means them
(issue 14).
"""

from __future__ import annotations

import json
import re

import pytest
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent
from cloudevents.v1.http import from_dict

from queries.log import cloudevent_type
from tests.api.conftest import Client, World

BATCH = "application/cloudevents-batch+json"
TYPE = re.compile(r"org\.kiezledger\.[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*\.v\d+")


def read_each(events: list[dict]) -> list[CloudEvent]:
    """Each event through the SDK's JSON format reader, which validates its attributes."""
    return [JSONFormat().read(CloudEvent, json.dumps(event)) for event in events]


@pytest.mark.parametrize("database_url", ["memory", "sqlite"], indirect=True)
def test_the_sdk_reads_the_log_in_the_json_and_the_batch_format(client: Client, world: World):
    wrapped = client.get("/v1/events", query_string={"limit": 1000})
    assert wrapped.mimetype == "application/json"
    events = read_each(wrapped.get_json()["events"])
    assert len(events) == 9

    batch = client.get("/v1/events", query_string={"limit": 1000}, headers={"Accept": BATCH})
    assert batch.status_code == 200 and batch.mimetype == BATCH
    assert batch.headers["Vary"] == "Accept"
    body = json.loads(batch.data)
    assert isinstance(body, list)  # the batch format: a JSON array of events
    from_batch = read_each(body)
    assert [e.get_id() for e in from_batch] == [e.get_id() for e in events]
    # The SDK's older API reads them too.
    assert [from_dict(e)["type"] for e in body] == [e.get_type() for e in events]

    first, last = from_batch[0], from_batch[-1]
    assert first.get_type() == "org.kiezledger.actor.registered.v1"
    assert last.get_type() == "org.kiezledger.vote.opened.v1"
    assert all(TYPE.fullmatch(e.get_type()) for e in from_batch)
    assert {e.get_source() for e in from_batch} == {f"urn:kiezledger:ledger:{world.ada['id']}"}
    assert first.get_subject() == f"actors/{world.ada['id']}"
    assert first.get_time() is not None and first.get_time().tzinfo is not None
    assert first.get_extension("position") == 1 and len(first.get_extension("hash")) == 64
    assert first.get_extension("recordedby") == "admin"
    assert last.get_extension("occurredon") == "2021-03-01"
    assert first.get_data()["name"] == "Ada"

    page = client.get("/v1/events", query_string={"after": 3, "limit": 2},
                      headers={"Accept": BATCH})
    assert [e["position"] for e in json.loads(page.data)] == [4, 5]


@pytest.mark.parametrize("database_url", ["memory"], indirect=True)
def test_the_source_is_configurable_and_stored_events_keep_theirs(
        client: Client, world: World, services, monkeypatch):
    monkeypatch.setenv("KIEZLEDGER_EVENT_SOURCE", "https://ledger.wrangelkiez.example")
    events = client.get("/v1/events", headers={"Accept": BATCH})
    assert {e["source"] for e in json.loads(events.data)} == {
        "https://ledger.wrangelkiez.example"}
    # The mapping is made when served: the export still writes what was always written.
    import io

    from ledger.archive import export

    out = io.StringIO()
    export(services.ledger, out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert "kiezledger.Actor.Registered" in {line["type"] for line in lines}
    assert {line["source"] for line in lines} == {"urn:kiezledger"}


@pytest.mark.parametrize("database_url", ["memory"], indirect=True)
def test_an_accept_the_log_cannot_satisfy_is_406(client: Client, world: World):
    refused = client.get("/v1/events", headers={"Accept": "text/csv"})
    assert refused.status_code == 406 and refused.mimetype == "application/problem+json"


def test_types_are_reverse_dns_lower_case_and_versioned():
    assert cloudevent_type("Actor.Registered") == "org.kiezledger.actor.registered.v1"
    assert cloudevent_type("Commitment.ProgressReported") == (
        "org.kiezledger.commitment.progress_reported.v1")
    assert cloudevent_type("Charter.ClauseAdded", 2) == "org.kiezledger.charter.clause_added.v2"
