"""What every command group shares: atomic saves, one recorded time per command, lookups."""

from __future__ import annotations

import functools
import random
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, ParamSpec, TypeVar, cast
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from ledger import principal
from ledger.domain.base import LedgerAggregate
from ledger.domain.processes import Process
from ledger.errors import ConcurrentWrites, NotFound, StaleVersion, UnknownReference
from ledger.personal import KeyStore
from ledger.preconditions import Precondition

A = TypeVar("A", bound=LedgerAggregate)
A_co = TypeVar("A_co", bound=LedgerAggregate, covariant=True)
P = ParamSpec("P")
R = TypeVar("R")

MAX_ATTEMPTS = 12
# Exponential back-off with full jitter, capped: twelve attempts span up to about 1.5 s.
BACKOFF_BASE = 0.004
BACKOFF_CAP = 0.25


@dataclass(frozen=True)
class Written(Generic[A_co]):
    """What a command stored: the resource it answers with and the log position reached."""

    record: A_co
    position: int
    events: int = 1  # how many events the save appended (for /metrics)


def recorded(command: Callable[P, R]) -> Callable[P, R]:
    """Run a command in one `principal.recording()`: its events share one recorded time."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        with principal.recording():
            return command(*args, **kwargs)

    return wrapper


def retrying(command: Callable[P, R]) -> Callable[P, R]:
    """Re-run a command on fresh state when a concurrent save took its version first.

    Each attempt is `recorded`: a retry records the time of its own events.
    """
    attempt_once = recorded(command)

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for attempt in range(MAX_ATTEMPTS):
            try:
                return attempt_once(*args, **kwargs)
            except IntegrityError:
                time.sleep(random.uniform(0, min(BACKOFF_CAP, BACKOFF_BASE * 2**attempt)))
        raise ConcurrentWrites(
            f"gave up after {MAX_ATTEMPTS} attempts: other writers kept changing the same records"
        )

    return wrapper


class LedgerBase(Application[UUID]):
    # Made by Ledger.__init__ (ledger.application): the keys that seal personal fields.
    personal_keys: KeyStore

    def store(self, first: A, *more: LedgerAggregate, answer: A | None = None,
              preconditions: Sequence[Precondition] = ()) -> Written[A]:
        """Save atomically, if the `preconditions` still hold (ledger.preconditions).

        Run inside `recorded` or `retrying`, the events of one save share one recorded time:
        asked "as of" any moment, the ledger knows all of them or none, never a proposal
        adopted without the charter change that came with it. Each event names who recorded
        it (`LedgerAggregate.Event`).
        """
        recordings = self.save(first, *more, preconditions=preconditions)
        position = recordings[-1].notification.id if recordings else 0
        return Written(answer if answer is not None else first, position, len(recordings))

    def find(self, cls: type[A], id: UUID, *, field: str | None = None) -> A:  # noqa: A002
        """The current state of a record; a missing one is 404, or 422 when named in `field`."""
        found: LedgerAggregate | None
        try:
            found = self.repository.get(id)
        except AggregateNotFoundError:
            found = None
        if not isinstance(found, cls):
            noun = cls.__name__.lower()
            if field:
                raise UnknownReference(f"no {noun} with id {id}", field=field)
            raise NotFound(f"no {noun} with id {id}")
        return found

    def exists(self, id: UUID) -> bool:  # noqa: A002
        """Whether a record has this id (one read of its first event)."""
        return bool(list(self.recorder.select_events(id, lte=1, limit=1)))

    def check_open_on(self, process_id: UUID | None, on: date, field: str) -> None:
        """A dated change to a record of a process: refused after the process concluded
        (`Process.check_open_on`); a record of no process is not bound by it."""
        if process_id is not None:
            self.find(Process, process_id).check_open_on(on, field)

    def find_as_of(self, cls: type[A], id: UUID, as_of: datetime) -> A:  # noqa: A002
        """The state the ledger knew at `as_of` (recorded time, not domain date)."""
        current = self.find(cls, id)
        version = 0
        for stored in self._events(id):
            if stored.timestamp > as_of:
                break
            version = stored.originator_version
        if version == 0:
            raise NotFound(f"no {cls.__name__.lower()} with id {id} was recorded by {as_of}")
        if version == current.version:
            return current
        found: A = self.repository.get(id, version=version)
        return found

    def history(self, id: UUID) -> list[LedgerAggregate.Event]:  # noqa: A002
        """The record's events, oldest first."""
        return list(self._events(id))

    def related_events(self, record: LedgerAggregate) -> list[tuple[int, LedgerAggregate.Event]]:
        """(log position, event) of other records that belong to this record's history
        (a vote's ballots), in log order."""
        return []

    def _events(self, id: UUID) -> Iterator[LedgerAggregate.Event]:  # noqa: A002
        # The event store's types know only eventsourcing's event protocol; every event in
        # this ledger's log is a LedgerAggregate.Event (PersonalDataMapper.to_domain_event).
        return cast(Iterator[LedgerAggregate.Event], self.events.get(id))

    @staticmethod
    def check_version(aggregate: LedgerAggregate, expected: int | None) -> None:
        """If-Match: refuse a write based on a version that is no longer current."""
        if expected is not None and expected != aggregate.version:
            raise StaleVersion(
                f"{type(aggregate).__name__.lower()} {aggregate.id} is at version "
                f"{aggregate.version}, not {expected}"
            )
