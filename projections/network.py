"""The cooperation network (Kooperationsnetz): who cooperates with whom on a given day.

`network_edges` holds every cooperation with its two actors, kind, process and period;
`network_actors` the actors' names and kinds. The measures are computed per request with
networkx over the edges in effect that day (a few hundred at neighbourhood scale).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import networkx as nx
from eventsourcing.dispatch import singledispatchmethod

from ledger.domain.actors import Actor, Cooperation
from ledger.events import event_type
from projections.db import Cursor, Database
from projections.dispatch import EventProjection
from projections.support import (
    ActorNames,
    actor_table_ddl,
    day,
    insert_rows,
    norm_id,
    placeholders,
    select_in,
    sid,
)


class NetworkProjection(EventProjection):
    name = "network"
    version = 1
    deferred_indexes = ("network_edges_by_start", "network_edges_by_process")
    cost = 0.5  # us CPU per event over reading the log (bench/projections.py)
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

    @singledispatchmethod
    def project(self, event: Any, position: int) -> None:
        """Other events: not wanted."""

    @project.register
    def _started(self, e: Cooperation.Started, position: int) -> None:
        a, b = (sid(x) for x in e.actor_ids)
        id_ = sid(e.originator_id)
        self.edges[id_] = [id_, a, b, e.kind, sid(e.process_id), day(e.started_on), None,
                           position]

    @project.register
    def _ended(self, e: Cooperation.Ended, position: int) -> None:
        id_ = sid(e.originator_id)
        if id_ in self.edges:
            self.edges[id_][6] = day(e.ended_on)
        else:
            self.ended[id_] = day(e.ended_on)

    @project.register
    def _actor(self, e: Actor.Registered | Actor.Erased, position: int) -> None:
        self.actors.apply(event_type(e), e)

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


# --- queries ------------------------------------------------------------------------------


def network(db: Database, *, on: date, process_id: Any = None,
            process_ids: set[Any] | None = None) -> dict:
    """The cooperations in effect on `on` (started on or before it, not ended by then),
    only those of `process_id` if given, only those of the processes in `process_ids` if
    given (a token's scope; an empty set: none), and the actors they join.

    {"on", "nodes": [{"id", "name", "kind", "degree", "betweenness", "component"}],
    "edges": [{"id", "source", "target", "kind", "since", "until"}]}

    `degree` counts an actor's distinct partners that day; `betweenness` is the normalised
    betweenness centrality (high for actors that bridge otherwise separate groups), rounded
    to 6 places; `component` numbers the connected groups 0, 1, ... ordered by their
    smallest actor id. Nodes are ordered by id, edges by start date and log position.
    """
    sql = ("SELECT id, source, target, kind, started_on, ended_on FROM network_edges "
           "WHERE started_on <= %s AND (ended_on IS NULL OR ended_on > %s)")
    params: list[Any] = [on.isoformat(), on.isoformat()]
    if process_id is not None:
        sql += " AND process_id = %s"
        params.append(norm_id(process_id))
    if process_ids is not None:
        scope = sorted(filter(None, map(norm_id, process_ids)))
        if not scope:
            return {"on": on.isoformat(), "nodes": [], "edges": []}
        sql += f" AND process_id IN ({placeholders(len(scope))})"
        params.extend(scope)
    rows = db.fetchall(sql + " ORDER BY started_on, position", tuple(params))
    edges = [
        {"id": id_, "source": source, "target": target, "kind": kind, "since": since,
         "until": until}
        for id_, source, target, kind, since, until in rows
    ]
    graph = nx.Graph()
    graph.add_edges_from((e["source"], e["target"]) for e in edges)
    actors = {
        id_: (name, kind) for id_, name, kind in select_in(
            db, "SELECT id, name, kind FROM network_actors WHERE id IN ({})", graph.nodes,
        )
    }
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    component = {}
    for index, members in enumerate(sorted(nx.connected_components(graph), key=min)):
        for member in members:
            component[member] = index
    nodes = []
    for id_ in sorted(graph.nodes):
        name, kind = actors.get(id_, ("(unknown)", "other"))
        nodes.append({
            "id": id_,
            "name": name,
            "kind": kind,
            "degree": graph.degree(id_),
            "betweenness": round(betweenness[id_], 6),
            "component": component[id_],
        })
    return {"on": on.isoformat(), "nodes": nodes, "edges": edges}


def network_graphml(net: dict) -> str:
    """A `network` answer as GraphML: undirected, every cooperation one edge whose GraphML
    id is the cooperation's id; an open end (`until` None) is written as an empty string."""
    graph = nx.MultiGraph(on=net["on"])
    for node in net["nodes"]:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for edge in net["edges"]:
        graph.add_edge(
            edge["source"], edge["target"], key=edge["id"], kind=edge["kind"],
            since=edge["since"], until=edge["until"] or "",
        )
    return "\n".join(nx.generate_graphml(graph)) + "\n"
