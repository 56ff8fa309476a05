"""The cooperation network (Kooperationsnetz): who cooperates with whom on a given day.

`network_edges` holds every cooperation with its two actors, kind, process and period;
`network_actors` the actors' names and kinds; `network_changes` the last event that changed
what a network answer shows (queries/network.py keys its kept answers by it).
"""

from __future__ import annotations

from typing import Any

from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.actors import Actor, Cooperation
from projections.dispatch import EventProjection
from projections.support import (
    ActorNames,
    actor_table_ddl,
    day,
    insert_rows,
    sid,
)
from store.sql import Cursor


class NetworkProjection(EventProjection):
    name = "network"
    # 2: network_changes; 3: its event, edges indexed by (started_on, position), `changed`
    version = 3
    deferred_indexes = ("network_edges_by_day", "network_edges_by_process",
                        "network_edges_by_change")
    cost = 0.5  # us CPU per event over reading the log (bench/projections.py)
    buffered = True

    def create_tables(self, cur: Cursor, dialect: str) -> None:
        cur.execute(actor_table_ddl("network_actors"))
        cur.execute(
            "CREATE TABLE IF NOT EXISTS network_edges ("
            "id TEXT PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, "
            "kind TEXT NOT NULL, process_id TEXT, started_on TEXT NOT NULL, ended_on TEXT, "
            "position BIGINT NOT NULL, changed BIGINT NOT NULL)"
        )
        # In the answer's order: read in order, not sorted per request (PostgreSQL sorted
        # 47,523 edges on disk, 80 ms).
        cur.execute(
            "CREATE INDEX IF NOT EXISTS network_edges_by_day "
            "ON network_edges (started_on, position)"
        )
        cur.execute(
            "CREATE INDEX IF NOT EXISTS network_edges_by_process "
            "ON network_edges (process_id, started_on)"
        )
        # `changed`: the position of the row's last change (started, ended): a worker's copy
        # of the edges (queries/network_edges.py) reads only the rows changed since.
        cur.execute(
            "CREATE INDEX IF NOT EXISTS network_edges_by_change ON network_edges (changed)"
        )

        # The log position of the last event that changed what a network answer shows
        # (a cooperation started or ended, a person's name erased): answers kept by it
        # outlive the writes that change nothing here. `event` ("<originator id>:<version>")
        # names that event, so that answers kept on disk by another ledger (or a ledger
        # made anew) at the same position never match.
        cur.execute(
            "CREATE TABLE IF NOT EXISTS network_changes ("
            "id INTEGER PRIMARY KEY, position BIGINT NOT NULL, event TEXT NOT NULL)"
        )

    def drop_tables(self, cur: Cursor) -> None:
        # Version 2 had no `event` and no `changed`.
        cur.execute("DROP TABLE IF EXISTS network_changes")
        cur.execute("DROP TABLE IF EXISTS network_edges")

    def clear(self, cur: Cursor) -> None:
        cur.execute("DELETE FROM network_actors")
        cur.execute("DELETE FROM network_edges")
        cur.execute("DELETE FROM network_changes")

    def begin_batch(self, cur: Cursor) -> None:
        self.actors = ActorNames()
        self.edges: dict[str, list[Any]] = {}  # new in this batch
        self.ended: dict[str, tuple[str, int]] = {}  # started before: id -> (ended_on, at)
        self.changed = 0  # the position of the batch's last change to an answer
        self.changed_by = ""  # and its event

    # The event classes in the handlers' annotations are made at run time by eventsourcing's
    # @event decorator (ledger/domain), which mypy cannot see: hence `ignore[name-defined]`.
    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _started(self, e: Cooperation.Started, position: int) -> None:  # type: ignore[name-defined]
        a, b = (sid(x) for x in e.actor_ids)
        id_ = sid(e.originator_id)
        self.edges[id_] = [id_, a, b, e.kind, sid(e.process_id), day(e.started_on), None,
                           position, position]
        self._changed(e, position)

    @project.register
    def _ended(self, e: Cooperation.Ended, position: int) -> None:  # type: ignore[name-defined]
        id_ = sid(e.originator_id)
        if id_ in self.edges:
            self.edges[id_][6] = day(e.ended_on)
            self.edges[id_][8] = position
        else:
            self.ended[id_] = (day(e.ended_on), position)
        self._changed(e, position)

    @project.register
    def _actor_registered(self, e: Actor.Registered, position: int) -> None:  # type: ignore[name-defined]
        self.actors.registered(e)

    @project.register
    def _actor_erased(self, e: Actor.Erased, position: int) -> None:  # type: ignore[name-defined]
        self.actors.erased(e)
        self._changed(e, position)

    def _changed(self, e: Any, position: int) -> None:
        self.changed = position
        self.changed_by = f"{sid(e.originator_id)}:{e.originator_version}"

    def end_batch(self, cur: Cursor) -> None:
        self.actors.write(cur, "network_actors")
        insert_rows(cur, "network_edges",
                    "id, source, target, kind, process_id, started_on, ended_on, position, "
                    "changed", list(self.edges.values()))
        if self.ended:
            cur.executemany(
                "UPDATE network_edges SET ended_on = %s, changed = %s WHERE id = %s",
                [(ended_on, at, id_) for id_, (ended_on, at) in self.ended.items()],
            )
        if self.changed:
            cur.execute(
                "INSERT INTO network_changes (id, position, event) VALUES (1, %s, %s) "
                "ON CONFLICT (id) DO UPDATE SET position = excluded.position, "
                "event = excluded.event",
                (self.changed, self.changed_by),
            )
