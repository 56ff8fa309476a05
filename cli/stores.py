"""`kiezledger init`: the event, side and read-model tables, once per store."""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cli.common import redact

INIT_LOCK_KEY = 0x4B4C494E  # "KLIN": one `init` at a time per PostgreSQL database


@contextmanager
def init_lock(url: str) -> Iterator[None]:
    """On PostgreSQL, one starter at a time creates tables ("tuple concurrently updated")."""
    if url.split(":", 1)[0] not in ("postgresql", "postgres"):
        yield
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (INIT_LOCK_KEY,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (INIT_LOCK_KEY,))


def init_stores(url: str) -> None:
    from api.services import build
    from store.signing import load_signing_key

    with init_lock(url):
        services = build(url, create_table=True)
        try:
            # Made here, once, so that every web process signs with the same key.
            load_signing_key(services.ledger)
            # Every ballot indexed here (a store of an earlier release has none indexed):
            # the first catch-up of a large log is not left to a serving worker.
            services.ledger.ballot_index.catch_up()
        finally:
            services.close()


def run_init(args: argparse.Namespace) -> int:
    init_stores(args.url)
    print(f"tables ready in {redact(args.url)}")
    return 0


def add_init(subparsers: Any) -> None:
    p = subparsers.add_parser("init", help="create the tables (once; safe to repeat)")
    p.set_defaults(run=run_init)
