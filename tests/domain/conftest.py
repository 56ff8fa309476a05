"""Fixtures for the domain tests: the same behaviour on every store.

`ledger_app` is a fresh Ledger on memory://, on an SQLite file under tmp_path, and on
PostgreSQL. `persistent_store` is the same without memory://, for tests that open a second
Ledger over the same storage (`store.open()`).

PostgreSQL: one database per test session (made with the shared `pg_server_url` fixture and
`tests.pg.fresh_database`, looked up only when a postgres parameter runs, so the shared
skip-or-stop-under-CI rules apply) and a fresh schema per test, left for the database's drop
at the end. A database per test (`postgres_url`) costs 1-2 s here (CREATE DATABASE, and DROP
DATABASE forces a checkpoint), which this suite's two hundred PostgreSQL cases cannot afford.
The session database does not wait for commits to reach the disk (as the shared throwaway
cluster does not).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import psycopg
import pytest
from psycopg import sql

from ledger.application import Ledger
from store.config import eventsourcing_env
from store.ledger import ledger_for_env
from tests import pg
from tests.domain.support import Scene

STORES = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]
PERSISTENT_STORES = STORES[1:]


@dataclass
class Store:
    """Where a test's events live; `open()` gives another Ledger over the same events."""

    kind: str
    env: dict[str, str]
    opened: list[Ledger] = field(default_factory=list)

    def open(self) -> Ledger:
        app = ledger_for_env(dict(self.env))
        self.opened.append(app)
        return app

    def close(self) -> None:
        for app in reversed(self.opened):
            app.close()


@pytest.fixture(scope="session")
def domain_postgres(pg_server_url):
    """One database for the session's domain tests (dropped at the end, schemas and all), and
    a connection to it for making each test's schema."""
    with pg.fresh_database(pg_server_url) as url:
        dbname = url.rsplit("/", 1)[1]
        with psycopg.connect(url, autocommit=True) as conn:
            # Throwaway data: no need to wait for each commit to reach the disk (8 ms -> 0.6 ms).
            conn.execute(sql.SQL("ALTER DATABASE {} SET synchronous_commit = off")
                         .format(sql.Identifier(dbname)))
            yield url, conn


def postgres_env(request: pytest.FixtureRequest) -> dict[str, str]:
    """A fresh schema for this test, in the session's database."""
    url, conn = request.getfixturevalue("domain_postgres")
    schema = "t_" + uuid.uuid4().hex[:16]
    conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    return {**eventsourcing_env(url), "POSTGRES_SCHEMA": schema}


def make_store(request: pytest.FixtureRequest, kind: str, tmp_path) -> Store:
    if kind == "memory":
        env = eventsourcing_env("memory://")
    elif kind == "sqlite":
        env = eventsourcing_env(f"sqlite:///{tmp_path}/domain.db")
    else:
        env = postgres_env(request)
    store = Store(kind, env)
    request.addfinalizer(store.close)
    return store


@pytest.fixture(params=STORES)
def ledger_store(request, tmp_path) -> Store:
    return make_store(request, request.param, tmp_path)


@pytest.fixture(params=PERSISTENT_STORES)
def persistent_store(request, tmp_path) -> Store:
    return make_store(request, request.param, tmp_path)


@pytest.fixture
def ledger_app(ledger_store) -> Ledger:
    return ledger_store.open()


@pytest.fixture
def scene(ledger_app) -> Scene:
    """A running process with actors, a charter and an assembly, on every store."""
    return Scene.build(ledger_app)


@pytest.fixture(scope="module", params=STORES)
def refusal_scene(request, tmp_path_factory) -> Scene:
    """One scene per store for a module's refusal-only tests, with an open proposal, an open
    vote and a funding made beforehand.

    Sharing is sound only because each such test is refused and nothing else: `refused()`
    asserts that the global log did not move, so every test sees the same state.
    """
    store = make_store(request, request.param, tmp_path_factory.mktemp("refusals"))
    scene = Scene.build(store.open())
    scene.open_proposal = scene.proposal()
    scene.open_vote = scene.vote(scene.open_proposal)
    scene.grant = scene.funding()
    return scene
