"""What every Kiezledger aggregate and event shares."""

from __future__ import annotations

from dataclasses import field
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger import principal
from ledger.errors import InvalidValue, RuleViolation

# Marks the parameter of an event method that holds the event's domain date: the day it
# happened in the neighbourhood (`def _close(self, closed_on: OccurredOn, ...)`). A date the
# aggregate keeps goes by its own name; one it does not keep is named `occurred_on` itself.
# A mark, not a type of its own: to the type checker it is a `date`.
OccurredOn = Annotated[date, "the event's domain date"]

# An event's state as stored (`upcast_*` functions change it in place): field name -> value.
EventState = dict[str, Any]


class _DomainDate:
    """`event.occurred_on`: the field its class marks `OccurredOn`, or None without one.

    Not a data descriptor, so that an event can store a field named `occurred_on` itself;
    unreadable on the class, so that dataclasses see no default in it.
    """

    def __get__(self, event: LedgerAggregate.Event | None,
                owner: type | None = None) -> date | None:
        if event is None:
            raise AttributeError("occurred_on is read from an event, not its class")
        name = type(event).date_field
        found: date | None = None if name is None else vars(event).get(name)
        return found


def date_renamed_from(old: str) -> staticmethod[[EventState], None]:
    """`upcast_v1_v2` of an event whose version 1 stored its domain date as `old`, a date
    the aggregate does not keep: version 2 stores it as `occurred_on`."""

    def upcast_v1_v2(state: EventState) -> None:
        state["occurred_on"] = state.pop(old)

    return staticmethod(upcast_v1_v2)


class LedgerAggregate(Aggregate):
    """An aggregate that belongs to a collection of the API (`actors`, `votes`, ...)."""

    collection: ClassVar[str] = ""

    # Which process the record belongs to, for editors' and auditors' scopes (None: none).
    # Declared for the type checker only: eventsourcing makes the annotations of an aggregate
    # class dataclass fields. Subclasses keep it as state (`self.process_id: UUID = ...`);
    # a Process is its own scope.
    if TYPE_CHECKING:
        @property
        def process_id(self) -> UUID | None: ...
    else:
        process_id = None

    class Event(Aggregate.Event):
        """Base of every Kiezledger event (the @event decorator's classes subclass it).

        `recorded_by`: who recorded it, the principal current when it is made. `timestamp`:
        when it was recorded, one moment for all events made in one `principal.recording()`
        (a command), so that the events of one save share it. `occurred_on`: its domain date.
        """

        recorded_by: str = field(default_factory=principal.current, kw_only=True)
        date_field: ClassVar[str | None] = None
        # Unannotated, so that an event class may declare a field `occurred_on: OccurredOn`.
        occurred_on = _DomainDate()

        def __init_subclass__(cls, **kwargs: Any) -> None:
            super().__init_subclass__(**kwargs)
            # Annotations are text here (`from __future__ import annotations`) or the mark.
            marked = [name for name, kind in vars(cls).get("__annotations__", {}).items()
                      if kind in (OccurredOn, "OccurredOn")]
            if marked:
                (cls.date_field,) = marked

        @staticmethod
        def create_timestamp() -> datetime:
            return principal.recording_time()


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


def require_text(value: str | None, field: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidValue(f"{field} must not be empty", field=field)
    return value


def one_of(value: str | None, allowed: tuple[str, ...], field: str) -> str:
    if value is None or value not in allowed:
        raise InvalidValue(f"{field} must be one of: {', '.join(allowed)}", field=field)
    return value
