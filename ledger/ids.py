"""The one cache of ids, both ways: stored text -> UUID (reading the log) and UUID -> its
canonical text (writing read models).

Reading the log decodes the same ids over and over (voters, processes, votes): `UUID(text)`
costs a few microseconds and `str(uuid)` about 1.5 us, a hit here a tenth of that, and a
catch-up of every read model asks for the same ids many times (see BENCHMARKS.md). UUIDs are
immutable, so one object per text can be handed out again. Each table starts afresh when full.
"""

from __future__ import annotations

from uuid import UUID

# Distinct ids kept per direction. The ids read again and again (processes, votes, voters,
# actors) stay in a small table; most others (each ballot record's own id) are read once, and
# a larger table only holds more of those: a rebuild of 297,987 events peaked 20 MB lower
# with 4,096 than with 65,536, at the same or less CPU (PostgreSQL 13.1-13.4 s user against
# 14.0-15.3, SQLite 12.9-14.0 against 13.3-17.8).
LIMIT = 1 << 12

_UUIDS: dict[str, UUID] = {}  # stored text (hex or canonical) -> UUID
# By the UUID's int (hashed and compared in C, where a UUID key would call UUID.__hash__
# and __eq__ in Python).
_TEXTS: dict[int, str] = {}


def uuid_of(text: str) -> UUID:
    """The UUID of a stored id (hex or canonical text); the same object for the same text."""
    found = _UUIDS.get(text)
    if found is None:
        if len(_UUIDS) >= LIMIT:
            _UUIDS.clear()
        found = _UUIDS[text] = UUID(text)
    return found


def text_of(value: object) -> str | None:
    """An id as read models store it: the UUID's canonical text (None stays None)."""
    if type(value) is UUID:
        key = value.int
        text = _TEXTS.get(key)
        if text is None:
            if len(_TEXTS) >= LIMIT:
                _TEXTS.clear()
            text = _TEXTS[key] = str(value)
        return text
    return None if value is None else str(value)
