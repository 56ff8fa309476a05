"""The store refuses edits; where someone with full rights edits anyway, verify says where.

On SQLite and PostgreSQL alike: the triggers refuse UPDATE and DELETE (and TRUNCATE on
PostgreSQL, REPLACE / INSERT OR REPLACE over a stored event on SQLite). With the triggers
dropped, an edited, deleted or reordered event row is found by `verify_store`, which names
the first position that no longer verifies.
"""

from __future__ import annotations

import sqlite3

import pytest

from ledger import integrity
from projections.integrity import record_checkpoint
from queries import integrity as chain_view
from store import guards, signing
from tests.trust.support import follow, history, raw_postgres, raw_sqlite

PG_TABLE = "kiezledger_events"


@pytest.fixture
def sqlite_store(sqlite_url, open_ledger, open_db):
    app = open_ledger(sqlite_url)
    history(app)
    db = open_db(sqlite_url)
    follow(app, db)
    return sqlite_url, app, db


@pytest.fixture
def pg_store(postgres_url, open_ledger, open_db):
    app = open_ledger(postgres_url)
    history(app)
    db = open_db(postgres_url)
    follow(app, db)
    return postgres_url, app, db


def sqlite_drop_guards(url: str) -> None:
    with raw_sqlite(url) as conn:
        conn.execute("DROP TRIGGER stored_events_refuse_update")
        conn.execute("DROP TRIGGER stored_events_refuse_delete")


def pg_drop_guards(url: str) -> None:
    with raw_postgres(url) as conn:
        conn.execute(f"DROP TRIGGER {PG_TABLE}_refuse_update_delete ON {PG_TABLE}")
        conn.execute(f"DROP TRIGGER {PG_TABLE}_refuse_truncate ON {PG_TABLE}")


def bad(app, db) -> tuple[bool, int | None]:
    result = chain_view.verify_store(app, db)
    return result["ok"], result["first_bad_position"]


# -- the guards ---------------------------------------------------------------------------


def test_sqlite_refuses_update_and_delete(sqlite_store):
    url, app, _ = sqlite_store
    assert guards.guards_installed(app)
    with raw_sqlite(url) as conn:
        with pytest.raises(sqlite3.IntegrityError, match="immutable: UPDATE refused"):
            conn.execute("UPDATE stored_events SET state = x'00' WHERE rowid = 3")
        with pytest.raises(sqlite3.IntegrityError, match="immutable: DELETE refused"):
            conn.execute("DELETE FROM stored_events WHERE rowid = 3")
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            conn.execute("DELETE FROM stored_events")  # no truncate shortcut past a trigger
        count = conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0]
    assert count == app.recorder.max_notification_id()
    assert chain_view.verify_store(app, sqlite_store[2])["ok"]


EDITED_STATE = "CAST(replace(state, 'Offene', 'Geheime') AS BLOB)"


def test_sqlite_refuses_replace_and_insert_or_replace(sqlite_store):
    """REPLACE deletes the conflicting row without firing the DELETE trigger: an in-place
    edit that the UPDATE and DELETE triggers alone do not see."""
    url, app, db = sqlite_store
    with raw_sqlite(url) as conn:
        before = conn.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall()
        with pytest.raises(sqlite3.IntegrityError, match="immutable: INSERT over a stored"):
            conn.execute(
                "INSERT OR REPLACE INTO stored_events (rowid, originator_id, "
                f"originator_version, topic, state) SELECT rowid, originator_id, "
                f"originator_version, topic, {EDITED_STATE} FROM stored_events WHERE rowid = 7")
        with pytest.raises(sqlite3.IntegrityError, match="immutable: INSERT over a stored"):
            conn.execute(
                "REPLACE INTO stored_events (originator_id, originator_version, topic, state) "
                f"SELECT originator_id, originator_version, topic, {EDITED_STATE} "
                "FROM stored_events WHERE rowid = 7")
        with pytest.raises(sqlite3.IntegrityError, match="immutable: INSERT over a stored"):
            conn.execute(  # another event's rowid, a new (originator, version)
                "REPLACE INTO stored_events (rowid, originator_id, originator_version, topic, "
                "state) SELECT rowid, originator_id, originator_version + 1000, topic, state "
                "FROM stored_events WHERE rowid = 7")
        after = conn.execute("SELECT rowid, * FROM stored_events ORDER BY rowid").fetchall()
    assert after == before
    assert b"Offene" in bytes(after[6][4])
    assert chain_view.verify_store(app, db)["ok"]
    app.register_actor(kind="person", name="Neu Hier")  # new events still save
    assert app.recorder.max_notification_id() == len(before) + 1


