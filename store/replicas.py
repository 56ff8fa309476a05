"""Reads from PostgreSQL streaming replicas (`KIEZLEDGER_READ_URLS`).

A replica holds the same tables as the primary, read models included, a little later. How far
it has replayed is the lowest log position its read models reached (`projection_tracking`, as
replicated); the primary's is the same query on the primary. `ReadRouter.choose` answers the
database a read goes to:

- a replica that answers and lags the primary by at most `max_lag` positions (checked at most
  every `check_interval` seconds per process); one that lags more, or does not answer, is out
  until a later check finds it caught up;
- with a minimum position (read-your-writes across hosts), a replica only once it has reached
  it, polled for at most `wait` seconds; else the primary, and the answer says why.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field

from store.config import ConfigError
from store.sql import Cursor, Database, PostgresDatabase

logger = logging.getLogger(__name__)

DEFAULT_MAX_LAG = 1000  # log positions
DEFAULT_WAIT = 1.0  # seconds
CHECK_INTERVAL = 1.0  # seconds between two checks of one replica, per process
TIMEOUT = 2  # seconds to connect to a replica or get a pooled connection

POSITION_SQL = "SELECT MIN(position) FROM projection_tracking"
# Seconds since the last replayed transaction, 0 when everything received is replayed (an idle
# primary sends nothing, so the timestamp alone would grow without any lag); NULL on a primary.
REPLAY_LAG_SQL = """
    SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL
                WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
                ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END
"""


def read_urls(value: str | None = None) -> list[str]:
    """KIEZLEDGER_READ_URLS: PostgreSQL URLs separated by commas or spaces."""
    raw = value if value is not None else os.environ.get("KIEZLEDGER_READ_URLS", "")
    urls = [u for u in raw.replace(",", " ").split() if u]
    for url in urls:
        if url.split(":", 1)[0] not in ("postgresql", "postgres"):
            raise ConfigError(f"KIEZLEDGER_READ_URLS takes postgresql:// URLs, not {url!r}")
    return urls


def _number(name: str, default: float, low: float, high: float) -> float:
    raw = os.environ.get(name, "")
    if raw == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a number, not {raw!r}") from exc
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}")
    return value


def max_lag() -> int:
    return int(_number("KIEZLEDGER_READ_MAX_LAG", DEFAULT_MAX_LAG, 0, 10**12))


def read_wait() -> float:
    return _number("KIEZLEDGER_READ_WAIT", DEFAULT_WAIT, 0, 60)


def position(db: Database) -> int | None:
    """The lowest position the read models in `db` reached; None if it has none."""
    row = db.fetchone(POSITION_SQL)
    return None if row is None or row[0] is None else int(row[0])


@dataclass
class Replica:
    url: str
    db: Database
    up: bool = False
    position: int | None = None
    lag: int | None = None  # positions behind the primary at the last check
    replay_seconds: float | None = None
    checked: float = field(default=-1e9)  # monotonic time of the last check


@dataclass
class Choice:
    db: Database
    source: str  # "replica" or "primary"
    reason: str = ""  # why the primary: "no-replica", "behind"

    @property
    def said(self) -> str:
        """Where the read went, as the answer's header says it."""
        if isinstance(self.db, ReplicaRead) and self.db.fell_back:
            return 'primary; reason="replica-failed"'
        return f'{self.source}; reason="{self.reason}"' if self.reason else self.source


class ReplicaRead(Database):
    """One request's reads from a replica; if it cannot give a connection (it went away
    since its last check), from the primary, and the replica is out until it answers."""

    dialect = "postgresql"

    def __init__(self, router: ReadRouter, replica: Replica) -> None:
        self.router = router
        self.replica = replica
        self.url = replica.url
        self.fell_back = False

    @contextmanager
    def transaction(self, readonly: bool = False) -> Iterator[Cursor]:
        if not self.fell_back:
            stack = ExitStack()
            try:
                cur = stack.enter_context(self.replica.db.transaction(readonly))
            except Exception as exc:
                self.router.take_out(self.replica, exc)
                self.fell_back = True
            else:
                with stack:
                    yield cur
                return
        with self.router.primary.transaction(readonly) as cur:
            yield cur


class ReadRouter:
    def __init__(self, primary: Database, urls: list[str], *, limit: int = DEFAULT_MAX_LAG,
                 wait: float = DEFAULT_WAIT, check_interval: float = CHECK_INTERVAL) -> None:
        self.primary = primary
        self.replicas = [Replica(u, PostgresDatabase(u, timeout=TIMEOUT)) for u in urls]
        self.limit = limit
        self.wait = wait
        self.check_interval = check_interval
        self._lock = threading.Lock()
        self._turn = itertools.count()

    @classmethod
    def from_env(cls, primary: Database) -> ReadRouter | None:
        urls = read_urls()
        if not urls:
            return None
        return cls(primary, urls, limit=max_lag(), wait=read_wait())

    def check(self, replica: Replica, *, force: bool = False) -> Replica:
        """Refresh what is known of `replica` unless checked within `check_interval`."""
        now = time.monotonic()
        if not force and now - replica.checked < self.check_interval:
            return replica
        replica.checked = now
        try:
            head = position(self.primary) or 0
            with replica.db.transaction(readonly=True) as cur:
                row = cur.execute(POSITION_SQL).fetchone()
                reached = None if row is None or row[0] is None else int(row[0])
                seconds = cur.execute(REPLAY_LAG_SQL).fetchone()
        except Exception as exc:  # down, unreachable, not set up: out until it answers
            if replica.up:
                logger.warning("read replica %s taken out: %s", _host(replica.url), exc)
            replica.up, replica.lag = False, None
            return replica
        replica.position = reached
        replica.lag = max(0, head - (reached or 0))
        replica.replay_seconds = None if seconds is None or seconds[0] is None \
            else float(seconds[0])
        fit = reached is not None and replica.lag <= self.limit
        if fit != replica.up:
            logger.warning("read replica %s %s (%s positions behind)", _host(replica.url),
                           "back in" if fit else "taken out", replica.lag)
        replica.up = fit
        return replica

    def take_out(self, replica: Replica, why: Exception) -> None:
        logger.warning("read replica %s taken out: %s", _host(replica.url), why)
        replica.up, replica.lag, replica.checked = False, None, time.monotonic()

    def usable(self) -> list[Replica]:
        with self._lock:
            for replica in self.replicas:
                self.check(replica)
            return [r for r in self.replicas if r.up]

    def choose(self, min_position: int | None = None) -> Choice:
        """The database for one read: a usable replica (in turn), else the primary."""
        usable = self.usable()
        if not usable:
            return Choice(self.primary, "primary", "no-replica")
        start = next(self._turn)
        ordered = [usable[(start + i) % len(usable)] for i in range(len(usable))]
        if min_position is None:
            return Choice(ReplicaRead(self, ordered[0]), "replica")
        deadline = time.monotonic() + self.wait
        delay = 0.01
        while True:
            for replica in ordered:
                try:
                    reached = position(replica.db)
                except Exception:
                    continue
                if reached is not None and reached >= min_position:
                    return Choice(ReplicaRead(self, replica), "replica")
            if time.monotonic() >= deadline:
                return Choice(self.primary, "primary", "behind")
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def close(self) -> None:
        for replica in self.replicas:
            replica.db.close()


def _host(url: str) -> str:
    """host:port/db of a URL, without user or password (for logs and metric labels)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.hostname}:{parts.port or 5432}{parts.path}"


def label(url: str) -> str:
    return _host(url)
