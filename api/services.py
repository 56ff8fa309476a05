"""The one place that wires the API's dependencies: the ledger, the read side, projections."""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flask import current_app, g, has_request_context

from api.idempotency import IdempotencyStore
from api.tokens import TokenStore
from ledger.application import Ledger
from store import idempotency, sessions, tokens, verifications
from store.config import ConfigError
from store.ledger import open_ledger
from store.replicas import ReadRouter
from store.sql import Database

if TYPE_CHECKING:
    from ledger.commands.base import Written
    from projections.runner import InProcessProjections, Projection

logger = logging.getLogger(__name__)

EXTENSION = "kiezledger"

# Who applies new events to the read models (KIEZLEDGER_PROJECTIONS):
# - `inprocess` (default): the web process itself, on each write and before each read;
# - `workers`: `kiezledger project` processes; the web process only waits, bounded
#   (KIEZLEDGER_PROJECTIONS_WAIT seconds), for them to reach the position of its own write.
MODES = ("inprocess", "workers")
DEFAULT_WAIT = 5.0
LAG_HEADER = "Kiezledger-Projections-Lag"
# Every write answers the log position it reached; a read may send it back (api.replicas).
POSITION_HEADER = "Kiezledger-Position"


def projections_mode(value: str | None = None) -> str:
    mode = (value or os.environ.get("KIEZLEDGER_PROJECTIONS") or "inprocess").strip().lower()
    if mode not in MODES:
        raise ConfigError(f"KIEZLEDGER_PROJECTIONS must be one of {', '.join(MODES)}, "
                          f"not {mode!r}")
    return mode


def projections_wait(value: float | str | None = None) -> float:
    raw = value if value is not None else os.environ.get("KIEZLEDGER_PROJECTIONS_WAIT")
    if raw is None or raw == "":
        return DEFAULT_WAIT
    try:
        seconds = float(raw)
    except ValueError as exc:
        raise ConfigError(f"KIEZLEDGER_PROJECTIONS_WAIT must be seconds, not {raw!r}") from exc
    if not 0 <= seconds <= 600:
        raise ConfigError("KIEZLEDGER_PROJECTIONS_WAIT must be between 0 and 600 seconds")
    return seconds


def read_models(ledger: Ledger) -> list[Projection]:
    """The read models the web process keeps up to date (read-your-writes)."""
    from projections.registry import all_projections

    return all_projections(ledger)


class WorkerProjections:
    """Worker mode: `kiezledger project` applies the events; this only reads the workers'
    tracking positions and waits for them."""

    def __init__(self, ledger: Ledger, db: Database, projections: list[Projection],
                 timeout: float = DEFAULT_WAIT) -> None:
        from projections.runner import ProjectionRunner

        self.runner = ProjectionRunner(ledger, db, projections)
        self.timeout = timeout

    def setup(self) -> None:
        self.runner.setup()

    def wait(self, position: int) -> int:
        """Wait until every read model has reached `position`, at most `timeout` seconds;
        answer how many positions they are still behind (0: reached)."""
        if self.runner.wait(position, self.timeout):
            return 0
        return max(0, position - self.runner.position())


@dataclass
class Services:
    ledger: Ledger
    db: Database
    # Worker mode: WorkerProjections; else InProcessProjections; None: no read models wired.
    projections: WorkerProjections | InProcessProjections | None = None
    mode: str = "inprocess"
    # KIEZLEDGER_READ_URLS: the read replicas that read-model reads may go to (api.replicas).
    router: ReadRouter | None = None
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
            sessions.create_table(cur)
            verifications.create_table(cur)
        if self.projections is not None:
            self.projections.setup()

    def after_write(self, position: int) -> int:
        """Read-your-writes: bring the read models up to the write's position (in-process),
        or wait, bounded, until the workers have (worker mode). Answers how many positions
        they are still behind when the answer goes out (0: the write is readable).

        The write is stored whatever happens here, so a failing projection is logged
        rather than turned into an error answer (a retry would write twice).
        """
        if self.projections is None:
            return 0
        try:
            if isinstance(self.projections, WorkerProjections):  # worker mode
                return self.projections.wait(position)
            self.projections.ensure(position)
        except Exception:
            logger.exception("projections did not reach position %s", position)
        return 0

    def refresh(self) -> None:
        """Bring the read models up to the head of the log (before a read), in-process
        only: in worker mode reads never wait, they show what the workers applied."""
        if (self.projections is not None and self.mode == "inprocess"
                and not isinstance(self.projections, WorkerProjections)):
            self.projections.ensure(None)

    def close(self) -> None:
        if self.router is not None:
            self.router.close()
        self.db.close()
        self.ledger.close()


@dataclass
class Reading:
    """What a report reads through: the ledger, and the database this request reads from."""

    ledger: Ledger
    db: Database
    refresh: Callable[[], None]


def build(url: str, *, create_table: bool = True,
          models: Callable[[Ledger], list[Projection]] = read_models,
          mode: str | None = None, wait: float | str | None = None) -> Services:
    """`mode`: `inprocess` or `workers` (default: KIEZLEDGER_PROJECTIONS, else inprocess);
    `wait`: worker mode's bound in seconds (default: KIEZLEDGER_PROJECTIONS_WAIT, else 5)."""
    mode = projections_mode(mode)
    if mode == "workers" and url.split(":", 1)[0] == "memory":
        raise ConfigError("KIEZLEDGER_PROJECTIONS=workers needs a database that "
                          "`kiezledger project` can open too, not memory://")
    timeout = projections_wait(wait)
    ledger = open_ledger(url, create_table=create_table)
    db = Database.from_url(url)
    projections: WorkerProjections | InProcessProjections | None = None
    chosen = models(ledger)
    if chosen and mode == "workers":
        projections = WorkerProjections(ledger, db, chosen, timeout)
    elif chosen:
        from projections.runner import InProcessProjections

        projections = InProcessProjections(ledger, db, chosen)
    router = ReadRouter.from_env(db) if db.dialect == "postgresql" else None
    services = Services(ledger, db, projections, mode, router)
    if create_table:
        services.create_tables()
    return services


def current() -> Services:
    return current_app.extensions[EXTENSION]


def read_db() -> Database:
    """Where this request's read-model reads go: the replica `api.replicas` chose for it,
    else the primary."""
    if has_request_context() and "read_db" in g:
        return g.read_db
    return current().db


def reading() -> Reading:
    svc = current()
    return Reading(svc.ledger, read_db(), svc.refresh)


def written_headers(written: Written) -> dict[str, str]:
    """The headers every write answers with; counts the events it appended."""
    from api.metrics import events_appended

    events_appended(current_app, written.events)
    return {POSITION_HEADER: str(written.position)}
