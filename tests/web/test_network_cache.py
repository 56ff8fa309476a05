"""The network's betweenness and its drawing are kept per graph (bench/pages.py: about 1.4 s
at 10^5 events otherwise): a changed graph is computed and laid out anew, never served from
the cache."""

from __future__ import annotations

from datetime import date

from api.services import Services
from queries.network import network
from web.drawing import drawing


def test_a_changed_network_is_computed_and_drawn_anew(svc: Services) -> None:
    ledger = svc.ledger
    a, b, c = (ledger.register_actor(kind="initiative", name=n).record.id
               for n in ("Anna", "Bruno", "Cem"))
    ledger.start_cooperation(actor_ids=[a, b], kind="partnership", started_on=date(2024, 1, 1))
    svc.refresh()
    day = date(2024, 6, 1)
    first = network(svc.db, on=day)
    assert network(svc.db, on=day) == first  # the same graph: the same answer
    assert {n["name"]: n["betweenness"] for n in first["nodes"]} == {"Anna": 0.0, "Bruno": 0.0}
    picture = drawing(first)
    assert len(picture["nodes"]) == 2 and drawing(first) == picture

    ledger.start_cooperation(actor_ids=[b, c], kind="partnership", started_on=date(2024, 2, 1))
    svc.refresh()
    second = network(svc.db, on=day)
    assert {n["name"]: (n["betweenness"], n["degree"]) for n in second["nodes"]} == {
        "Anna": (0.0, 1), "Bruno": (1.0, 2), "Cem": (0.0, 1)}
    assert [n["bridge"] for n in drawing(second)["nodes"] if n["name"] == "Bruno"] == [True]
    assert len(drawing(second)["nodes"]) == 3
    assert network(svc.db, on=date(2024, 1, 15)) == {**first, "on": "2024-01-15"}