def test_sqlite_a_replaced_event_is_named_once_the_triggers_are_dropped(sqlite_store):
    url, app, db = sqlite_store
    with raw_sqlite(url) as conn:
        conn.execute("DROP TRIGGER stored_events_refuse_replace")
        conn.execute(
            "INSERT OR REPLACE INTO stored_events (rowid, originator_id, originator_version, "
            f"topic, state) SELECT rowid, originator_id, originator_version, topic, "
            f"{EDITED_STATE} FROM stored_events WHERE rowid = 7")
    assert not guards.guards_installed(app)
    assert bad(app, db) == (False, 7)


@pytest.mark.postgres
def test_postgres_refuses_update_delete_and_truncate(pg_store):
    import psycopg

    url, app, db = pg_store
    assert guards.guards_installed(app)
    with raw_postgres(url) as conn:
        with pytest.raises(psycopg.errors.RaiseException, match="UPDATE refused"):
            conn.execute(f"UPDATE {PG_TABLE} SET state = '\\x00' WHERE notification_id = 3")
        with pytest.raises(psycopg.errors.RaiseException, match="DELETE refused"):
            conn.execute(f"DELETE FROM {PG_TABLE} WHERE notification_id = 3")
        with pytest.raises(psycopg.errors.RaiseException, match="TRUNCATE refused"):
            conn.execute(f"TRUNCATE {PG_TABLE}")
        count = conn.execute(f"SELECT COUNT(*) FROM {PG_TABLE}").fetchone()[0]
    assert count == len(list(integrity.iter_log(app)))
    assert chain_view.verify_store(app, db)["ok"]


def test_guards_are_installed_once_however_often_the_ledger_starts(
        sqlite_url, postgres_url, open_ledger):
    for url in (sqlite_url, postgres_url):
        for _ in range(3):
            app = open_ledger(url)
            guards.install_guards(app)
        assert guards.guards_installed(app)
    with raw_sqlite(sqlite_url) as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' ORDER BY name")]
    assert names == ["stored_events_refuse_delete", "stored_events_refuse_replace",
                     "stored_events_refuse_update"]
    with raw_postgres(postgres_url) as conn:
        count = conn.execute(
            "SELECT COUNT(*) FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal",
            (PG_TABLE,)).fetchone()[0]
    assert count == 2


def test_memory_store_has_nothing_to_guard(open_ledger):
    app = open_ledger("memory://")
    assert guards.install_guards(app) is False
    assert guards.guards_installed(app)


def test_guards_installed_notices_a_dropped_trigger(sqlite_store):
    url, app, _ = sqlite_store
    sqlite_drop_guards(url)
    assert not guards.guards_installed(app)


# -- SQLite, triggers dropped ---------------------------------------------------------------


def test_sqlite_an_edited_event_is_named(sqlite_store):
    url, app, db = sqlite_store
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("UPDATE stored_events SET state = CAST(replace(state, 'Offene', "
                     "'Geheime') AS BLOB) WHERE rowid = 7")
        assert conn.execute("SELECT changes()").fetchone()[0] == 1
    assert bad(app, db) == (False, 7)


def test_sqlite_a_deleted_event_is_named(sqlite_store):
    url, app, db = sqlite_store
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid = 5")
    ok, first = bad(app, db)
    assert (ok, first) == (False, 5)
    assert "no event" in chain_view.verify_store(app, db)["reason"]


def test_sqlite_deleting_the_last_events_is_named(sqlite_store):
    url, app, db = sqlite_store
    last = app.recorder.max_notification_id()
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid >= ?", (last - 1,))
    assert bad(app, db) == (False, last - 1)


def test_sqlite_swapped_states_are_named(sqlite_store):
    url, app, db = sqlite_store
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("BEGIN")
        s4, s9 = (conn.execute("SELECT state FROM stored_events WHERE rowid = ?", (i,))
                  .fetchone()[0] for i in (4, 9))
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = 4", (s9,))
        conn.execute("UPDATE stored_events SET state = ? WHERE rowid = 9", (s4,))
        conn.execute("COMMIT")
    assert bad(app, db) == (False, 4)


def test_sqlite_swapped_rows_are_named(sqlite_store):
    url, app, db = sqlite_store
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("BEGIN")
        conn.execute("UPDATE stored_events SET rowid = -1 WHERE rowid = 6")
        conn.execute("UPDATE stored_events SET rowid = 6 WHERE rowid = 8")
        conn.execute("UPDATE stored_events SET rowid = 8 WHERE rowid = -1")
        conn.execute("COMMIT")
    assert bad(app, db) == (False, 6)


