"""Every write of the contract: its success answer, and its refusals storing nothing."""

from __future__ import annotations

import uuid

import pytest

from tests.api.conftest import Client, World, edge_only, head


def test_register_actor_answers_201_with_id_version_and_etag(client: Client):
    response = client.post("/v1/actors", {"kind": "school", "name": "Nürtingen-Grundschule",
                                          "district": "Friedrichshain-Kreuzberg"})
    assert response.status_code == 201
    body = response.get_json()
    assert uuid.UUID(body["id"]) and body["version"] == 1
    assert response.headers["ETag"] == '"1"'
    assert response.headers["Location"] == f"/v1/actors/{body['id']}"
    assert body["kind"] == "school" and body["district"] == "Friedrichshain-Kreuzberg"
    assert body["erased"] is False
    assert body["recorded_at"] == body["updated_at"]


def test_a_whole_decision_changes_the_charter(client: Client, world: World):
    amendment = client.create(f"/v1/proposals/{world.proposal['id']}/amendments", {
        "author_ids": [world.ben["id"]], "text": "We depave and plant.",
        "rationale": "Plants too", "submitted_on": "2021-02-10",
    })
    assert amendment["proposal_id"] == world.proposal["id"]
    assert amendment["process_id"] == world.process["id"]
    on_amendment = client.create("/v1/votes", {
        "subject_type": "amendment", "subject_id": amendment["id"],
        "gathering_id": world.gathering["id"], "method": "consent", "opened_on": "2021-03-01",
    })
    client.create(f"/v1/votes/{on_amendment['id']}/tally",
                  {"yes": 30, "no": 2, "abstain": 1}, status=200)
    closed = client.create(f"/v1/votes/{on_amendment['id']}/close",
                           {"closed_on": "2021-03-01"}, status=200)
    assert closed["result"] == {"outcome": "adopted", "yes": 30, "no": 2, "abstain": 1,
                                "objections": 0}

    vote = world.vote["id"]
    for voter, choice in ((world.ada, "yes"), (world.ben, "yes"), (world.cem, "abstain")):
        cast = client.create(f"/v1/votes/{vote}/ballots",
                             {"voter_id": voter["id"], "choice": choice}, status=200)
    assert {"voter_id": world.cem["id"], "choice": "abstain"} in cast["ballots"]
    response = client.post(f"/v1/votes/{vote}/close", {"closed_on": "2021-03-01"},
                           headers={"If-Match": f'"{cast["version"]}"'})
    assert response.status_code == 200
    closed = response.get_json()
    assert closed["status"] == "closed"
    assert closed["result"] == {"outcome": "adopted", "yes": 2, "no": 0, "abstain": 1,
                                "objections": 0}

    proposal = client.get(f"/v1/proposals/{world.proposal['id']}").get_json()
    assert proposal["status"] == "adopted" and proposal["decided_by"] == vote
    assert proposal["text"] == "We depave and plant."
    assert proposal["adopted_amendment_ids"] == [amendment["id"]]
    clauses = client.get(f"/v1/charters/{world.charter['id']}").get_json()["clauses"]
    assert clauses == [{
        "clause_id": proposal["clause"]["new_clause_id"], "number": 1, "heading": "Green pits",
        "text": "We depave and plant.",
        "adopted_by": {"proposal_id": world.proposal["id"], "amendment_ids": [amendment["id"]],
                       "vote_id": vote, "gathering_id": world.gathering["id"],
                       "decided_on": "2021-03-01"},
    }]


def test_process_participants_phases_and_conclusion(client: Client, world: World):
    path = f"/v1/processes/{world.process['id']}"
    joined = client.create(f"{path}/participants", {"actor_id": world.ben["id"],
                                                    "role": "organiser",
                                                    "joined_on": "2021-02-01"}, status=200)
    assert joined["participants"] == [{"actor_id": world.ben["id"], "role": "organiser",
                                       "joined_on": "2021-02-01"}]
    phased = client.create(f"{path}/phases", {"name": "Listening", "started_on": "2021-02-01"},
                           status=200)
    assert phased["phases"] == [{"name": "Listening", "started_on": "2021-02-01"}]
    done = client.create(f"{path}/conclude", {"concluded_on": "2024-12-31", "summary": "Done."},
                         status=200)
    assert done["status"] == "concluded" and done["version"] == 4
    assert done["goals"] == {"open_assemblies_per_year": 2}


def test_cooperation_starts_and_ends(client: Client, world: World):
    coop = client.create("/v1/cooperations", {
        "actor_ids": [world.ada["id"], world.ben["id"]], "kind": "partnership",
        "started_on": "2021-05-01", "process_id": world.process["id"],
    })
    assert coop["status"] == "running" and coop["ended_on"] is None
    ended = client.create(f"/v1/cooperations/{coop['id']}/end", {"ended_on": "2022-05-01"},
                          status=200)
    assert ended["status"] == "ended" and ended["ended_on"] == "2022-05-01"


