"""How fast are the web pages? (issue 9: p95 under 100 ms on the demo, under 300 ms at 10^5
events on SQLite)

    python bench/pages.py [--ledger demo,100000] [--runs 60] [--store sqlite] [--pg URL]
                          [--keep DIR] [--reuse DIR] [--profile KIND]

For each ledger (`demo`: the `kiezledger demo` history; a number: a generated ledger of about
that many events, built as bench/reports.py builds its ledger), it catches up every read
model, signs in with an admin token through the sign-in page (the real session and CSRF
path) and times GET requests through Flask's test client: the process list, a process page,
a charter, one page of each record kind, the admin token page, and - where the app has them
- a charter's changes, the network, the commitments board, a process's report (the page and
its HTML file) and the integrity page. Each page kind is asked `--runs` times,
cycling over up to 20 different records of its kind (the largest process first), after one
warm-up round. It prints p50 and p95 per page kind in milliseconds, and the ratio of each
p50 to the p50 of `GET /healthz` timed in the same client and run (the baseline: Flask,
the request log and the metrics, no database).

`--keep DIR` keeps the SQLite files (`demo.db`, `<events>.db`); `--reuse DIR` times them
again without building. `--profile KIND` prints the 25 costliest functions of that page kind
(cProfile, cumulative time) after timing.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from api import create_app  # noqa: E402
from bench.reports import build, pg_database, pg_drop  # noqa: E402
from cli.demo import load_demo  # noqa: E402
from store.ledger import open_ledger  # noqa: E402

GOAL_MS = {"demo": 100.0, "large": 300.0}
SAMPLES = 20  # different records per page kind
RECORD_KINDS = ("proposals", "amendments", "votes", "gatherings", "actors", "cooperations",
                "commitments", "fundings")
# The reading pages of issue 9 beside the process and record pages; timed where the app
# answers them (200). `{p}`: a process id, `{c}`: a charter id.
READING = {
    "charter diff": "/ui/charters/{c}/diff",
    "network": "/ui/network",
    "board": "/ui/commitments",
    "integrity": "/ui/integrity",
    "report page": "/ui/reports?kind=accountability&process_id={p}&from=2015-01-01&to={today}",
    "report (HTML file)": "/ui/reports/file?format=html&kind=accountability&process_id={p}"
                          "&from=2015-01-01&to={today}",
}


def load_ms() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f} / {five:.2f}"


def make_ledger(url: str, which: str) -> int:
    app = open_ledger(url)
    try:
        if which == "demo":
            load_demo(app)
        else:
            build(app, int(which), funded=20)
        return app.recorder.max_notification_id() or 0
    finally:
        app.close()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF token on the sign-in page"
    return found[1]


def ids(client: Any, token: str, kind: str, limit: int = SAMPLES) -> list[str]:
    answer = client.get(f"/v1/{kind}", query_string={"limit": limit},
                        headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200, (kind, answer.status_code)
    return [item["id"] for item in answer.get_json()["items"]]


def largest_processes(svc: Any, limit: int = SAMPLES) -> list[str]:
    """Process ids, the one with the most timeline entries first."""
    rows = svc.db.fetchall("SELECT process_id, COUNT(*) FROM timeline_entries "
                           "GROUP BY process_id ORDER BY COUNT(*) DESC")
    return [str(r[0]) for r in rows[:limit]]


def page_urls(app: Any, client: Any, token: str) -> dict[str, list[str]]:
    svc = app.extensions["kiezledger"]
    processes = largest_processes(svc) or ids(client, token, "processes")
    urls = {
        "baseline /healthz": ["/healthz"],
        "sign-in (no session)": ["/ui/sign-in"],
        "process list": ["/ui/"],
        "process page": [f"/ui/processes/{p}" for p in processes],
        "charter": [f"/ui/charters/{c}" for c in ids(client, token, "charters")],
    }
    for kind in RECORD_KINDS:
        found = ids(client, token, kind)
        if found:
            urls[f"record: {kind}"] = [f"/ui/{kind}/{i}" for i in found]
    urls["admin: tokens"] = ["/ui/admin/tokens"]
    charters = ids(client, token, "charters")
    for name, path in READING.items():
        subjects = charters if "{c}" in path else processes
        paths = [path.format(p=i, c=i, today=date.today().isoformat()) for i in subjects]
        if paths and client.get(paths[0]).status_code == 200:
            urls[name] = list(dict.fromkeys(paths))
    return urls


def timed(client: Any, paths: list[str], runs: int) -> list[float]:
    for path in paths:  # warm-up: templates compiled, connections and caches filled
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)
    times = []
    for i in range(runs):
        path = paths[i % len(paths)]
        t = time.perf_counter()
        answer = client.get(path)
        answer.get_data()
        times.append((time.perf_counter() - t) * 1000)
        assert answer.status_code == 200, (path, answer.status_code)
    return times


def p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def measure(url: str, label: str, goal: float, runs: int, profile: str | None) -> None:
    app = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    svc = app.extensions["kiezledger"]
    try:
        t0 = time.perf_counter()
        svc.refresh()
        head = svc.ledger.recorder.max_notification_id() or 0
        print(f"{label}: {head:,} events; read models caught up in "
              f"{time.perf_counter() - t0:,.1f} s")
        name = f"bench-{time.time_ns()}"
        token = svc.tokens.create(name, "admin")
        client = app.test_client()
        sign_in = client.get("/ui/sign-in")
        answer = client.post("/ui/sign-in", data={"token": token,
                                                  "csrf_token": csrf_of(sign_in.text)})
        assert answer.status_code == 303, answer.status_code
        urls = page_urls(app, client, token)
        print(f"  {load_ms()} before timing; {runs} requests per page kind")
        results: dict[str, list[float]] = {}
        for kind, paths in urls.items():
            if kind.startswith("sign-in"):
                results[kind] = timed(app.test_client(), paths, runs)
            else:
                results[kind] = timed(client, paths, runs)
        base = statistics.median(results["baseline /healthz"])
        print(f"  {'page':<24} {'records':>7} {'p50 ms':>8} {'p95 ms':>8} {'p50/base':>9} "
              f"{'p95/goal':>9}")
        for kind, times in results.items():
            mark = "" if kind.startswith(("baseline", "sign-in")) or p95(times) < goal else \
                "  MISSES the goal"
            print(f"  {kind:<24} {len(urls[kind]):>7} {statistics.median(times):>8.1f} "
                  f"{p95(times):>8.1f} {statistics.median(times) / base:>9.1f} "
                  f"{p95(times) / goal:>9.2f}{mark}")
        print(f"  {load_ms()} after timing; goal: p95 under {goal:.0f} ms")
        if profile:
            show_profile(client, urls, profile, runs)
        svc.tokens.revoke(name)
    finally:
        svc.close()


def show_profile(client: Any, urls: dict[str, list[str]], kind: str, runs: int) -> None:
    paths = urls.get(kind)
    if not paths:
        print(f"  no page kind {kind!r}; there are: {', '.join(urls)}")
        return
    profiler = cProfile.Profile()
    run: Callable[[], None] = lambda: [client.get(paths[i % len(paths)])  # noqa: E731
                                       for i in range(runs)] and None
    profiler.runcall(run)
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ledger", default="demo,100000",
                        help="comma-separated: demo and/or a number of events")
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg", default=os.environ.get(
        "KIEZLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", help="SQLite: keep the databases in this folder")
    parser.add_argument("--reuse", help="SQLite: time the databases in this folder")
    parser.add_argument("--profile", help="page kind to profile, e.g. 'process page'")
    args = parser.parse_args()

    print(f"web pages on {args.store}, {date.today()}, Python {sys.version.split()[0]}")
    tmp = None
    folder = args.reuse or args.keep
    if folder is None and args.store == "sqlite":
        tmp = tempfile.TemporaryDirectory(prefix="kl-bench-pages-")
        folder = tmp.name
    try:
        for which in args.ledger.split(","):
            label = "demo" if which == "demo" else f"{int(which):,} events"
            goal = GOAL_MS["demo" if which == "demo" else "large"]
            if args.store == "postgres":
                url = pg_database(args.pg)
            else:
                Path(folder).mkdir(parents=True, exist_ok=True)
                url = f"sqlite:///{Path(folder).resolve()}/{which}.db"
            try:
                if not args.reuse:
                    t0 = time.perf_counter()
                    made = make_ledger(url, which)
                    print(f"{label}: built {made:,} events in {time.perf_counter() - t0:,.0f} s")
                measure(url, label, goal, args.runs, args.profile)
            finally:
                if args.store == "postgres":
                    pg_drop(args.pg, url)
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
