"""The catalog: which records exist, in which collection and process, and where each event
stands in the global log. Lists, scopes and event histories read it (queries.records); each
record's state is in the `records` read model."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from eventsourcing.domain import CanInitAggregate
from eventsourcing.utils import resolve_topic

from projections.runner import Projection
from projections.support import insert_rows, sid
from store.sql import Cursor


class CatalogProjection(Projection):
    """`catalog_events` from the stored notifications (no decoding needed); `catalog_records`
    from the creation events, the only ones that name their aggregate's class."""

    name = "catalog"
    version = 3  # 2 kept states, now in projections.records
    deferred_indexes = ("catalog_records_by_collection", "catalog_events_by_originator")
    cost = 5.0  # us CPU per event over reading the log (bench/projections.py)
    wants_stored = True
    buffered = True

    def __init__(self) -> None:
        self._collections: dict[str, str] = {}  # aggregate topic -> collection

    def wants(self, event_class: type) -> bool:
        return issubclass(event_class, CanInitAggregate)

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(
            "CREATE TABLE IF NOT EXISTS catalog_records ("
            "id TEXT PRIMARY KEY, collection TEXT NOT NULL, process_id TEXT, "
            "position BIGINT NOT NULL)"
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
        cur.execute("DROP TABLE IF EXISTS catalog_records")  # version 2 had a state column

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM catalog_records")
        cur.execute("DELETE FROM catalog_events")

    def begin_batch(self, cur: Cursor) -> None:
        self.records: list[tuple] = []
        self.events: list[tuple] = []

    def apply_stored(self, cur: Cursor, notifications: Sequence[Any]) -> None:
        self.events.extend(
            (n.id, sid(n.originator_id), n.originator_version) for n in notifications
        )

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        topic = getattr(event, "originator_topic", None)
        if topic is None:  # only creation events name the aggregate class
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
            (sid(event.originator_id), collection, str(process_id) if process_id else None,
             position)
        )

    def end_batch(self, cur: Cursor) -> None:
        insert_rows(cur, "catalog_records", "id, collection, process_id, position",
                    self.records)
        insert_rows(cur, "catalog_events", "position, originator_id, version", self.events)

