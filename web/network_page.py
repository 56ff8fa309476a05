"""The cooperation network on a day (optionally of one process), drawn and as a table, and its
GraphML; read through the API's scoped network read."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Response, render_template, request

from web import bp, error_page, words
from web.drawing import BRIDGE, drawing
from web.filters import parsed
from web.reads import NetworkQuery, Process, network_graphml, page, scoped_network


def processes() -> list[Any]:
    """The processes the token may read (the choices of a process filter)."""
    return list(page(Process, {"limit": 200})["items"])


@bp.route("/network")
def network_page() -> Any:
    query, errors = parsed(NetworkQuery, request.args)
    on = query.get("on") or date.today()
    net = {"nodes": [], "edges": []} if errors else scoped_network(on, query.get("process_id"))
    names = {node["id"]: node["name"] for node in net["nodes"]}
    partners: dict[str, list[dict[str, Any]]] = {node["id"]: [] for node in net["nodes"]}
    for edge in net["edges"]:
        partners[edge["source"]].append({**edge, "partner": edge["target"]})
        partners[edge["target"]].append({**edge, "partner": edge["source"]})
    ranked = sorted(net["nodes"], key=lambda n: (-n["betweenness"], -n["degree"], n["name"]))
    page_ = render_template(
        "network.html", args=request.args, errors=errors, on=on, picture=drawing(net),
        ranked=ranked, partners=partners, names=names, bridge=BRIDGE,
        processes=[(str(p.id), p.title) for p in processes()],
    )
    return (page_, 400) if errors else page_


@bp.route("/network.graphml")
def network_graphml_download() -> Any:
    query, errors = parsed(NetworkQuery, request.args)
    if errors:
        return error_page(400, words()("bad_request"), words()("err_download"))
    on = query.get("on") or date.today()
    body = network_graphml(scoped_network(on, query.get("process_id")))
    response = Response(body, content_type="application/graphml+xml; charset=utf-8")
    response.headers.set("Content-Disposition", "attachment",
                         filename=f"kiezledger-network_{on.isoformat()}.graphml")
    return response
