"""`python -m bench`: the city-scale figures of issue 11, each beside its same-run baseline.

    python -m bench [--quick] [--sizes 100000,1000000] [--stores sqlite,postgres]
                    [--only bench.city.trust,...] [--markdown FILE]

Builds a ledger per (store, size) through the application's batched saves (the generator of
bench/projections.py: neighbourhood processes of about 330 events each, then the second
round of later events), brings its read models up to date, then calls `measure(ctx)` of
every module in `bench.city.FIGURE_MODULES`. Prints one table: each figure, its baseline from
the same run, the ratio, the goal, whether it is met, and the load average (1 minute) before
and after the module measured it. `--quick`: 10^5 events only (under two minutes on an idle
machine). PostgreSQL: a database of its own on KIEZLEDGER_BENCH_PG or KIEZLEDGER_TEST_PG
(default postgresql://postgres@127.0.0.1:5432/postgres), dropped afterwards.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import signal
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.city import FIGURE_MODULES, Context, Ledgers, Row  # noqa: E402
from bench.city.support import admin_url, load  # noqa: E402


@contextmanager
def built(store: str, events: int, scratch: str) -> Iterator[Ledgers]:
    """A ledger of about `events` events on `store`, read models caught up; removed after."""
    from bench.projections import build_ledger, pg_database, pg_drop
    from projections import Database, ProjectionRunner
    from projections.registry import all_projections
    from store.ledger import open_ledger

    if store == "sqlite":
        folder = Path(scratch) / f"ledger-{events}"
        folder.mkdir()
        url = f"sqlite:///{folder}/kiezledger.db"
    else:
        found = pg_database(admin_url())
        if found is None:
            raise SystemExit("no PostgreSQL server answers (KIEZLEDGER_TEST_PG)")
        url = found
    try:
        t = time.perf_counter()
        app = open_ledger(url)
        db = Database.from_url(url)
        try:
            kinds = build_ledger(app, events)
            saved = time.perf_counter() - t
            runner = ProjectionRunner(app, db, all_projections(app))
            runner.setup()
            runner.catch_up()
            app.ballot_index.catch_up()  # as `kiezledger init` does before serving
            if store != "sqlite":
                # What autovacuum does on a default server (this machine's has it off): the
                # planner's statistics of the tables just filled.
                db.execute("ANALYZE")
            n = sum(kinds.values())
        finally:
            db.close()
            app.close()
        print(f"{store}: built {n:,} events in {saved:.0f} s (batched saves), read models "
              f"in {time.perf_counter() - t - saved:.0f} s; load {load():.1f}", flush=True)
        yield Ledgers(store=store, url=url, events=n, facts={"kinds": dict(kinds)})
    finally:
        if store != "sqlite":
            pg_drop(admin_url(), url)


def number(value: float | None) -> str:
    if value is None:
        return ""
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:.1f}" if abs(value) >= 10 else f"{value:.2f}"


HEADER = ("figure", "store", "events", "baseline (same run)", "value", "ratio", "goal",
          "met", "load")


def cells(row: Row, loads: str) -> tuple[str, ...]:
    baseline = f"{row.baseline_name}: {number(row.baseline)}" if row.baseline_name else ""
    met = {True: "yes", False: "**no**", None: "?"}[row.met]
    return (row.figure, row.store, f"{row.events:,}", baseline, f"{number(row.value)} {row.unit}",
            number(row.ratio), row.goal, met, loads)


def markdown(rows: list[tuple[Row, str]], conditions: list[str]) -> str:
    lines = [f"- {c}" for c in conditions] + ["", "| " + " | ".join(HEADER) + " |",
                                              "|" + " --- |" * len(HEADER)]
    lines += ["| " + " | ".join(cells(r, loads)) + " |" for r, loads in rows]
    notes = [(r, r.note) for r, _ in rows if r.note]
    if notes:
        lines += [""] + [f"- {r.figure} ({r.store}, {r.events:,}): {note}" for r, note in notes]
    return "\n".join(lines) + "\n"


def plain(rows: list[tuple[Row, str]]) -> str:
    table = [HEADER] + [cells(r, loads) for r, loads in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table]
    out += [f"  note: {r.figure} ({r.store}, {r.events:,}): {r.note}" for r, _ in rows if r.note]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10^5 events only")
    parser.add_argument("--sizes", default=None, help="events per ledger (default 10^5,10^6)")
    parser.add_argument("--stores", default="sqlite,postgres")
    parser.add_argument("--only", default=None, metavar="MODULE,...",
                        help="only these figure modules (default: bench.city.FIGURE_MODULES)")
    parser.add_argument("--markdown", metavar="FILE", help="also write the table as Markdown")
    args = parser.parse_args(argv)
    # Stopped with SIGTERM: unwind, so that the PostgreSQL databases are dropped.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    sizes = [int(s) for s in (args.sizes or ("100000" if args.quick else "100000,1000000"))
             .split(",")]
    modules = args.only.split(",") if args.only else list(FIGURE_MODULES)
    stores = args.stores.split(",")
    started = time.perf_counter()
    conditions = [
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, `python -m bench "
        + " ".join(argv if argv is not None else sys.argv[1:]) + "`",
        f"{os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average at the start {load():.2f}",
    ]
    print("\n".join(conditions), flush=True)
    results: list[tuple[Row, str]] = []
    with tempfile.TemporaryDirectory(prefix="kiezledger-city-") as scratch, ExitStack() as stack:
        ledgers = tuple(stack.enter_context(built(store, size, scratch))
                        for size in sizes for store in stores)
        ctx = Context(ledgers=ledgers, quick=args.quick, scratch=scratch)
        for name in modules:
            before = load()
            rows = importlib.import_module(name).measure(ctx)
            loads = f"{before:.1f}-{load():.1f}"
            results += [(row, loads) for row in rows]
            print(plain([(row, loads) for row in rows]), flush=True)
            if args.markdown:  # so far: a run cut short still leaves what it measured
                Path(args.markdown).write_text(markdown(results, conditions), encoding="utf-8")
    took = time.perf_counter() - started
    conditions.append(f"the whole run took {took:.0f} s; load average at the end {load():.2f}")
    print("\n" + plain(results) + f"\n\n{conditions[-1]}")
    if args.markdown:
        Path(args.markdown).write_text(markdown(results, conditions), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
