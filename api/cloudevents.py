"""Domain events as CloudEvents 1.0 JSON objects (for the global log, exports, imports)."""

from __future__ import annotations

from typing import Any

from api.registry import collection_of
from ledger.events import event_data, event_type, occurred_on, recorded_by

SPECVERSION = "1.0"
SOURCE = "urn:kiezledger"
TYPE_PREFIX = "kiezledger."


def to_cloudevent(event: Any, position: int) -> dict[str, Any]:
    """One stored domain event at global log `position` as a CloudEvent.

    Extension attributes (lower-case alphanumerics, as the spec requires): `position`,
    `recordedby`, `occurredon`.
    """
    kind = event_type(event)
    on = occurred_on(event)
    return {
        "specversion": SPECVERSION,
        "id": f"{event.originator_id}:{event.originator_version}",
        "source": SOURCE,
        "type": TYPE_PREFIX + kind,
        "subject": f"{collection_of(kind)}/{event.originator_id}",
        "time": event.timestamp.isoformat(),
        "datacontenttype": "application/json",
        "data": event_data(event),
        "position": position,
        "recordedby": recorded_by(event),
        "occurredon": on.isoformat() if on else None,
    }


def read_log(ledger: Any, *, after: int, limit: int) -> list[dict[str, Any]]:
    """The global log after position `after`, at most `limit` CloudEvents, in order."""
    notifications = ledger.recorder.select_notifications(start=after + 1, limit=limit)
    return [to_cloudevent(ledger.mapper.to_domain_event(n), n.id) for n in notifications]
