"""The cooperation network on a given day, from the `network` read model
(projections/network.py); the measures are computed per request with networkx."""


from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Any

import networkx as nx

from projections.support import (
    norm_id,
    placeholders,
    select_in,
)
from store.sql import Database


@lru_cache(maxsize=32)
def _shape(edges: tuple[tuple[str, str], ...]) -> tuple[dict[str, float], dict[str, int],
                                                       dict[str, int]]:
    """(betweenness, component, degree) per actor of the graph of these edges. Exact
    betweenness costs about half a second at 400 actors (bench/pages.py): a graph seen before
    is not computed again (the key is every edge: any change computes it anew)."""
    graph = nx.Graph()
    graph.add_edges_from(edges)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    component = {}
    for index, members in enumerate(sorted(nx.connected_components(graph), key=min)):
        for member in members:
            component[member] = index
    return betweenness, component, {node: graph.degree(node) for node in graph.nodes}


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
    betweenness, component, degree = _shape(tuple((e["source"], e["target"]) for e in edges))
    actors = {
        id_: (name, kind) for id_, name, kind in select_in(
            db, "SELECT id, name, kind FROM network_actors WHERE id IN ({})", component,
        )
    }
    nodes = []
    for id_ in sorted(component):
        name, kind = actors.get(id_, ("(unknown)", "other"))
        nodes.append({
            "id": id_,
            "name": name,
            "kind": kind,
            "degree": degree[id_],
            "betweenness": round(betweenness[id_], 6),
            "component": component[id_],
        })
    return {"on": on.isoformat(), "nodes": nodes, "edges": edges}


# What XML 1.0 cannot hold, not even escaped: control characters other than tab, newline
# and carriage return, surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(value: Any) -> Any:
    """A text with each character XML 1.0 does not allow replaced by U+FFFD; others as is."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def network_graphml(net: dict) -> str:
    """A `network` answer as GraphML: undirected, every cooperation one edge whose GraphML
    id is the cooperation's id; an open end (`until` None, null in JSON) has no `until`
    element at all (an empty one would read back as `''`).

    Always well-formed XML: events stored before the API refused control characters may
    hold them in a name; each character XML 1.0 does not allow is written as U+FFFD."""
    x = _xml_safe
    graph = nx.MultiGraph(on=x(net["on"]))
    for node in net["nodes"]:
        graph.add_node(x(node["id"]), **{k: x(v) for k, v in node.items() if k != "id"})
    for edge in net["edges"]:
        ended = {"until": x(edge["until"])} if edge["until"] is not None else {}
        graph.add_edge(
            x(edge["source"]), x(edge["target"]), key=x(edge["id"]), kind=x(edge["kind"]),
            since=x(edge["since"]), **ended,
        )
    return "\n".join(nx.generate_graphml(graph)) + "\n"
