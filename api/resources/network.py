"""The cooperation network on a day: actors, cooperation edges and who bridges separate groups
(read model `projections.network`)."""

from __future__ import annotations

import contextlib
import ctypes
import threading
from collections import OrderedDict
from datetime import date
from functools import partial
from typing import Any

from flask import Response, current_app
from marshmallow import Schema, fields

from api import auth
from api.fields import IsoDate
from api.resources.common import Blueprint, ledger
from api.resources.formats import GRAPHML, add_format_routes
from api.resources.readmodels import (
    JSON,
    VARY,
    Day,
    alternative,
    fresh_db,
    negotiate,
)
from ledger.domain.processes import Process
from queries.network import network, network_graphml, network_json, network_version
from store.answers import ANSWERS

blp = Blueprint("network", __name__, url_prefix="/v1",  # /v1/network and /v1/network.graphml
                description="Who cooperates with whom on a day, and who bridges separate groups")


GRAPHML_TEXT = ("The same network as GraphML (undirected; node and edge attributes as in the "
                "JSON answer; an edge without `until` has not ended).")


class NetworkQuery(Schema):
    on = IsoDate(metadata={"description": "The domain day (YYYY-MM-DD); default: today."})
    process_id = fields.UUID(metadata={"description": "Only the cooperations of this process. "
                                                      "A token limited to some processes sees "
                                                      "only the cooperations of those."})


class NodeOut(Schema):
    id = fields.UUID()
    name = fields.String()
    kind = fields.String(metadata={"description": "The actor's kind, e.g. `initiative`."})
    degree = fields.Integer(metadata={"description": "Distinct partners that day."})
    betweenness = fields.Float(metadata={"description": "Normalised betweenness centrality: "
                                                        "high for actors that bridge otherwise "
                                                        "separate groups."})
    component = fields.Integer(metadata={"description": "The connected group, numbered 0, 1, "
                                                        "... by the smallest actor id in it."})


class EdgeOut(Schema):
    id = fields.UUID(metadata={"description": "The cooperation."})
    source = fields.UUID()
    target = fields.UUID()
    kind = fields.String(metadata={"enum": ["partnership", "membership", "joint_action"]})
    since = Day()
    until = Day(allow_none=True, metadata={"description": "The day it ended, if it has."})


class MeasuresOut(Schema):
    betweenness = fields.String(metadata={
        "enum": ["exact", "approximate"],
        "description": "`exact` up to 1,000 actors on the day; above, `approximate`: "
                       "estimated from `samples` source actors drawn with `seed`."})
    # Only an approximate answer has these (optional: absent when exact).
    samples = fields.Integer(metadata={"optional": True,
                                       "description": "Source actors sampled (approximate)."})
    seed = fields.Integer(metadata={"optional": True,
                                    "description": "The seed that drew them: the same "
                                                   "network gives the same estimate."})
    error = fields.Float(metadata={"optional": True,
                                   "description": "With probability `confidence`, each "
                                                  "actor's estimate lies within this much "
                                                  "of the exact betweenness (Hoeffding)."})
    confidence = fields.Float(metadata={"optional": True, "description": "See `error`."})


class NetworkOut(Schema):
    on = Day()
    nodes = fields.List(fields.Nested(NodeOut))
    edges = fields.List(fields.Nested(EdgeOut))
    measures = fields.Nested(MeasuresOut, metadata={
        "description": "How `betweenness` was computed: exactly or estimated, and how "
                       "closely."})


@blp.route("/network", methods=["GET"])
@blp.arguments(NetworkQuery, location="query")
@blp.response(200, NetworkOut)
@blp.doc(**alternative(GRAPHML, GRAPHML_TEXT))
def get_network(query: dict[str, Any]) -> Any:
    """The actors and their cooperations in effect on a day, with degree, betweenness and
    connected group per actor (`Accept: application/graphml+xml` for GraphML, or
    `GET /v1/network.graphml`)"""
    return network_answer(negotiate(JSON, GRAPHML), query)


