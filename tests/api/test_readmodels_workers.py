"""Worker mode (`KIEZLEDGER_PROJECTIONS=workers`): the web process applies no events itself; a
`kiezledger project` subprocess does, and each write waits, bounded, until the workers have
reached its position, so a client reads its own writes. On SQLite and PostgreSQL."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from flask import Flask

from api import create_app
from api.services import LAG_HEADER
from store.config import ConfigError
from tests.api.conftest import Client
from tests.api.server import serving
from tests.api.test_readmodels import write_and_read_back
from tests.test_cli_projections import positions, wait_until, worker


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store_url(request) -> str:
    return request.getfixturevalue(f"{request.param}_url")


def workers_app(url: str, wait: float) -> Flask:
    return create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True,
                       "KIEZLEDGER_PROJECTIONS": "workers",
                       "KIEZLEDGER_PROJECTIONS_WAIT": wait})


class Watching(Client):
    """Remembers every write's Kiezledger-Projections-Lag header (None: absent)."""

    lags: list[str | None]

    def post(self, path: str, body: Any = None, **kw: Any):
        response = super().post(path, body, **kw)
        self.lags.append(response.headers.get(LAG_HEADER))
        return response


@pytest.fixture
def app_in_worker_mode(store_url: str) -> Iterator[Flask]:
    app = workers_app(store_url, wait=20)
    yield app
    app.extensions["kiezledger"].close()


def test_reads_see_the_writes_the_workers_applied(app_in_worker_mode: Flask, store_url: str):
    app = app_in_worker_mode
    token = app.extensions["kiezledger"].tokens.create("admin", "admin")
    c = Watching(app.test_client(), token)
    c.lags = []
    with worker(store_url) as w:
        write_and_read_back(c)
        assert c.lags and set(c.lags) == {None}  # every write waited until it was readable
        assert w.process.poll() is None
    assert len(set(positions(store_url).values())) == 1


def test_without_workers_a_write_answers_after_the_wait_with_the_lag(store_url: str):
    app = workers_app(store_url, wait=0.3)
    try:
        token = app.extensions["kiezledger"].tokens.create("admin", "admin")
        c = Client(app.test_client(), token)
        before = positions(store_url)
        started = time.monotonic()
        response = c.post("/v1/processes", {"title": "P", "level": "kiez",
                                            "started_on": "2023-01-01"})
        took = time.monotonic() - started
        assert response.status_code == 201  # stored all the same
        assert 0.3 <= took < 5
        lag = int(response.headers[LAG_HEADER])
        process = response.get_json()["id"]
        assert lag >= 1
        assert positions(store_url) == before  # the web process projected nothing
        # The record is there; the read model is not yet: 503, try again shortly.
        assert c.get(f"/v1/processes/{process}").status_code == 200
        late = c.get(f"/v1/processes/{process}/timeline")
        assert late.status_code == 503 and late.headers["Retry-After"] == "1"
        assert late.get_json()["type"] == "urn:kiezledger:problem:projections-behind"
        assert c.get("/v1/commitments").get_json() == {"items": [], "next": None}

        with worker(store_url):
            wait_until(lambda: c.get(f"/v1/processes/{process}/timeline").status_code == 200,
                       what="the worker to apply the write")
            entries = c.get(f"/v1/processes/{process}/timeline").get_json()["entries"]
            assert [e["kind"] for e in entries] == ["process_started"]
            again = c.post("/v1/actors", {"kind": "person", "name": "Ada"})
            assert again.status_code == 201 and LAG_HEADER not in again.headers
    finally:
        app.extensions["kiezledger"].close()


def test_a_write_recorded_elsewhere_shows_once_a_worker_applied_it(app_in_worker_mode,
                                                                    store_url):
    services = app_in_worker_mode.extensions["kiezledger"]
    token = services.tokens.create("auditor", "auditor")
    c = Client(app_in_worker_mode.test_client(), token)
    with worker(store_url):
        process = services.ledger.start_process(title="Elsewhere", level="kiez",
                                                started_on=date(2023, 1, 1)).record.id
        wait_until(lambda: c.get(f"/v1/processes/{process}/timeline").status_code == 200,
                   what="the worker to follow a write made outside the API")


def test_worker_mode_needs_a_store_other_processes_can_open():
    with pytest.raises(ConfigError, match="memory://"):
        create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "KIEZLEDGER_PROJECTIONS": "workers"})
    with pytest.raises(ConfigError, match="KIEZLEDGER_PROJECTIONS"):
        create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "KIEZLEDGER_PROJECTIONS": "threads"})
    with pytest.raises(ConfigError, match="KIEZLEDGER_PROJECTIONS_WAIT"):
        create_app({"KIEZLEDGER_DATABASE_URL": "memory://", "KIEZLEDGER_PROJECTIONS_WAIT": "x"})


def test_the_environment_chooses_the_mode(sqlite_url, monkeypatch):
    monkeypatch.setenv("KIEZLEDGER_PROJECTIONS", "workers")
    monkeypatch.setenv("KIEZLEDGER_PROJECTIONS_WAIT", "0")
    app = create_app({"KIEZLEDGER_DATABASE_URL": sqlite_url})
    try:
        services = app.extensions["kiezledger"]
        assert services.mode == "workers" and services.projections.timeout == 0
    finally:
        app.extensions["kiezledger"].close()


@pytest.mark.slow
@pytest.mark.postgres
def test_serve_with_projection_workers(postgres_url, monkeypatch):
    """`serve --projections workers` beside `kiezledger project`, as deployed on PostgreSQL:
    gunicorn workers never project, and a client still reads its own writes."""
    import requests

    from cli.main import main
    from tests.api.server import Api

    assert main(["--database-url", postgres_url, "init"]) == 0
    token = _admin_token(postgres_url)
    monkeypatch.setenv("KIEZLEDGER_PROJECTIONS_WAIT", "1")
    with serving(postgres_url, workers=2, extra=("--projections", "workers")) as server:
        api = Api(server.base, token, requests.Session())
        with worker(postgres_url):
            for i in range(5):
                response = api.post("/v1/processes", {"title": f"P{i}", "level": "kiez",
                                                      "started_on": "2023-01-01"})
                assert response.status_code == 201 and LAG_HEADER not in response.headers
                process = response.json()["id"]
                timeline = api.get(f"/v1/processes/{process}/timeline")
                assert timeline.status_code == 200, timeline.text
                assert timeline.json()["entries"][0]["kind"] == "process_started"
        # Workers gone: the servers wait (1 s here), then answer with the lag.
        started = time.monotonic()
        response = api.post("/v1/actors", {"kind": "person", "name": "Ada"})
        assert response.status_code == 201 and int(response.headers[LAG_HEADER]) >= 1
        assert time.monotonic() - started >= 1


def _admin_token(url: str) -> str:
    from api.services import build

    services = build(url, create_table=False)
    try:
        return services.tokens.create(f"admin-{time.time_ns()}", "admin")
    finally:
        services.close()