def test_commitment_progress_fulfil_and_withdraw(client: Client, world: World):
    body = {"actor_id": world.ben["id"], "process_id": world.process["id"],
            "description": "Water the pits", "made_on": "2021-03-01", "due_on": "2021-06-01",
            "gathering_id": world.gathering["id"], "proposal_id": world.proposal["id"]}
    made = client.create("/v1/commitments", body)
    assert made["status"] == "overdue"  # open and due long ago
    path = f"/v1/commitments/{made['id']}"
    progressed = client.create(f"{path}/progress", {"reported_on": "2021-04-01",
                                                    "note": "Half done"}, status=200)
    assert progressed["progress"] == [{"reported_on": "2021-04-01", "note": "Half done"}]
    kept = client.create(f"{path}/fulfil", {"fulfilled_on": "2021-07-01", "evidence": "Photos"},
                         status=200)
    assert kept["status"] == "fulfilled" and kept["fulfilled_late"] is True

    other = client.create("/v1/commitments", {**body, "due_on": "2099-01-01"})
    assert other["status"] == "open"
    gone = client.create(f"/v1/commitments/{other['id']}/withdraw",
                         {"withdrawn_on": "2021-05-01", "reason": "No water"}, status=200)
    assert gone["status"] == "withdrawn" and gone["withdrawal_reason"] == "No water"


def test_funding_amounts_are_decimal_strings(client: Client, world: World):
    funding = client.create("/v1/fundings", {
        "funder_id": world.cem["id"], "recipient_id": world.ben["id"],
        "process_id": world.process["id"], "logic": "process", "period_start": "2021-01-01",
        "period_end": "2023-12-31", "amount": "90000", "currency": "EUR",
        "granted_on": "2020-12-01",
    })
    assert funding["amount"] == "90000.00" and funding["disbursed"] == "0.00"
    paid = client.create(f"/v1/fundings/{funding['id']}/disbursements",
                         {"amount": "30000.5", "paid_on": "2021-01-15"}, status=200)
    assert paid["disbursements"] == [{"amount": "30000.50", "paid_on": "2021-01-15"}]
    assert paid["disbursed"] == "30000.50"


def test_withdrawals_of_proposal_and_amendment(client: Client, world: World):
    amendment = client.create(f"/v1/proposals/{world.proposal['id']}/amendments", {
        "author_ids": [world.ben["id"]], "text": "Other text", "submitted_on": "2021-02-10"})
    gone = client.create(f"/v1/amendments/{amendment['id']}/withdraw",
                         {"withdrawn_on": "2021-02-11"}, status=200)
    assert gone["status"] == "withdrawn"
    proposal = client.create(f"/v1/proposals/{world.proposal['id']}/withdraw",
                             {"withdrawn_on": "2021-02-12"}, status=200)
    assert proposal["status"] == "withdrawn" and proposal["withdrawn_on"] == "2021-02-12"


# --- refusals -----------------------------------------------------------------------------


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.get_json()
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["status"] == status and body["title"] and body["type"]
    assert body["instance"] == response.request.path
    return body


@edge_only
@pytest.mark.parametrize(("path", "body", "field"), [
    ("/v1/actors", {"kind": "person", "name": "X", "age": 3}, "age"),
    ("/v1/actors", {"kind": "wizard", "name": "X"}, "kind"),
    ("/v1/actors", {"kind": "person"}, "name"),
    ("/v1/actors", {"kind": "person", "name": "X\u0000"}, "name"),
    ("/v1/actors", {"kind": "person", "name": "X\u0001"}, "name"),
    ("/v1/actors", {"kind": "person", "name": "\u001b[31mX"}, "name"),
    ("/v1/actors", {"kind": "person", "name": "X", "contact": "a\u007fb"}, "contact"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "0001-01-01"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "9999-12-31"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "1899-12-31"}, "started_on"),
    ("/v1/tokens", {"name": "t", "role": "admin",
                    "expires_at": "9999-12-31T23:59:59-12:00"}, "expires_at"),
    ("/v1/actors", {"kind": "person", "name": 7}, "name"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-13-01"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "20210101"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-1-1"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-W01-1"}, "started_on"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-01-01",
                       "goals": {"open_assemblies_per_year": 2.5}},
     "goals.open_assemblies_per_year"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-01-01",
                       "goals": {"weekly": 1}}, "goals.weekly"),
    ("/v1/processes", {"title": "T", "level": "kiez", "started_on": "2021-01-01",
                       "topics": [1]}, "topics.0"),
])
def test_bad_bodies_answer_422_with_the_field(client: Client, path, body, field):
    before = head(client_services(client))
    body = problem(client.post(path, body), 422)
    assert field in body["errors"], body
    assert head(client_services(client)) == before


