"""GET /v1/integrity, /v1/integrity/key, /v1/integrity/verify, and the hashes on every event
of a history and of the global log."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives import serialization

from ledger import integrity
from store import signing
from tests.api.conftest import Client, World, edge_only, head
from tests.api.test_writes import client_services, problem
from tests.trust.support import raw_postgres, raw_sqlite

ZERO = "0" * 64


@pytest.fixture(autouse=True)
def signing_key(tmp_path, monkeypatch):
    path = tmp_path / "keys" / "signing-key.pem"
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(path))
    return path


def test_the_head_and_its_signed_checkpoint(client: Client, world: World):
    svc = client_services(client)
    answer = client.get("/v1/integrity").get_json()
    position, digest = integrity.head(svc.ledger)  # recomputed from the stored events
    assert (answer["position"], answer["hash"]) == (position, digest) == (head(svc), digest)
    cp = answer["checkpoint"]
    assert (cp["position"], cp["hash"]) == (position, digest)
    key = client.flask.get("/v1/integrity/key").get_json()["public_key"]
    assert integrity.verify_checkpoint(cp, key)
    assert cp["public_key"] == key
    # Kept, so that `verify` checks the store against it; asked again, the same one.
    from queries.integrity import checkpoints

    assert cp in checkpoints(svc.db)
    assert client.get("/v1/integrity").get_json()["checkpoint"] == cp
    # A write moves the head on.
    client.create("/v1/actors", {"kind": "initiative", "name": "Neu"})
    later = client.get("/v1/integrity").get_json()
    assert later["position"] > position and later["hash"] != digest
    assert later["hash"] == integrity.head(svc.ledger)[1]


@edge_only
def test_an_empty_ledger_has_the_genesis_head(client: Client):
    answer = client.get("/v1/integrity").get_json()
    assert (answer["position"], answer["hash"]) == (0, ZERO)
    assert integrity.verify_checkpoint(answer["checkpoint"])
    assert client.get("/v1/integrity/verify").get_json() == {
        "ok": True, "checked": 0, "first_bad_position": None, "reason": None}


@edge_only
def test_the_public_key_needs_no_token(anonymous: Client, signing_key):
    answer = anonymous.get("/v1/integrity/key")
    assert answer.status_code == 200 and answer.headers["Vary"] == "Accept"
    info = answer.get_json()
    assert info["algorithm"] == "Ed25519"
    key = serialization.load_pem_public_key(info["public_key"].encode())
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert info["fingerprint"] == hashlib.sha256(raw).hexdigest()
    private = serialization.load_pem_private_key(signing_key.read_bytes(), None)
    assert private.public_key().public_bytes(
        serialization.Encoding.Raw, serialization.PublicFormat.Raw) == raw
    pem = anonymous.get("/v1/integrity/key", headers={"Accept": "application/x-pem-file"})
    assert pem.mimetype == "application/x-pem-file"
    assert pem.get_data(as_text=True) == info["public_key"]
    # Only the key is public.
    problem(anonymous.get("/v1/integrity"), 401)
    problem(anonymous.get("/v1/integrity/verify"), 401)


def test_verify_checks_every_event(client: Client, world: World, token_for):
    answer = client.get("/v1/integrity/verify").get_json()
    assert answer == {"ok": True, "checked": head(client_services(client)),
                      "first_bad_position": None, "reason": None}
    # Auditors too, scoped or not (the answer names no record); editors do not.
    scoped = client.as_(token_for("auditor", [world.other_process["id"]]))
    assert scoped.get("/v1/integrity/verify").get_json()["ok"] is True
    assert scoped.get("/v1/integrity").status_code == 200
    problem(client.as_(token_for("editor")).get("/v1/integrity/verify"), 403)


def test_every_history_and_log_event_carries_its_chain_hash(client: Client, world: World):
    svc = client_services(client)
    chain = dict(integrity.chain(integrity.iter_log(svc.ledger)))
    log = client.get("/v1/events", query_string={"limit": 1000}).get_json()["events"]
    assert log and all(e["hash"] == chain[e["position"]].hex() for e in log)
    client.post(f"/v1/votes/{world.vote['id']}/ballots",
                {"voter_id": world.ada["id"], "choice": "yes"})
    chain = dict(integrity.chain(integrity.iter_log(svc.ledger)))
    for collection, record in (("votes", world.vote), ("actors", world.ada),
                               ("proposals", world.proposal)):
        events = client.get(f"/v1/{collection}/{record['id']}/events").get_json()["events"]
        assert events and all(e["hash"] == chain[e["position"]].hex() for e in events)
    # The last event's hash is the head's.
    last = client.get(f"/v1/votes/{world.vote['id']}/events").get_json()["events"][-1]
    assert last["hash"] == client.get("/v1/integrity").get_json()["hash"]


def _tamper_sqlite(url: str, position: int) -> None:
    with raw_sqlite(url) as conn:
        conn.execute("DROP TRIGGER stored_events_refuse_update")
        conn.execute("UPDATE stored_events SET state = CAST(replace(state, 'Spring', "
                     "'Autumn') AS BLOB) WHERE rowid = ?", (position,))
        assert conn.execute("SELECT changes()").fetchone()[0] == 1


def _tamper_postgres(url: str, position: int) -> None:
    with raw_postgres(url) as conn:
        conn.execute("DROP TRIGGER kiezledger_events_refuse_update_delete ON kiezledger_events")
        done = conn.execute(
            "UPDATE kiezledger_events SET state = convert_to(replace(convert_from(state, "
            "'UTF8'), 'Spring', 'Autumn'), 'UTF8') WHERE notification_id = %s", (position,))
        assert done.rowcount == 1


@pytest.mark.parametrize("database_url", [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
], indirect=True)
def test_verify_names_an_edited_event(client: Client, world: World, database_url):
    gathering = client.get(f"/v1/gatherings/{world.gathering['id']}/events").get_json()
    position = gathering["events"][0]["position"]
    before = client.get("/v1/integrity").get_json()
    assert client.get("/v1/integrity/verify").get_json()["ok"] is True
    if database_url.startswith("sqlite"):
        _tamper_sqlite(database_url, position)
    else:
        _tamper_postgres(database_url, position)
    answer = client.get("/v1/integrity/verify").get_json()
    assert answer["ok"] is False and answer["first_bad_position"] == position
    assert answer["reason"]
    # The head is still answered (from the recorded chain): the earlier checkpoint stands.
    assert client.get("/v1/integrity").get_json()["hash"] == before["hash"]


def test_a_checkpoint_from_the_api_checks_an_export_offline(client: Client, world: World):
    """What a funder does: keep last year's checkpoint, check this year's export against
    it and against the published key."""
    import io

    from ledger import archive

    svc = client_services(client)
    published = client.get("/v1/integrity").get_json()["checkpoint"]
    key = client.flask.get("/v1/integrity/key").get_json()["public_key"]
    client.create("/v1/actors", {"kind": "school", "name": "Schule am Kiez"})
    out = io.StringIO()
    archive.export(svc.ledger, out)
    checked = archive.verify_export(io.StringIO(out.getvalue()), published, public_key=key)
    assert checked["ok"], checked
    forged = dict(published, hash=published["hash"][::-1])
    assert not archive.verify_export(io.StringIO(out.getvalue()), forged, public_key=key)["ok"]
    signature = base64.b64decode(published["signature"])
    assert len(signature) == 64
