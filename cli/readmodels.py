"""`kiezledger project` and `kiezledger rebuild`: the read models outside the web process.

    kiezledger project [--only NAME ...] [--poll-interval S]
        follow the log and keep the read models up to date until SIGTERM or SIGINT
        (LISTEN/NOTIFY on PostgreSQL, polling on SQLite); run it beside `serve` with
        KIEZLEDGER_PROJECTIONS=workers (or `serve --projections workers`)
    kiezledger rebuild --all | NAME [NAME ...] [--workers N] [--batch-size N] [--quiet]
        clear the read models named and apply the whole log again, with a progress bar
    kiezledger rebuild --list
        every read model with its version and position, and the head of the log

Every read model keeps its position in `projection_tracking`, advanced in the same
transaction as its rows: a worker stopped at any moment (even SIGKILL in the middle of a
batch) resumes where its last committed batch ended, and several workers, web processes or
rebuilds on one database never apply an event twice. Workers scale by read model:
`kiezledger project --only timeline` in one process, `--only network --only charter` in
another.
"""

from __future__ import annotations

import argparse
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cli.common import CommandError, redact
from cli.progress import progress_bar
from cli.stores import init_stores
from projections.runner import BATCH_SIZE

logger = logging.getLogger("kiezledger.projections")


def refuse_memory(url: str) -> None:
    if url.split(":", 1)[0] == "memory":
        raise CommandError("memory:// lives inside one process: there is nothing to "
                             "project or rebuild from outside it")


@contextmanager
def opened(url: str) -> Iterator[tuple[Any, Any, list[Any]]]:
    """The ledger, the read-side database and fresh instances of every read model."""
    from projections.registry import all_projections
    from store.ledger import open_ledger
    from store.sql import Database

    refuse_memory(url)
    ledger = open_ledger(url, create_table=False)
    db = Database.from_url(url)
    try:
        yield ledger, db, all_projections(ledger)
    finally:
        db.close()
        ledger.close()


def chosen(projections: list[Any], names: list[str] | None, flag: str) -> list[Any]:
    """The projections named (all if None), in registry order; unknown names refused."""
    if names is None:
        return projections
    known = [p.name for p in projections]
    unknown = [n for n in names if n not in known]
    if unknown:
        where = f"{flag}: " if flag else ""  # no flag: the names are the command's own
        raise CommandError(f"{where}unknown read model {', '.join(unknown)} "
                           f"(known: {', '.join(known)})")
    return [p for p in projections if p.name in names]


# --- project ---------------------------------------------------------------------------------