# Bump when an answer's encoding or content changes: answers kept on disk by older code
# are then never served.
ANSWER_VERSION = 2


def network_answer(wanted: str, query: dict[str, Any]) -> Response:
    on = query.get("on") or date.today()
    process_id = query.get("process_id")
    scope = network_scope(process_id)
    db = fresh_db()
    # The encoded answer is kept per (format, day, scope, last change to the network): at
    # city scale (10,000 actors, 50,000 cooperations, 12 MB of JSON) computing it takes a
    # few hundred ms, and other writes (most of them) change nothing here. Kept in this
    # worker's memory and on disk for every worker of the instance (store.answers).
    position, event = network_version(db)
    key = "|".join(map(str, (ANSWER_VERSION, wanted, on, process_id,
                             ",".join(sorted(scope)) if scope is not None else "*",
                             position, event)))
    bodies, files = kept_bodies(), current_app.extensions.get(ANSWERS)
    body = bodies.get(key, position)
    computed = False
    if body is None:
        body = files.get(key, position) if files is not None else None
        if body is None:
            if files is not None:
                files.forget_before(position)  # older answers (an erased name) go at once
            if wanted == GRAPHML:
                body = network_graphml(network(db, on=on, process_id=process_id,
                                               process_ids=scope)).encode()
            else:
                # Encoded as NetworkOut has it, without a schema pass (0.3 s at city scale;
                # tests/api/test_readmodels.py checks the answer against the schema).
                body = network_json(db, on=on, process_id=process_id, process_ids=scope)
            computed = True
            give_back_memory()
        bodies.put(key, position, body)
    content_type = f"{GRAPHML}; charset=utf-8" if wanted == GRAPHML else JSON
    response = Response(body, status=200, content_type=content_type, headers=VARY)
    if computed and files is not None:  # written once sent (12 MB: 30 ms of its time)
        response.call_on_close(partial(files.put, key, position, body))
    return response


def give_back_memory() -> None:
    """Hand the heap freed after a large answer back to the system (glibc only): a city's
    network builds some 100 MB of short-lived objects, which would otherwise stay in the
    worker's resident memory."""
    # Not glibc: the memory is reused, just not returned.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class _Bodies:
    """The last few encoded answers, each up to a few MB at city scale, with the position
    each depends on."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.kept: OrderedDict[str, tuple[int, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str, position: int) -> bytes | None:
        with self.lock:
            found = self.kept.get(key)
            if found is None:
                # Answers of older positions are never asked for again: gone at once.
                for old in [k for k, (p, _) in self.kept.items() if p < position]:
                    del self.kept[old]
                return None
            self.kept.move_to_end(key)
            return found[1]

    def put(self, key: str, position: int, body: bytes) -> None:
        with self.lock:
            self.kept[key] = (position, body)
            self.kept.move_to_end(key)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)


def kept_bodies() -> _Bodies:
    """The encoded answers kept by this application (each app, each test, its own)."""
    with _BODIES_LOCK:
        return current_app.extensions.setdefault("kiezledger.network", _Bodies(2))


_BODIES_LOCK = threading.Lock()


def network_scope(process_id: Any = None) -> set[str] | None:
    """The processes whose cooperations the token may see on the network: None for all
    (an unscoped token, or one process named and in scope; 404 outside the scope, as an
    unknown one)."""
    if process_id is not None:
        auth.check_scope(process_id)
        ledger().find(Process, process_id)  # 404 for an unknown process
        return None
    if auth.principal().scoped:
        return set(auth.principal().scope)
    return None


add_format_routes(blp, "/network", "get_network", {GRAPHML: GRAPHML_TEXT}, network_answer,
                  query=NetworkQuery, summary="The cooperation network on a day")


def scoped_network(on: date, process_id: Any = None) -> dict[str, Any]:
    """The network on `on` as the token may see it (the API and the pages): one process (404
    outside the scope, as an unknown one) or every process the token covers."""
    scope = network_scope(process_id)
    return network(fresh_db(), on=on, process_id=process_id, process_ids=scope)
