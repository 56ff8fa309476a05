"""`kiezledger verify`, `export` and `import` as an administrator and a funder run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger import integrity
from store import signing
from store.ledger import open_ledger
from tests.api.server import kiezledger
from tests.trust.support import history, raw_postgres, raw_sqlite

NOWHERE = "postgresql://nobody@127.0.0.1:1/nothing"  # offline checks must not need it


@pytest.fixture(autouse=True)
def signing_key(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "keys" / "signing-key.pem"
    monkeypatch.setenv(signing.SIGNING_KEY_ENV, str(path))
    return path


def store(url: str) -> str:
    """A store with a small varied history (and its tables)."""
    app = open_ledger(url)
    try:
        history(app)
    finally:
        app.close()
    return url


def head_of(url: str) -> tuple[int, str]:
    app = open_ledger(url, create_table=False)
    try:
        return integrity.head(app)
    finally:
        app.close()


def tamper(url: str, position: int) -> None:
    """What someone with full rights could do: drop the guard, edit a stored event."""
    if url.startswith("sqlite"):
        with raw_sqlite(url) as conn:
            conn.execute("DROP TRIGGER stored_events_refuse_update")
            conn.execute("UPDATE stored_events SET state = CAST(replace(state, 'Offene', "
                         "'Geheime') AS BLOB) WHERE rowid = ?", (position,))
            assert conn.execute("SELECT changes()").fetchone()[0] == 1
    else:
        with raw_postgres(url) as conn:
            conn.execute("DROP TRIGGER kiezledger_events_refuse_update_delete "
                         "ON kiezledger_events")
            done = conn.execute(
                "UPDATE kiezledger_events SET state = convert_to(replace(convert_from(state, "
                "'UTF8'), 'Offene', 'Geheime'), 'UTF8') WHERE notification_id = %s",
                (position,))
            assert done.rowcount == 1


STORES = [pytest.param("sqlite", id="sqlite"),
          pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)]


@pytest.mark.parametrize("database_url", STORES, indirect=True)
def test_verify_exits_0_then_names_the_first_bad_position(database_url):
    url = store(database_url)
    ok = kiezledger("verify", url=url)
    assert ok.returncode == 0, ok.stderr
    position, digest = head_of(url)
    assert f"{position} events verified" in ok.stdout and digest in ok.stdout
    tamper(url, 7)  # the gathering "Offene Versammlung"
    bad = kiezledger("verify", url=url)
    assert bad.returncode == 1, bad.stdout
    assert "first bad position 7" in bad.stderr
    assert "triggers that refuse edits" in bad.stderr  # and it did not put them back
    assert kiezledger("verify", url=url).returncode == 1


def _exported(url: str, tmp_path: Path) -> tuple[Path, Path]:
    out, cp = tmp_path / "ledger.ndjson", tmp_path / "checkpoint.json"
    done = kiezledger("export", "--output", str(out), "--checkpoint-output", str(cp), url=url)
    assert done.returncode == 0, done.stderr
    return out, cp


@pytest.mark.parametrize(("source", "target"), [
    pytest.param("sqlite", "postgres", id="sqlite-to-postgres", marks=pytest.mark.postgres),
    pytest.param("postgres", "sqlite", id="postgres-to-sqlite", marks=pytest.mark.postgres),
    pytest.param("sqlite", "sqlite", id="sqlite-to-sqlite"),
])
def test_export_then_import_gives_the_same_head_hash(source, target, request, tmp_path):
    def url(kind: str, name: str) -> str:
        if kind == "sqlite":
            return f"sqlite:///{tmp_path}/{name}/kiezledger.db"
        return request.getfixturevalue("postgres_url") if name == "a" else _second_pg(request)

    a = store(url(source, "a"))
    out, cp_file = _exported(a, tmp_path)
    cp = json.loads(cp_file.read_text())
    lines = out.read_text().splitlines()
    assert json.loads(lines[-1])["data"]["hash"] == cp["hash"] == head_of(a)[1]
    assert integrity.verify_checkpoint(cp, signing.public_key_pem())

    b = url(target, "b")
    done = kiezledger("import", "--input", str(out), url=b)
    assert done.returncode == 0, done.stderr
    assert cp["hash"] in done.stdout
    assert head_of(b)[1] == cp["hash"]
    assert kiezledger("verify", url=b).returncode == 0
    # The read models were brought up to date: the API answers from them at once.
    from api import create_app

    app = create_app({"KIEZLEDGER_DATABASE_URL": b, "CREATE_TABLE": False})
    try:
        svc = app.extensions["kiezledger"]
        token = svc.tokens.create("restorer", "admin")
        client = app.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        actors = client.get("/v1/actors", headers=headers).get_json()["items"]
        assert len(actors) == 4
        assert client.get("/v1/integrity", headers=headers).get_json()["hash"] == cp["hash"]
    finally:
        app.extensions["kiezledger"].close()
    # Only into an empty store.
    again = kiezledger("import", "--input", str(out), url=b)
    assert again.returncode == 1 and "not empty" in again.stderr


def _second_pg(request) -> str:
    from tests import pg

    server = request.getfixturevalue("pg_server")
    manager = pg.fresh_database(server.admin_url)
    url = manager.__enter__()
    request.addfinalizer(lambda: manager.__exit__(None, None, None))
    return url


def test_export_to_stdout(sqlite_url):
    url = store(sqlite_url)
    done = kiezledger("export", "--output", "-", "--quiet", url=url)
    assert done.returncode == 0
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert lines[-1]["type"] == "kiezledger.Checkpoint"
    assert lines[-1]["data"]["hash"] == head_of(url)[1]
    assert "exported" in done.stderr


def test_a_funder_verifies_offline(sqlite_url, tmp_path, signing_key):
    url = store(sqlite_url)
    out, cp_file = _exported(url, tmp_path)
    key_file = tmp_path / "kiezledger.pub.pem"
    key_file.write_text(signing.public_key_pem())

    def verify(*args: str):
        return kiezledger("verify", "--input", str(out), *args, "--quiet", url=NOWHERE)

    ok = verify("--checkpoint", str(cp_file), "--public-key", str(key_file))
    assert ok.returncode == 0, ok.stderr
    assert f"hash {json.loads(cp_file.read_text())['hash']}" in ok.stdout
    assert verify().returncode == 0  # the file on its own: intact
    # An older checkpoint (a prefix of today's history) verifies the longer export as well.
    older = signing.sign(5, dict(_chain(out))[5], signed_at="2024-01-01T00:00:00+00:00")
    older_file = tmp_path / "older.json"
    older_file.write_text(json.dumps({"position": 5, "hash": older["hash"],
                                      "checkpoint": older}))  # as GET /v1/integrity answers
    assert verify("--checkpoint", str(older_file), "--public-key", str(key_file)
                  ).returncode == 0

    # Signed by someone else: refused against the pinned key.
    other = tmp_path / "other.pem"
    other.write_bytes(Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    import os

    forged = json.loads(cp_file.read_text())
    os.environ[signing.SIGNING_KEY_ENV] = str(other)
    try:
        forged = signing.sign(forged["position"], forged["hash"])
    finally:
        os.environ[signing.SIGNING_KEY_ENV] = str(signing_key)
    forged_file = tmp_path / "forged.json"
    forged_file.write_text(json.dumps(forged))
    refused = verify("--checkpoint", str(forged_file), "--public-key", str(key_file))
    assert refused.returncode == 1 and "signature" in refused.stderr

    # An edited line: named by its position.
    lines = out.read_text().splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "Offene Versammlung" in line)
    position = json.loads(lines[at])["position"]
    out.write_text("".join(lines[:at] + [lines[at].replace("Offene", "Geheime")]
                           + lines[at + 1:]))
    edited = verify("--checkpoint", str(cp_file), "--public-key", str(key_file))
    assert edited.returncode == 1
    assert f"first bad position {position}" in edited.stderr
    # Cut short (the last events and the checkpoint line gone): the checkpoint is unmet.
    out.write_text("".join(lines[:-3]))
    cut = verify("--checkpoint", str(cp_file))
    assert cut.returncode == 1 and "first bad position" in cut.stderr

    not_a_key = verify("--public-key", str(signing_key))  # the private key by mistake
    assert not_a_key.returncode == 1 and "--public-key" in not_a_key.stderr
    assert kiezledger("verify", "--checkpoint", str(cp_file), url=NOWHERE).returncode == 1


def _chain(path: Path):
    for raw in path.read_text().splitlines():
        line = json.loads(raw)
        if "position" in line and "hash" in line:
            yield line["position"], line["hash"]


def test_a_corrupt_key_line_ends_verify_and_import_with_one_line(sqlite_url, tmp_path):
    url = store(sqlite_url)
    out, _ = _exported(url, tmp_path)
    lines = out.read_text().splitlines(keepends=True)
    at = next(i for i, raw in enumerate(lines)
              if '"kiezledger.PersonalKey"' in raw and json.loads(raw)["data"]["key"])
    line = json.loads(lines[at])
    line["data"]["key"] = "not*base64!"  # a lenient decoder keeps 9 characters, and fails
    lines[at] = json.dumps(line) + "\n"
    out.write_text("".join(lines))

    verified = kiezledger("verify", "--input", str(out), "--quiet", url=NOWHERE)
    imported = kiezledger("import", "--input", str(out), "--quiet",
                          url=f"sqlite:///{tmp_path}/target/kiezledger.db")
    for done in (verified, imported):
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert f"line {at + 1}" in done.stderr and "base64" in done.stderr
    assert "does NOT verify" in verified.stderr
    assert imported.stderr.startswith("kiezledger import: the export does not verify")


def test_an_export_that_is_not_utf8_ends_verify_and_import_with_one_line(tmp_path):
    out = tmp_path / "ledger.ndjson"
    out.write_bytes(b'{"type": "kiezledger.PersonalKey", "data": {"subject_id": "\xff"}}\n')
    verified = kiezledger("verify", "--input", str(out), "--quiet", url=NOWHERE)
    imported = kiezledger("import", "--input", str(out), "--quiet",
                          url=f"sqlite:///{tmp_path}/target/kiezledger.db")
    for done in (verified, imported):
        assert done.returncode == 1, done.stderr
        assert "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
        assert "--input" in done.stderr and "utf-8" in done.stderr
