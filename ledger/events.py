"""Plain views of stored domain events: their type, domain date, recorder and data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TypeAlias, cast
from uuid import UUID

from ledger.domain.base import LedgerAggregate

# Bookkeeping attributes and the domain date, shown separately from an event's data.
META = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic",
                  "recorded_by", "occurred_on"})

JSONValue: TypeAlias = (
    str | int | float | bool | None | list["JSONValue"] | dict[str, "JSONValue"]
)


def event_type(event: object) -> str:
    """`Proposal.Submitted`, `Vote.Closed`, ..."""
    return type(event).__qualname__


def occurred_on(event: LedgerAggregate.Event) -> date | None:
    """The domain date: when it happened in the neighbourhood (None for a registration)."""
    return event.occurred_on


def recorded_by(event: object) -> str | None:
    found: str | None = vars(event).get("recorded_by")
    return found


def plain(value: object) -> JSONValue:
    """JSON-ready: UUIDs and dates as strings, money as decimal strings, never floats."""
    if isinstance(value, UUID):
        return str(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    # Anything else an event holds was decoded from JSON: a string, number, bool or None.
    return cast(JSONValue, value)


def event_data(event: object) -> dict[str, JSONValue]:
    return readable(vars(event))


def readable(state: dict[str, object]) -> dict[str, JSONValue]:
    """An event's state as data: JSON-ready, without its bookkeeping."""
    return {k: plain(v) for k, v in state.items() if k not in META}
