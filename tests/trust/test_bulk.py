"""The city-scale paths of import and verify (issue 11), on SQLite and PostgreSQL.

`import_` with the store's bulk writer reads the file once and writes keys and events in one
transaction (COPY on PostgreSQL, multi-row inserts on SQLite): the same records and head hash
as before, and nothing stored when the file does not verify, even after batches were written.
`verify_store` hashes plain rows in batches beside the recorded chain: it names an edited or
deleted row in a later batch as the event-by-event check did.
"""

from __future__ import annotations

import base64
import io

import pytest

from ledger import archive, integrity
from ledger.domain.actors import Actor
from queries import integrity as chain_view
from store import layout
from tests.trust.support import PERSON_NAME, follow, history, raw_postgres, raw_sqlite
from tests.trust.test_archive import ATTENDANCE, EDITED, exported, joined, lines_of, state

STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture
def source(open_ledger, tmp_path):
    app = open_ledger(f"sqlite:///{tmp_path}/source/kiezledger.db")
    ids = history(app)
    app.erase_actor(ids["other"], reason="Antrag")
    return app, ids


def target_url(store: str, request, tmp_path) -> str:
    if store == "sqlite":
        return f"sqlite:///{tmp_path}/target/kiezledger.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(archive, "BULK", 3)  # several COPYs / inserts before the end
    monkeypatch.setattr(chain_view, "BATCH", 4)  # several batches of verify


# -- import --------------------------------------------------------------------------------


@pytest.mark.parametrize("store", STORES)
def test_bulk_import_gives_the_same_records_keys_and_head(
        store, source, open_ledger, request, tmp_path, small_batches):
    app, ids = source
    text, cp = exported(app)
    restored = open_ledger(target_url(store, request, tmp_path))
    answer = archive.import_(restored, io.StringIO(text), writer=layout.bulk_writer(restored))
    assert answer["hash"] == cp["hash"] == integrity.head(restored)[1]
    assert answer["events"] == restored.recorder.max_notification_id() == cp["position"]
    assert state(restored, ids) == state(app, ids)
    assert restored.find(Actor, ids["person"]).name == PERSON_NAME  # the keys came along
    assert integrity.verify_app(restored, checkpoints=[cp])["ok"]
    again, _ = exported(restored)
    assert lines_of(again)[:-1] == lines_of(text)[:-1]


@pytest.mark.postgres
def test_a_bulk_import_leaves_the_planner_statistics_of_the_rows_it_wrote(
        source, open_ledger, postgres_url):
    """Without them (autovacuum off, or not yet run) PostgreSQL guessed a page of 200
    actors' events at millions of rows and planned for that (33 ms instead of 1 at 10^6)."""
    app, _ = source
    text, _ = exported(app)
    restored = open_ledger(postgres_url)
    archive.import_(restored, io.StringIO(text), writer=layout.bulk_writer(restored))
    with raw_postgres(postgres_url) as conn:
        rows = conn.execute("SELECT reltuples FROM pg_class WHERE relname = "
                            "'kiezledger_events'").fetchone()[0]
    assert rows == restored.recorder.max_notification_id()


def changed(text: str, how: str) -> str:
    lines = lines_of(text)
    events = [i for i, line in enumerate(lines) if "position" in line]
    line = lines[events[-3]]  # late in the file: batches were written before it
    if how == "stored bytes":
        stored = base64.b64decode(line["storedstate"])
        line["storedstate"] = base64.b64encode(
            stored.replace(ATTENDANCE, EDITED) if ATTENDANCE in stored
            else stored.replace(b"}", b',"x":1}', 1)).decode()
    elif how == "hash":
        line["hash"] = "00" * 32
    elif how == "readable data":
        line["data"] = {**(line["data"] or {}), "x": 1}
    return joined(lines)


