"""The cooperation network (Kooperationsnetz): who cooperates with whom on a given day.

`network_edges` holds every cooperation with its two actors, kind, process and period;
`network_actors` the actors' names and kinds. The measures are computed per request with
networkx over the edges in effect that day (a few hundred at neighbourhood scale).
"""

from __future__ import annotations

from typing import Any

from ledger.events import event_type
from projections.runner import Projection
from projections.support import (
    ActorNames,
    actor_table_ddl,
    day,
    insert_rows,
    sid,
)
from store.sql import Cursor


class NetworkProjection(Projection):
    name = "network"
    version = 1
    deferred_indexes = ("network_edges_by_start", "network_edges_by_process")
    cost = 0.5  # us CPU per event over reading the log (bench/projections.py)
    handles = frozenset(("Cooperation.Started", "Cooperation.Ended", "Actor.*"))
    buffered = True

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(actor_table_ddl("network_actors"))
        cur.execute(
            "CREATE TABLE IF NOT EXISTS network_edges ("
            "id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, "
            "kind TEXT NOT NULL, process_id TEXT, started_on TEXT NOT NULL, ended_on TEXT, "
            "position BIGINT NOT NULL)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS network_edges_by_start ON network_edges (started_on)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS network_edges_by_process "
            "ON network_edges (process_id, started_on)"
        )

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM network_actors")
        cur.execute("DELETE FROM network_edges")

    def begin_batch(self, cur: Cursor) -> None:
        self.actors = ActorNames()
        self.edges: dict[str, list[Any]] = {}  # new in this batch
        self.ended: dict[str, str] = {}  # started before this batch: id -> ended_on

    def apply(self, cur: Cursor, event: Any, position: int) -> None:
        kind = event_type(event)
        if kind == "Cooperation.Started":
            a, b = (sid(x) for x in event.actor_ids)
            id_ = sid(event.originator_id)
            self.edges[id_] = [id_, a, b, event.kind, sid(event.process_id),
                               day(event.started_on), None, position]
        elif kind == "Cooperation.Ended":
            id_ = sid(event.originator_id)
            if id_ in self.edges:
                self.edges[id_][6] = day(event.ended_on)
            else:
                self.ended[id_] = day(event.ended_on)
        elif kind.startswith("Actor."):
            self.actors.apply(kind, event)

    def end_batch(self, cur: Cursor) -> None:
        self.actors.write(cur, "network_actors")
        insert_rows(cur, "network_edges",
                    "id, source, target, kind, process_id, started_on, ended_on, position",
                    list(self.edges.values()))
        if self.ended:
            cur.executemany(
                "UPDATE network_edges SET ended_on = %s WHERE id = %s",
                [(ended_on, id_) for id_, ended_on in self.ended.items()],
            )
