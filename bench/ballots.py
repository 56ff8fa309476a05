"""Does a ballot cost the same on the 3,000th as on the first? (issue 10, item 14)

    python bench/ballots.py [--ballots 3000] [--window 100] [--stores sqlite,postgres]
                            [--pg URL] [--no-baseline] [--http]

On each store (a SQLite file in a temporary directory; PostgreSQL in a database of its own at
`--pg`, dropped afterwards) it opens one vote and casts `--ballots` ballots of distinct voters
one after another through `Ledger.cast_ballot`, the command behind
`POST /v1/votes/{id}/ballots`, and times each. It prints the median latency of the first
`--window` ballots and of the last `--window`, and their ratio late/early (the goal: about
1.0), then the time to close the vote (which counts every ballot). With `--http`, the same
on another vote through `POST /v1/votes/{id}/ballots` (Flask's test client), whose answer
carries every ballot so far.

The baseline, in the same run and store, is the design before: each ballot an event of its
vote, so that casting reads the whole vote and appends to it (`old_cast` below does what
`cast_ballot` did then: the vote read, the same checks, the event appended to the vote).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.projections import DEFAULT_PG, load, pg_database, pg_drop  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.domain.actors import Actor  # noqa: E402
from ledger.domain.votes import Vote  # noqa: E402
from store.ledger import open_ledger  # noqa: E402

DAY = date(2024, 5, 14)
CHOICES = ("yes", "no", "abstain")


def setting(app: Ledger, voters: int) -> tuple[list[uuid.UUID], Callable[[], uuid.UUID]]:
    """`voters` actors in a process with a gathering and a proposal; a function that opens
    another vote on a fresh proposal there."""
    process = app.start_process(title="Reuterkiez", level="kiez", started_on=date(2024, 1, 1))
    process_id = process.record.id
    gathering = app.record_gathering(process_id=process_id, format="open_assembly",
                                     title="Versammlung", held_on=DAY).record.id
    actors = [Actor(kind="person", name=f"Nachbar:in {i}", district="Neukölln",
                    kiez="Reuterkiez", contact=None) for i in range(voters)]
    for start in range(0, len(actors), 500):
        app.save(*actors[start:start + 500])

    def vote() -> uuid.UUID:
        proposal = app.submit_proposal(process_id=process_id, title="Mehr Grün", text="t",
                                       author_ids=[actors[0].id], submitted_on=DAY).record.id
        return app.open_vote(subject_type="proposal", subject_id=proposal,
                             gathering_id=gathering, method="simple_majority",
                             opened_on=DAY).record.id

    return [a.id for a in actors], vote


def old_cast(app: Ledger, vote_id: uuid.UUID, *, voter_id: uuid.UUID, choice: str) -> None:
    """The ballot as release 0.1.0 recorded it: an event appended to its vote."""
    vote = app.find(Vote, vote_id)
    app.check_open_on(vote.process_id, vote.opened_on, "opened_on")
    app.find(Actor, voter_id, field="voter_id")
    vote.check_takes_ballot(voter_id)
    vote._cast(voter_id, choice, vote.opened_on)
    app.save(vote)


def timed_casts(cast: Callable[..., object], vote: uuid.UUID,
                voters: list[uuid.UUID]) -> list[float]:
    seconds = []
    for i, voter in enumerate(voters):
        start = time.perf_counter()
        cast(vote, voter_id=voter, choice=CHOICES[i % 3])
        seconds.append(time.perf_counter() - start)
    return seconds


def report(label: str, seconds: list[float], window: int) -> None:
    early = statistics.median(seconds[:window]) * 1000
    late = statistics.median(seconds[-window:]) * 1000
    n = len(seconds)
    print(f"  {label}: ballots 1-{window} median {early:.2f} ms, "
          f"{n - window + 1}-{n} median {late:.2f} ms, late/early {late / early:.2f}")


def http_casts(url: str, vote: uuid.UUID, voters: list[uuid.UUID]) -> list[float]:
    """The same through the HTTP API (Flask's test client, read models in process): each
    answer is the vote with every ballot so far, as the API contract has it."""
    from api import create_app
    from api.services import current

    flask = create_app({"KIEZLEDGER_DATABASE_URL": url, "TESTING": True})
    try:
        with flask.app_context():
            token = current().tokens.create("bench", "admin")
            current().refresh()  # the read models catch up with what was written before
        client = flask.test_client()
        headers = {"Authorization": f"Bearer {token}"}
        assert client.get(f"/v1/votes/{vote}", headers=headers).status_code == 200
        seconds = []
        for i, voter in enumerate(voters):
            start = time.perf_counter()
            answer = client.post(f"/v1/votes/{vote}/ballots", headers=headers,
                                 json={"voter_id": str(voter), "choice": CHOICES[i % 3]})
            seconds.append(time.perf_counter() - start)
            assert answer.status_code == 200, answer.text
        return seconds
    finally:
        flask.extensions["kiezledger"].close()


def run_store(label: str, url: str, ballots: int, window: int, baseline: bool,
              http: bool) -> None:
    app = open_ledger(url)
    try:
        voters, new_vote = setting(app, ballots)
        print(f"{label} ({load()})")
        vote = new_vote()
        report("ballot records (now)", timed_casts(app.cast_ballot, vote, voters), window)
        start = time.perf_counter()
        result = app.close_vote(vote, closed_on=DAY).record.result
        assert result is not None and sum(result[c] for c in CHOICES) == ballots
        print(f"  closing the vote, counting {ballots} ballots: "
              f"{(time.perf_counter() - start) * 1000:.0f} ms")
        if http:
            report("ballot records over HTTP", http_casts(url, new_vote(), voters), window)
        if baseline:
            vote = new_vote()
            casts = timed_casts(lambda *a, **k: old_cast(app, *a, **k), vote, voters)
            report("events of the vote (before)", casts, window)
        print(f"  ({load()})")
    finally:
        app.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ballots", type=int, default=3000)
    parser.add_argument("--window", type=int, default=100)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--pg", default=os.environ.get("KIEZLEDGER_BENCH_PG", DEFAULT_PG))
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--http", action="store_true",
                        help="also cast through the HTTP API (POST /v1/votes/{id}/ballots)")
    args = parser.parse_args(argv)
    for store in args.stores.split(","):
        if store == "sqlite":
            with tempfile.TemporaryDirectory() as tmp:
                run_store("sqlite", f"sqlite:///{tmp}/ballots.db", args.ballots, args.window,
                          args.baseline, args.http)
        elif store == "postgres":
            url = pg_database(args.pg)
            if url is None:
                continue
            try:
                run_store("postgres", url, args.ballots, args.window, args.baseline,
                          args.http)
            finally:
                pg_drop(args.pg, url)


if __name__ == "__main__":
    main()