@edge_only
def test_text_keeps_tabs_and_line_breaks(client: Client, world: World):
    proposal = client.create("/v1/proposals", {
        "process_id": world.process["id"], "title": "Zwei\tTeile", "text": "Eins\nZwei\r\nDrei",
        "author_ids": [world.ada["id"]], "submitted_on": "2022-02-01"})
    assert proposal["text"] == "Eins\nZwei\r\nDrei" and proposal["title"] == "Zwei\tTeile"


def client_services(client: Client):
    return client.flask.application.extensions["kiezledger"]


@edge_only
@pytest.mark.parametrize("amount", [90000.0, 90000, "9e4", "1,00", "", None, True, "NaN"])
def test_money_must_be_a_decimal_string(client: Client, world: World, amount):
    body = problem(client.post("/v1/fundings", {
        "funder_id": world.cem["id"], "recipient_id": world.ben["id"],
        "process_id": world.process["id"], "logic": "project", "period_start": "2021-01-01",
        "period_end": "2021-12-31", "amount": amount, "currency": "EUR",
        "granted_on": "2021-01-01",
    }), 422)
    assert list(body["errors"]) == ["amount"]


def test_money_the_domain_refuses_is_422_on_amount(client: Client, world: World):
    body = {"funder_id": world.cem["id"], "recipient_id": world.ben["id"],
            "process_id": world.process["id"], "logic": "project", "period_start": "2021-01-01",
            "period_end": "2021-12-31", "currency": "EUR", "granted_on": "2021-01-01"}
    for amount in ("0", "-5.00", "1.001"):
        refused = problem(client.post("/v1/fundings", {**body, "amount": amount}), 422)
        assert "amount" in refused["errors"]


def test_unknown_references_are_422_on_their_field(client: Client, world: World):
    before = head(client_services(client))
    for field in ("process_id", "charter_id", "author_ids"):
        body = {"process_id": world.process["id"], "title": "T", "text": "x",
                "author_ids": [world.ada["id"]], "submitted_on": "2021-02-01"}
        unknown = str(uuid.uuid4())
        body[field] = [unknown] if field == "author_ids" else unknown
        if field == "charter_id":
            body["clause"] = {"action": "add", "heading": "H"}
        refused = problem(client.post("/v1/proposals", body), 422)
        assert field in refused["errors"]
    assert head(client_services(client)) == before


def test_a_reference_to_the_wrong_kind_of_record_is_422(client: Client, world: World):
    refused = problem(client.post(f"/v1/votes/{world.vote['id']}/ballots",
                                  {"voter_id": world.process["id"], "choice": "yes"}), 422)
    assert "voter_id" in refused["errors"]


def test_domain_rules_answer_409_and_store_nothing(client: Client, world: World):
    path = f"/v1/votes/{world.vote['id']}"
    client.create(f"{path}/ballots", {"voter_id": world.ada["id"], "choice": "yes"}, status=200)
    before = head(client_services(client))
    twice = problem(client.post(f"{path}/ballots", {"voter_id": world.ada["id"],
                                                    "choice": "no"}), 409)
    assert twice["errors"] == {"voter_id": ["this voter has already cast a ballot"]}
    early = problem(client.post(f"{path}/close", {"closed_on": "2020-01-01"}), 409)
    assert "closed_on" in early["errors"]
    assert head(client_services(client)) == before
    client.create(f"{path}/close", {"closed_on": "2021-03-02"}, status=200)
    problem(client.post(f"{path}/ballots", {"voter_id": world.ben["id"], "choice": "yes"}), 409)
    problem(client.post(f"{path}/close", {"closed_on": "2021-03-02"}), 409)


def test_stale_if_match_is_412_and_stores_nothing(client: Client, world: World):
    path = f"/v1/votes/{world.vote['id']}/ballots"
    first = client.post(path, {"voter_id": world.ada["id"], "choice": "yes"},
                        headers={"If-Match": '"1"'})
    # A ballot is a record of its own: the vote it reads stays at version 1.
    assert first.status_code == 200 and first.headers["ETag"] == '"1"'
    before = head(client_services(client))
    stale = problem(client.post(path, {"voter_id": world.ben["id"], "choice": "yes"},
                                headers={"If-Match": '"2"'}), 412)
    assert "version 1" in stale["detail"]
    assert head(client_services(client)) == before
    # Every accepted spelling of version 1 passes the check and meets the domain rule.
    for current in ('"1"', "1", 'W/"1"', "*"):
        again = client.post(path, {"voter_id": world.ada["id"], "choice": "no"},
                            headers={"If-Match": current})
        assert again.status_code == 409, current


