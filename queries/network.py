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


def _graph(ids: list[str], pairs: list[tuple[str, str]]) -> Any:
    # Imported on first use: 20 MB of each worker's memory (it brings parts of matplotlib
    # along), which workers that never answer a network need not carry.
    import igraph  # type: ignore[import-untyped]

    index = {id_: i for i, id_ in enumerate(ids)}
    graph = igraph.Graph(n=len(ids), edges=[(index[a], index[b]) for a, b in pairs])
    graph.simplify()  # parallel cooperations count once, as partners do
    return graph


def betweenness(ids: list[str], pairs: list[tuple[str, str]],
                exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES,
                seed: int = SEED, graph: Any = None) -> tuple[dict[str, float], dict[str, Any]]:
    """Normalised betweenness of each actor (ids sorted) and how it was computed:
    {"betweenness": "exact"} or {"betweenness": "approximate", "samples", "seed",
    "error", "confidence"}."""
    n = len(ids)
    if graph is None:
        graph = _graph(ids, pairs)
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
    return {id_: raw[i] * scale for i, id_ in enumerate(ids)}, how


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


def measures(ids: list[str], pairs: list[tuple[str, str]]) -> Measured:
    """Degree, betweenness and component per actor (ids sorted) and how betweenness was
    computed. Components are numbered by their smallest actor id."""
    graph = _graph(ids, pairs)
    between, how = betweenness(ids, pairs, graph=graph)
    membership = graph.connected_components().membership
    first: dict[int, int] = {}
    for i, group in enumerate(membership):  # ids sorted: a group's first index is its min
        first.setdefault(group, i)
    number = {group: n for n, group in enumerate(sorted(first, key=first.__getitem__))}
    return Measured(" ".join(ids), array("i", graph.degree()),
                    array("d", (round(between[id_], 6) for id_ in ids)),
                    array("i", (number[group] for group in membership)), how)


def graph_key(pairs: Iterable[tuple[str, str]]) -> bytes:
    """A digest of a network's edges (sorted pairs): the key of its kept measures."""
    digest = hashlib.sha256()
    for a, b in pairs:
        digest.update(f"{a} {b}\n".encode())
    return digest.digest()


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
    row = db.fetchone("SELECT position FROM network_changes WHERE id = 1")
    return int(row[0]) if row else 0


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
    rows = db.fetchall(sql + " ORDER BY started_on, position", tuple(params))
    edges = [
        {"id": id_, "source": source, "target": target, "kind": kind, "since": since,
         "until": until}
        for id_, source, target, kind, since, until in rows
    ]
    # The measures depend on the graph alone: kept by a digest of its edges, so no two
    # ledgers or days can mix them up.
    pairs = sorted({(s, t) if s <= t else (t, s) for _, s, t, *_ in rows})
    key = graph_key(pairs)
    measured = MEASURES.get(key)
    if measured is None:
        measured = measures(sorted({x for pair in pairs for x in pair}), pairs)
        MEASURES.put(key, measured)
    how = measured.how
    count = len(measured.degree)
    if count > ALL_ACTORS:  # one read of the whole table beats many IN lists
        found = db.fetchall("SELECT id, name, kind FROM network_actors")
    else:
        found = select_in(db, "SELECT id, name, kind FROM network_actors WHERE id IN ({})",
                          measured.ids.split(" ") if count else [])
    actors = {id_: (name, kind) for id_, name, kind in found}
    nodes = []
    for id_, degree, between, component in measured.rows():
        name, kind = actors.get(id_, ("(unknown)", "other"))
        nodes.append({"id": id_, "name": name, "kind": kind, "degree": degree,
                      "betweenness": between, "component": component})
    return {"on": on.isoformat(), "nodes": nodes, "edges": edges, "measures": dict(how)}


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
