"""Who is recording: stamped onto every event as `recorded_by`."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_current: ContextVar[str] = ContextVar("recorded_by", default="system")


def current() -> str:
    return _current.get()


@contextmanager
def recording_as(name: str) -> Iterator[None]:
    token = _current.set(name)
    try:
        yield
    finally:
        _current.reset(token)
