"""The catalog: which records exist, in which collection and process, each record's current
state, and where each event stands in the global log. Lists, scopes and event histories read
it (queries.records).

A record's state is its aggregate's attributes encoded as the events are (JSON), so a page of
a collection is one query. Actors keep no state here: their name and contact are personal
data, sealed in the events and unreadable once erased; their pages read the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import CanInitAggregate
from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder
from eventsourcing.utils import get_topic, resolve_topic

from ledger.domain.actors import Actor
from ledger.transcodings import DateAsISO, LedgerJSONTranscoder, UUIDAsHexInterned
from projections.runner import Projection
from projections.support import insert_rows, select_in, sid
from store.sql import Cursor

# Collections whose state holds personal data: not kept here (see the module docstring).
WITHOUT_STATE = frozenset({"actors"})


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


class CatalogProjection(Projection):
    """`catalog_events` from the stored notifications (no decoding needed); `catalog_records`
    from the creation events, the only ones that name their aggregate's class, with each
    record's state after every event of the batch (read back from earlier batches at its
    end)."""

    name = "catalog"
    version = 2
    deferred_indexes = ("catalog_records_by_collection", "catalog_events_by_originator")
    cost = 5.0  # us CPU per event over reading the log (bench/projections.py)
    wants_stored = True
    buffered = True

    def __init__(self) -> None:
        self._collections: dict[str, str] = {}  # aggregate topic -> collection
        self._transcoder = state_transcoder()

    def wants(self, event_class: type) -> bool:
        # An actor's events only as far as they create it: its state is personal data.
        return not issubclass(event_class, Actor.Event) or issubclass(
            event_class, CanInitAggregate)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS catalog_records ("
            "id TEXT PRIMARY KEY, collection TEXT NOT NULL, process_id TEXT, "
            "position BIGINT NOT NULL, state TEXT)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS catalog_records_by_collection "
            "ON catalog_records (collection, position)"
        )
        cur.execute(
            "CREATE TABLE IF NOT EXISTS catalog_events ("
            "position BIGINT PRIMARY KEY, originator_id TEXT NOT NULL, version INTEGER NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS catalog_events_by_originator "
            "ON catalog_events (originator_id, version)"
        )

    def drop_tables(self, cur: Cursor) -> None:
        cur.execute("DROP TABLE IF EXISTS catalog_records")  # version 1 had no state

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM catalog_records")
        cur.execute("DELETE FROM catalog_events")

    def begin_batch(self, cur: Cursor) -> None:
        # [id, collection, process_id, position, state]: the state is filled in end_batch
        self.records: list[list[Any]] = []
        self.events: list[tuple[int, str, int]] = []
        self.changes: list[tuple[str, Any]] = []  # (record id, event) in log order

    def apply_stored(self, cur: Cursor, notifications: Sequence[Any]) -> None:
        self.events.extend(
            (n.id, sid(n.originator_id), n.originator_version) for n in notifications
        )

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        topic = getattr(event, "originator_topic", None)
        if topic is None:  # only creation events name the aggregate class
            self.changes.append((sid(event.originator_id), event))
            return
        collection = self._collections.get(topic)
        if collection is None:
            cls = resolve_topic(topic)
            collection = getattr(cls, "collection", "") or cls.__name__.lower()
            self._collections[topic] = collection
        process_id = getattr(event, "process_id", None)
        if collection == "processes":
            process_id = event.originator_id
        self.records.append(
            [sid(event.originator_id), collection, str(process_id) if process_id else None,
             position, None]
        )
        if collection not in WITHOUT_STATE:
            self.changes.append((sid(event.originator_id), event))

    def end_batch(self, cur: Cursor) -> None:
        states = self._states(cur)
        new = {row[0]: row for row in self.records}
        for record_id, record in states.items():
            if record_id in new:
                new[record_id][4] = encode_state(self._transcoder, record)
        insert_rows(cur, "catalog_records", "id, collection, process_id, position, state",
                    [tuple(row) for row in self.records])
        changed = [(encode_state(self._transcoder, record), record_id)
                   for record_id, record in states.items() if record_id not in new]
        if changed:
            cur.executemany("UPDATE catalog_records SET state = %s WHERE id = %s", changed)
        insert_rows(cur, "catalog_events", "position, originator_id, version", self.events)

    def _states(self, cur: Cursor) -> dict[str, Any]:
        """Every record the batch changed, after the batch's events; the states of records
        made in earlier batches are read back first, in one query."""
        created = {row[0] for row in self.records}
        earlier = {record_id for record_id, _ in self.changes} - created
        states: dict[str, Any] = {}
        if earlier:
            rows = select_in(cur, "SELECT id, state FROM catalog_records "
                             "WHERE state IS NOT NULL AND id IN ({})", earlier)
            for record_id, text in rows:
                states[record_id] = decode_state(self._transcoder, text)
        for record_id, event in self.changes:
            if record_id in states or record_id in created:
                states[record_id] = event.mutate(states.get(record_id))
        return states

