"""The cooperation network on a day: edges in effect, the actors on them, who bridges whom."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import networkx as nx

from queries.network import network, network_graphml
from tests.projections.scenario import D


def by_id(answer: dict) -> dict[str, dict]:
    return {n["id"]: n for n in answer["nodes"]}


def test_a_path_of_cooperations_and_its_bridges(world):
    s = world.s
    # bea - ini - amt - shop - school: co1, co2, co4 (no process), co3 (process Q).
    answer = network(world.db, on=D("2022-06-01"))
    assert answer["on"] == "2022-06-01"
    assert [e["id"] for e in answer["edges"]] == [str(s.co1), str(s.co2), str(s.co3), str(s.co4)]
    assert answer["edges"][0] == {
        "id": str(s.co1), "source": str(s.ini), "target": str(s.bea), "kind": "partnership",
        "since": "2022-01-20", "until": "2022-12-31",
    }
    assert answer["edges"][1]["until"] is None
    nodes = by_id(answer)
    assert [n["id"] for n in answer["nodes"]] == sorted(nodes)
    assert nodes[str(s.amt)] == {
        "id": str(s.amt), "name": "Bezirksamt Neukölln", "kind": "administration",
        "degree": 2, "betweenness": 0.666667, "component": 0,
    }
    # Pairs through each node, over (5-1)(5-2)/2 = 6 pairs.
    assert {k: (n["degree"], n["betweenness"]) for k, n in nodes.items()} == {
        str(s.bea): (1, 0.0), str(s.ini): (2, 0.5), str(s.amt): (2, 0.666667),
        str(s.shop): (2, 0.5), str(s.school): (1, 0.0),
    }
    assert str(s.funder) not in nodes  # on no edge


def test_ended_cooperations_leave_on_their_end_day(world):
    s = world.s
    before = network(world.db, on=D("2022-12-30"))
    assert str(s.co1) in {e["id"] for e in before["edges"]}
    on_end = network(world.db, on=D("2022-12-31"))
    assert str(s.co1) not in {e["id"] for e in on_end["edges"]}
    nodes = by_id(on_end)
    assert str(s.bea) not in nodes
    assert {k: n["betweenness"] for k, n in nodes.items()} == {
        str(s.ini): 0.0, str(s.amt): 0.666667, str(s.shop): 0.666667, str(s.school): 0.0,
    }


def test_separate_groups_are_numbered_by_their_smallest_member(world):
    s = world.s
    # 2022-03-15: {bea, ini, amt} and {shop, school}; co4 starts 2022-04-01.
    answer = network(world.db, on=D("2022-03-15"))
    groups = [{str(s.bea), str(s.ini), str(s.amt)}, {str(s.shop), str(s.school)}]
    groups.sort(key=min)
    nodes = by_id(answer)
    for index, members in enumerate(groups):
        assert {nodes[m]["component"] for m in members} == {index}
    assert network(world.db, on=D("2022-01-19")) == {
        "on": "2022-01-19", "nodes": [], "edges": [], "measures": {"betweenness": "exact"}}


def test_restricted_to_a_process(world):
    s = world.s
    answer = network(world.db, on=D("2022-06-01"), process_id=s.p)
    assert [e["id"] for e in answer["edges"]] == [str(s.co1), str(s.co2)]
    assert {k: n["betweenness"] for k, n in by_id(answer).items()} == {
        str(s.bea): 0.0, str(s.ini): 1.0, str(s.amt): 0.0,
    }
    q = network(world.db, on=D("2022-06-01"), process_id=str(s.q))
    assert [e["id"] for e in q["edges"]] == [str(s.co3)]
    assert network(world.db, on=D("2022-06-01"), process_id="nope")["edges"] == []


def test_graphml_carries_nodes_edges_and_measures(world):
    s = world.s
    answer = network(world.db, on=D("2022-06-01"))
    text = network_graphml(answer)
    ET.fromstring(text)  # well-formed
    graph = nx.parse_graphml(text, force_multigraph=True)
    assert set(graph.nodes) == {n["id"] for n in answer["nodes"]}
    assert graph.nodes[str(s.amt)]["name"] == "Bezirksamt Neukölln"
    assert graph.nodes[str(s.amt)]["betweenness"] == 0.666667
    assert graph.nodes[str(s.amt)]["degree"] == 2
    edges = {key: data for _, _, key, data in graph.edges(keys=True, data=True)}
    assert set(edges) == {str(s.co1), str(s.co2), str(s.co3), str(s.co4)}
    assert edges[str(s.co1)] == {"kind": "partnership", "since": "2022-01-20",
                                 "until": "2022-12-31"}
    assert "until" not in edges[str(s.co2)]  # not ended: no `until` at all
    assert graph.graph["on"] == "2022-06-01"


def test_an_erased_person_is_named_so(fresh_world):
    w, s = fresh_world, fresh_world.s
    w.app.erase_actor(s.bea, reason="Art. 17", erased_on=D("2024-01-01"))
    w.runner.catch_up()
    assert by_id(network(w.db, on=D("2022-06-01")))[str(s.bea)]["name"] == "[erased]"
    before = network(w.db, on=D("2022-06-01"))
    w.runner.rebuild()
    assert network(w.db, on=D("2022-06-01")) == before


def test_graphml_is_well_formed_with_control_characters_in_a_stored_name(fresh_world):
    """Names stored before the API refused control characters (here straight through the
    domain): the GraphML export stays XML that parsers read."""
    w, s = fresh_world, fresh_world.s
    odd = w.app.register_actor(kind="person", name="Bea\u0001 \u001b[31mrot\ufffe").record.id
    w.app.start_cooperation(actor_ids=[odd, s.ini], kind="partnership",
                            started_on=D("2022-05-01"))
    w.runner.catch_up()
    answer = network(w.db, on=D("2022-06-01"))
    assert by_id(answer)[str(odd)]["name"] == "Bea\u0001 \u001b[31mrot\ufffe"  # as stored
    text = network_graphml(answer)
    ET.fromstring(text)  # well-formed
    graph = nx.parse_graphml(text, force_multigraph=True)
    assert graph.nodes[str(odd)]["name"] == "Bea\ufffd \ufffd[31mrot\ufffd"
    assert graph.nodes[str(s.amt)]["name"] == "Bezirksamt Neukölln"  # others unchanged
