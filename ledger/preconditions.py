"""Conditions a save checks at its commit, for records a command read but does not change.

eventsourcing refuses a save whose events take a version that another save took first: that
guards the records a command changes. A ballot changes only its own record, yet it relies on
its vote being open; closing a vote relies on having counted every ballot. A save can carry
`preconditions=[...]`: the event store checks them inside the transaction that inserts the
events, after it holds the log's write lock (every save takes it: PostgreSQL's table lock,
SQLite's one writer, the in-memory store's lock), and refuses the whole save with
eventsourcing's `IntegrityError` when one no longer holds, as it does for a taken version.
The `retrying` commands then run again on fresh state.

The in-memory store is here; the SQLite and PostgreSQL ones are in `store/recorders.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.popo import POPOApplicationRecorder


@dataclass(frozen=True)
class Unchanged:
    """No event of record `id` after `version`: the record is as the command read it."""

    id: UUID
    version: int


@dataclass(frozen=True)
class NothingNew:
    """No event of `topics` after log position `after` for which `concerns` holds: the
    command saw every such event there is (e.g. every ballot of one vote)."""

    topics: tuple[str, ...]
    after: int
    concerns: Callable[[StoredEvent], bool]


Precondition = Unchanged | NothingNew


@runtime_checkable
class ChecksPreconditions(Protocol):
    """An application recorder that checks `preconditions` passed to `insert_events`."""

    checks_preconditions: bool


def check(preconditions: Iterable[Precondition], *,
          last_version: Callable[[UUID], int | None],
          events_after: Callable[[int, Sequence[str]], Iterable[StoredEvent]]) -> None:
    """Raise IntegrityError unless each precondition holds, read through the store's
    `last_version(id)` and `events_after(position, topics)` (inside its transaction)."""
    for condition in preconditions:
        if isinstance(condition, Unchanged):
            last = last_version(condition.id) or 0
            if last != condition.version:
                raise IntegrityError(
                    f"record {condition.id} is at version {last}, not {condition.version}")
        elif any(condition.concerns(e) for e in events_after(condition.after,
                                                             condition.topics)):
            raise IntegrityError(f"new events of {', '.join(condition.topics)} "
                                 f"after position {condition.after}")


class MemoryRecorder(POPOApplicationRecorder):
    """The in-memory store, checking preconditions under its lock."""

    checks_preconditions = True

    def _insert_events(self, stored_events: Sequence[StoredEvent],
                       **kwargs: Any) -> Sequence[int] | None:
        with self._database_lock:  # reentrant: the insert below takes it again
            check(kwargs.get("preconditions", ()), last_version=self._last_version,
                  events_after=self._events_after)
            return super()._insert_events(stored_events, **kwargs)

    def _last_version(self, id: UUID) -> int | None:  # noqa: A002
        versions = self._stored_events_index.get(str(id))
        return max(versions) if versions else None

    def _events_after(self, position: int, topics: Sequence[str]) -> list[StoredEvent]:
        return [e for e in self._stored_events[position:] if e.topic in topics]
