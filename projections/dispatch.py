"""Read models apply events by class, as eventsourcing's own `Projection.process_event` does.

A read model defines `project(event, position)` as a `singledispatchmethod` whose base
function handles nothing, and registers one handler per event class on it; the class comes
from the handler's annotation (`e: Vote.Closed`, or `e: Proposal.Adopted | Amendment.Adopted`).
The runner's `wants` is read off the same registration: a class is wanted iff a handler is
registered for it (or for a class it derives from). So a renamed event class breaks the
import, and a removed handler fails tests/projections/test_dispatch.py, instead of the read
model silently dropping the event.
"""

from __future__ import annotations

from collections.abc import Callable
from inspect import getattr_static
from typing import Any, ClassVar

from eventsourcing.dispatch import singledispatchmethod

from projections.runner import Projection
from store.sql import Cursor

Handler = Callable[[Any, Any, int], None]  # (projection, event, position)


class EventProjection(Projection):
    """A read model whose `apply` calls the handler registered for the event's class."""

    # event class -> handler (None: not wanted), filled as classes are met: the dispatch
    # of `apply` is then one dict lookup, as cheap as the qualname lookups it replaces.
    _handlers: ClassVar[dict[type, Handler | None]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._handlers = {}

    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """No handler for this event's class: not wanted (the runner never passes it)."""

    @classmethod
    def handler(cls, event_class: type) -> Handler | None:
        """The function registered on `project` for `event_class`; None if there is none."""
        try:
            return cls._handlers[event_class]
        except KeyError:
            pass
        getattr(cls, "project")  # noqa: B009  (its __get__ makes deferred registrations)
        method = getattr_static(cls, "project")
        found = method.dispatcher.dispatch(event_class)
        handler = None if found is method.func else found
        cls._handlers[event_class] = handler
        return handler

    @classmethod
    def registered(cls) -> frozenset[type]:
        """The event classes (or bases of them) with a handler of their own."""
        getattr(cls, "project")  # noqa: B009
        method = getattr_static(cls, "project")
        return frozenset(c for c in method.dispatcher.registry if c is not object)

    def wants(self, event_class: type) -> bool:
        return self.handler(event_class) is not None

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        handler = self._handlers.get(type(event)) or self.handler(type(event))
        if handler is not None:
            handler(self, event, position)
