"""Idempotency-Key: the first answer again, and nothing new stored."""

from __future__ import annotations

from api import create_app
from api.idempotency import Request
from tests.api.conftest import Client, World, head
from tests.api.test_writes import client_services, problem

KEY = {"Idempotency-Key": "assembly-2021-03-01-ballot-ada"}


def count_keys(client: Client) -> int:
    return client_services(client).db.fetchone("SELECT count(*) FROM api_idempotency")[0]


def test_a_repeat_answers_the_first_answer_and_stores_nothing(client: Client, world: World):
    path = f"/v1/votes/{world.vote['id']}/ballots"
    body = {"voter_id": world.ada["id"], "choice": "yes"}
    first = client.post(path, body, headers=KEY)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    after_first = head(client_services(client))
    keys = count_keys(client)

    again = client.post(path, body, headers=KEY)
    assert again.status_code == 200
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["ETag"] == first.headers["ETag"] == '"1"'  # ballots leave the vote
    assert again.get_json() == first.get_json()
    assert again.mimetype == "application/json"
    assert head(client_services(client)) == after_first
    assert count_keys(client) == keys
    assert len(client.get(f"/v1/votes/{world.vote['id']}").get_json()["ballots"]) == 1


def test_creations_replay_too(client: Client):
    body = {"kind": "person", "name": "Once"}
    first = client.post("/v1/actors", body, headers=KEY)
    before = head(client_services(client))
    again = client.post("/v1/actors", body, headers=KEY)
    assert again.status_code == 201 and again.get_json()["id"] == first.get_json()["id"]
    assert again.headers["Location"] == first.headers["Location"]
    assert head(client_services(client)) == before


def test_a_key_reused_for_another_body_or_path_is_422(client: Client, world: World):
    client.create("/v1/actors", {"kind": "person", "name": "A"})
    client.post("/v1/actors", {"kind": "person", "name": "A"}, headers=KEY)
    before = head(client_services(client))
    body = problem(client.post("/v1/actors", {"kind": "person", "name": "B"}, headers=KEY), 422)
    assert "Idempotency-Key" in body["errors"]
    problem(client.post(f"/v1/votes/{world.vote['id']}/ballots",
                        {"kind": "person", "name": "A"}, headers=KEY), 422)
    assert head(client_services(client)) == before


def test_failed_answers_are_remembered(client: Client, world: World):
    path = f"/v1/votes/{world.vote['id']}/close"
    refused = client.post(path, {"closed_on": "2020-01-01"}, headers=KEY)
    assert refused.status_code == 409
    again = client.post(path, {"closed_on": "2020-01-01"}, headers=KEY)
    assert again.status_code == 409 and again.headers["Idempotent-Replayed"] == "true"
    assert again.mimetype == "application/problem+json"
    assert again.get_json() == refused.get_json()


def test_a_duplicate_still_in_flight_is_409(client: Client, services):
    body = b'{"kind": "person", "name": "Slow"}'
    services.idempotency.begin(Request.of("admin", KEY["Idempotency-Key"], "POST",
                                          "/v1/actors", body))
    before = head(services)
    problem(client.post("/v1/actors", data=body, content_type="application/json", headers=KEY),
            409)
    assert head(services) == before


def test_a_claim_abandoned_by_a_dead_worker_is_never_run_again(client: Client, services):
    # The worker that claimed the key died: its write may or may not have been stored.
    body = b'{"kind": "person", "name": "Maybe"}'
    services.idempotency.begin(Request.of("admin", KEY["Idempotency-Key"], "POST",
                                          "/v1/actors", body))
    services.db.execute("UPDATE api_idempotency SET created_at = %s",
                        ("2000-01-01T00:00:00+00:00",))
    before = head(services)
    answer = problem(client.post("/v1/actors", data=body, content_type="application/json",
                                 headers=KEY), 409)
    assert "new key" in answer["detail"]
    assert head(services) == before


def test_keys_belong_to_their_token(client: Client, services):
    other = client.as_(services.tokens.create("other", "editor"))
    mine = client.post("/v1/actors", {"kind": "person", "name": "A"}, headers=KEY)
    theirs = other.post("/v1/actors", {"kind": "person", "name": "A"}, headers=KEY)
    assert theirs.status_code == 201 and "Idempotent-Replayed" not in theirs.headers
    assert theirs.get_json()["id"] != mine.get_json()["id"]


def test_bad_keys_are_400(client: Client):
    for key in ("", "x" * 256, "schlüssel"):
        problem(client.post("/v1/actors", {"kind": "person", "name": "A"},
                            headers={"Idempotency-Key": key}), 400)


def test_keys_survive_a_restart(sqlite_url):
    first_app = create_app({"KIEZLEDGER_DATABASE_URL": sqlite_url})
    services = first_app.extensions["kiezledger"]
    token = services.tokens.create("admin", "admin")
    first = Client(first_app.test_client(), token).post(
        "/v1/actors", {"kind": "person", "name": "A"}, headers=KEY)
    services.close()

    second_app = create_app({"KIEZLEDGER_DATABASE_URL": sqlite_url})
    try:
        again = Client(second_app.test_client(), token).post(
            "/v1/actors", {"kind": "person", "name": "A"}, headers=KEY)
        assert again.headers["Idempotent-Replayed"] == "true"
        assert again.get_json() == first.get_json()
        assert second_app.extensions["kiezledger"].ledger.recorder.max_notification_id() == 1
    finally:
        second_app.extensions["kiezledger"].close()