@pytest.mark.parametrize("how", ["stored bytes", "hash", "readable data"])
@pytest.mark.parametrize("store", STORES)
def test_bulk_import_refuses_a_tampered_export_and_stores_nothing(
        store, how, source, open_ledger, request, tmp_path, small_batches):
    app, _ = source
    text, _ = exported(app)
    target = open_ledger(target_url(store, request, tmp_path))
    writes: list[int] = []
    real = layout.BulkWriter.events

    def counting(self, rows):
        writes.append(len(rows))
        return real(self, rows)

    layout.BulkWriter.events = counting  # type: ignore[method-assign]
    try:
        with pytest.raises(archive.ArchiveError, match="does not verify"):
            archive.import_(target, io.StringIO(changed(text, how)),
                            writer=layout.bulk_writer(target))
    finally:
        layout.BulkWriter.events = real  # type: ignore[method-assign]
    assert sum(writes) > 3  # rows went into the transaction before the bad line
    assert not target.recorder.max_notification_id()
    assert target.personal_keys.count() == 0
    # and the store takes the untouched file afterwards
    assert archive.import_(target, io.StringIO(text),
                           writer=layout.bulk_writer(target))["events"] > 0


@pytest.mark.parametrize("store", STORES)
def test_a_head_that_differs_after_writing_rolls_everything_back(
        store, source, open_ledger, request, tmp_path, monkeypatch):
    app, _ = source
    text, _ = exported(app)
    target = open_ledger(target_url(store, request, tmp_path))
    monkeypatch.setattr(integrity, "link_rows", lambda previous, rows: bytes(32))
    with pytest.raises(archive.ArchiveError, match="head hash"):
        archive.import_(target, io.StringIO(text), writer=layout.bulk_writer(target))
    assert not target.recorder.max_notification_id()
    assert target.personal_keys.count() == 0


def test_the_memory_store_imports_without_a_bulk_writer(source, open_ledger):
    app, _ = source
    text, cp = exported(app)
    target = open_ledger("memory://")
    answer = archive.import_(target, io.StringIO(text), writer=layout.bulk_writer(target))
    assert answer["hash"] == cp["hash"]


# -- verify --------------------------------------------------------------------------------


@pytest.fixture(params=STORES)
def followed(request, tmp_path, open_ledger, open_db):
    url = (f"sqlite:///{tmp_path}/a/kiezledger.db" if request.param == "sqlite"
           else request.getfixturevalue("postgres_url"))
    app = open_ledger(url)
    history(app)
    db = open_db(url)
    follow(app, db)
    return request.param, url, app, db


def test_batched_verify_reaches_the_head_of_the_chain(followed, small_batches):
    _, _, app, db = followed
    result = chain_view.verify_store(app, db)
    assert result["ok"], result
    assert result["checked"] == app.recorder.max_notification_id() > 2 * chain_view.BATCH
    assert result["head"] == integrity.verify_app(app)["head"]
    assert result["head"]["hash"] == integrity.head(app)[1]


def edit(store: str, url: str, position: int) -> None:
    if store == "sqlite":
        with raw_sqlite(url) as conn:
            conn.execute("DROP TRIGGER stored_events_refuse_update")
            conn.execute("UPDATE stored_events SET state = CAST(replace(state, '\"', ' \"') "
                         "AS BLOB) WHERE rowid = ?", (position,))
    else:
        with raw_postgres(url) as conn:
            conn.execute("DROP TRIGGER kiezledger_events_refuse_update_delete "
                         "ON kiezledger_events")
            conn.execute("UPDATE kiezledger_events SET state = state || '\\x20'::bytea "
                         "WHERE notification_id = %s", (position,))


def delete(store: str, url: str, position: int) -> None:
    if store == "sqlite":
        with raw_sqlite(url) as conn:
            conn.execute("DROP TRIGGER stored_events_refuse_delete")
            conn.execute("DELETE FROM stored_events WHERE rowid = ?", (position,))
    else:
        with raw_postgres(url) as conn:
            conn.execute("DROP TRIGGER kiezledger_events_refuse_update_delete "
                         "ON kiezledger_events")
            conn.execute("DELETE FROM kiezledger_events WHERE notification_id = %s",
                         (position,))


@pytest.mark.parametrize("position", [2, 7, 9])  # in the first batch, mid batch, after one
def test_batched_verify_names_an_edited_row(followed, small_batches, position):
    store, url, app, db = followed
    edit(store, url, position)
    result = chain_view.verify_store(app, db)
    assert (result["ok"], result["first_bad_position"]) == (False, position), result


@pytest.mark.parametrize("position", [4, 5, 12])  # a batch's end, the next one's start, the last
def test_batched_verify_names_a_deleted_row(followed, small_batches, position):
    store, url, app, db = followed
    delete(store, url, position)
    result = chain_view.verify_store(app, db)
    assert (result["ok"], result["first_bad_position"]) == (False, position), result
    assert "no event" in result["reason"]
