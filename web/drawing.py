"""The cooperation network drawn on the server: positions for an inline SVG, the same picture
for the same network every time (a fixed seed), so the page needs no JavaScript."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import networkx as nx

WIDTH, HEIGHT, MARGIN = 960, 600, 30
LABEL_ROOM = 190  # on the right, for the names
SEED = 7
BRIDGE = 0.1  # betweenness from which an actor counts as bridging separate groups


@lru_cache(maxsize=32)
def _spread(nodes: tuple[str, ...],
            edges: tuple[tuple[str, str], ...]) -> dict[str, tuple[float, float]]:
    """A seeded spring layout: the same network is drawn the same way every time. It costs
    about a second at 400 actors (bench/pages.py), so a network drawn before is not laid out
    again (the key is the whole graph: any change lays it out anew)."""
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    spread = nx.spring_layout(graph, seed=SEED, k=2.2 / len(graph) ** 0.5, iterations=300)
    return {node: (float(p[0]), float(p[1])) for node, p in spread.items()}


def drawing(net: dict[str, Any]) -> dict[str, Any]:
    """{"width", "height", "nodes": [{**node, "x", "y", "bridge"}], "edges": [{**edge, "x1",
    "y1", "x2", "y2"}]} for a `network` answer."""
    graph = nx.Graph()
    # In name order: the same history draws the same picture in every store (ids differ).
    graph.add_nodes_from(n["id"] for n in sorted(net["nodes"], key=lambda n: (n["name"], n["id"])))
    graph.add_edges_from((e["source"], e["target"]) for e in net["edges"])
    if len(graph) == 0:
        return {"width": WIDTH, "height": HEIGHT, "nodes": [], "edges": []}
    spread = _spread(tuple(graph.nodes), tuple(graph.edges))
    xs = [p[0] for p in spread.values()]
    ys = [p[1] for p in spread.values()]

    def scaled(value: float, low: float, high: float, room: float) -> float:
        if high - low < 1e-9:
            return MARGIN + room / 2
        return round(MARGIN + (value - low) / (high - low) * room, 1)

    across, down = WIDTH - 2 * MARGIN - LABEL_ROOM, HEIGHT - 2 * MARGIN
    at = {id_: (scaled(p[0], min(xs), max(xs), across), scaled(p[1], min(ys), max(ys), down))
          for id_, p in spread.items()}
    nodes = [{**node, "x": at[node["id"]][0], "y": at[node["id"]][1],
              "bridge": node["betweenness"] >= BRIDGE} for node in net["nodes"]]
    edges = [{**edge, "x1": at[edge["source"]][0], "y1": at[edge["source"]][1],
              "x2": at[edge["target"]][0], "y2": at[edge["target"]][1]}
             for edge in net["edges"]]
    return {"width": WIDTH, "height": HEIGHT, "nodes": nodes, "edges": edges}
