"""A collection page of 200 items over HTTP (`GET /v1/{collection}?limit=200`, each page of
the first few), beside the event page (`GET /v1/events?limit=200`) in the same run (issue
11: goal <= 20 ms p95).

    python -m bench.city.lists [--quick] [--stores sqlite,postgres]
"""

from __future__ import annotations

import sys

from bench.city import Context, Row
from bench.city.served import ledgers_of, load, percentile, served, timed_gets

COLLECTIONS = ("actors", "processes", "gatherings", "proposals", "votes", "commitments",
               "cooperations", "fundings")
PAGE = 200
GOAL_MS = 20.0


def measure(ctx: Context, repeat: int = 30) -> list[Row]:
    import requests

    rows = []
    with ledgers_of(ctx) as found:
        for store, events, url in found:
            before = load()
            with served(url) as server, requests.Session() as session:
                session.headers.update(server.headers)
                pages = timed_gets(session, f"{server.base}/v1/events?limit={PAGE}", repeat)
                base = percentile(pages, 95)
                for name in COLLECTIONS:
                    first = f"{server.base}/v1/{name}?limit={PAGE}"
                    times = timed_gets(session, first, repeat)
                    after_id = session.get(first).json()["next"]
                    if after_id:  # a later page too: `after` costs a lookup
                        times += timed_gets(session, f"{first}&after={after_id}", repeat)
                    p95 = percentile(times, 95)
                    rows.append(Row(
                        figure=f"collection page of {PAGE} items: {name}", store=store,
                        events=events, baseline_name="event page of 200 p95", baseline=base,
                        value=p95, unit="ms p95", goal=f"<= {GOAL_MS:.0f} ms p95",
                        met=p95 <= GOAL_MS,
                        note=f"p50 {percentile(times, 50):.1f} ms of {len(times)}; load "
                             f"{before:.1f} -> {load():.1f}"))
    return rows


if __name__ == "__main__":
    from bench.city.writes import standalone

    standalone(measure, sys.argv[1:])
