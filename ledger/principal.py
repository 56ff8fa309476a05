"""Who is recording, and when: stamped onto every event as `recorded_by` and `timestamp`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime

from eventsourcing.domain import datetime_now_with_tzinfo

_current: ContextVar[str] = ContextVar("recorded_by", default="system")
# The recorded time of the command being run: [None] until its first event is made.
_moment: ContextVar[list[datetime | None] | None] = ContextVar("recorded_at", default=None)


def current() -> str:
    return _current.get()


@contextmanager
def recording_as(name: str) -> Iterator[None]:
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)


@contextmanager
def recording() -> Iterator[None]:
    """One recorded time for every event made inside: those of one command, saved together.

    The time is taken when the first of them is made, so it is close to the save.
    """
    token = _moment.set([None])
    try:
        yield
    finally:
        _moment.reset(token)


def recording_time() -> datetime:
    """The recorded time of an event made now: the command's, or the clock's outside one."""
    moment = _moment.get()
    if moment is None:
        return datetime_now_with_tzinfo()
    at = moment[0]
    if at is None:
        at = moment[0] = datetime_now_with_tzinfo()
    return at
