"""The one place that wires the API's dependencies: the ledger, the read side, projections."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from api import idempotency, tokens
from api.idempotency import IdempotencyStore
from api.tokens import TokenStore
from ledger.application import Ledger
from projections.db import Database

logger = logging.getLogger(__name__)

EXTENSION = "kiezledger"


def read_models(ledger: Ledger) -> list[Any]:
    """The read models the web process keeps up to date (read-your-writes)."""
    from projections.registry import all_projections

    return all_projections(ledger)


@dataclass
class Services:
    ledger: Ledger
    db: Database
    projections: Any = None  # has ensure(position); None until read models are wired
    tokens: TokenStore = field(init=False)
    idempotency: IdempotencyStore = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = TokenStore(self.db)
        self.idempotency = IdempotencyStore(self.db)

    def create_tables(self) -> None:
        """The API's side tables and the read models' tables (idempotent)."""
        with self.db.transaction() as cur:
            tokens.create_table(cur)
            idempotency.create_table(cur)
        if self.projections is not None:
            self.projections.setup()

    def after_write(self, position: int) -> None:
        """Read-your-writes: bring the read models up to the write's position.

        The write is stored whatever happens here, so a failing projection is logged
        rather than turned into an error answer (a retry would write twice).
        """
        if self.projections is None:
            return
        try:
            self.projections.ensure(position)
        except Exception:
            logger.exception("projections did not reach position %s", position)

    def refresh(self) -> None:
        """Bring the read models up to the head of the log (before a list read)."""
        if self.projections is not None:
            self.projections.ensure(None)

    def close(self) -> None:
        self.db.close()
        self.ledger.close()


def build(url: str, *, create_table: bool = True,
          models: Callable[[Ledger], list[Any]] = read_models) -> Services:
    ledger = Ledger.from_url(url, create_table=create_table)
    db = Database.from_url(url)
    projections = None
    chosen = models(ledger)
    if chosen:
        from projections.runner import InProcessProjections

        projections = InProcessProjections(ledger, db, chosen)
    services = Services(ledger, db, projections)
    if create_table:
        services.create_tables()
    return services


def current() -> Services:
    return current_app.extensions[EXTENSION]
