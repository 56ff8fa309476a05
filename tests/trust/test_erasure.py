"""Erasure (GDPR Art. 17) without breaking the chain.

Personal fields are stored sealed under a per-person key kept outside the event table;
erasing destroys the key and records `Actor.Erased`. Afterwards reads, histories and exports
show "[erased]", the plaintext and the key are in none of the store's files, and the chain
still verifies against a checkpoint taken before the erasure.
"""

from __future__ import annotations

import base64
import io
import time
from datetime import date

import pytest

from ledger import archive, integrity
from ledger.domain.actors import Actor
from ledger.errors import NotFound, RuleViolation
from ledger.events import event_data
from ledger.personal import ERASED, ErasedSubject, PersonalDataError
from store import signing
from tests.trust.support import (
    PERSON_CONTACT,
    PERSON_NAME,
    files_bytes,
    history,
    raw_postgres,
    raw_sqlite,
)

SECRETS = (PERSON_NAME.encode(), PERSON_CONTACT.encode(),
           PERSON_NAME.encode("utf-16-le"), "Wróblewska".encode())


def test_personal_fields_are_never_stored_in_plaintext(sqlite_url, open_ledger):
    app = open_ledger(sqlite_url)
    ids = history(app)
    assert app.find(Actor, ids["person"]).name == PERSON_NAME  # readable while the key lives
    stored = b"".join(n.state for n in integrity.iter_log(app))
    on_disk = files_bytes(sqlite_url)
    for secret in SECRETS:
        assert secret not in stored
        assert secret not in on_disk
    # Not personal: the district, an initiative's name.
    assert "Neukölln".encode() in stored and b"Schillerkiez entsiegeln" in stored


def test_erasure_leaves_neither_plaintext_nor_key_in_the_sqlite_files(sqlite_url, open_ledger):
    app = open_ledger(sqlite_url)
    ids = history(app)
    subject = str(ids["person"])
    key = app.personal_keys.reading_key(subject)
    assert key is not None and len(key) == 32
    assert key in files_bytes(sqlite_url)  # the search below can find it while it lives
    before = signing.checkpoint(app)

    app.erase_actor(ids["person"], reason="Antrag nach Art. 17 DSGVO",
                    erased_on=date(2024, 5, 6))

    files = files_bytes(sqlite_url)
    for secret in (*SECRETS, key, base64.b64encode(key)):
        assert secret not in files
    with raw_sqlite(sqlite_url) as conn:
        row = conn.execute("SELECT key, erased_at FROM personal_keys WHERE subject_id = ?",
                           (subject,)).fetchone()
    assert row[0] is None and row[1]
    assert integrity.verify_app(app, before)["ok"]  # the chain covers ciphertext only


