"""The global log as CloudEvents 1.0 JSON objects: the export's lines (`ledger.archive`)
without the restore-only `topic` and `storedstate`, so the two never drift apart.

Extension attributes (lower-case alphanumerics, as the spec requires): `position`, `hash`
(the chain hash at this event, see `ledger.integrity`), `recordedby`, `occurredon`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ledger.application import Ledger
from ledger.archive import SOURCE, SPECVERSION, TYPE_PREFIX, event_line

__all__ = ["SOURCE", "SPECVERSION", "TYPE_PREFIX", "read_log"]

Hashes = Callable[[Iterable[int]], dict[int, str]]


def read_log(ledger: Ledger, *, after: int, limit: int,
             hashes: Hashes | None = None) -> list[dict[str, Any]]:
    """The global log after position `after`, at most `limit` CloudEvents, in order.
    `hashes(positions)` answers the chain hash of each position it knows."""
    notifications = ledger.recorder.select_notifications(start=after + 1, limit=limit)
    found = hashes([n.id for n in notifications]) if hashes and notifications else {}
    return [
        event_line(n, ledger.mapper.to_domain_event(n), found.get(n.id), stored=False)
        for n in notifications
    ]
