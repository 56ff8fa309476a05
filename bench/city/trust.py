"""`kiezledger import` and `kiezledger verify` at city scale, and their peak memory.

import: the ledger exported to a file, then imported by the command into an empty store of
the same kind, in a fresh process. events/s counts `ledger.archive.import_` (the file
verified, keys and events written, the head hash checked); the read models' catch-up that
the command does afterwards is named in the note. Baselines: `save()` of 100-event batches
(the application's own batched write, on a scratch store of the same kind) and, on
PostgreSQL, COPY of the same rows into an empty event table (the server's floor).
verify: `kiezledger verify` on the built ledger, events/s of `verify_store`; baseline: the
raw read of the event table (support.raw_read); best of 2 of each, alternating.
"""

from __future__ import annotations

import os
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

from bench.city import Context, Ledgers, Row
from bench.city.support import child, raw_read, scratch_store

IMPORT_GOAL = 50_000.0
MEMORY_GOAL = 150.0
SAVE_EVENTS = 20_000  # events saved 100 at a time for the baseline


def export(ledger: Ledgers, path: str) -> float:
    from ledger import archive
    from store.ledger import open_ledger

    app = open_ledger(ledger.url, create_table=False)
    try:
        t = time.perf_counter()
        with open(path, "w", encoding="utf-8") as f:
            archive.export(app, f)
        return time.perf_counter() - t
    finally:
        app.close()


def save_rate(ctx: Context, store: str) -> float:
    """events/s of `app.save()` with 100 events a call, on an empty store of this kind."""
    from bench.projections import Generator
    from store.ledger import open_ledger

    gen = Generator(seed=11)
    actors = gen.actors(100)
    records: list[Any] = list(actors)
    total = len(actors)
    while total < SAVE_EVENTS:
        made = gen.process(actors, date(2020, 1, 6))
        records += made
        total += sum(len(r.pending_events) for r in made)
    with scratch_store(ctx, store, "save-baseline") as url:
        app = open_ledger(url)
        try:
            t = time.perf_counter()
            chunk, size = [], 0
            for record in records:
                chunk.append(record)
                size += len(record.pending_events)
                if size >= 100:
                    app.save(*chunk)
                    chunk, size = [], 0
            if chunk:
                app.save(*chunk)
            return total / (time.perf_counter() - t)
        finally:
            app.close()


def copy_rate(ctx: Context, ledger: Ledgers) -> float:
    """rows/s of PostgreSQL COPY (binary) of the ledger's rows into an empty event table."""
    import psycopg

    from store import layout
    from store.ledger import open_ledger
    from store.sql import Database

    source = open_ledger(ledger.url, create_table=False)
    db = Database.from_url(ledger.url)
    found = layout.log_table(source.recorder, db)
    db.close()
    source.close()
    assert found is not None
    table = found[0]
    columns = "originator_id, originator_version, topic, state"
    with tempfile.TemporaryFile() as rows, scratch_store(ctx, "postgres", "copy") as url:
        with psycopg.connect(ledger.url) as conn, conn.cursor() as cur, \
                cur.copy(f"COPY (SELECT {columns} FROM {table} ORDER BY notification_id) "
                         "TO STDOUT (FORMAT binary)") as copy:
            for block in copy:
                rows.write(block)
        open_ledger(url).close()  # the empty event table, with its indexes and triggers
        rows.seek(0)
        with psycopg.connect(url) as conn, conn.cursor() as cur:
            t = time.perf_counter()
            with cur.copy(f"COPY {table} ({columns}) FROM STDIN (FORMAT binary)") as copy:
                while block := rows.read(1 << 20):
                    copy.write(block)
            conn.commit()
            return ledger.events / (time.perf_counter() - t)


def measure(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    saves: dict[str, float] = {}
    memory: dict[tuple[str, str], dict[int, float]] = {}
    for ledger in ctx.ledgers:
        store, n = ledger.store, ledger.events
        if store not in saves:
            saves[store] = save_rate(ctx, store)
        path = os.path.join(ctx.scratch, f"export-{store}-{n}.ndjson")
        exported = export(ledger, path)
        with scratch_store(ctx, store, f"import-{n}") as url:
            got = child("import", url, path)
        Path(path).unlink()
        rate = n / got["phase"]
        note = (f"the whole command {got['seconds']:.0f} s: import {got['phase']:.0f} s, then "
                f"the read models' catch-up; export took {exported:.0f} s")
        if store == "postgres":
            copy = copy_rate(ctx, ledger)
            rows.append(Row("kiezledger import, events/s", store, n, "PostgreSQL COPY rows/s",
                            copy, rate, "events/s", ">= 50,000/s", rate >= IMPORT_GOAL, note))
        rows.append(Row("kiezledger import, events/s", store, n,
                        "save() of 100-event batches", saves[store], rate, "events/s",
                        ">= 50,000/s", rate >= IMPORT_GOAL,
                        "" if store == "postgres" else note))
        memory.setdefault(("import", store), {})[n] = got["maxrss_mb"]

        # Best of 2 each, alternating: on a shared machine one slow moment decides a ratio.
        raw, rate = 0.0, 0.0
        for _ in range(2):
            read_n, read_s = raw_read(ledger.url)
            got = child("verify", ledger.url)
            raw, rate = max(raw, read_n / read_s), max(rate, n / got["phase"])
        rows.append(Row("kiezledger verify, events/s", store, n, "raw read of the event table",
                        raw, rate, "events/s", ">= 0.5 of the raw read", rate >= 0.5 * raw,
                        "best of 2 each, alternating"))
        memory.setdefault(("verify", store), {})[n] = got["maxrss_mb"]
    rows += memory_rows(memory)
    return rows


def memory_rows(memory: dict[tuple[str, str], dict[int, float]]) -> list[Row]:
    """Peak memory per command and size, and its growth from the smallest to the largest."""
    rows: list[Row] = []
    for (command, store), by_size in memory.items():
        for n, mb in sorted(by_size.items()):
            rows.append(Row(f"peak memory of kiezledger {command}", store, n, "", None, mb,
                            "MB", "<= 150 MB", mb <= MEMORY_GOAL))
        if len(by_size) > 1:
            small, large = min(by_size), max(by_size)
            grown = by_size[large] / by_size[small]
            rows.append(Row(f"peak memory of kiezledger {command}, growth with N", store, large,
                            f"MB at {small:,} events", by_size[small], by_size[large], "MB",
                            "flat in N (ratio <= 1.1)", grown <= 1.1))
    return rows
