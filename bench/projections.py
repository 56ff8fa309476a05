"""How fast do all read models catch up? A full rebuild over a generated ledger.

    python bench/projections.py [--events 200000] [--stores sqlite,postgres] [--repeat 3]
                                [--workers 1,2] [--no-breakdown] [--baseline 2000]

Builds a ledger of about N events on each store (SQLite in a temporary file; PostgreSQL at
`--pg` if it answers, in a database of its own that is dropped afterwards), then rebuilds
every read model (`projections.registry.all_projections`) `--repeat` times: in one process
(`ProjectionRunner.rebuild()`) and, for each other N of `--workers`, in groups of read models
over N processes (`projections.parallel.rebuild`, process start included). It prints
events/s wall-clock and per CPU-second (of this process and its workers; on PostgreSQL the
server's CPU is not counted), the ratio to the library's one-event-per-transaction runner
(~600 events/s here) and to the goal of 40,000 events/s, and the load average (the machine
is shared: compare runs under similar load). `--baseline N` (default 2000) first applies the
first N events one per transaction with the same projections, for a ratio measured under
the same conditions. Unless `--no-breakdown`, it then times reading and decoding the log
alone, and each projection alone (in one process), to show where the time goes: the
difference to reading alone is about what `Projection.cost` should say.

The ledger is made of neighbourhood processes built directly from the domain aggregates
(their methods check the same invariants as the commands) and saved many at once, then a
second round of later events (commitments fulfilled or withdrawn, cooperations ended,
disbursements) on records from much earlier in the log, as years of use would leave it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from collections import Counter
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
from projections import Database, Projection, ProjectionRunner, parallel  # noqa: E402
from projections.registry import all_projections  # noqa: E402
from projections.runner import BATCH_SIZE  # noqa: E402
from store.ledger import open_ledger  # noqa: E402

LIBRARY_RUNNER = 600.0  # events/s of eventsourcing's ProjectionRunner here (EVENTSOURCING-NOTES)
GOAL = 40_000.0  # events/s for all read models together (issue 3)
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
SAVE_CHUNK = 3000  # events per app.save call


# --- a generated ledger ---------------------------------------------------------------------


class Generator(History):
    """Neighbourhood processes with everything the read models look at."""

    def __init__(self, seed: int = 7) -> None:
        super().__init__(seed, first_disbursement=Decimal("10000.00"),
                         disbursement=Decimal("20000.00"), fulfil_days=(-20, 40),
                         withdraw_chance=0.1, clause_id_first=True)

    def actors(self, n: int) -> list[Actor]:
        kinds = ("person", "initiative", "association", "administration", "business", "school")
        return [
            Actor(kind=self.rng.choice(kinds), name=f"Akteur:in {i}", district="Neukölln",
                  kiez="Reuterkiez", contact=None)
            for i in range(n)
        ]

    def process(self, actors: list[Actor], start: date) -> list[Any]:
        """One process over about four years: roughly 330 events."""
        rng = self.rng
        ids = [a.id for a in actors]
        day = start
        made: list[Any] = []

        def later(days: int) -> date:
            nonlocal day
            day = day + timedelta(days=days)
            return day

        process = Process(title=f"Beteiligungsprozess {start.year}-{rng.randrange(1000)}",
                          level="kiez", area="Reuterkiez", topics=["Verkehr", "Grün"],
                          started_on=day, goals={"open_assemblies_per_year": 2})
        members = rng.sample(ids, 10)
        for i, actor_id in enumerate(members):
            process.add_participant(actor_id, "member" if i else "coordinator", later(3))
        for name in ("Auftakt", "Werkstatt", "Umsetzung"):
            process.start_phase(name, later(30))
        charter = Charter(process_id=process.id, title="Kiez-Charta", established_on=later(5))
        made += [process, charter]
        for g in range(12):
            gathering = Gathering(process_id=process.id, format=rng.choice(
                ("open_assembly", "future_workshop", "summit", "action")),
                title=f"Versammlung {g + 1}", held_on=later(60), place="Nachbarschaftshaus",
                attendance=rng.randrange(10, 120))
            made.append(gathering)
            for _ in range(2):
                made += self.decision(process, charter, gathering, members)
            for _ in range(2):
                made.append(self.commitment(process, gathering, members, day,
                                            "Erste Pflanzungen"))
        for _ in range(6):
            a, b = rng.sample(ids, 2)
            cooperation = Cooperation(actor_ids=[a, b], kind=rng.choice(
                ("partnership", "membership", "joint_action")), started_on=later(20),
                process_id=process.id if rng.random() < 0.8 else None)
            made.append(cooperation)
            self.later.append(cooperation)
        made.append(self.funding(rng.choice(ids), members[0], process, start))
        if rng.random() < 0.5:
            process.conclude(later(30), "Abgeschlossen mit Bericht")
        return made


def pending(records: list[Any]) -> int:
    return sum(len(r.pending_events) for r in records)


def save_all(app: Ledger, records: list[Any]) -> None:
    chunk: list[Any] = []
    size = 0
    for record in records:
        n = len(record.pending_events)
        if not n:
            continue
        chunk.append(record)
        size += n
        if size >= SAVE_CHUNK:
            app.save(*chunk)
            chunk, size = [], 0
    if chunk:
        app.save(*chunk)


def build_ledger(app: Ledger, events: int, seed: int = 7) -> Counter:
    """Save about `events` events; returns the count per event type."""
    gen = Generator(seed)
    actors = gen.actors(max(50, events // 1000))
    save_all(app, actors)
    total = len(actors)
    start = date(2015, 1, 5)
    while total + len(gen.later) < events:  # the second round adds about one per record
        records = gen.process(actors, start + timedelta(days=gen.rng.randrange(0, 3000)))
        total += pending(records)
        save_all(app, records)
    save_all(app, gen.second_round())
    kinds: Counter = Counter()
    start_id = 1
    while notifications := app.recorder.select_notifications(start=start_id, limit=5000):
        for n in notifications:
            kinds[n.topic.rsplit(":", 1)[1]] += 1
        start_id = notifications[-1].id + 1
    return kinds


# --- stores ---------------------------------------------------------------------------------


def pg_database(admin_url: str) -> str | None:
    """Create a database of our own; None if no server answers."""
    import psycopg

    try:
        with psycopg.connect(admin_url, autocommit=True, connect_timeout=3) as conn:
            name = "kl_bench_" + uuid.uuid4().hex[:12]
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.Error as exc:
        print(f"postgres: skipped ({str(exc).strip().splitlines()[0]})")
        return None
    return urlunsplit(urlsplit(admin_url)._replace(path="/" + name))


def pg_drop(admin_url: str, url: str) -> None:
    import psycopg

    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class ReadOnly(Projection):
    """Wants no event: what reading the log (and tracking) costs on its own."""

    name = "read_only"
    handles = frozenset()

    def clear(self, cur: Any) -> None:
        pass

    def apply(self, cur: Any, event: Any, position: int) -> None:
        pass


class Decoded(Projection):
    """Applies nothing but wants every event: reading and decoding the whole log."""

    name = "decode_only"

    def clear(self, cur: Any) -> None:
        pass

    def apply(self, cur: Any, event: Any, position: int) -> None:
        pass


def cpu_seconds() -> float:
    """CPU seconds of this process and of its finished children (parallel workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_rebuild(
    app: Ledger, db: Database, projections: list[Projection],
) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds of a full rebuild in this process."""
    runner = ProjectionRunner(app, db, projections)
    runner.setup()
    wall, cpu = time.perf_counter(), cpu_seconds()
    runner.rebuild()
    return time.perf_counter() - wall, cpu_seconds() - cpu


def rates(n: int, wall: float, cpu: float) -> str:
    return (f"{n / wall:,.0f} events/s wall-clock ({wall:.2f} s), "
            f"{n / cpu:,.0f} events per CPU-second ({cpu:.2f} s)")


def load() -> str:
    return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def timed_parallel_rebuild(url: str, workers: int) -> tuple[float, float]:
    """Wall-clock seconds and CPU seconds (this process and its workers) of a full rebuild
    by projections.parallel: groups of read models in `workers` processes."""
    wall, cpu = time.perf_counter(), cpu_seconds()
    parallel.rebuild(url, sorted(p.name for p in all_projections(None) if p.name not in WITHOUT)
                     if WITHOUT else None, workers=workers)
    return time.perf_counter() - wall, cpu_seconds() - cpu


# Read models left out of the rebuilds (`--without`): to compare like with like against a
# release that did not have them yet.
WITHOUT: set[str] = set()


def chosen(app: Ledger) -> list[Projection]:
    return [p for p in all_projections(app) if p.name not in WITHOUT]


def run_store(label: str, url: str, events: int, breakdown: bool, baseline: int,
              repeat: int, workers: list[int]) -> None:
    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        t0 = time.perf_counter()
        kinds = build_ledger(app, events)
        n = sum(kinds.values())
        print(f"{label}: built {n} events in {time.perf_counter() - t0:.1f} s "
              f"({len(kinds)} event types; most common: "
              + ", ".join(f"{k} {v}" for k, v in kinds.most_common(4)) + ")")
        names = [p.name for p in chosen(app)]
        one_by_one = 0.0
        if baseline:
            # The same projections, one event per transaction (as the library's runner
            # applies them), under the same conditions: the fairest ratio on a busy machine.
            until = app.recorder.select_notifications(start=1, limit=baseline)[-1].id
            runner = ProjectionRunner(app, db, chosen(app))
            runner.setup()
            wall = time.perf_counter()
            runner.catch_up(until=until, batch_size=1)
            wall = time.perf_counter() - wall
            one_by_one = baseline / wall
            print(f"{label}: one event per transaction, first {baseline} events: "
                  f"{one_by_one:,.0f} events/s wall-clock ({load()})")
        print(f"{label}: all {len(names)} read models: {', '.join(names)}")
        for w in workers:
            how = ("one process" if w == 1 else
                   f"{w} processes: " + " | ".join(
                       ", ".join(g) for g in parallel.groups(chosen(app), w)))
            best = 0.0
            for i in range(repeat):
                before = load()
                if w == 1:
                    wall, cpu = timed_rebuild(app, db, chosen(app))
                else:
                    wall, cpu = timed_parallel_rebuild(url, w)
                best = max(best, n / wall)
                print(f"{label}: rebuild #{i + 1}, {how}: {n} events, {rates(n, wall, cpu)}; "
                      f"{n / wall / LIBRARY_RUNNER:.0f}x the library runner's "
                      f"{LIBRARY_RUNNER:.0f}/s, {n / wall / GOAL:.2f} of the {GOAL:,.0f}/s "
                      f"goal ({before} before, {load()} after)")
            print(f"{label}: best of {repeat}, {how}: {best:,.0f} events/s wall-clock, "
                  f"{best / GOAL:.2f} of the goal"
                  + (f", {best / one_by_one:.0f}x one event per transaction measured here"
                     if one_by_one else ""))
        if breakdown:
            wall, cpu = timed_rebuild(app, db, [ReadOnly()])
            base = cpu / n * 1e6
            print(f"{label}:   reading the log alone: {rates(n, wall, cpu)}; "
                  f"{base:.1f} us CPU per event")
            wall, cpu = timed_rebuild(app, db, [Decoded()])
            print(f"{label}:   reading and decoding every event: {rates(n, wall, cpu)}; "
                  f"{cpu / n * 1e6:.1f} us CPU per event")
            for projection in chosen(app):
                wall, cpu = timed_rebuild(app, db, [projection])
                print(f"{label}:   {projection.name} alone (with reading): "
                      f"{rates(n, wall, cpu)}; "
                      f"+{cpu / n * 1e6 - base:.1f} us CPU per event over reading alone "
                      f"(decoding what it wants included; its cost: {projection.cost})")
        print(f"{label}: counts: " + ", ".join(
            f"{table} {db.fetchone(f'SELECT COUNT(*) FROM {table}')[0]}"
            for table in ("catalog_events", "timeline_entries", "charter_versions",
                          "network_edges", "commitments_board", "facts_participation",
                          "integrity_chain")))
    finally:
        db.close()
        app.close()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--pg", default=os.environ.get("KIEZLEDGER_BENCH_PG", DEFAULT_PG))
    parser.add_argument("--no-breakdown", dest="breakdown", action="store_false",
                        help="skip timing reading alone and each projection alone")
    parser.add_argument("--repeat", type=int, default=3, metavar="N",
                        help="rebuild all projections N times (the machine may be busy)")
    parser.add_argument("--workers", default="1,2", metavar="N,M",
                        help="rebuild in 1 process and in groups over N processes "
                             "(projections.parallel); default 1,2")
    parser.add_argument("--baseline", type=int, default=2000, metavar="N",
                        help="also apply the first N events one per transaction (0: skip)")
    parser.add_argument("--without", default="", metavar="NAME,...",
                        help="leave these read models out (to compare with a release that "
                             "did not have them)")
    args = parser.parse_args(argv)
    WITHOUT.update(n for n in args.without.split(",") if n)
    workers = [int(w) for w in args.workers.split(",")]
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; "
          f"batch size {BATCH_SIZE:,} (the runner's default); {load()}")
    stores = args.stores.split(",")
    if "sqlite" in stores:
        with tempfile.TemporaryDirectory(prefix="kiezledger-bench-") as tmp:
            run_store("sqlite", f"sqlite:///{tmp}/bench.db", args.events, args.breakdown,
                      args.baseline, args.repeat, workers)
    if "postgres" in stores:
        url = pg_database(args.pg)
        if url is not None:
            try:
                run_store("postgres", url, args.events, args.breakdown, args.baseline,
                          args.repeat, workers)
            finally:
                pg_drop(args.pg, url)


if __name__ == "__main__":
    main()
