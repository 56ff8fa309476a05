"""Reads that must stay fast at city scale, over HTTP against `kiezledger serve --workers 2`:
a charter's text, a process's timeline and a funder's report (issue 11: keep p95 <= 10 /
50 / 500 ms), beside `/healthz` in the same run; and each serving worker's resident memory
after them (keep <= 150 MB).

    python -m bench.city.serving [--quick] [--stores sqlite,postgres]
"""

from __future__ import annotations

import sys

from bench.city import Context, Row
from bench.city.served import ledgers_of, load, percentile, served, timed_gets

GOALS_MS = {"charter text": 10.0, "process timeline": 50.0, "funding report (JSON)": 500.0}
RSS_GOAL_MB = 150.0


def measure(ctx: Context, repeat: int = 40) -> list[Row]:
    import requests

    rows = []
    with ledgers_of(ctx) as found:
        for store, events, url in found:
            before = load()
            with served(url) as server, requests.Session() as session:
                session.headers.update(server.headers)
                base = server.base
                health = percentile(timed_gets(session, base + "/healthz", 100), 95)
                charters = session.get(base + "/v1/charters?limit=200").json()["items"]
                fundings = session.get(base + "/v1/fundings?limit=200").json()["items"]
                charter = charters[len(charters) // 2]
                funding = fundings[len(fundings) // 2]
                asked = {
                    "charter text": f"{base}/v1/charters/{charter['id']}/text",
                    "process timeline": f"{base}/v1/processes/{charter['process_id']}"
                                        "/timeline",
                    "funding report (JSON)": f"{base}/v1/reports/funding?funder_id="
                                             f"{funding['funder_id']}&from=2015-01-01"
                                             "&to=2030-12-31&format=json",
                }
                times = {name: timed_gets(session, path, repeat)
                         for name, path in asked.items()}
                # Memory after reads of every kind, a page of each list among them.
                for name in ("processes", "gatherings", "proposals", "votes",
                             "commitments", "events"):
                    timed_gets(session, f"{base}/v1/{name}?limit=200", 5)
                rss = server.rss_mb()
            after = load()
            for name, values in times.items():
                p95 = percentile(values, 95)
                rows.append(Row(
                    figure=name, store=store, events=events, baseline_name="/healthz p95",
                    baseline=health, value=p95, unit="ms p95",
                    goal=f"<= {GOALS_MS[name]:.0f} ms p95", met=p95 <= GOALS_MS[name],
                    note=f"p50 {percentile(values, 50):.1f} ms of {len(values)}; load "
                         f"{before:.1f} -> {after:.1f}"))
            rows.append(Row(
                figure="serving worker RSS", store=store, events=events, baseline_name="",
                baseline=None, value=max(rss, default=0.0), unit="MB",
                goal=f"<= {RSS_GOAL_MB:.0f} MB", met=max(rss, default=0.0) <= RSS_GOAL_MB,
                note="each worker after the reads above: "
                     + ", ".join(f"{r:.0f}" for r in rss) + " MB"))
    return rows


if __name__ == "__main__":
    from bench.city.writes import standalone

    standalone(measure, sys.argv[1:])
