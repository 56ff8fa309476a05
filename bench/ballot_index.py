"""Does a worker keep the ballots it indexes? (issue 11: a serving worker <= 150 MB, flat in
the log's size)

    python bench/ballot_index.py [--events 100000] [--stores sqlite,postgres] [--votes 20]
                                 [--ballots 50] [--reads 60] [--pg URL]

On each store (a SQLite file in a temporary directory; PostgreSQL in a database of its own
at `--pg`, dropped afterwards) it builds a ledger of about `--events` events with the
generator of `bench/projections.py`, then opens `--votes` votes with `--ballots` ballots each
through the commands. Then:

- Memory, each in a fresh process (`--child`): the RSS after opening the ledger and after
  indexing every ballot of the log, (a) with the index in memory as before
  (`MemoryBallotStore`: what each worker kept), the baseline; (b) with the table, the first
  process over a store whose table is empty (it writes every row); (c) a second process,
  the table caught up.
- Time, in this process, old and new taking turns on the same requests: closing a vote
  (`Ledger.close_vote`, which counts its ballots) and reading a vote page (`GET
  /v1/votes/{id}` and `/ui/votes/{id}`, Flask's test client, read models in worker mode so
  that a read does not project), with the Ledger's index swapped between the in-memory one
  (caught up beforehand) and the table. Medians, and new/old as a ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.ballots import DAY, setting  # noqa: E402
from bench.projections import DEFAULT_PG, build_ledger, load, pg_database, pg_drop  # noqa: E402
from ledger.ballot_store import MemoryBallotStore  # noqa: E402
from ledger.commands.ballots import BallotIndex  # noqa: E402
from store.ledger import open_ledger  # noqa: E402


def status(field: str) -> float:
    """A field of /proc/self/status in MB (VmRSS, VmHWM)."""
    text = Path("/proc/self/status").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1)) / 1024


def child(kind: str, url: str, vote: str) -> dict[str, Any]:
    """In a fresh process: RSS before and after indexing every ballot of the log."""
    app = open_ledger(url, create_table=False)
    app.recorder.max_notification_id()
    index = app.ballot_index
    if kind == "memory":
        index = BallotIndex(app.recorder, app.mapper, MemoryBallotStore())
    before = status("VmRSS")
    start = time.perf_counter()
    found = index.ballots(uuid.UUID(vote))
    seconds = time.perf_counter() - start
    return {"before": before, "after": status("VmRSS"), "peak": status("VmHWM"),
            "seconds": seconds, "ballots": len(found.choices)}


def run_child(kind: str, url: str, vote: uuid.UUID) -> dict[str, Any]:
    done = subprocess.run([sys.executable, __file__, "--child", kind, url, str(vote)],
                          capture_output=True, text=True, check=True)
    answer: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return answer


def prepare(url: str, events: int, votes: int, ballots: int) -> tuple[list[uuid.UUID], int]:
    """The generated ledger and `votes` open votes of `ballots` ballots; (votes, log ballots)."""
    app = open_ledger(url)
    try:
        build_ledger(app, events)
        voters, new_vote = setting(app, ballots)
        opened = [new_vote() for _ in range(votes)]
        for i, vote in enumerate(opened):
            for j, voter in enumerate(voters):
                app.cast_ballot(vote, voter_id=voter, choice=("yes", "no", "abstain")[(i + j) % 3])
        cast = 0
        start = 1
        while page := app.recorder.select_notifications(start=start, limit=5000):
            cast += sum(1 for n in page if n.topic.endswith("Ballot.Cast"))
            start = page[-1].id + 1
        return opened, cast
    finally:
        app.close()


def timed(fn: Any) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def turns(url: str, votes: list[uuid.UUID], reads: int) -> dict[str, tuple[float, float]]:
    """Median ms (old, new) of a vote page over the API and the web, and of a close."""
    from api import create_app

    flask = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True,
                        "KIEZLEDGER_PROJECTIONS": "workers", "KIEZLEDGER_PROJECTIONS_WAIT": 0})
    svc = flask.extensions["kiezledger"]
    try:
        ledger = svc.ledger
        new = ledger.ballot_index
        old = BallotIndex(ledger.recorder, ledger.mapper, MemoryBallotStore())
        old.ballots(votes[0])  # caught up, as a worker's was after its first vote page
        new.ballots(votes[0])
        token = svc.tokens.create(f"bench-{uuid.uuid4().hex[:8]}", "admin")
        api = flask.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        web = flask.test_client()
        page = web.get("/ui/sign-in").text
        csrf = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
        assert web.post("/ui/sign-in", data={"token": token, "csrf_token": csrf}
                        ).status_code == 303
        times: dict[str, tuple[list[float], list[float]]] = {
            "vote page, API": ([], []), "vote page, web": ([], []), "closing a vote": ([], [])}

        def get(client: Any, path: str, **kw: Any) -> None:
            assert client.get(path, **kw).status_code == 200

        for i in range(reads):
            vote = votes[i % len(votes)]
            for side, index in ((0, old), (1, new)) if i % 2 else ((1, new), (0, old)):
                ledger.ballot_index = index
                times["vote page, API"][side].append(timed(
                    lambda v=vote: get(api, f"/v1/votes/{v}", headers=headers)))
                times["vote page, web"][side].append(timed(
                    lambda v=vote: get(web, f"/ui/votes/{v}")))
        for i, vote in enumerate(votes):
            side = i % 2
            ledger.ballot_index = (old, new)[side]
            times["closing a vote"][side].append(timed(
                lambda v=vote: ledger.close_vote(v, closed_on=DAY)))
        ledger.ballot_index = new
        return {k: (statistics.median(o), statistics.median(n)) for k, (o, n) in times.items()}
    finally:
        svc.close()


def run_store(label: str, url: str, args: argparse.Namespace) -> None:
    print(f"{label}: building about {args.events:,} events ({load()})", flush=True)
    start = time.perf_counter()
    votes, cast = prepare(url, args.events, args.votes, args.ballots)
    app = open_ledger(url, create_table=False)
    head = app.recorder.max_notification_id()
    app.close()
    print(f"  {head:,} events, {cast:,} ballot records, built in "
          f"{time.perf_counter() - start:.0f} s ({load()})", flush=True)
    for kind, what in (("memory", "in memory (before)"), ("table", "table, first process"),
                       ("table", "table, caught up")):
        r = run_child(kind, url, votes[0])
        print(f"  RSS {what}: {r['before']:.0f} -> {r['after']:.0f} MB "
              f"(+{r['after'] - r['before']:.1f}; peak {r['peak']:.0f}), indexing "
              f"{r['seconds']:.2f} s ({load()})", flush=True)
    for what, (old, new) in turns(url, votes, args.reads).items():
        print(f"  {what}: in memory {old:.2f} ms, table {new:.2f} ms (median), "
              f"table/memory {new / old:.2f} ({load()})", flush=True)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--votes", type=int, default=20)
    parser.add_argument("--ballots", type=int, default=50)
    parser.add_argument("--reads", type=int, default=60)
    parser.add_argument("--pg", default=os.environ.get("KIEZLEDGER_BENCH_PG", DEFAULT_PG))
    parser.add_argument("--child", nargs=3, metavar=("KIND", "URL", "VOTE"))
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    keys = tempfile.TemporaryDirectory()
    os.environ.setdefault("KIEZLEDGER_SIGNING_KEY_FILE", f"{keys.name}/signing-key.pem")
    for store in args.stores.split(","):
        if store == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                run_store("sqlite", f"sqlite:///{tmp}/ballots.db", args)
        elif store == "postgres":
            url = pg_database(args.pg)
            if url is None:
                continue
            try:
                run_store("postgres", url, args)
            finally:
                pg_drop(args.pg, url)


if __name__ == "__main__":
    main()
