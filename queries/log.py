"""The global log as CloudEvents 1.0: the export's lines (`ledger.archive`) without the
restore-only `topic` and `storedstate`, so the two never drift apart, mapped when served:

- `type`: reverse-DNS and versioned, `org.kiezledger.<aggregate>.<event>.v<class version>`
  (`Actor.Registered` -> `org.kiezledger.actor.registered.v1`, `Commitment.ProgressReported`
  -> `org.kiezledger.commitment.progress_reported.v1`); the version is the event class's, the
  shape `data` has (older stored events are upcast when read);
- `source`: the deployment (`KIEZLEDGER_EVENT_SOURCE`, else `default_source`).

Stored events and the export keep their own `type` and `source` (`ledger.archive`): nothing
stored is rewritten.

Extension attributes (lower-case alphanumerics, as the spec requires): `position`, `hash`
(the chain hash at this event, see `ledger.integrity`), `recordedby`, `occurredon`; one
without a value (a hash not computed yet, a registration's domain date) is left out, as the
JSON format reads a null attribute as absent anyway.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ledger.application import Ledger
from ledger.archive import SPECVERSION, TYPE_PREFIX, event_line

__all__ = ["SPECVERSION", "TYPE_PREFIX", "cloudevent_type", "default_source", "read_log"]

Hashes = Callable[[Iterable[int]], dict[int, str]]
TYPE_ROOT = "org.kiezledger"
OPTIONAL_EXTENSIONS = ("hash", "recordedby", "occurredon")
_WORD = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _snake(name: str) -> str:
    return _WORD.sub("_", name).lower()


def cloudevent_type(qualname: str, version: int = 1) -> str:
    """`Vote.Closed`, 2 -> `org.kiezledger.vote.closed.v2`."""
    return ".".join([TYPE_ROOT, *(_snake(part) for part in qualname.split(".")), f"v{version}"])


def default_source(ledger: Ledger) -> str:
    """The ledger's own name: its first event's record id, kept by export and import."""
    first = ledger.recorder.select_notifications(start=1, limit=1)
    return f"urn:kiezledger:ledger:{first[0].originator_id}" if first else "urn:kiezledger"


def read_log(ledger: Ledger, *, after: int, limit: int, source: str | None = None,
             hashes: Hashes | None = None) -> list[dict[str, Any]]:
    """The global log after position `after`, at most `limit` CloudEvents, in order.
    `hashes(positions)` answers the chain hash of each position it knows; `source` names the
    deployment (default: `default_source`)."""
    notifications = ledger.recorder.select_notifications(start=after + 1, limit=limit)
    if not notifications:
        return []
    found = hashes([n.id for n in notifications]) if hashes else {}
    source = source or default_source(ledger)
    events = []
    for n in notifications:
        event = ledger.mapper.to_domain_event(n)
        line = event_line(n, event, found.get(n.id), stored=False)
        line["source"] = source
        line["type"] = cloudevent_type(type(event).__qualname__,
                                       getattr(type(event), "class_version", 1))
        for name in OPTIONAL_EXTENSIONS:
            if line.get(name) is None:
                line.pop(name, None)
        events.append(line)
    return events
