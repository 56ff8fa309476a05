"""Records: each record's current state, so that a page of a collection is one query
(queries.records). Kept apart from the catalog, which indexes ids and positions cheaply: the
state costs a decoded event and an aggregate step per event (bench/projections.py), and as a
read model of its own it can run in its own process (`rebuild --workers 2`).

A state is the aggregate's attributes encoded as its events are (JSON), read back as
eventsourcing's snapshots are. Actors keep no state here: their name and contact are personal
data, sealed in the events and unreadable once erased; their pages read the ledger."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder
from eventsourcing.utils import get_topic, resolve_topic

from ledger.domain.actors import Actor
from ledger.domain.base import LedgerAggregate
from ledger.transcodings import DateAsISO, LedgerJSONTranscoder, UUIDAsHexInterned
from projections.runner import Projection
from projections.support import insert_rows, select_in, sid
from store.sql import Cursor


def state_transcoder() -> JSONTranscoder:
    """The transcoding of a record's state (the ledger's own for events, without sealing)."""
    transcoder = LedgerJSONTranscoder()
    for transcoding in (UUIDAsHexInterned(), DecimalAsStr(), DatetimeAsISO(), DateAsISO()):
        transcoder.register(transcoding)
    return transcoder


def encode_state(transcoder: JSONTranscoder, record: Any) -> str:
    state = dict(record.__dict__)
    state.pop("_pending_events", None)
    return transcoder.encode({"topic": get_topic(type(record)), "state": state}).decode()


def decode_state(transcoder: JSONTranscoder, text: str) -> Any:
    """The aggregate as its events would rebuild it (as eventsourcing's snapshots do)."""
    found = transcoder.decode(text.encode())
    record = object.__new__(resolve_topic(found["topic"]))
    record.__dict__.update(found["state"])
    record.__dict__["_pending_events"] = []
    return record


class RecordsProjection(Projection):
    """`record_states`: each record's state after the last event applied, written once per
    record and batch (states of records from earlier batches are read back in one query)."""

    name = "records"
    version = 2  # 2: a version column, so that a page finds its kept items without decoding
    cost = 30.0  # us CPU per event over reading the log (bench/projections.py)
    buffered = True

    def __init__(self) -> None:
        self._transcoder = state_transcoder()

    def wants(self, event_class: type) -> bool:
        return issubclass(event_class, LedgerAggregate.Event) and not issubclass(
            event_class, Actor.Event)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute("CREATE TABLE IF NOT EXISTS record_states ("
                    "id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL)")

    def drop_tables(self, cur: Cursor) -> None:
        cur.execute("DROP TABLE IF EXISTS record_states")  # version 1 had no version column

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM record_states")

    def begin_batch(self, cur: Cursor) -> None:
        self.changes: list[tuple[str, Any]] = []  # (record id, event) in log order

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        self.changes.append((sid(event.originator_id), event))

    def end_batch(self, cur: Cursor) -> None:
        states, earlier = self._states(cur)
        insert_rows(cur, "record_states", "id, version, state",
                    [(record_id, record.version, encode_state(self._transcoder, record))
                     for record_id, record in states.items() if record_id not in earlier])
        changed = [(record.version, encode_state(self._transcoder, record), record_id)
                   for record_id, record in states.items() if record_id in earlier]
        if changed:
            cur.executemany("UPDATE record_states SET version = %s, state = %s WHERE id = %s",
                            changed)

    def _states(self, cur: Cursor) -> tuple[dict[str, Any], set[str]]:
        """Every record the batch changed, after the batch's events, and which of them were
        stored by earlier batches (read back first, in one query)."""
        states: dict[str, Any] = {}
        first: dict[str, int] = {}
        for record_id, event in self.changes:
            first.setdefault(record_id, event.originator_version)
        # A record whose first event here is its creation has no stored state to read (a
        # write that makes a record then costs one round trip less).
        ids = {record_id for record_id, version in first.items() if version > 1}
        if ids:
            for record_id, text in select_in(
                    cur, "SELECT id, state FROM record_states WHERE id IN ({})", ids):
                states[record_id] = decode_state(self._transcoder, text)
        earlier = set(states)
        for record_id, event in self.changes:
            states[record_id] = event.mutate(states.get(record_id))
        return states, earlier
