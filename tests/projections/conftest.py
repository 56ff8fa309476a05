"""A ledger with the scenario of `scenario.py` and all read models caught up, on every store.

`world` is built once per test module and store: its tests only read. Tests that change the
ledger or the read models (rebuilds, crashes, other writers) take `fresh_world`.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import SimpleNamespace

import pytest

from projections import Database, ProjectionRunner
from projections.registry import all_projections
from store.ledger import open_ledger
from tests import pg
from tests.projections import scenario


def _world(url: str) -> Iterator[SimpleNamespace]:
    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        s = scenario.build(app)
        runner = ProjectionRunner(app, db, all_projections(app))
        # Small batches: lookups of records from earlier batches are exercised too.
        assert runner.catch_up(batch_size=17) == s.head
        yield SimpleNamespace(app=app, db=db, runner=runner, s=s, url=url)
    finally:
        db.close()
        app.close()


@pytest.fixture(
    scope="module",
    params=[
        pytest.param("memory", id="memory"),
        pytest.param("sqlite", id="sqlite"),
        pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
    ],
)
def world(request, tmp_path_factory) -> Iterator[SimpleNamespace]:
    if request.param == "memory":
        yield from _world("memory://")
    elif request.param == "sqlite":
        yield from _world(f"sqlite:///{tmp_path_factory.mktemp('world')}/kiezledger.db")
    else:
        server = request.getfixturevalue("pg_server")
        with pg.fresh_database(server.admin_url) as url:
            yield from _world(url)


@pytest.fixture
def fresh_world(database_url: str) -> Iterator[SimpleNamespace]:
    yield from _world(database_url)
