"""What every Kiezledger aggregate shares."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from eventsourcing.domain import Aggregate

from ledger.errors import InvalidValue, RuleViolation


class LedgerAggregate(Aggregate):
    """An aggregate that belongs to a collection of the API (`actors`, `votes`, ...)."""

    collection: ClassVar[str] = ""
    # Which process the record belongs to, for editors' and auditors' scopes.
    process_id = None  # unannotated: annotations would become dataclass fields


def require(condition: bool, message: str, *, field: str | None = None) -> None:
    """Refuse with a domain-rule violation unless `condition` holds."""
    if not condition:
        raise RuleViolation(message, field=field)


def not_before(later: date, earlier: date, what: str, field: str) -> None:
    """Dates cannot precede what they depend on."""
    if later < earlier:
        raise RuleViolation(
            f"{field} {later.isoformat()} is before {what} ({earlier.isoformat()})",
            field=field,
        )


def require_text(value: str, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidValue(f"{field} must not be empty", field=field)
    return value


def one_of(value: str, allowed: tuple[str, ...], field: str) -> str:
    if value not in allowed:
        raise InvalidValue(f"{field} must be one of: {', '.join(allowed)}", field=field)
    return value