@contextmanager
def stop_on_signals() -> Iterator[threading.Event]:
    """An event set by SIGTERM or SIGINT (instead of dying mid-batch or KeyboardInterrupt)."""
    stop = threading.Event()

    def handle(signum: int, frame: Any) -> None:
        logger.info("%s: stopping after the current batch", signal.Signals(signum).name)
        stop.set()

    previous = {sig: signal.signal(sig, handle) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield stop
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_project(args: argparse.Namespace) -> int:
    from projections.runner import ProjectionRunner

    refuse_memory(args.url)
    if args.poll_interval <= 0:
        raise CommandError("--poll-interval must be more than 0 seconds")
    init_stores(args.url)
    with opened(args.url) as (ledger, db, projections), stop_on_signals() as stop:
        runner = ProjectionRunner(ledger, db, chosen(projections, args.only, "--only"))
        runner.setup()
        names = ", ".join(p.name for p in runner.projections)
        how = "LISTEN/NOTIFY" if db.dialect == "postgresql" else "polling"
        logger.info("projecting %s from position %s in %s (%s); SIGTERM or SIGINT stops",
                    names, runner.position(), redact(args.url), how)
        runner.follow(stop, poll_interval=args.poll_interval)
        logger.info("stopped at position %s", runner.position())
    return 0


def add_project(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "project", help="run the read models as a worker that follows the log",
        description="Keep the read models up to date from the log until SIGTERM or SIGINT: "
                    "LISTEN/NOTIFY on PostgreSQL, polling on SQLite. Run it beside `serve "
                    "--projections workers`; several workers may share a database (each "
                    "event is applied once per read model whoever runs it).")
    p.add_argument("--only", action="append", default=None, metavar="NAME",
                   help="only this read model (repeatable; default: all, see `rebuild --list`)")
    p.add_argument("--poll-interval", type=float, default=0.5, metavar="SECONDS",
                   help="how often to look for new events without a NOTIFY (default 0.5)")
    p.set_defaults(run=run_project)


# --- rebuild ---------------------------------------------------------------------------------


def list_projections(url: str) -> None:
    from queries.readmodels import tracking

    with opened(url) as (ledger, db, projections):
        head = ledger.recorder.max_notification_id() or 0
        tracked = tracking(db)
    width = max(len(p.name) for p in projections)
    print(f"{'name':<{width}}  version  position  behind")
    for p in projections:
        version, position = tracked.get(p.name, (None, 0))
        note = ""
        if version is None:
            note = "  (not set up yet)"
        elif version != p.version:
            note = f"  (stored version {version}: rebuilt when next set up)"
        print(f"{p.name:<{width}}  {p.version:>7}  {position:>8}  {head - position:>6}{note}")
    print(f"head of the log: {head}")


def run_rebuild(args: argparse.Namespace) -> int:
    from projections.runner import ProjectionRunner

    if args.list:
        if args.all or args.names:
            raise CommandError("--list takes no names and no --all")
        list_projections(args.url)
        return 0
    if args.all == bool(args.names):
        raise CommandError("name the read models to rebuild, or --all (see --list)")
    if args.batch_size < 1:
        raise CommandError("--batch-size must be at least 1")
    if args.workers < 1:
        raise CommandError("--workers must be at least 1")
    refuse_memory(args.url)
    init_stores(args.url)
    with opened(args.url) as (ledger, db, projections):
        names = [p.name for p in chosen(projections, None if args.all else args.names, "")]
        head = ledger.recorder.max_notification_id() or 0
        started = time.monotonic()
        # Always drawn and left on screen: a rebuild is the run people watch.
        with progress_bar("rebuild", args.quiet, total=head, delay=0, leave=True) as progress:
            if args.workers > 1:
                # Groups of read models in separate processes, each with its own tracking.
                from projections import parallel

                reached = parallel.rebuild(args.url, names, workers=args.workers,
                                           batch_size=args.batch_size, progress=progress)
            else:
                runner = ProjectionRunner(ledger, db, projections)
                reached = runner.rebuild(names, progress=progress,
                                         batch_size=args.batch_size)
        took = time.monotonic() - started
    rate = f", {reached / took:,.0f} events/s" if took > 0 and reached else ""
    print(f"rebuilt {', '.join(names)}: position {reached} in {took:.1f} s{rate}")
    return 0


def add_rebuild(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "rebuild", help="rebuild read models from position 0 (or --list them)",
        description="Clear the read models named (or all) and apply the whole log again, "
                    "with a progress bar on stderr. The answers afterwards are the same. Safe "
                    "beside running servers and workers: reads of a read model being rebuilt "
                    "show it partly until it has caught up.")
    p.add_argument("names", nargs="*", metavar="NAME", help="read models to rebuild")
    p.add_argument("--all", action="store_true", help="rebuild every read model")
    p.add_argument("--list", action="store_true",
                   help="list the read models with their positions, and the head of the log")
    p.add_argument("--batch-size", type=int, default=BATCH_SIZE, metavar="N",
                   help=f"events per transaction (default {BATCH_SIZE})")
    p.add_argument("--workers", type=int, default=1, metavar="N",
                   help="split the read models over N processes (uses N cores; default 1)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_rebuild)
