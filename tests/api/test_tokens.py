"""Tokens: listing without secrets, revocation, expiry, and failed authentication that gives
nothing away (one answer, one lookup, whatever was wrong)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from api.tokens import TokenStore, digest
from store import tokens as tokens_module
from store.sql import Database
from tests.api.conftest import Client, edge_only
from tests.api.server import kiezledger
from tests.api.test_writes import client_services, problem


def expire(client: Client, name: str) -> None:
    """Move a token's expiry into the past, as time would."""
    past = (datetime.now(UTC) - timedelta(seconds=1)).isoformat()
    client_services(client).db.execute(
        "UPDATE api_tokens SET expires_at = %s WHERE name = %s", (past, name))


def test_revoked_tokens_stop_working_at_once(client: Client, token_for):
    editor = client.as_(token_for("editor"))  # named editor-1
    assert editor.get("/v1/actors").status_code == 200
    revoked = client.flask.delete("/v1/tokens/editor-1",
                                  headers={"Authorization": f"Bearer {client.token}"})
    assert revoked.status_code == 204 and revoked.get_data() == b""
    problem(editor.get("/v1/actors"), 401)
    problem(editor.post("/v1/actors", {"kind": "person", "name": "X"}), 401)
    # Again: nothing changes, the first revocation time stays.
    first = {t["name"]: t for t in client.get("/v1/tokens").get_json()["items"]}["editor-1"]
    again = client.flask.delete("/v1/tokens/editor-1",
                                headers={"Authorization": f"Bearer {client.token}"})
    assert again.status_code == 204
    listed = {t["name"]: t for t in client.get("/v1/tokens").get_json()["items"]}
    assert listed["editor-1"]["revoked_at"] == first["revoked_at"]
    assert listed["editor-1"]["state"] == "revoked"
    # The name stays taken: `recorded_by` of old events keeps naming one token.
    problem(client.post("/v1/tokens", {"name": "editor-1", "role": "editor"}), 409)


def test_revocation_is_for_admins_and_known_names(client: Client, token_for):
    editor_token = token_for("editor")
    auth = {"Authorization": f"Bearer {editor_token}"}
    problem(client.flask.delete("/v1/tokens/admin", headers=auth), 403)
    problem(client.flask.delete("/v1/tokens/nobody",
                                headers={"Authorization": f"Bearer {client.token}"}), 404)
    problem(client.flask.delete("/v1/tokens/admin"), 401)
    # A body is allowed, but must be JSON like any write's.
    sent = client.flask.delete("/v1/tokens/editor-1", data="x", content_type="text/plain",
                               headers={"Authorization": f"Bearer {client.token}"})
    problem(sent, 400)
    assert client.as_(editor_token).get("/v1/actors").status_code == 200


def test_the_list_shows_no_token_and_no_digest(client: Client, services, token_for):
    token_for("auditor")
    made = client.create("/v1/tokens", {"name": "funder", "role": "auditor",
                                        "expires_in_days": 30})
    listed = client.get("/v1/tokens").get_json()["items"]
    assert [t["name"] for t in listed] == ["admin", "auditor-1", "funder"]
    text = json.dumps(listed)
    for token, in services.db.fetchall("SELECT token_hash FROM api_tokens"):
        assert token not in text
    assert made["token"] not in text and digest(made["token"]) not in text
    funder = listed[2]
    assert set(funder) == {"name", "role", "scope", "created_at", "expires_at", "revoked_at",
                           "state"}
    assert funder["state"] == "active" and funder["revoked_at"] is None
    expires = datetime.fromisoformat(funder["expires_at"])
    assert timedelta(days=29, hours=23) < expires - datetime.now(UTC) <= timedelta(days=30)
    problem(client.as_(made["token"]).get("/v1/tokens"), 403)


def test_expiring_tokens(client: Client):
    at = (datetime.now(UTC) + timedelta(hours=2)).replace(microsecond=0)
    made = client.create("/v1/tokens", {"name": "short", "role": "editor",
                                        "expires_at": at.isoformat()})
    assert datetime.fromisoformat(made["expires_at"]) == at
    assert client.as_(made["token"]).get("/v1/actors").status_code == 200
    expire(client, "short")
    problem(client.as_(made["token"]).get("/v1/actors"), 401)
    listed = {t["name"]: t for t in client.get("/v1/tokens").get_json()["items"]}
    assert listed["short"]["state"] == "expired"


@edge_only
@pytest.mark.parametrize("body", [
    {"expires_at": "2001-01-01T00:00:00Z"},
    {"expires_in_days": 0},
    {"expires_in_days": 3651},
    {"expires_in_days": "3"},
    {"expires_in_days": 1.5},
    {"expires_in_days": 3, "expires_at": "2999-01-01T00:00:00Z"},
    {"expires_at": "tomorrow"},
])
def test_bad_expiries_are_422(client: Client, body):
    answer = problem(client.post("/v1/tokens", {"name": "x", "role": "editor", **body}), 422)
    assert set(answer["errors"]) & {"expires_at", "expires_in_days"}
    assert client.get("/v1/tokens").get_json()["items"][-1]["name"] == "admin"


