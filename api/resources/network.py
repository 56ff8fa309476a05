"""The cooperation network on a day: actors, cooperation edges and who bridges separate groups
(read model `projections.network`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from marshmallow import Schema, fields

from api import auth
from api.fields import IsoDate
from api.resources.common import Blueprint, ledger
from api.resources.readmodels import (
    GRAPHML,
    JSON,
    VARY,
    Day,
    alternative,
    fresh_db,
    negotiate,
    text_response,
)
from ledger.domain.processes import Process
from queries.network import network, network_graphml

blp = Blueprint("network", __name__, url_prefix="/v1/network",
                description="Who cooperates with whom on a day, and who bridges separate groups")


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


class NetworkOut(Schema):
    on = Day()
    nodes = fields.List(fields.Nested(NodeOut))
    edges = fields.List(fields.Nested(EdgeOut))


@blp.route("", methods=["GET"])
@blp.arguments(NetworkQuery, location="query")
@blp.response(200, NetworkOut)
@blp.doc(**alternative(GRAPHML, "The same network as GraphML (undirected; node and edge "
                                "attributes as in the JSON answer)."))
def get_network(query: dict[str, Any]) -> Any:
    """The actors and their cooperations in effect on a day, with degree, betweenness and
    connected group per actor (`Accept: application/graphml+xml` for GraphML)"""
    wanted = negotiate(JSON, GRAPHML)
    answer = scoped_network(query.get("on") or date.today(), query.get("process_id"))
    if wanted == GRAPHML:
        return text_response(network_graphml(answer), GRAPHML)
    return answer, VARY


def scoped_network(on: date, process_id: Any = None) -> dict[str, Any]:
    """The network on `on` as the token may see it (the API and the pages): one process (404
    outside the scope, as an unknown one) or every process the token covers."""
    scope = None
    if process_id is not None:
        auth.check_scope(process_id)
        ledger().find(Process, process_id)  # 404 for an unknown process
    elif auth.principal().scoped:
        scope = set(auth.principal().scope)
    return network(fresh_db(), on=on, process_id=process_id, process_ids=scope)
