"""What the figure modules share: a command in a fresh process, the raw read of the event
table (the baseline of verify and rebuild), scratch stores, the load average."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.city import Context

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    """The PostgreSQL server to make databases on (as the tests: KIEZLEDGER_TEST_PG)."""
    return (os.environ.get("KIEZLEDGER_BENCH_PG") or os.environ.get("KIEZLEDGER_TEST_PG")
            or DEFAULT_PG)


def load() -> float:
    return os.getloadavg()[0]


def child(command: str, url: str, *args: str) -> dict[str, Any]:
    """`python -m bench.city.child command url args...`: its JSON answer (see child.py)."""
    done = subprocess.run([sys.executable, "-m", "bench.city.child", command, url, *args],
                          cwd=ROOT, capture_output=True, text=True, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode or not lines:
        raise RuntimeError(f"{command} failed: {done.stderr[-2000:]}")
    answer: dict[str, Any] = json.loads(lines[-1])
    if answer["code"]:
        raise RuntimeError(f"{command} exited {answer['code']}: {done.stderr[-2000:]}")
    return answer


def raw_read(url: str) -> tuple[int, float]:
    """(events, seconds): every row of the event table read through the driver, 10,000 a
    page in position order, nothing done with them: the floor of verify and rebuild."""
    from store.layout import log_rows
    from store.ledger import open_ledger
    from store.sql import Database

    app = open_ledger(url, create_table=False)
    db = Database.from_url(url)
    try:
        read = log_rows(app, db)
        assert read is not None, "the bench reads the log through the read-side database"
        n, start = 0, 1
        t = time.perf_counter()
        while rows := read(start, 10_000, None):
            n += len(rows)
            start = rows[-1][0] + 1
        return n, time.perf_counter() - t
    finally:
        db.close()
        app.close()


@contextmanager
def scratch_store(ctx: Context, store: str, name: str) -> Iterator[str]:
    """An empty store of the kind `store` for one measurement; removed afterwards."""
    if store == "sqlite":
        folder = Path(ctx.scratch) / name
        folder.mkdir(parents=True, exist_ok=False)
        try:
            yield f"sqlite:///{folder}/kiezledger.db"
        finally:
            for f in folder.iterdir():
                f.unlink()
            folder.rmdir()
        return
    from bench.projections import pg_database, pg_drop

    url = pg_database(admin_url())
    if url is None:
        raise RuntimeError("no PostgreSQL server answers")
    try:
        yield url
    finally:
        pg_drop(admin_url(), url)
