"""The test infrastructure itself: PostgreSQL databases per test, the store URLs, the fallback."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from store.config import eventsourcing_env
from tests import pg
from tests.conftest import postgres_unavailable


def test_postgres_url_is_a_fresh_database_that_accepts_a_table(
        postgres_url, pg_server_url, request):
    dbname = urlsplit(postgres_url).path.lstrip("/")
    assert dbname.startswith(pg.DATABASE_PREFIX)
    assert request.node.get_closest_marker("postgres") is not None

    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT current_database()").fetchone() == (dbname,)
        tables = conn.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
        ).fetchone()
        assert tables == (0,)
        conn.execute("CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)")
        conn.execute("INSERT INTO notes (text) VALUES (%s), (%s)", ("one", "two"))
        assert conn.execute("SELECT text FROM notes ORDER BY id").fetchall() == [("one",), ("two",)]

    assert pg.database_exists(pg_server_url, dbname)


def test_fresh_database_is_dropped_afterwards_even_with_a_connection_left_open(pg_server_url):
    with pg.fresh_database(pg_server_url) as url_a, pg.fresh_database(pg_server_url) as url_b:
        name_a = urlsplit(url_a).path.lstrip("/")
        name_b = urlsplit(url_b).path.lstrip("/")
        assert name_a != name_b
        assert pg.database_exists(pg_server_url, name_a)
        assert pg.database_exists(pg_server_url, name_b)
        left_open = psycopg.connect(url_a, autocommit=True)
        left_open.execute("CREATE TABLE t (x int)")

    try:
        assert not pg.database_exists(pg_server_url, name_a)
        assert not pg.database_exists(pg_server_url, name_b)
        with pytest.raises(psycopg.OperationalError):
            left_open.execute("SELECT 1")
    finally:
        left_open.close()


class Note(Aggregate):
    @event("Written")
    def __init__(self, text: str):
        self.text = text

    @event("Edited")
    def edit(self, text: str) -> None:
        self.text = text


class Notebook(Application):
    pass


def test_database_url_works_as_an_eventsourcing_store(database_url, request):
    store = request.node.callspec.params["database_url"]
    env = eventsourcing_env(database_url)
    expected_module = {
        "memory": "eventsourcing.popo",
        "sqlite": "eventsourcing.sqlite",
        "postgres": "eventsourcing.postgres",
    }[store]
    assert env["PERSISTENCE_MODULE"] == expected_module

    writer = Notebook(env=env)
    note = Note("first draft")
    note.edit("second draft")
    writer.save(note)
    # memory:// lives in the writing application only; the others must survive a new one.
    reader = writer if store == "memory" else Notebook(env=env)
    try:
        loaded = reader.repository.get(note.id)
        assert (loaded.text, loaded.version) == ("second draft", 2)
    finally:
        reader.close()
        writer.close()

    if store == "sqlite":
        path = Path(database_url.removeprefix("sqlite:///"))
        assert path.name == "kiezledger.db" and path.is_absolute()
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT count(*) FROM stored_events").fetchone() == (2,)


@pytest.mark.slow
@pytest.mark.postgres
def test_throwaway_cluster_is_started_when_nothing_answers_and_removed_on_close(monkeypatch):
    if pg.find_bindir() is None:
        postgres_unavailable(f"no PostgreSQL server binaries in {pg.BIN_GLOB} or on PATH")
    closed = f"postgresql://postgres@127.0.0.1:{pg.free_port()}/postgres"
    monkeypatch.setenv("KIEZLEDGER_TEST_PG", closed)
    assert pg.connect_error(closed) is not None

    server = pg.find_or_start_server()
    try:
        assert server.cluster is not None
        assert "throwaway cluster" in server.description
        assert pg.connect_error(server.admin_url) is None
        with pg.fresh_database(server.admin_url) as url, psycopg.connect(url) as conn:
            assert conn.execute("SELECT current_user").fetchone() == ("postgres",)
    finally:
        server.close()

    assert not server.cluster.root.exists()
    assert pg.connect_error(server.admin_url, timeout=2) is not None
