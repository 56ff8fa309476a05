"""Tokens, roles and scopes."""

from __future__ import annotations

import pytest

from api.tokens import digest
from tests.api.conftest import Client, World, head
from tests.api.test_writes import client_services, problem


def test_no_token_and_any_bad_token_get_the_same_401(anonymous: Client, admin_token: str):
    answers = [
        anonymous.get("/v1/actors"),
        anonymous.as_("kl_unknown").get("/v1/actors"),
        anonymous.as_(admin_token + "x").get("/v1/actors"),
        anonymous.get("/v1/actors", headers={"Authorization": f"Basic {admin_token}"}),
        anonymous.get("/v1/actors", headers={"Authorization": "Bearer"}),
        anonymous.get("/v1/actors", headers={"Authorization": "Bearer " + "x" * 5000}),
        anonymous.post("/v1/actors", {"kind": "person", "name": "X"}),
        anonymous.as_("kl_unknown").post("/v1/actors", {"kind": "person", "name": "X"}),
    ]
    for response in answers:
        body = problem(response, 401)
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="kiezledger"'
        assert {k: v for k, v in body.items() if k != "instance"} == {
            "type": "urn:kiezledger:problem:unauthorized", "title": "Unauthorized",
            "status": 401, "detail": "A valid bearer token is required.",
        }


def test_public_paths_need_no_token(anonymous: Client):
    assert anonymous.get("/healthz").get_json() == {"status": "ok"}
    assert anonymous.get("/openapi.json").status_code == 200
    assert anonymous.get("/docs").status_code == 200


def test_tokens_are_stored_only_as_digests(client: Client, services):
    created = client.create("/v1/tokens", {"name": "ini-editor", "role": "editor"})
    assert created["token"].startswith("kl_") and len(created["token"]) > 40
    assert created == {"token": created["token"], "name": "ini-editor", "role": "editor",
                       "scope": [], "created_at": created["created_at"], "expires_at": None,
                       "revoked_at": None, "state": "active"}
    rows = services.db.fetchall("SELECT token_hash, name FROM api_tokens")
    assert (digest(created["token"]), "ini-editor") in rows
    assert all(created["token"] not in str(row) for row in rows)
    assert client.as_(created["token"]).get("/v1/actors").status_code == 200


def test_token_creation_is_for_admins_with_unique_names_and_known_processes(
        client: Client, world: World, token_for):
    editor = client.as_(token_for("editor"))
    problem(editor.post("/v1/tokens", {"name": "x", "role": "admin"}), 403)
    client.create("/v1/tokens", {"name": "funder", "role": "auditor",
                                 "scope": [world.process["id"]]})
    body = problem(client.post("/v1/tokens", {"name": "funder", "role": "auditor"}), 409)
    assert "name" in body["errors"]
    body = problem(client.post("/v1/tokens", {"name": "f2", "role": "auditor",
                                              "scope": [world.ada["id"]]}), 422)
    assert "scope" in body["errors"]
    problem(client.post("/v1/tokens", {"name": "f3", "role": "root"}), 422)
    problem(client.post("/v1/tokens", {"name": "bad name!", "role": "admin"}), 422)


def test_auditors_only_read(client: Client, world: World, token_for):
    auditor = client.as_(token_for("auditor"))
    before = head(client_services(client))
    refused = problem(auditor.post("/v1/actors", {"kind": "person", "name": "X"}), 403)
    assert refused["detail"] == "an auditor token may only read"
    problem(auditor.post(f"/v1/votes/{world.vote['id']}/ballots",
                         {"voter_id": world.ada["id"], "choice": "yes"}), 403)
    assert head(client_services(client)) == before
    assert auditor.get(f"/v1/votes/{world.vote['id']}").status_code == 200
    assert auditor.get("/v1/events").status_code == 200


def not_found_like_unknown(response, unknown_response, id: str, unknown: str) -> None:
    """An out-of-scope id answers exactly as an unknown id does, apart from the id."""
    body, expected = problem(response, 404), problem(unknown_response, 404)
    assert body == {k: (v.replace(unknown, id) if isinstance(v, str) else v)
                    for k, v in expected.items()}, (body, expected)


UNKNOWN = "00000000-0000-4000-8000-000000000001"


def test_a_scoped_auditor_sees_only_its_processes(client: Client, world: World, token_for):
    auditor = client.as_(token_for("auditor", [world.other_process["id"]]))
    for path, id in ((f"/v1/votes/{world.vote['id']}", world.vote["id"]),
                     (f"/v1/votes/{world.vote['id']}/events", world.vote["id"]),
                     (f"/v1/processes/{world.process['id']}", world.process["id"])):
        not_found_like_unknown(auditor.get(path), auditor.get(path.replace(id, UNKNOWN)),
                               id, UNKNOWN)
    assert auditor.get(f"/v1/processes/{world.other_process['id']}").status_code == 200
    assert auditor.get(f"/v1/actors/{world.ada['id']}").status_code == 200  # actors: everyone
    problem(auditor.get("/v1/events"), 403)  # the global log needs an unscoped token
    listed = auditor.get("/v1/processes").get_json()["items"]
    assert [p["id"] for p in listed] == [world.other_process["id"]]
    assert auditor.get("/v1/votes").get_json()["items"] == []
    assert len(auditor.get("/v1/actors").get_json()["items"]) == 3
    # A filter on a process outside the scope lists nothing, as one on an unknown process.
    assert auditor.get(f"/v1/gatherings?process_id={world.process['id']}").get_json() == \
        auditor.get(f"/v1/gatherings?process_id={UNKNOWN}").get_json() == \
        {"items": [], "next": None}


