"""The cooperation network on a day at city scale, 10,000 actors and 50,000 cooperations, over
HTTP against `kiezledger serve --workers 2`, beside `/healthz` in the same run (issue 11:
goal <= 200 ms p95).

Its own ledger (the built ledgers hold neighbourhood-sized networks): actors and
cooperations among them (a few per actor, most partners near in a ring of districts, some
far), started over ten years, a tenth ended. Three figures:
- warm: the same day asked again (the answer kept per day, scope and network change);
- cold: a day not asked before (chosen from the worker's kept cooperations, betweenness
  sampled, encoded; a worker starts from the cooperations `serve` read before it forked,
  and reads only those changed since);
- after a write elsewhere (a new process): the same day again (still kept: each worker's
  first ask reads the answer the other kept in the shared cache folder);
- after a new cooperation: the same day again (cold once more, the change merged in).

    python -m bench.city.network [--quick] [--stores sqlite,postgres]
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from bench.city import Context, Row
from bench.city.served import (
    catch_up,
    load,
    percentile,
    save_all,
    scratch_url,
    served,
    timed_gets,
)

ACTORS = 10_000
COOPERATIONS = 50_000
GOAL_MS = 200.0
DAY = date(2025, 6, 1)


def build_network(url: str, actors: int = ACTORS, cooperations: int = COOPERATIONS,
                  seed: int = 5) -> list[str]:
    """Save the actors and cooperations; read models caught up. Answers the actor ids."""
    from ledger.domain.actors import Actor, Cooperation
    from store.ledger import open_ledger

    rng = random.Random(seed)
    app = open_ledger(url)
    try:
        made = [Actor.register(kind=rng.choice(("initiative", "association", "business",
                                                "school", "administration")),
                               name=f"Akteur {i}") for i in range(actors)]
        save_all(app, made)
        ids = [a.id for a in made]
        edges = []
        start = date(2015, 1, 1)
        for _ in range(cooperations):
            a = rng.randrange(actors)
            b = (a + rng.randint(1, 40)) % actors if rng.random() < 0.9 else rng.randrange(actors)
            if a == b:
                b = (a + 1) % actors
            began = start + timedelta(days=rng.randrange(0, 3650))
            coop = Cooperation.start(actor_ids=[ids[a], ids[b]], kind="partnership",
                                     started_on=began)
            if rng.random() < 0.1:
                coop.end(ended_on=began + timedelta(days=rng.randrange(30, 4000)))
            edges.append(coop)
        save_all(app, edges)
    finally:
        app.close()
    catch_up(url)
    return [str(i) for i in ids]


def measure(ctx: Context) -> list[Row]:
    import requests

    actors = ACTORS // 5 if ctx.quick else ACTORS
    cooperations = COOPERATIONS // 5 if ctx.quick else COOPERATIONS
    rows = []
    for store in sorted({ledger.store for ledger in ctx.ledgers}):
        with scratch_url(store, ctx.scratch) as url:
            t = time.perf_counter()
            ids = build_network(url, actors, cooperations)
            built = time.perf_counter() - t
            before = load()
            with served(url) as server, requests.Session() as session:
                session.headers.update(server.headers)
                health = timed_gets(session, server.base + "/healthz", 200)
                one = f"{server.base}/v1/network?on={DAY.isoformat()}"
                first = timed_gets(session, one, 1)
                answer = session.get(one).json()
                warm = timed_gets(session, one, 40)
                cold = first + [
                    timed_gets(session, f"{server.base}/v1/network?on={day.isoformat()}", 1)[0]
                    for day in (DAY - timedelta(days=d) for d in (30, 60, 90, 120))
                ]
                after_other, after_cooperation = [], []
                for i in range(3):
                    session.post(server.base + "/v1/processes", json={
                        "title": f"Prozess {i}", "level": "kiez", "topics": [],
                        "started_on": "2016-01-01", "goals": {}}).raise_for_status()
                    after_other += timed_gets(session, one, 4)  # both workers
                for i in range(3):
                    session.post(server.base + "/v1/cooperations", json={
                        "actor_ids": [ids[i], ids[-1 - i]], "kind": "partnership",
                        "started_on": "2016-01-01"}).raise_for_status()
                    after_cooperation += timed_gets(session, one, 1)
                rss = max(server.rss_mb(), default=0.0)
            after = load()
        base = percentile(health, 95)
        nodes, edges = len(answer["nodes"]), len(answer["edges"])
        how = answer["measures"]
        said = (f"betweenness {how['betweenness']}" + (
            f" ({how['samples']} samples, seed {how['seed']}, error <= {how['error']} with "
            f"{how['confidence']:.0%})" if how["betweenness"] == "approximate" else ""))
        common = (f"{nodes:,} actors / {edges:,} cooperations that day; {said}; ledger "
                  f"built in {built:.0f} s; worker RSS {rss:.0f} MB; load {before:.1f} -> "
                  f"{after:.1f}")
        for label, values in (("warm (asked before)", warm),
                              ("after a write elsewhere (a process)", after_other),
                              ("cold (a day not asked before)", cold),
                              ("after a new cooperation", after_cooperation)):
            p95 = percentile(values, 95)
            rows.append(Row(
                figure=f"network on a day, {actors:,} actors / {cooperations:,} "
                       f"cooperations, {label}",
                store=store, events=actors + cooperations, baseline_name="/healthz p95",
                baseline=base, value=p95, unit="ms p95", goal=f"<= {GOAL_MS:.0f} ms p95",
                met=p95 <= GOAL_MS,
                note=f"p50 {percentile(values, 50):.0f} ms of {len(values)}; {common}"))
    return rows


if __name__ == "__main__":
    from bench.city.writes import standalone

    standalone(measure, sys.argv[1:])
