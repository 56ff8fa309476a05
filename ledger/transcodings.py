"""Value types the event store must know how to write."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.persistence import Transcoding, UUIDAsHex


class DateAsISO(Transcoding):
    """Domain dates (`held_on`, `due_on`, ...) as `YYYY-MM-DD`."""

    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class UUIDAsHexInterned(UUIDAsHex):
    """Ids as hex, as eventsourcing's `UUIDAsHex` stores them (same name, same stored form);
    decoding makes one UUID per hex text and hands it out again (UUIDs are immutable).

    Reading the log decodes the same ids over and over (voters, processes, votes), and
    `UUID(hex)` costs a few microseconds each time: the catch-up of every read model at
    once spends noticeably less time here (see BENCHMARKS.md).
    """

    LIMIT = 1 << 16  # distinct ids kept; the table starts afresh when full

    def __init__(self) -> None:
        self._seen: dict[str, UUID] = {}

    def decode(self, data: str) -> UUID:
        found = self._seen.get(data)
        if found is None:
            found = super().decode(data)
            if len(self._seen) >= self.LIMIT:
                self._seen.clear()
            self._seen[data] = found
        return found
