"""The ledger's transcoder reads exactly what eventsourcing's own would, only faster."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    UUIDAsHex,
)

from ledger.transcodings import DateAsISO, LedgerJSONTranscoder, UUIDAsHexInterned
from store.ledger import open_ledger


def plain() -> JSONTranscoder:
    t = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        t.register(transcoding)
    return t


def ours() -> LedgerJSONTranscoder:
    t = LedgerJSONTranscoder()
    for transcoding in (UUIDAsHexInterned(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        t.register(transcoding)
    return t


STATES = [
    {"timestamp": datetime(2024, 5, 1, 9, 30, tzinfo=UTC), "voter_id": uuid.uuid4(),
     "choice": "yes", "cast_on": date(2024, 5, 1)},
    {"result": {"outcome": "adopted", "yes": 7, "no": 1}, "amount": Decimal("90000.00"),
     "ids": [uuid.uuid4(), uuid.uuid4()], "nested": [{"a": [date(2020, 1, 1)]}],
     "text": "Grünflächen \u2028 \"quoted\" \\ \x1f", "none": None, "float": 0.1, "big": 2**70},
    [], {}, "x", 0,
]

TEXTS = [
    b' {"a": 1}', b'{"a": 1} ', b'\n[1]\n', b'', b'{"a":', b'{} x', b'nan', b'NaN',
    b'{"a": 1, "a": 2}', b'"\\ud800"', b'{"_type_":"nope","_data_":1}',
    b'{"_type_":"uuid_hex","_data_":"not hex"}', b'{"_type_":"uuid_hex"}', b'1e400',
    b'\xef\xbb\xbf{}', b'\xff',
]


def outcome(transcoder: JSONTranscoder, data: bytes) -> tuple:
    try:
        return ("ok", repr(transcoder.decode(data)))
    except Exception as exc:  # the same class and message, or the test fails
        return ("error", type(exc), str(exc))


@pytest.mark.parametrize("state", STATES)
def test_the_same_bytes_and_the_same_values(state):
    data = plain().encode(state)
    assert ours().encode(state) == data
    assert ours().decode(data) == plain().decode(data) == state


@pytest.mark.parametrize("data", TEXTS)
def test_odd_texts_read_or_fail_as_before(data):
    assert outcome(ours(), data) == outcome(plain(), data)


def test_one_uuid_per_hex_text():
    t = ours()
    a = uuid.uuid4()
    first, second = (t.decode(t.encode({"id": a}))["id"] for _ in range(2))
    assert first == a and first is second


def test_the_ledger_uses_it():
    app = open_ledger("memory://")
    try:
        assert type(app.mapper.transcoder) is LedgerJSONTranscoder
        assert isinstance(app.mapper.transcoder.names["uuid_hex"], UUIDAsHexInterned)
    finally:
        app.close()