@edge_only
@pytest.mark.parametrize("value", ['"abc"', "1, 2", '""', "-1", '"3', "99999999999999999999999"])
def test_malformed_if_match_is_400(client: Client, world: World, value):
    problem(client.post(f"/v1/votes/{world.vote['id']}/ballots",
                        {"voter_id": world.ada["id"], "choice": "yes"},
                        headers={"If-Match": value}), 400)


def test_actions_on_unknown_ids_are_404(client: Client, world: World):
    bodies = {
        "/v1/votes/{}/ballots": {"voter_id": world.ada["id"], "choice": "yes"},
        "/v1/votes/{}/close": {"closed_on": "2021-01-01"},
        "/v1/proposals/{}/withdraw": {"withdrawn_on": "2021-01-01"},
        "/v1/amendments/{}/withdraw": {"withdrawn_on": "2021-01-01"},
        "/v1/proposals/{}/amendments": {"author_ids": [world.ada["id"]], "text": "t",
                                        "submitted_on": "2021-01-01"},
        "/v1/commitments/{}/fulfil": {"fulfilled_on": "2021-01-01"},
        "/v1/fundings/{}/disbursements": {"amount": "1.00", "paid_on": "2021-01-01"},
        "/v1/processes/{}/phases": {"name": "n", "started_on": "2021-01-01"},
        "/v1/cooperations/{}/end": {"ended_on": "2021-01-01"},
    }
    before = head(client_services(client))
    for path, body in bodies.items():
        problem(client.post(path.format(uuid.uuid4()), body), 404)
        # The id of a record of another kind is unknown here too.
        problem(client.post(path.format(world.ada["id"]), body), 404)
    assert head(client_services(client)) == before


@edge_only
def test_ids_that_are_no_uuids_are_404(client: Client):
    problem(client.post("/v1/votes/not-a-uuid/close", {"closed_on": "2021-01-01"}), 404)
    problem(client.get("/v1/votes/12345"), 404)


@edge_only
def test_malformed_json_and_wrong_content_type_are_400(client: Client):
    problem(client.post("/v1/actors", data='{"kind": "person", ',
                        content_type="application/json"), 400)
    problem(client.post("/v1/actors", data="", content_type="application/json"), 400)
    problem(client.post("/v1/actors", data="\xff\xfe", content_type="application/json"), 400)
    problem(client.post("/v1/actors", data="kind=person&name=X",
                        content_type="application/x-www-form-urlencoded"), 400)
    problem(client.post("/v1/actors", data='{"kind": "person", "name": "X"}',
                        content_type="text/plain"), 400)
    problem(client.post("/v1/actors", data="[" * 100_000, content_type="application/json"), 400)


@edge_only
@pytest.mark.parametrize("body", [[], "x", 3, None, [{"kind": "person", "name": "X"}]])
def test_a_body_that_is_no_object_is_refused(client: Client, body):
    response = client.post("/v1/actors", body)
    assert response.status_code in (400, 422)
    assert response.mimetype == "application/problem+json"


def test_a_body_over_one_mebibyte_is_413(client: Client):
    before = head(client_services(client))
    problem(client.post("/v1/actors", {"kind": "person", "name": "x" * (1024 * 1024)}), 413)
    assert head(client_services(client)) == before


@edge_only
def test_wrong_method_is_405_with_allow(client: Client, world: World):
    response = client.flask.put("/v1/actors", headers={"Authorization": f"Bearer {client.token}"})
    problem(response, 405)
    assert "POST" in response.headers["Allow"]
    problem(client.flask.delete(f"/v1/votes/{world.vote['id']}",
                                headers={"Authorization": f"Bearer {client.token}"}), 405)


@edge_only
def test_unknown_paths_are_404_problems(client: Client):
    problem(client.get("/v1/nothing-here"), 404)


@edge_only
def test_tally_refuses_floats_strings_and_booleans(client: Client, world: World):
    path = f"/v1/votes/{world.vote['id']}/tally"
    for bad in (1.5, "3", True, -1, 10**12):
        body = problem(client.post(path, {"yes": bad, "no": 0, "abstain": 0}), 422)
        assert "yes" in body["errors"]


@edge_only
def test_every_answer_ends_with_a_newline(client: Client):
    for response in (client.post("/v1/actors", {"kind": "wizard", "name": "X"}),
                     client.get("/v1/actors/not-an-id"), client.get("/v1/nothing"),
                     client.as_("wrong").get("/v1/actors"), client.get("/v1/actors")):
        assert response.get_data().endswith(b"}\n"), response.get_data()[-40:]
