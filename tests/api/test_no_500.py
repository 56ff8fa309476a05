"""No input makes a 500: every write's fields and every read's queries, fed garbage."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from tests.api.conftest import Client, World, build_world

GARBAGE = [
    None, "", " ", "x", "\u0000", "\ud800", "2021-02-30", "0000-00-00", "9999-12-31",
    "2021-02-01T00:00:00", -1, 0, 1.5, 10**30, -(10**30), float("inf"), True, [], {}, [None],
    {"a": 1}, "00000000-0000-0000-0000-000000000000", "a" * 10_000, "NaN", "1e999",
]


def valid_bodies(world: World) -> dict[str, dict]:
    w = world
    return {
        "/v1/actors": {"kind": "person", "name": "A", "district": "d", "kiez": "k",
                       "contact": "c"},
        "/v1/cooperations": {"actor_ids": [w.ada["id"], w.ben["id"]], "kind": "partnership",
                             "started_on": "2021-05-01", "process_id": w.process["id"]},
        "/v1/cooperations/{id}/end": {"ended_on": "2022-01-01"},
        "/v1/processes": {"title": "T", "level": "kiez", "area": "a", "topics": ["t"],
                          "started_on": "2021-01-01", "goals": {"open_assemblies_per_year": 2}},
        "/v1/processes/{id}/participants": {"actor_id": w.ben["id"], "role": "r",
                                            "joined_on": "2021-02-01"},
        "/v1/processes/{id}/phases": {"name": "n", "started_on": "2021-02-01"},
        "/v1/processes/{id}/conclude": {"concluded_on": "2024-01-01", "summary": "s"},
        "/v1/gatherings": {"process_id": w.process["id"], "format": "action", "title": "T",
                           "held_on": "2021-03-01", "place": "p", "attendance": 3},
        "/v1/charters": {"process_id": w.process["id"], "title": "T",
                         "established_on": "2021-02-01"},
        "/v1/proposals": {"process_id": w.process["id"], "title": "T", "text": "t",
                          "author_ids": [w.ada["id"]], "submitted_on": "2021-02-01",
                          "charter_id": w.charter["id"],
                          "clause": {"action": "add", "heading": "H"}},
        "/v1/proposals/{id}/withdraw": {"withdrawn_on": "2021-02-02"},
        "/v1/proposals/{id}/amendments": {"author_ids": [w.ben["id"]], "text": "t",
                                          "rationale": "r", "submitted_on": "2021-02-02"},
        "/v1/amendments/{id}/withdraw": {"withdrawn_on": "2021-02-03"},
        "/v1/votes": {"subject_type": "proposal", "subject_id": w.proposal["id"],
                      "gathering_id": w.gathering["id"], "method": "two_thirds",
                      "opened_on": "2021-03-01"},
        "/v1/votes/{id}/ballots": {"voter_id": w.ada["id"], "choice": "object"},
        "/v1/votes/{id}/tally": {"yes": 1, "no": 2, "abstain": 3, "objections": 4},
        "/v1/votes/{id}/close": {"closed_on": "2021-03-02"},
        "/v1/commitments": {"actor_id": w.ada["id"], "process_id": w.process["id"],
                            "description": "d", "made_on": "2021-03-01",
                            "due_on": "2021-04-01", "proposal_id": w.proposal["id"],
                            "gathering_id": w.gathering["id"]},
        "/v1/commitments/{id}/progress": {"reported_on": "2021-03-02", "note": "n"},
        "/v1/commitments/{id}/fulfil": {"fulfilled_on": "2021-03-03", "evidence": "e"},
        "/v1/commitments/{id}/withdraw": {"withdrawn_on": "2021-03-03", "reason": "r"},
        "/v1/fundings": {"funder_id": w.cem["id"], "recipient_id": w.ben["id"],
                         "process_id": w.process["id"], "logic": "process",
                         "period_start": "2021-01-01", "period_end": "2021-12-31",
                         "amount": "100.00", "currency": "EUR", "granted_on": "2021-01-01"},
        "/v1/fundings/{id}/disbursements": {"amount": "1.00", "paid_on": "2021-02-01"},
        "/v1/fundings/{id}/plan": {"decided_on": "2021-01-02", "reason": "r", "lines": [
            {"code": "honorare", "name": "H", "side": "expenditure",
             "planned": {"2021": "50.00"}}]},
        "/v1/fundings/{id}/expenditures": {"paid_on": "2021-02-01", "amount": "1.00",
                                           "currency": "EUR", "line": "honorare",
                                           "payee": "p", "receipt_number": "B-1",
                                           "purpose": "z", "receipt_sha256": "a" * 64},
        "/v1/fundings/{id}/income": {"received_on": "2021-02-01", "amount": "1.00",
                                     "currency": "EUR", "source": "donation", "payer": "p",
                                     "receipt_number": "E-1", "purpose": "z",
                                     "receipt_sha256": "b" * 64},
        "/v1/fundings/{id}/volunteer-work": {"person_id": w.ada["id"], "name": "Ada",
                                             "worked_on": "2021-02-01", "hours": "2.5",
                                             "hourly_rate": "15.00", "activity": "a"},
        "/v1/fundings/{id}/reversals": {"reverses": str(uuid.uuid4()),
                                        "reversed_on": "2021-03-01", "reason": "r"},
        "/v1/indicators": {"process_id": w.process["id"], "name": "n", "unit": "m²",
                           "target_per_year": "40", "counts_from": "2021-02-01"},
        "/v1/indicators/{id}/measurements": {"measured_on": "2021-03-01", "value": "3.5",
                                             "source": {"kind": "gathering",
                                                        "gathering_id": w.gathering["id"]}},
        "/v1/tokens": {"name": "n", "role": "auditor", "scope": [w.process["id"]]},
        "/v1/actors/{id}/erase": {"reason": "r", "erased_on": "2021-05-01"},
    }


def targets(client: Client, world: World) -> dict[str, str]:
    """A record to act on for each path with {id}."""
    commitment = client.create("/v1/commitments", valid_bodies(world)["/v1/commitments"])
    funding = client.create("/v1/fundings", valid_bodies(world)["/v1/fundings"])
    amendment = client.create(f"/v1/proposals/{world.proposal['id']}/amendments",
                              valid_bodies(world)["/v1/proposals/{id}/amendments"])
    coop = client.create("/v1/cooperations", valid_bodies(world)["/v1/cooperations"])
    indicator = client.create("/v1/indicators", valid_bodies(world)["/v1/indicators"])
    return {"indicators": indicator["id"], "cooperations": coop["id"],
            "processes": world.process["id"],
            "proposals": world.proposal["id"], "amendments": amendment["id"],
            "votes": world.vote["id"], "commitments": commitment["id"],
            "fundings": funding["id"]}


def test_every_write_path_in_the_contract_is_fuzzed(client: Client, world: World):
    spec = client.get("/openapi.json").get_json()
    posts = {path for path, ops in spec["paths"].items() if "post" in ops}
    assert posts == set(valid_bodies(world))


def test_garbage_in_any_field_is_never_a_500(client: Client):
    world = build_world(client)
    ids = targets(client, world)
    answered = set()
    for template, valid in valid_bodies(world).items():
        collection = template.split("/")[2]
        path = template.replace("{id}", ids.get(collection, str(uuid.uuid4())))
        variants = [{**valid, field: value} for field in valid for value in GARBAGE]
        variants += [{k: v for k, v in valid.items() if k != field} for field in valid]
        variants += [{**valid, "unknown": 1}, {}, [], None]
        for body in variants:
            data = json.dumps(body, allow_nan=True)
            response = client.post(path, data=data, content_type="application/json")
            assert response.status_code < 500, (path, body, response.get_json())
            assert response.mimetype in ("application/json", "application/problem+json")
            answered.add(response.status_code)
    assert {400, 404, 409, 422} & answered


@pytest.mark.parametrize("database_url", ["memory://"], ids=["memory"])
def test_garbage_in_queries_and_headers_is_never_a_500(client: Client, world: World):
    paths = [f"/v1/votes/{world.vote['id']}", f"/v1/votes/{world.vote['id']}/events",
             "/v1/votes", "/v1/events"]
    values = ["", "x", "-1", "0", "1e999", "\u0000", "%00", "%ff", "2021-02-30", "9" * 40,
              str(uuid.uuid4()), "2021-01-01T00:00:00+25:00"]
    for path in paths:
        for name in ("as_of", "limit", "after", "process_id"):
            for value in values:
                response = client.get(f"{path}?{name}={value}")
                assert response.status_code < 500, (path, name, value)
    for header in ({"If-Match": "\u00ff"}, {"Idempotency-Key": "\x01"},
                   {"Authorization": "Bearer \u00ff"},
                   {"Content-Type": "application/json; charset=latin-1"}):
        response = client.post(f"/v1/votes/{world.vote['id']}/close",
                               {"closed_on": "2021-03-02"}, headers=header)
        assert response.status_code < 500, header
    assert not re.search(r"Traceback", client.get("/v1/%ff").get_data(as_text=True))
