"""The cooperation network on a given day, from the `network` read model
(projections/network.py).

Degree, connected groups and betweenness are computed in C (igraph). Betweenness (who
bridges separate groups) is Brandes' algorithm: exact up to `EXACT_LIMIT` actors that day,
above it estimated from `SAMPLES` source actors drawn with a fixed seed (Brandes and
Pich's pivot sampling), since the exact measure grows with actors x cooperations (13 s in
Python at 1,901 actors, 25 s in C at 10,000 actors and 50,000 cooperations). Every
answer says which in `measures`. The measures are kept for the last few (day, scope,
networks asked, so a repeated question costs only its read.
"""


from __future__ import annotations

import hashlib
import math
import random
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx

from projections.support import (
    norm_id,
    placeholders,
    select_in,
)
from store.sql import Database

# Up to this many actors on the day, betweenness is exact (0.4 s in C at 1,901 actors on
# the 2-core benchmark machine under load, a few ms at neighbourhood scale).
EXACT_LIMIT = 1000
# Source actors sampled above it: about 2.7 ms each at 10,000 actors / 50,000 cooperations.
SAMPLES = 48
SEED = 0
CONFIDENCE = 0.95
CACHED = 8  # networks whose measures are kept
ALL_ACTORS = 2000  # from this many actors on the day, the names are read in one go


def sampling_error(samples: int, confidence: float = CONFIDENCE) -> float:
    """Hoeffding's bound: each sampled source adds a term in [0, 1] to the normalised
    estimate (an unbiased mean), so with `confidence` an actor's estimate lies within this
    much of the exact value (sampling without replacement only narrows it)."""
    return math.sqrt(math.log(2 / (1 - confidence)) / (2 * samples))


def _graph(ids: list[str], sources: Iterable[str], targets: Iterable[str]) -> Any:
    # Imported on first use: 20 MB of each worker's memory (it brings parts of matplotlib
    # along), which workers that never answer a network need not carry.
    import igraph  # type: ignore[import-untyped]

    index = {id_: i for i, id_ in enumerate(ids)}.__getitem__
    graph = igraph.Graph(n=len(ids), edges=list(zip(map(index, sources), map(index, targets),
                                                    strict=True)))
    graph.simplify()  # parallel cooperations count once, as partners do (either direction)
    return graph


def _betweenness(graph: Any, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES,
                 seed: int = SEED) -> tuple[list[float], dict[str, Any]]:
    """Normalised betweenness per vertex, and how it was computed."""
    n = graph.vcount()
    pairs_norm = (n - 1) * (n - 2) / 2  # unordered pairs of other actors
    if n <= exact_limit:
        raw = graph.betweenness(directed=False) if n else []
        scale = 1 / pairs_norm if pairs_norm else 0.0
        how: dict[str, Any] = {"betweenness": "exact"}
    else:
        sources = sorted(random.Random(seed).sample(range(n), samples))
        # With every actor a source igraph answers the exact measure; with k of them, a
        # k/n share of it in expectation: scale by n/k.
        raw = graph.betweenness(directed=False, sources=sources)
        scale = n / samples / pairs_norm
        how = {"betweenness": "approximate", "samples": samples, "seed": seed,
               "error": round(sampling_error(samples), 4), "confidence": CONFIDENCE}
    return [x * scale for x in raw], how


def betweenness(ids: list[str], pairs: list[tuple[str, str]],
                exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES,
                seed: int = SEED) -> tuple[dict[str, float], dict[str, Any]]:
    """Normalised betweenness of each actor (ids sorted) and how it was computed:
    {"betweenness": "exact"} or {"betweenness": "approximate", "samples", "seed",
    "error", "confidence"}."""
    graph = _graph(ids, (a for a, _ in pairs), (b for _, b in pairs))
    values, how = _betweenness(graph, exact_limit, samples, seed)
    return dict(zip(ids, values, strict=True)), how


@dataclass(frozen=True)
class Measured:
    """A network's measures, kept compact (a few large objects, not one per actor: the
    many small ones of a city's network would stay in the worker's memory)."""

    ids: str  # the actors' ids, sorted, joined by spaces
    degree: array  # "i", per actor in that order
    betweenness: array  # "d", rounded to 6 places
    component: array  # "i"
    how: dict[str, Any]

    def rows(self) -> Iterator[tuple[str, int, float, int]]:
        return zip(self.ids.split(" ") if self.ids else [], self.degree, self.betweenness,
                   self.component, strict=True)


def measures(ids: list[str], sources: list[str], targets: list[str]) -> Measured:
    """Degree, betweenness and component per actor (ids sorted; the edges as their two
    lists of ends) and how betweenness was computed. Components are numbered by their
    smallest actor id."""
    graph = _graph(ids, sources, targets)
    between, how = _betweenness(graph)
    membership = graph.connected_components().membership
    first: dict[int, int] = {}
    for i, group in enumerate(membership):  # ids sorted: a group's first index is its min
        first.setdefault(group, i)
    number = {group: n for n, group in enumerate(sorted(first, key=first.__getitem__))}
    return Measured(" ".join(ids), array("i", graph.degree()),
                    array("d", (round(x, 6) for x in between)),
                    array("i", map(number.__getitem__, membership)), how)