@edge_only
def test_every_failed_authentication_is_the_same_answer_after_the_same_work(
        client: Client, anonymous: Client, token_for, monkeypatch):
    revoked, expired = token_for("editor"), token_for("editor")
    client.flask.delete("/v1/tokens/editor-1", headers={"Authorization": f"Bearer {client.token}"})
    expire(client, "editor-2")
    lookups: list[tuple] = []
    real = Database.fetchone

    def counting(self, sql, params=()):
        if "FROM api_tokens" in sql:
            lookups.append(tuple(params))
        return real(self, sql, params)

    monkeypatch.setattr(Database, "fetchone", counting)
    failures = {
        "missing": {},
        "empty": {"Authorization": ""},
        "not bearer": {"Authorization": f"Basic {client.token}"},
        "bearer without token": {"Authorization": "Bearer"},
        "too long": {"Authorization": "Bearer " + "x" * 5000},
        "unknown": {"Authorization": "Bearer kl_unknown"},
        "almost": {"Authorization": f"Bearer {client.token}x"},
        "revoked": {"Authorization": f"Bearer {revoked}"},
        "expired": {"Authorization": f"Bearer {expired}"},
    }
    answers = {}
    for what, headers in failures.items():
        lookups.clear()
        # One Request-Id for all: else each answer carries its own fresh one.
        response = anonymous.flask.get("/v1/actors", headers={**headers, "Request-Id": "r1"})
        assert response.status_code == 401, what
        assert len(lookups) == 1, (what, lookups)  # one lookup, by digest
        assert len(lookups[0][0]) == 64
        answers[what] = (response.get_data(), sorted(response.headers.items()))
    assert len(set(map(repr, answers.values()))) == 1, answers
    body = json.loads(answers["revoked"][0])
    assert body == {"type": "urn:kiezledger:problem:unauthorized", "title": "Unauthorized",
                    "status": 401, "detail": "A valid bearer token is required.",
                    "instance": "/v1/actors"}


@pytest.mark.parametrize("database_url", [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
], indirect=True)
def test_an_older_token_table_gains_the_new_columns(database_url):
    db = Database.from_url(database_url)
    try:
        with db.transaction() as cur:
            cur.execute("CREATE TABLE api_tokens (token_hash TEXT PRIMARY KEY, name TEXT NOT "
                        "NULL UNIQUE, role TEXT NOT NULL, scope TEXT NOT NULL, created_at "
                        "TEXT NOT NULL)")
            cur.execute("INSERT INTO api_tokens VALUES (%s, 'old', 'admin', '[]', %s)",
                        (digest("kl_old"), datetime.now(UTC).isoformat()))
        for _ in range(2):  # idempotent
            with db.transaction() as cur:
                tokens_module.create_table(cur)
        store = TokenStore(db)
        assert store.principal("kl_old").name == "old"
        store.revoke("old")
        assert store.principal("kl_old") is None
    finally:
        db.close()


def test_the_command_line_revokes_lists_and_issues_expiring_tokens(sqlite_url):
    made = kiezledger("token", "create", "--role", "editor", "--name", "ini",
                      "--expires-in-days", "7", url=sqlite_url)
    assert made.returncode == 0, made.stderr
    assert "expires in 7 days" in made.stdout
    token = made.stdout.strip().splitlines()[-1]
    listed = kiezledger("token", "list", url=sqlite_url)
    header, row = listed.stdout.splitlines()
    assert header.split("\t") == ["name", "role", "scope", "state", "created", "expires",
                                   "revoked"]
    name, role, scope, state, _created, expires, revoked = row.split("\t")
    assert (name, role, scope, state, revoked.strip()) == ("ini", "editor", "*", "active", "-")
    assert datetime.fromisoformat(expires) > datetime.now(UTC) + timedelta(days=6)
    done = kiezledger("token", "revoke", "ini", url=sqlite_url)
    assert done.returncode == 0 and "revoked" in done.stdout
    assert kiezledger("token", "list", url=sqlite_url).stdout.splitlines()[1].split(
        "\t")[3] == "revoked"
    unknown = kiezledger("token", "revoke", "nobody", url=sqlite_url)
    assert unknown.returncode == 1 and "no token is named 'nobody'" in unknown.stderr
    bad = kiezledger("token", "create", "--role", "editor", "--name", "x",
                     "--expires-in-days", "0", url=sqlite_url)
    assert bad.returncode == 1 and "--expires-in-days" in bad.stderr
    db = Database.from_url(sqlite_url)
    try:
        assert TokenStore(db).principal(token) is None
    finally:
        db.close()


def test_token_creation_refuses_an_idempotency_key_and_keeps_no_secret(client: Client):
    services = client_services(client)
    body = problem(client.post("/v1/tokens", {"name": "replayed", "role": "editor"},
                               headers={"Idempotency-Key": "k-1"}), 400)
    assert "Idempotency-Key" in body["errors"]
    assert "replayed" not in {t["name"] for t in client.get("/v1/tokens").get_json()["items"]}
    made = client.create("/v1/tokens", {"name": "replayed", "role": "editor"})
    kept = services.db.fetchall("SELECT body FROM api_idempotency")
    assert all(made["token"] not in (row[0] or "") for row in kept)
    # Other writes keep their replays.
    again = client.post("/v1/actors", {"kind": "person", "name": "X"},
                        headers={"Idempotency-Key": "k-2"})
    assert client.post("/v1/actors", {"kind": "person", "name": "X"},
                       headers={"Idempotency-Key": "k-2"}).get_json() == again.get_json()