def test_records_without_a_process_are_read_by_all_and_changed_only_unscoped(
        client: Client, world: World, token_for):
    free = client.create("/v1/cooperations", {"actor_ids": [world.ada["id"], world.ben["id"]],
                                              "kind": "joint_action",
                                              "started_on": "2021-05-01"})
    bound = client.create("/v1/cooperations", {
        "actor_ids": [world.ada["id"], world.cem["id"]], "kind": "membership",
        "started_on": "2021-05-01", "process_id": world.process["id"]})
    auditor = client.as_(token_for("auditor", [world.other_process["id"]]))
    editor = client.as_(token_for("editor", [world.other_process["id"]]))
    for scoped in (auditor, editor):
        assert scoped.get(f"/v1/cooperations/{free['id']}").status_code == 200
        assert scoped.get(f"/v1/cooperations/{free['id']}/events").status_code == 200
        listed = [c["id"] for c in scoped.get("/v1/cooperations").get_json()["items"]]
        assert listed == [free["id"]]  # readable, so listed; the other process's is not
        not_found_like_unknown(scoped.get(f"/v1/cooperations/{bound['id']}"),
                               scoped.get(f"/v1/cooperations/{UNKNOWN}"), bound["id"], UNKNOWN)
    before = head(client_services(client))
    body = problem(editor.post(f"/v1/cooperations/{free['id']}/end",
                               {"ended_on": "2021-06-01"}), 403)
    assert "belongs to no process" in body["detail"]
    not_found_like_unknown(
        editor.post(f"/v1/cooperations/{bound['id']}/end", {"ended_on": "2021-06-01"}),
        editor.post(f"/v1/cooperations/{UNKNOWN}/end", {"ended_on": "2021-06-01"}),
        bound["id"], UNKNOWN)
    assert head(client_services(client)) == before
    unscoped = client.as_(token_for("editor"))
    assert unscoped.post(f"/v1/cooperations/{free['id']}/end",
                         {"ended_on": "2021-06-01"}).status_code == 200


def test_a_scoped_editor_writes_only_inside_its_processes(client: Client, world: World,
                                                          token_for):
    editor = client.as_(token_for("editor", [world.other_process["id"]]))
    before = head(client_services(client))
    # A process, subject or record outside the scope answers as an unknown one.
    problem(editor.post("/v1/gatherings", {
        "process_id": world.process["id"], "format": "action", "title": "T",
        "held_on": "2021-05-01"}), 422)
    not_found_like_unknown(
        editor.post(f"/v1/votes/{world.vote['id']}/ballots",
                    {"voter_id": world.ada["id"], "choice": "yes"}),
        editor.post(f"/v1/votes/{UNKNOWN}/ballots", {"voter_id": world.ada["id"],
                                                     "choice": "yes"}),
        world.vote["id"], UNKNOWN)
    body = problem(editor.post("/v1/votes", {
        "subject_type": "proposal", "subject_id": world.proposal["id"],
        "gathering_id": world.gathering["id"], "method": "consent",
        "opened_on": "2021-03-01"}), 422)
    assert body["errors"] == {"subject_id": [f"no proposal with id {world.proposal['id']}"]}
    problem(editor.post(f"/v1/proposals/{world.proposal['id']}/amendments", {
        "author_ids": [world.ada["id"]], "text": "t", "submitted_on": "2021-03-01"}), 404)
    problem(editor.post("/v1/processes", {"title": "Mine", "level": "house",
                                          "started_on": "2021-01-01"}), 403)
    body = problem(editor.post("/v1/cooperations", {
        "actor_ids": [world.ada["id"], world.ben["id"]], "kind": "membership",
        "started_on": "2021-05-01", "process_id": world.process["id"]}), 422)
    assert body["errors"] == {"process_id": [f"no process with id {world.process['id']}"]}
    assert head(client_services(client)) == before

    # Inside its scope, and for actors and process-free cooperations, it writes.
    editor.create("/v1/gatherings", {"process_id": world.other_process["id"],
                                     "format": "action", "title": "T", "held_on": "2021-05-01"})
    editor.create("/v1/actors", {"kind": "person", "name": "New"})
    editor.create("/v1/cooperations", {"actor_ids": [world.ada["id"], world.ben["id"]],
                                       "kind": "joint_action", "started_on": "2021-05-01"})
    # An unknown subject is still a 422 for a scoped editor.
    body = problem(editor.post("/v1/votes", {
        "subject_type": "amendment", "subject_id": world.proposal["id"],
        "gathering_id": world.gathering["id"], "method": "consent",
        "opened_on": "2021-03-01"}), 422)
    assert "subject_id" in body["errors"]


def test_an_unscoped_editor_writes_anywhere_and_is_recorded_by_name(client: Client,
                                                                   world: World, services):
    token = services.tokens.create("kiez-initiative", "editor")
    cast = client.as_(token).create(f"/v1/votes/{world.vote['id']}/ballots",
                                    {"voter_id": world.ada["id"], "choice": "yes"}, status=200)
    events = client.get(f"/v1/votes/{cast['id']}/events").get_json()["events"]
    assert [e["recorded_by"] for e in events] == ["admin", "kiez-initiative"]


@pytest.mark.parametrize("role", ["editor", "auditor"])
def test_only_admins_issue_tokens(client: Client, token_for, role):
    problem(client.as_(token_for(role)).post("/v1/tokens", {"name": "n", "role": "admin"}), 403)
