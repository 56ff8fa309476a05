"""Plain views of stored domain events: their type, domain date, recorder and data."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

# Bookkeeping attributes, shown separately from an event's data.
_META = {"originator_id", "originator_version", "timestamp", "originator_topic", "recorded_by"}

# The field that holds each event's domain date, in order of preference.
_DATE_FIELDS = (
    "decided_on", "closed_on", "held_on", "submitted_on", "opened_on", "cast_on", "counted_on",
    "made_on", "reported_on", "fulfilled_on", "withdrawn_on", "ended_on", "joined_on",
    "concluded_on", "established_on", "granted_on", "paid_on", "erased_on", "started_on",
)


def event_type(event: Any) -> str:
    """`Proposal.Submitted`, `Vote.Closed`, ..."""
    return type(event).__qualname__


def occurred_on(event: Any) -> date | None:
    """The domain date: when it happened in the neighbourhood."""
    attrs = vars(event)
    for name in _DATE_FIELDS:
        value = attrs.get(name)
        if isinstance(value, date):
            return value
    decision = attrs.get("decision")
    if isinstance(decision, dict) and isinstance(decision.get("decided_on"), date):
        return decision["decided_on"]
    return None


def recorded_by(event: Any) -> str | None:
    return vars(event).get("recorded_by")


def plain(value: Any) -> Any:
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
    return value


def event_data(event: Any) -> dict:
    return {k: plain(v) for k, v in vars(event).items() if k not in _META}