def test_reads_and_histories_show_erased_fields(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    written = app.erase_actor(ids["person"], reason="Antrag", erased_on=date(2024, 5, 6))
    actor = app.find(Actor, ids["person"])
    assert (actor.name, actor.contact, actor.erased) == (ERASED, ERASED, True)
    assert (actor.erased_on, actor.erasure_reason) == (date(2024, 5, 6), "Antrag")
    assert actor.district == "Neukölln"  # not personal, kept
    assert written.record.name == ERASED
    registered, erased = (event_data(e) for e in app.history(ids["person"]))
    assert registered["name"] == registered["contact"] == ERASED
    assert erased == {"reason": "Antrag", "erased_on": "2024-05-06"}
    # A fresh Ledger on the same store (no cached key) reads the same.
    if store_url != "memory://":
        again = open_ledger(store_url)
        assert again.find(Actor, ids["person"]).name == ERASED
    # Other people keep their data.
    assert app.find(Actor, ids["other"]).name == "Ahmet Yılmaz"


def test_the_chain_still_verifies_after_an_erasure(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    before = signing.checkpoint(app)
    recorded = dict(integrity.chain(integrity.iter_log(app)))
    app.erase_actor(ids["person"], reason="Antrag")
    result = integrity.verify_app(app, {p: h for p, h in recorded.items()},
                                  checkpoints=[before])
    assert result["ok"] and result["checked"] == before["position"] + 1


def test_an_export_after_erasure_holds_no_plaintext_and_no_key(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    key = app.personal_keys.reading_key(str(ids["person"]))
    app.erase_actor(ids["person"], reason="Antrag")
    out = io.StringIO()
    cp = archive.export(app, out)
    text = out.getvalue()
    for secret in (PERSON_NAME, PERSON_CONTACT, base64.b64encode(key).decode()):
        assert secret not in text
    assert f'"name":"{ERASED}"' in text
    assert archive.verify_export(io.StringIO(text), cp)["ok"]


def test_an_organisation_loses_its_contact_not_its_name(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    app.erase_actor(ids["initiative"], reason="Kontaktperson hat gewechselt")
    actor = app.find(Actor, ids["initiative"])
    assert (actor.name, actor.contact) == ("Schillerkiez entsiegeln", ERASED)


def test_an_actor_without_contact_keeps_none(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    app.erase_actor(ids["funder"], reason="Antrag")
    actor = app.find(Actor, ids["funder"])
    assert (actor.name, actor.contact, actor.erased) == ("Stiftung Kiezfonds", None, True)


def test_erasing_twice_is_refused_and_stores_nothing(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    app.erase_actor(ids["person"], reason="Antrag")
    head = app.recorder.max_notification_id()
    rows = list(app.personal_keys.rows())
    with pytest.raises(RuleViolation, match="already been erased"):
        app.erase_actor(ids["person"], reason="noch einmal")
    assert app.recorder.max_notification_id() == head
    assert list(app.personal_keys.rows()) == rows  # the first erasure's time is kept


def test_erasure_needs_a_reason_and_a_known_actor(store_url, open_ledger):
    from uuid import uuid4

    from ledger.errors import InvalidValue

    app = open_ledger(store_url)
    ids = history(app)
    with pytest.raises(InvalidValue):
        app.erase_actor(ids["person"], reason="  ")
    with pytest.raises(NotFound):
        app.erase_actor(uuid4(), reason="Antrag")
    assert app.find(Actor, ids["person"]).name == PERSON_NAME


def test_personal_data_of_an_erased_subject_cannot_be_recorded_again(store_url, open_ledger):
    app = open_ledger(store_url)
    ids = history(app)
    app.erase_actor(ids["person"], reason="Antrag")
    with pytest.raises(ErasedSubject):
        app.personal_keys.sealing_key(str(ids["person"]))


def test_a_sealed_field_moved_to_another_event_does_not_open(store_url, open_ledger):
    """The associated data binds each sealed value to its event and field."""
    from dataclasses import replace

    app = open_ledger(store_url)
    ids = history(app)
    person = [n for n in integrity.iter_log(app) if n.originator_id == ids["person"]][0]
    moved = replace(person, originator_version=2)
    with pytest.raises(PersonalDataError):
        app.mapper.to_domain_event(moved)


def test_a_second_process_sees_the_erasure_at_once(sqlite_url, open_ledger):
    first, second = open_ledger(sqlite_url), None
    ids = history(first)
    second = open_ledger(sqlite_url)
    registered = second.history(ids["person"])[0]  # decoded with the key, as the API does
    assert registered.name == PERSON_NAME
    first.erase_actor(ids["person"], reason="Antrag")
    # At once, although `second` read the key a moment ago: its events no longer show it.
    assert second.history(ids["person"])[0].name == ERASED
    assert second.find(Actor, ids["person"]).name == ERASED


def _pg_table_file(conn, table: str):
    """The table's data file, when this test runs beside the server and may read it."""
    from pathlib import Path

    datadir = conn.execute("SHOW data_directory").fetchone()[0]
    relative = conn.execute("SELECT pg_relation_filepath(%s)", (table,)).fetchone()[0]
    path = Path(datadir) / relative
    try:
        path.read_bytes()
    except OSError:
        return None
    return path


@pytest.mark.postgres
def test_postgres_erasure_destroys_the_key_row_and_rewrites_the_table(
        postgres_url, open_ledger):
    app = open_ledger(postgres_url)
    ids = history(app)
    subject = str(ids["person"])
    key = app.personal_keys.reading_key(subject)
    with raw_postgres(postgres_url) as conn:
        conn.execute("CHECKPOINT")
        before = _pg_table_file(conn, "personal_keys")
        if before is not None:
            assert key in before.read_bytes()
    app.erase_actor(ids["person"], reason="Antrag")
    with raw_postgres(postgres_url) as conn:
        row = conn.execute("SELECT key, erased_at FROM personal_keys WHERE subject_id = %s",
                           (subject,)).fetchone()
        live = conn.execute("SELECT COUNT(*) FROM personal_keys WHERE key IS NOT NULL"
                            ).fetchone()[0]
        conn.execute("CHECKPOINT")
        after = _pg_table_file(conn, "personal_keys")
    assert row[0] is None and row[1]
    assert live == 2  # the other person and the initiative (the funder gave no contact)
    if after is not None:
        assert after != before  # VACUUM FULL wrote a new file
        # A transaction older than the erasure (another test's, on the shared server) keeps
        # the old row version alive; once it ends, a rewrite leaves the key behind.
        deadline = time.monotonic() + 30
        while key in after.read_bytes() and time.monotonic() < deadline:
            time.sleep(0.2)
            app.personal_keys.scrub()
            with raw_postgres(postgres_url) as conn:
                conn.execute("CHECKPOINT")
                after = _pg_table_file(conn, "personal_keys")
        assert key not in after.read_bytes()
    assert app.find(Actor, ids["person"]).name == ERASED


def test_with_every_read_model_running_no_file_keeps_the_plaintext(
        sqlite_url, open_ledger, open_db):
    """The whole SQLite store, read models included: erase, let the read models apply
    `Actor.Erased`, then scrub (checkpoint the WAL) — the sequence the API follows."""
    from projections.registry import all_projections
    from projections.runner import ProjectionRunner

    app = open_ledger(sqlite_url)
    db = open_db(sqlite_url)
    ids = history(app)
    runner = ProjectionRunner(app, db, all_projections(app))
    runner.setup()
    runner.catch_up()
    assert PERSON_NAME.encode() in files_bytes(sqlite_url)  # read models hold the name
    app.erase_actor(ids["person"], reason="Antrag")
    runner.catch_up()
    app.personal_keys.scrub()
    files = files_bytes(sqlite_url)
    for secret in SECRETS:
        assert secret not in files


def test_many_people_saved_at_once_get_their_keys_in_one_go(store_url, open_ledger):
    app = open_ledger(store_url)
    people = [Actor(kind="person", name=f"Nachbar:in {i}", district=None, kiez=None,
                    contact=f"n{i}@example.org") for i in range(120)]
    app.save(*people)
    assert app.personal_keys.count() == 120
    again = open_ledger(store_url) if store_url != "memory://" else app
    assert [again.find(Actor, p.id).contact for p in people[::40]] == [
        "n0@example.org", "n40@example.org", "n80@example.org"]
    stored = b"".join(n.state for n in integrity.iter_log(app))
    assert b"Nachbar:in" not in stored
