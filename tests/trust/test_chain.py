"""The hash chain and signed checkpoints, independent of any store."""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from eventsourcing.persistence import Notification

from ledger import integrity
from store import signing
from tests.trust.support import history

ID = "5c2d1f9e-8a33-4c47-9f53-2b1c0e6f7a10"


def note(position: int, version: int = 1, state: bytes = b"{}", topic: str = "m:A.B"):
    return Notification(id=position, originator_id=ID, originator_version=version,
                        topic=topic, state=state)


def test_canonical_bytes_are_length_prefixed_fields():
    n = note(7, version=3, state=b'{"x":1}', topic="ledger.domain.actors:Actor.Registered")
    parts = [ID.encode(), b"3", b"ledger.domain.actors:Actor.Registered", b'{"x":1}']
    assert integrity.canonical(n) == b"".join(len(p).to_bytes(8, "big") + p for p in parts)


def test_each_hash_covers_the_previous_one_from_a_zero_genesis():
    a, b = note(1, 1, b"a"), note(2, 2, b"b")
    h1 = hashlib.sha256(bytes(32) + integrity.canonical(a)).digest()
    h2 = hashlib.sha256(h1 + integrity.canonical(b)).digest()
    assert list(integrity.chain([a, b])) == [(1, h1), (2, h2)]


def test_length_prefixes_keep_field_boundaries_apart():
    # Without prefixes "ab"+"c" and "a"+"bc" would hash alike.
    x = note(1, state=b"c", topic="m:ab")
    y = note(1, state=b"bc", topic="m:a")
    assert integrity.canonical(x) != integrity.canonical(y)


def test_the_chain_follows_log_order_not_position_numbers():
    events = [note(1, 1, b"a"), note(2, 2, b"b"), note(3, 3, b"c")]
    renumbered = [replace(n, id=n.id * 10 + 5) for n in events]
    assert [h for _, h in integrity.chain(events)] == [h for _, h in integrity.chain(renumbered)]


def test_verify_names_the_first_position_that_differs_from_the_recorded_chain():
    events = [note(p, p, bytes([p])) for p in range(1, 6)]
    recorded = dict((p, h.hex()) for p, h in integrity.chain(events))
    assert integrity.verify(events, recorded)["ok"]
    edited = list(events)
    edited[2] = replace(edited[2], state=b"edited")
    result = integrity.verify(edited, recorded)
    assert (result["ok"], result["first_bad_position"]) == (False, 3)


def test_verify_names_a_deleted_position():
    events = [note(p, p, bytes([p])) for p in range(1, 6)]
    recorded = list((p, h.hex()) for p, h in integrity.chain(events))
    result = integrity.verify(events[:1] + events[2:], recorded)
    assert result["first_bad_position"] == 2
    assert "no event" in result["reason"]
    tail = integrity.verify(events[:4], recorded)
    assert tail["first_bad_position"] == 5


def test_verify_against_a_checkpoint_alone():
    events = [note(p, p, bytes([p])) for p in range(1, 6)]
    cp = {"position": 3, "hash": dict(integrity.chain(events))[3].hex()}
    assert integrity.verify(events, cp)["ok"]
    edited = events[:1] + [replace(events[1], state=b"x")] + events[2:]
    result = integrity.verify(edited, cp)
    assert not result["ok"] and result["first_bad_position"] == 1  # nothing anchors 1..3
    # A later anchor that holds narrows it down: only what follows it is unproven.
    cps = [{"position": 1, "hash": dict(integrity.chain(events))[1].hex()}, cp]
    assert integrity.verify(edited, checkpoints=cps)["first_bad_position"] == 2


def test_a_checkpoint_beyond_the_log_does_not_verify():
    events = [note(p, p, bytes([p])) for p in range(1, 6)]
    cp = {"position": 5, "hash": dict(integrity.chain(events))[5].hex()}
    assert not integrity.verify(events[:4], cp)["ok"]


def test_head_of_an_empty_log_is_the_genesis(open_ledger):
    app = open_ledger("memory://")
    assert integrity.head(app) == (0, "00" * 32)


def test_head_follows_new_events_incrementally(open_ledger):
    app = open_ledger("memory://")
    history(app)
    position, digest = integrity.head(app)
    assert position == app.recorder.max_notification_id()
    assert digest == integrity.verify_app(app)["head"]["hash"]
    app.register_actor(kind="business", name="Späti am Platz")
    assert integrity.head(app)[0] == position + 1


def test_checkpoints_are_signed_and_any_change_breaks_the_signature(open_ledger):
    app = open_ledger("memory://")
    history(app)
    cp = signing.checkpoint(app)
    assert set(cp) == {"position", "hash", "signed_at", "public_key", "signature"}
    assert (cp["position"], cp["hash"]) == integrity.head(app)
    assert integrity.verify_checkpoint(cp)
    assert integrity.verify_checkpoint(cp, signing.public_key_pem(app))
    for field, value in (("position", cp["position"] - 1), ("hash", "0" * 64),
                         ("signed_at", "2020-01-01T00:00:00+00:00"),
                         ("signature", "AAAA")):
        assert not integrity.verify_checkpoint({**cp, field: value}), field


def test_a_checkpoint_pinned_to_another_key_does_not_verify(open_ledger):
    app = open_ledger("memory://")
    cp = signing.checkpoint(app)
    stranger = Ed25519PrivateKey.generate().public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert not integrity.verify_checkpoint(cp, stranger)


def test_the_signing_key_is_made_once_readable_by_its_owner_only(open_ledger, signing_key):
    assert not signing_key.exists()
    app = open_ledger("memory://")
    first = signing.public_key_pem(app)
    assert stat.S_IMODE(os.stat(signing_key).st_mode) == 0o600
    assert signing.public_key_pem(app) == first
    assert first.startswith("-----BEGIN PUBLIC KEY-----")


def test_without_configuration_the_key_lies_beside_the_sqlite_database(
        open_ledger, monkeypatch, tmp_path):
    monkeypatch.delenv("KIEZLEDGER_SIGNING_KEY_FILE")
    app = open_ledger(f"sqlite:///{tmp_path}/store/kiezledger.db")
    assert signing.signing_key_path(app) == tmp_path / "store" / "signing-key.pem"
    monkeypatch.chdir(tmp_path)
    assert signing.signing_key_path(open_ledger("memory://")).as_posix() == \
        "var/signing-key.pem"


@pytest.mark.parametrize("bad", [{"position": 1}, {"signature": "!!"}, {}])
def test_malformed_checkpoints_are_refused_not_raised(bad):
    assert not integrity.verify_checkpoint(bad)