def graph_key(edge_ids: list[str]) -> bytes:
    """A digest of the cooperations in effect (their ids, in the answer's order: the same
    set, the same order): the key of its kept measures. A cooperation's actors never
    change, and its id is random, so no two ledgers or days can mix them up."""
    return hashlib.sha256("\n".join(edge_ids).encode()).digest()


class _Measures:
    """The last few networks (their edges) -> their measures."""

    def __init__(self, size: int = CACHED) -> None:
        self.size = size
        self.kept: OrderedDict[bytes, Measured] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: bytes) -> Measured | None:
        with self.lock:
            found = self.kept.get(key)
            if found is not None:
                self.kept.move_to_end(key)
            return found

    def put(self, key: bytes, value: Measured) -> None:
        with self.lock:
            self.kept[key] = value
            self.kept.move_to_end(key)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


MEASURES = _Measures()


def network_changed(db: Database) -> int:
    """The log position of the last change to what a network answer shows (0: none)."""
    return network_version(db)[0]


def network_version(db: Database) -> tuple[int, str]:
    """(position, "<originator id>:<version>") of the last event that changed what a
    network answer shows; (0, "") when none has."""
    row = db.fetchone("SELECT position, event FROM network_changes WHERE id = 1")
    return (int(row[0]), str(row[1])) if row else (0, "")


def network(db: Database, *, on: date, process_id: Any = None,
            process_ids: set[Any] | None = None) -> dict:
    """The cooperations in effect on `on` (started on or before it, not ended by then),
    only those of `process_id` if given, only those of the processes in `process_ids` if
    given (a token's scope; an empty set: none), and the actors they join.

    {"on", "nodes": [{"id", "name", "kind", "degree", "betweenness", "component"}],
    "edges": [{"id", "source", "target", "kind", "since", "until"}], "measures": {...}}

    `degree` counts an actor's distinct partners that day; `betweenness` is the normalised
    betweenness centrality (high for actors that bridge otherwise separate groups), rounded
    to 6 places, exact or estimated as `measures` says (see `betweenness`); `component`
    numbers the connected groups 0, 1, ... ordered by their smallest actor id. Nodes are
    ordered by id, edges by start date and log position.
    """
    sql = ("SELECT id, source, target, kind, started_on, ended_on FROM network_edges "
           "WHERE started_on <= %s AND (ended_on IS NULL OR ended_on > %s)")
    params: list[Any] = [on.isoformat(), on.isoformat()]
    scope: list[str] | None = None
    if process_id is not None:
        sql += " AND process_id = %s"
        params.append(norm_id(process_id))
    if process_ids is not None:
        scope = sorted(filter(None, map(norm_id, process_ids)))
        if not scope:
            return {"on": on.isoformat(), "nodes": [], "edges": [],
                    "measures": {"betweenness": "exact"}}
        sql += f" AND process_id IN ({placeholders(len(scope))})"
        params.extend(scope)
    # Plain tuples, in the answer's order (the index network_edges_by_day): at city scale
    # the rows are most of the read's cost, so nothing more is made per row than the
    # answer's own dict.
    rows = db.fetchall(sql + " ORDER BY started_on, position", tuple(params))
    ids, sources, targets, kinds, since, until = (list(c) for c in zip(*rows, strict=True)) \
        if rows else ([], [], [], [], [], [])
    # The measures depend on the graph alone: kept by a digest of its edges.
    key = graph_key(ids)
    measured = MEASURES.get(key)
    if measured is None:
        actors = sorted(set(sources).union(targets))
        measured = measures(actors, sources, targets)
        MEASURES.put(key, measured)
    count = len(measured.degree)
    if count > ALL_ACTORS:  # one read of the whole table beats many IN lists
        found = db.fetchall("SELECT id, name, kind FROM network_actors")
    else:
        found = select_in(db, "SELECT id, name, kind FROM network_actors WHERE id IN ({})",
                          measured.ids.split(" ") if count else [])
    names = {id_: (name, kind) for id_, name, kind in found}
    unknown = ("(unknown)", "other")
    nodes = []
    for id_, degree, between, component in measured.rows():
        name, kind = names.get(id_, unknown)
        nodes.append({"id": id_, "name": name, "kind": kind, "degree": degree,
                      "betweenness": between, "component": component})
    edges = [{"id": a, "source": b, "target": c, "kind": d, "since": e, "until": f}
             for a, b, c, d, e, f in zip(ids, sources, targets, kinds, since, until,
                                         strict=True)]
    return {"on": on.isoformat(), "nodes": nodes, "edges": edges,
            "measures": dict(measured.how)}


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
