"""How fast is the JSON funding report over a ledger of a million events? (issue 4: < 500 ms)

    python bench/reports.py [--events 1000000] [--funded 60] [--runs 20] [--store sqlite]
                            [--keep PATH] [--reuse PATH] [--pg URL]

Builds a ledger of about N real events (SQLite file by default; `--store postgres` makes a
database of its own at `--pg` and drops it afterwards), catches up the `facts` projection
(the reports' read model) with the ordinary projection runner, then times
`produce(db, "funding", funder, from, to, fmt="json")` - query and JSON rendering - `--runs`
times after one warm-up and prints the median, the spread and the ratio to the 500 ms goal.

The ledger is written as events, not as read-model rows: participation processes built
directly from the domain aggregates (whose methods check the same invariants as the
commands) and saved a few thousand events per `app.save(...)` call. Each process runs about
four years: participants, a charter, a dozen gatherings with proposals, amendments, votes
with a ballot per member, clause changes, commitments with progress reports, fulfilled or
withdrawn later, cooperations and a funding with yearly disbursements. One foundation funds
`--funded` of the processes (the report's subject); other funders fund the rest.

`--keep PATH` keeps the SQLite file; `--reuse PATH` times an existing one without building.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.history import History  # noqa: E402
from ledger.application import Ledger  # noqa: E402
from ledger.domain.actors import Actor, Cooperation  # noqa: E402
from ledger.domain.charters import Charter  # noqa: E402
from ledger.domain.processes import Gathering, Process  # noqa: E402
from projections.facts import FactsProjection  # noqa: E402
from projections.runner import ProjectionRunner  # noqa: E402
from queries.reports import produce  # noqa: E402
from store.ledger import open_ledger  # noqa: E402
from store.sql import Database  # noqa: E402

GOAL_MS = 500.0
SAVE_CHUNK = 4000  # events per app.save call
PERIOD = (date(2018, 1, 1), date(2022, 12, 31))
FUNDER_NAME = "Stiftung Nachbarschaft (Benchmark)"


class Neighbourhood(History):
    """Generates processes; remembers what gets a second round of events years later."""

    def __init__(self, seed: int, actors: int) -> None:
        super().__init__(seed, first_disbursement=Decimal("22500.00"),
                         disbursement=Decimal("22500.00"), fulfil_days=(-20, 60))
        kinds = ("person", "person", "person", "initiative", "association", "administration",
                 "business", "school")
        self.actors = [Actor(kind=self.rng.choice(kinds), name=f"Akteur:in {i}",
                             district="Friedrichshain-Kreuzberg", kiez="Wrangelkiez",
                             contact=None) for i in range(actors)]
        self.funder = Actor(kind="funder", name=FUNDER_NAME, district=None, kiez=None,
                            contact=None)
        self.other_funders = [Actor(kind="funder", name=f"Förderer {i}", district=None,
                                    kiez=None, contact=None) for i in range(5)]

    def founding_records(self) -> list[Any]:
        return [*self.actors, self.funder, *self.other_funders]

    def process(self, start: date, funder: Actor) -> list[Any]:
        rng = self.rng
        day = start

        def after(days: int) -> date:
            nonlocal day
            day = day + timedelta(days=days)
            return day

        process = Process(title=f"Beteiligungsprozess {start.isoformat()}", level="kiez",
                          area="Wrangelkiez", topics=["Grün", "Verkehr"], started_on=start,
                          goals={"open_assemblies_per_year": 2})
        members = [a.id for a in rng.sample(self.actors, rng.randrange(10, 21))]
        for i, actor_id in enumerate(members):
            process.add_participant(actor_id, "Koordination" if i == 0 else "Mitglied",
                                    after(rng.randrange(1, 8)))
        charter = Charter(process_id=process.id, title="Kiez-Charta", established_on=after(5))
        made: list[Any] = [process, charter]
        for g in range(12):
            gathering = Gathering(
                process_id=process.id,
                format="open_assembly" if rng.random() < 0.6 else rng.choice(
                    ("future_workshop", "summit", "action", "training")),
                title=f"Versammlung {g + 1}", held_on=after(rng.randrange(90, 150)),
                place="Nachbarschaftshaus", attendance=rng.randrange(8, 150))
            made.append(gathering)
            for _ in range(2):
                made += self.decision(process, charter, gathering, members)
            for _ in range(2):
                made.append(self.commitment(process, gathering, members, day, "Erste Schritte"))
        for _ in range(6):
            a, b = rng.sample(members, 2)
            cooperation = Cooperation(
                actor_ids=[a, b], kind=rng.choice(("partnership", "membership", "joint_action")),
                started_on=start + timedelta(days=rng.randrange(0, 1400)), process_id=process.id)
            made.append(cooperation)
            self.later.append(cooperation)
        made.append(self.funding(funder.id, members[0], process, start))
        return made


def save_all(app: Ledger, records: list[Any]) -> int:
    chunk: list[Any] = []
    size = saved = 0
    for record in records:
        n = len(record.pending_events)
        if not n:
            continue
        chunk.append(record)
        size += n
        if size >= SAVE_CHUNK:
            app.save(*chunk)
            saved += size
            chunk, size = [], 0
    if chunk:
        app.save(*chunk)
        saved += size
    return saved


def build(app: Ledger, events: int, funded: int, seed: int = 4) -> tuple[uuid.UUID, int]:
    """About `events` events; returns the benchmark funder's id and the events saved."""
    hood = Neighbourhood(seed, actors=max(100, events // 500))
    total = save_all(app, hood.founding_records())
    # A process is about 720 events, and its second round about 60 more: spread the
    # benchmark funder's processes evenly over the expected number of processes.
    stride = max(1, round((events - total) / 780 / funded))
    started = time.perf_counter()
    i = funded_so_far = 0
    while total < events * 0.95 or funded_so_far < funded:
        start = date(2014, 1, 1) + timedelta(days=hood.rng.randrange(0, 365 * 9))
        ours = i % stride == 0 and funded_so_far < funded
        funded_so_far += ours
        total += save_all(app, hood.process(start, hood.funder if ours else
                                            hood.rng.choice(hood.other_funders)))
        i += 1
        if i % 100 == 0:
            rate = total / (time.perf_counter() - started)
            print(f"  {total:>9,} events ({rate:,.0f}/s)", flush=True)
    total += save_all(app, hood.second_round())
    while total < events:  # top up with recent processes (no second round yet)
        start = date(2022, 1, 1) + timedelta(days=hood.rng.randrange(0, 365))
        total += save_all(app, hood.process(start, hood.rng.choice(hood.other_funders)))
    return hood.funder.id, total


# --- stores ---------------------------------------------------------------------------------


def pg_database(admin_url: str) -> str:
    import psycopg

    name = "kl_bench_reports_" + uuid.uuid4().hex[:10]
    with psycopg.connect(admin_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(urlsplit(admin_url)._replace(path="/" + name))


def pg_drop(admin_url: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def find_funder(db: Database) -> str:
    row = db.fetchone("SELECT actor_id FROM facts_actors WHERE name = %s", (FUNDER_NAME,))
    if row is None:
        raise SystemExit("no benchmark funder in this database")
    return row[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--funded", type=int, default=60,
                        help="processes funded by the report's funder")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--store", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--pg", default=os.environ.get(
        "KIEZLEDGER_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--keep", help="SQLite: keep the database at this path")
    parser.add_argument("--reuse", help="SQLite: time this existing database, build nothing")
    args = parser.parse_args()

    tmp = None
    if args.store == "postgres":
        url = pg_database(args.pg)
    elif args.reuse or args.keep:
        url = f"sqlite:///{Path(args.reuse or args.keep).resolve()}"
    else:
        tmp = tempfile.TemporaryDirectory(prefix="kl-bench-reports-")
        url = f"sqlite:///{tmp.name}/ledger.db"
    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        if not args.reuse:
            print(f"building a ledger of about {args.events:,} events on {args.store} ...")
            t0 = time.perf_counter()
            build(app, args.events, args.funded)
            print(f"  built in {time.perf_counter() - t0:,.0f} s")
        head = app.recorder.max_notification_id() or 0
        print(f"ledger: {head:,} events")

        runner = ProjectionRunner(app, db, [FactsProjection()])
        t0 = time.perf_counter()
        runner.catch_up(batch_size=5000)
        took = time.perf_counter() - t0
        if not args.reuse:
            print(f"facts projection caught up in {took:,.1f} s ({head / took:,.0f} events/s)")
        funder = find_funder(db)
        rows = {t: db.fetchone(f"SELECT COUNT(*) FROM {t}")[0] for t in (
            "facts_fundings", "facts_gatherings", "facts_votes", "facts_commitments",
            "facts_participation")}
        print("facts rows: " + ", ".join(f"{t[6:]} {n:,}" for t, n in rows.items()))

        def once() -> tuple[float, bytes]:
            t = time.perf_counter()
            body, _ = produce(db, "funding", funder, *PERIOD, fmt="json")
            return (time.perf_counter() - t) * 1000, body

        _, body = once()  # warm-up: connections, statement caches
        import json

        report = json.loads(body)
        times = [once()[0] for _ in range(args.runs)]
        median = statistics.median(times)
        print(f"funding report: {len(report['fundings'])} fundings of {args.funded} processes, "
              f"period {PERIOD[0]} to {PERIOD[1]}, {len(body):,} bytes of JSON")
        print(f"JSON funding report over {head:,} events ({args.store}): median {median:.1f} ms "
              f"of {args.runs} runs (min {min(times):.1f}, max {max(times):.1f}); "
              f"{median / GOAL_MS:.3f} of the {GOAL_MS:.0f} ms goal "
              f"({GOAL_MS / median:.1f}x headroom)")
    finally:
        db.close()
        app.close()
        if args.store == "postgres":
            pg_drop(args.pg, url)
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
