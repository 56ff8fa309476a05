"""The cooperation network drawn on the server: positions for an inline SVG, the same picture
for the same network every time (a fixed seed), so the page needs no JavaScript."""

from __future__ import annotations

from typing import Any

import networkx as nx

WIDTH, HEIGHT, MARGIN = 960, 600, 70
SEED = 7
BRIDGE = 0.1  # betweenness from which an actor counts as bridging separate groups


def drawing(net: dict[str, Any]) -> dict[str, Any]:
    """{"width", "height", "nodes": [{**node, "x", "y", "bridge"}], "edges": [{**edge, "x1",
    "y1", "x2", "y2"}]} for a `network` answer."""
    graph = nx.Graph()
    graph.add_nodes_from(node["id"] for node in net["nodes"])
    graph.add_edges_from((e["source"], e["target"]) for e in net["edges"])
    if len(graph) == 0:
        return {"width": WIDTH, "height": HEIGHT, "nodes": [], "edges": []}
    spread = nx.spring_layout(graph, seed=SEED, k=1.6 / max(len(graph), 1) ** 0.5)
    xs = [p[0] for p in spread.values()]
    ys = [p[1] for p in spread.values()]

    def scaled(value: float, low: float, high: float, size: int) -> float:
        if high - low < 1e-9:
            return size / 2
        return round(MARGIN + (value - low) / (high - low) * (size - 2 * MARGIN), 1)

    at = {id_: (scaled(p[0], min(xs), max(xs), WIDTH), scaled(p[1], min(ys), max(ys), HEIGHT))
          for id_, p in spread.items()}
    nodes = [{**node, "x": at[node["id"]][0], "y": at[node["id"]][1],
              "bridge": node["betweenness"] >= BRIDGE} for node in net["nodes"]]
    edges = [{**edge, "x1": at[edge["source"]][0], "y1": at[edge["source"]][1],
              "x2": at[edge["target"]][0], "y2": at[edge["target"]][1]}
             for edge in net["edges"]]
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes, "edges": edges}
