"""HTTP writes/s with 4 clients against `kiezledger serve --workers 2`, beside eventsourcing's
`save()` of 1 event in the same run (issue 11: goal >= 0.6 of it).

The write is `POST /v1/gatherings` (loads the process, saves one event, brings the read
models up to it before answering). The load is locust (headless, 4 users, no wait), on the
same 2 cores as the server. The baseline saves one new aggregate per call from 4 threads of
one process on an empty store of the same kind.

    python -m bench.city.writes [--quick] [--stores sqlite,postgres] [--seconds 20]
                                [--profile FOLDER]   # py-spy of one worker meanwhile
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench.city import Context, Row
from bench.city.served import ROOT, load, scratch_url, served

CLIENTS = 4
GOAL = 0.6
SAVE_CPU_MS: dict[str, float] = {}  # url -> CPU ms per save() of the last baseline


def save_rate(url: str, seconds: float, threads: int = CLIENTS) -> float:
    """Events/s of `app.save()` of one new actor (one event) per call, from `threads`
    threads for `seconds`."""
    from ledger.domain.actors import Actor
    from store.ledger import open_ledger

    app = open_ledger(url)
    stop = time.monotonic() + seconds
    counts = [0] * threads

    def run(i: int) -> None:
        while time.monotonic() < stop:
            app.save(Actor.register(kind="initiative", name=f"Initiative {i}-{counts[i]}"))
            counts[i] += 1

    try:
        t, cpu = time.perf_counter(), time.process_time()
        workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        SAVE_CPU_MS[url] = (time.process_time() - cpu) * 1000 / max(1, sum(counts))
        return sum(counts) / (time.perf_counter() - t)
    finally:
        app.close()


def http_rate(url: str, seconds: float, profile: str | None = None) -> dict[str, float]:
    """Locust against `serve --workers 2` on `url`: writes/s, p50/p95 ms, failures."""
    import requests

    with served(url) as server, tempfile.TemporaryDirectory() as tmp:
        made = requests.post(server.base + "/v1/processes", headers=server.headers, json={
            "title": "Lasttest", "level": "kiez", "topics": [], "started_on": "2020-01-01",
            "goals": {}}, timeout=30)
        made.raise_for_status()
        env = {**os.environ, "KL_TOKEN": server.token, "KL_PROCESS": made.json()["id"]}
        spy = None
        if profile:
            Path(profile).mkdir(parents=True, exist_ok=True)
            target = Path(profile) / f"writes-{int(time.time())}.txt"  # collapsed stacks
            spy = subprocess.Popen([str(Path(sys.executable).with_name("py-spy")), "record",
                                    "--format", "raw", "-o", str(target), "-d",
                                    str(int(seconds)), "-p", str(server.worker_pids()[0])],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        prefix = f"{tmp}/writes"
        cpu = server.cpu_seconds()
        before = os.times()
        subprocess.run(
            [sys.executable, "-m", "locust", "-f", str(ROOT / "bench/city/locust_writes.py"),
             "--headless", "-u", str(CLIENTS), "-r", str(CLIENTS), "-t", f"{int(seconds)}s",
             "-H", server.base, "--csv", prefix, "--only-summary", "--loglevel", "ERROR"],
            cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        server_cpu = server.cpu_seconds() - cpu
        after = os.times()
        locust_cpu = (after.children_user + after.children_system
                      - before.children_user - before.children_system)
        if spy is not None:
            spy.wait(60)
        with open(prefix + "_stats.csv") as f:
            total = next(r for r in csv.DictReader(f) if r["Name"] == "Aggregated")
        rss = server.rss_mb()
    return {"rate": float(total["Requests/s"]), "p50": float(total["50%"]),
            "p95": float(total["95%"]), "failures": float(total["Failure Count"]),
            "requests": float(total["Request Count"]), "rss": max(rss, default=0.0),
            "server_cpu_ms": server_cpu * 1000 / max(1.0, float(total["Request Count"])),
            "locust_cpu_ms": locust_cpu * 1000 / max(1.0, float(total["Request Count"]))}


def measure(ctx: Context, seconds: float | None = None, profile: str | None = None) -> list[Row]:
    seconds = seconds or (10 if ctx.quick else 20)
    rows = []
    for store in sorted({ledger.store for ledger in ctx.ledgers}):
        events = max(ledger.events for ledger in ctx.ledgers if ledger.store == store)
        with scratch_url(store, ctx.scratch) as url:
            before = load()
            baseline = save_rate(url, seconds / 2)
            got = http_rate(url, seconds, profile)
            after = load()
        ratio = got["rate"] / baseline if baseline else 0.0
        rows.append(Row(
            figure=f"HTTP writes/s, {CLIENTS} clients, serve --workers 2",
            store=store, events=events, baseline_name="eventsourcing save() of 1 event",
            baseline=baseline, value=got["rate"], unit="writes/s",
            goal=f">= {GOAL} of save()", met=ratio >= GOAL and not got["failures"],
            note=(f"POST /v1/gatherings by locust; p50 {got['p50']:.0f} ms, p95 "
                  f"{got['p95']:.0f} ms, {got['failures']:.0f} failed of "
                  f"{got['requests']:.0f}; CPU per write: server {got['server_cpu_ms']:.1f} "
                  f"ms, locust {got['locust_cpu_ms']:.1f} ms (save(): "
                  f"{SAVE_CPU_MS.get(url, 0):.2f} ms); worker RSS {got['rss']:.0f} MB; "
                  f"load {before:.1f} -> {after:.1f}")))
    return rows


def standalone(measure_fn, argv: list[str] | None = None, **extra: object) -> None:
    """`python -m bench.city.<module>`: the module's rows on small ledgers of its own."""
    from bench.city import Ledgers

    p = argparse.ArgumentParser()
    p.add_argument("--quick", action="store_true")
    p.add_argument("--stores", default="sqlite,postgres")
    p.add_argument("--json", action="store_true", help="print the rows as JSON lines")
    args, rest = p.parse_known_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        ctx = Context(tuple(Ledgers(store=s, url="", events=0) for s in args.stores.split(",")),
                      quick=args.quick, scratch=scratch)
        if rest:
            p.error(f"unknown arguments: {rest}")
        for row in measure_fn(ctx, **extra):
            if args.json:
                print(json.dumps(row.__dict__), flush=True)
                continue
            ratio = f"{row.ratio:.2f}" if row.ratio is not None else "-"
            base = f"{row.baseline:,.1f}" if row.baseline is not None else "-"
            print(f"{row.figure} [{row.store}]: {row.value:,.1f} {row.unit} | baseline "
                  f"{row.baseline_name} {base} | ratio {ratio} | goal {row.goal} | "
                  f"met {row.met} | {row.note}", flush=True)


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--seconds", type=float, default=None)
    p.add_argument("--profile", default=None)
    args, rest = p.parse_known_args(argv)
    standalone(measure, rest, seconds=args.seconds, profile=args.profile)


if __name__ == "__main__":
    main(sys.argv[1:])