def test_sqlite_a_rewritten_chain_is_caught_by_the_recorded_checkpoints(sqlite_store):
    """The attacker edits an event and rebuilds the chain table: only checkpoints remain."""
    url, app, db = sqlite_store
    early = signing.sign(4, chain_view.hashes(db, [4])[4], app)
    record_checkpoint(db, early)
    chain_view.checkpoint(app, db)  # the head, recorded
    sqlite_drop_guards(url)
    with raw_sqlite(url) as conn:
        conn.execute("UPDATE stored_events SET state = CAST(replace(state, "
                     "'\"attendance\":48', '\"attendance\":84') AS BLOB) WHERE rowid = 7")
    follow(app, db).rebuild(["integrity"])
    result = chain_view.verify_store(app, db)
    assert not result["ok"]
    assert result["first_bad_position"] == 5  # everything after the last checkpoint that holds
    assert "checkpoint" in result["reason"]


def test_sqlite_a_forged_checkpoint_row_is_refused(sqlite_store):
    _, app, db = sqlite_store
    cp = chain_view.checkpoint(app, db)
    db.execute("UPDATE integrity_checkpoints SET hash = %s", ("0" * 64,))
    result = chain_view.verify_store(app, db)
    assert (result["ok"], result["first_bad_position"]) == (False, cp["position"])


# -- PostgreSQL, triggers dropped -----------------------------------------------------------


@pytest.mark.postgres
def test_postgres_an_edited_event_is_named(pg_store):
    url, app, db = pg_store
    pg_drop_guards(url)
    with raw_postgres(url) as conn:
        cur = conn.execute(
            f"UPDATE {PG_TABLE} SET state = convert_to(replace(convert_from(state, 'UTF8'), "
            "'Offene', 'Geheime'), 'UTF8') WHERE notification_id = 7")
        assert cur.rowcount == 1
    assert bad(app, db) == (False, 7)


@pytest.mark.postgres
def test_postgres_a_deleted_event_is_named(pg_store):
    url, app, db = pg_store
    pg_drop_guards(url)
    with raw_postgres(url) as conn:
        conn.execute(f"DELETE FROM {PG_TABLE} WHERE notification_id = 5")
    assert bad(app, db) == (False, 5)


@pytest.mark.postgres
def test_postgres_truncating_the_table_is_named(pg_store):
    url, app, db = pg_store
    pg_drop_guards(url)
    with raw_postgres(url) as conn:
        conn.execute(f"TRUNCATE {PG_TABLE}")
    assert bad(app, db) == (False, 1)


@pytest.mark.postgres
def test_postgres_swapped_notification_ids_are_named(pg_store):
    url, app, db = pg_store
    pg_drop_guards(url)
    with raw_postgres(url) as conn, conn.transaction():
        conn.execute(f"UPDATE {PG_TABLE} SET notification_id = -1 WHERE notification_id = 6")
        conn.execute(f"UPDATE {PG_TABLE} SET notification_id = 6 WHERE notification_id = 8")
        conn.execute(f"UPDATE {PG_TABLE} SET notification_id = 8 WHERE notification_id = -1")
    assert bad(app, db) == (False, 6)


@pytest.mark.postgres
def test_postgres_a_rewritten_chain_is_caught_by_the_recorded_checkpoints(pg_store):
    url, app, db = pg_store
    chain_view.checkpoint(app, db)
    pg_drop_guards(url)
    with raw_postgres(url) as conn:
        conn.execute(f"DELETE FROM {PG_TABLE} WHERE notification_id = 3")
    follow(app, db).rebuild(["integrity"])
    result = chain_view.verify_store(app, db)
    assert not result["ok"] and result["first_bad_position"] == 1


# -- the projection -----------------------------------------------------------------------


def test_the_projection_agrees_with_the_recomputed_chain(store_url, open_ledger, open_db):
    app = open_ledger(store_url)
    history(app)
    db = open_db(store_url if store_url != "memory://" else "memory://")
    runner = follow(app, db)
    assert chain_view.head(db) == integrity.head(app)
    more = app.register_actor(kind="school", name="Rixdorfer Grundschule")
    runner.catch_up()
    assert chain_view.head(db) == integrity.head(app) == (more.position, integrity.head(app)[1])
    recomputed = dict(integrity.chain(integrity.iter_log(app)))
    assert chain_view.hashes(db, [1, 2, more.position]) == {
        p: recomputed[p].hex() for p in (1, 2, more.position)}
    assert chain_view.verify_store(app, db)["ok"]


def test_the_projection_builds_in_small_batches_too(sqlite_url, open_ledger, open_db):
    app = open_ledger(sqlite_url)
    history(app)
    db = open_db(sqlite_url)
    runner = follow(app, db)
    runner.rebuild(["integrity"], batch_size=3)
    assert chain_view.head(db) == integrity.head(app)
    assert chain_view.verify_store(app, db)["ok"]
