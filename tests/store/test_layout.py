"""Contract: what store/layout.py relies on in eventsourcing's storage still holds.

Fails loudly when an eventsourcing release renames a table or column, numbers the log
differently, or drops a private attribute that store/ reads.
"""

from __future__ import annotations

import os

import pytest
from eventsourcing.domain import Aggregate

from store import layout
from store.ledger import open_ledger
from store.sql import Database

STORES = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


@pytest.fixture(params=STORES)
def opened(request, tmp_path):
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path}/kiezledger.db"
    else:
        url = request.getfixturevalue("postgres_url")
    app = open_ledger(url)
    db = Database.from_url(url)
    yield app, db
    db.close()
    app.close()


class Thing(Aggregate):
    def __init__(self, name: str) -> None:
        self.name = name


def _save(app, n: int = 25) -> None:
    app.save(*[Thing(f"thing {i}") for i in range(n)])


def test_the_private_attributes_store_reads_exist(opened):
    app, db = opened
    recorder = app.recorder
    datastore = recorder.datastore
    assert layout.dialect(app) == db.dialect
    assert isinstance(recorder.events_table_name, str)
    assert callable(datastore.transaction)
    assert datastore.originator_id_type == "uuid"
    assert callable(app.factory.env_create_table) and layout.creates_tables(app)
    if db.dialect == "sqlite":
        assert os.path.samefile(datastore.pool.db_name, db.path)
        assert datastore.pool.is_sqlite_memory_mode is False
        assert layout.sqlite_file(recorder) == datastore.pool.db_name
    else:
        assert isinstance(datastore.schema, str) and datastore.schema
        assert {"dbname", "host", "port"} <= set(datastore.pool.kwargs)
        assert callable(datastore.get_connection)
        assert isinstance(recorder.channel_name, str) and recorder.channel_name
        assert layout.notify_channel(recorder) == recorder.channel_name


def test_table_and_column_names(opened):
    app, db = opened
    table = layout.events_table(app.recorder)
    if db.dialect == "sqlite":
        assert table == "stored_events"
        columns = {row[1] for row in db.fetchall(f"PRAGMA table_info({table})")}
        assert {"originator_id", "originator_version", "topic", "state"} <= columns
    else:
        assert table == "kiezledger_events"
        columns = {row[0] for row in db.fetchall(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = %s AND table_name = %s",
            (layout.schema(app.recorder), table))}
        assert {layout.POSTGRES_POSITION, "originator_id", "originator_version", "topic",
                "state"} <= columns
    assert layout.log_table(app.recorder, db) is not None


def test_notification_ids_are_the_position_column(opened):
    app, db = opened
    _save(app)
    found = layout.log_table(app.recorder, db)
    assert found is not None
    table, position = found
    raw = [row[0] for row in db.fetchall(f"SELECT {position} FROM {table} ORDER BY {position}")]
    ids = [n.id for n in app.recorder.select_notifications(start=1, limit=1000)]
    assert raw == ids and len(ids) == 25


def test_raw_reads_equal_select_notifications(opened):
    app, db = opened
    _save(app)
    read = layout.log_reader(app, db)
    for start, limit, stop in ((1, 1000, None), (3, 5, None), (2, 100, 7), (26, 10, None)):
        ours = read(start, limit, stop)
        theirs = app.recorder.select_notifications(start=start, limit=limit, stop=stop)
        assert type(ours[0]).__name__ == "StoredNotification" if ours else True
        assert [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
                for n in ours] == \
            [(n.id, n.originator_id, n.originator_version, n.topic, bytes(n.state))
             for n in theirs]


def test_raw_reads_are_used_only_on_the_recorders_own_database(opened, tmp_path):
    app, _db = opened
    other = Database.from_url(f"sqlite:///{tmp_path}/other.db")
    try:
        assert layout.log_table(app.recorder, other) is None
    finally:
        other.close()
