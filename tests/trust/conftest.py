"""Fixtures for the trust tests: a signing key per test, ledgers and read-side databases
that are closed afterwards, and `store_url` over memory, SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import store.ledger
from ledger.application import Ledger
from store.sql import Database


@pytest.fixture(autouse=True)
def signing_key(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "keys" / "signing-key.pem"
    monkeypatch.setenv("KIEZLEDGER_SIGNING_KEY_FILE", str(path))
    return path


@pytest.fixture
def open_ledger():
    opened: list[Any] = []

    def open_(url: str) -> Ledger:
        app = store.ledger.open_ledger(url)
        opened.append(app)
        return app

    yield open_
    for item in reversed(opened):
        item.close()


@pytest.fixture
def open_db():
    opened: list[Database] = []

    def open_(url: str) -> Database:
        db = Database.from_url(url)
        opened.append(db)
        return db

    yield open_
    for db in reversed(opened):
        db.close()


STORES = [
    pytest.param("memory", id="memory"),
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


def url_for(request: pytest.FixtureRequest, store: str, tmp_path: Path, name: str = "a") -> str:
    if store == "memory":
        return "memory://"
    if store == "sqlite":
        return f"sqlite:///{tmp_path}/{name}/kiezledger.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(params=STORES)
def store_url(request, tmp_path) -> str:
    return url_for(request, request.param, tmp_path)
