"""The pages under Flask's test client on each store the service runs on: a SQLite file and
PostgreSQL (a fresh database per test; the `postgres` marker selects or deselects them)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from api import create_app
from api.services import Services


@pytest.fixture(params=[pytest.param("sqlite", id="sqlite"),
                        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres)])
def store_url(request: pytest.FixtureRequest) -> str:
    return request.getfixturevalue("sqlite_url" if request.param == "sqlite" else "postgres_url")


@pytest.fixture
def app(store_url: str) -> Iterator[Flask]:
    app = create_app({"KIEZLEDGER_DATABASE_URL": store_url, "TESTING": True})
    yield app
    app.extensions["kiezledger"].close()


@pytest.fixture
def svc(app: Flask) -> Services:
    return app.extensions["kiezledger"]
