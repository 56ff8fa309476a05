"""The cooperation network on a given day, from the `network` read model
(projections/network.py).

Degree, connected groups and betweenness are computed in C (igraph). Betweenness (who
bridges separate groups) is Brandes' algorithm: exact up to `EXACT_LIMIT` actors that day,
above it estimated from `SAMPLES` source actors drawn with a fixed seed (Brandes and
Pich's pivot sampling), since the exact measure grows with actors x cooperations (13 s in
Python at 1,901 actors, 25 s in C at 10,000 actors and 50,000 cooperations). Every
answer says which in `measures`. The measures are kept for the last few networks asked,
the cooperations in each worker's memory (queries/network_edges.py); names are read per
answer.
"""


from __future__ import annotations

import gc
import hashlib
import json
import math
import random
import re
import threading
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import networkx as nx
import numpy as np
import orjson

from projections.support import norm_id, select_in
from queries.network_edges import Edges, edges, seed
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
    # Imported on first use: 20 MB (it brings matplotlib along) that processes which never
    # answer a network need not carry; `kiezledger serve` imports it before the workers
    # fork, so that they share it.
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


def measures(ids: list[str], graph: Any) -> Measured:
    """Degree, betweenness and component per actor (ids sorted, the graph's vertices in
    that order) and how betweenness was computed. Components are numbered by their
    smallest actor id."""
    between, how = _betweenness(graph)
    membership = graph.connected_components().membership
    first: dict[int, int] = {}
    for i, group in enumerate(membership):  # ids sorted: a group's first index is its min
        first.setdefault(group, i)
    number = {group: n for n, group in enumerate(sorted(first, key=first.__getitem__))}
    return Measured(" ".join(ids), array("i", graph.degree()),
                    array("d", (round(x, 6) for x in between)),
                    array("i", map(number.__getitem__, membership)), how)


def _measured(kept: Edges, chosen: np.ndarray) -> Measured:
    """The measures of the cooperations `chosen` (indexes into `kept`)."""
    import igraph  # on first use: see _graph

    sources, targets = kept.source[chosen], kept.target[chosen]
    actors = np.unique(np.concatenate((sources, targets)))
    actors = actors[np.argsort(kept.rank[actors])]  # by id
    vertex = np.zeros(len(kept.actors), np.int32)
    vertex[actors] = np.arange(len(actors), dtype=np.int32)
    ids = [kept.actors[a] for a in actors.tolist()]
    graph = igraph.Graph(n=len(ids), edges=np.column_stack((vertex[sources], vertex[targets]))
                         if len(chosen) else [])
    graph.simplify()  # parallel cooperations count once, as partners do (either direction)
    return measures(ids, graph)


def graph_key(kept: Edges, chosen: np.ndarray) -> bytes:
    """The key of a day's kept measures: the start positions of the cooperations in effect
    (they name them within a ledger, and a cooperation's actors never change) and the
    first one's id (random: no two ledgers share it)."""
    return hashlib.sha256(kept.first(chosen) + kept.position[chosen].tobytes()).digest()


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


def preload(db: Database) -> int:
    """Keep the cooperations read for every later database object of this URL (before a
    server forks its workers); returns how many. Nothing is kept where none are stored."""
    if db.url.startswith("memory:") or not db.has_table("network_edges"):
        return 0
    return len(seed(db, network_version(db)).position)


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
    with _no_gc():
        edges_, measured = _day(db, on, process_id, process_ids)
        return {"on": on.isoformat(), "nodes": _nodes(db, measured),
                "edges": orjson.loads(edges_), "measures": dict(measured.how)}


def network_json(db: Database, *, on: date, process_id: Any = None,
                 process_ids: set[Any] | None = None) -> bytes:
    """`network` encoded as JSON (with a final newline), without building the edges as
    Python objects: each is kept encoded (queries/network_edges.py)."""
    with _no_gc():
        edges_, measured = _day(db, on, process_id, process_ids)
        return b"".join((b'{"on":', _dumps(on.isoformat()), b',"nodes":',
                         _dumps(_nodes(db, measured)), b',"edges":', edges_,
                         b',"measures":', _dumps(measured.how), b"}\n"))


@contextmanager
def _no_gc() -> Iterator[None]:
    """No cyclic garbage collection while a network is made: its tens of thousands of
    short-lived objects, which reference counting frees, set off full collections over
    every object of the worker (a city's cold answer took 103-282 ms in an app with them,
    105-107 ms without). Switched back on after, if it was on."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _dumps(value: Any) -> bytes:
    """JSON by orjson (12 MB in 16 ms, the standard library's 86 ms); what orjson refuses
    (a lone surrogate in a name stored long ago) escaped, as the standard library does."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value).encode()


_NONE = Measured("", array("i"), array("d"), array("i"), {"betweenness": "exact"})


def _day(db: Database, on: date, process_id: Any,
         process_ids: set[Any] | None) -> tuple[bytes, Measured]:
    """The cooperations in effect on `on` as a JSON array (in the answer's order) and the
    measures of the network they make."""
    scope: list[str] | None = None
    if process_ids is not None:
        scope = sorted(filter(None, map(norm_id, process_ids)))
        if not scope:
            return b"[]", _NONE
    process = None
    if process_id is not None:
        process = norm_id(process_id)
        if process is None:  # no process has that id
            return b"[]", _NONE
    kept = edges(db, network_version(db))
    chosen = kept.on(on.isoformat(), process, scope)
    # The measures depend on the graph alone: kept by the cooperations that make it.
    key = graph_key(kept, chosen)
    measured = MEASURES.get(key)
    if measured is None:
        measured = _measured(kept, chosen)
        MEASURES.put(key, measured)
    return kept.array(chosen), measured


def _nodes(db: Database, measured: Measured) -> list[dict[str, Any]]:
    """The actors with their measures and names (read each time: an erased name must not
    be kept)."""
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
    return nodes


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
