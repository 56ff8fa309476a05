"""Value types the event store must know how to write."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from eventsourcing.persistence import JSONTranscoder, Transcoding, UUIDAsHex


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


class LedgerJSONTranscoder(JSONTranscoder):
    """eventsourcing's `JSONTranscoder` (the same bytes written, the same values read) that
    decodes with json's C scanner directly: `JSONDecoder.decode` wraps it in two regular
    expressions for surrounding whitespace, which stored events never have. Any other text
    (whitespace around it, or no JSON at all) goes through `decode` as before, so errors
    read as they did. About 0.7 of the ~4 us of a stored event's state."""

    def __init__(self) -> None:
        super().__init__()
        self._scan = self.decoder.scan_once

    def decode(self, data: bytes) -> Any:
        text = data.decode("utf8")
        try:
            value, end = self._scan(text, 0)
        except StopIteration:  # not a JSON value at 0 (whitespace first, or none at all)
            end = -1
        if end == len(text):
            return value
        return self.decoder.decode(text)
