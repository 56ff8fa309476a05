"""The report tests' world: the hand-computed scenario on memory, SQLite and PostgreSQL, with
the facts and catalog projections caught up."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from ledger.application import Ledger
from projections.catalog import CatalogProjection
from projections.facts import FactsProjection
from projections.runner import ProjectionRunner
from store.ledger import open_ledger
from store.sql import Database
from tests.reports import scenario


@dataclass
class Store:
    url: str
    app: Ledger
    db: Database
    runner: ProjectionRunner
    world: scenario.World

    def catch_up(self, batch_size: int = 2000) -> int:
        return self.runner.catch_up(batch_size=batch_size)


@pytest.fixture
def store(database_url):
    app = open_ledger(database_url)
    db = Database.from_url(database_url)
    try:
        world = scenario.build(app)
        runner = ProjectionRunner(app, db, [FactsProjection(), CatalogProjection()])
        # Small batches: a vote opened in one batch is closed or voted on in a later one.
        runner.catch_up(batch_size=7)
        yield Store(database_url, app, db, runner, world)
    finally:
        db.close()
        app.close()
