"""What the serving figures share: a real `kiezledger serve --workers 2` on a store, timed
HTTP reads with their percentiles, the workers' memory, scratch stores and small ledgers for
running a figure module on its own (`python -m bench.city.writes --quick`)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"


def admin_url() -> str:
    return (os.environ.get("KIEZLEDGER_BENCH_PG") or os.environ.get("KIEZLEDGER_TEST_PG")
            or DEFAULT_PG)


def load() -> float:
    return os.getloadavg()[0]


@contextmanager
def scratch_url(store: str, scratch: str) -> Iterator[str]:
    """An empty store of the kind `store` (a file under `scratch`, or a database of its own
    on the server of `admin_url()`), removed afterwards."""
    if store == "sqlite":
        folder = Path(tempfile.mkdtemp(dir=scratch, prefix="serve-"))
        yield f"sqlite:///{folder}/kiezledger.db"
        return
    import psycopg

    name = "kl_bench_" + uuid.uuid4().hex[:12]
    admin = admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(urlsplit(admin)._replace(path="/" + name))
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def admin_token(url: str) -> str:
    """A fresh admin token on the store at `url` (its tables made first)."""
    from api.services import build

    services = build(url)
    try:
        return services.tokens.create(f"bench-{uuid.uuid4().hex[:8]}", "admin")
    finally:
        services.close()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    base: str
    token: str
    process: subprocess.Popen

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def worker_pids(self) -> list[int]:
        """The gunicorn workers (children of the master, itself a child of `kiezledger`)."""
        found = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid in self._masters():
                found.append(int(entry.name))
        return found

    def _masters(self) -> set[int]:
        return {self.process.pid}

    def cpu_seconds(self) -> float:
        """CPU time (user + system) the master and its workers have used so far."""
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / tick
        return total

    def rss_mb(self) -> list[float]:
        """Each worker's resident memory now, in MB."""
        out = []
        for pid in self.worker_pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            for line in status.splitlines():
                if line.startswith("VmRSS:"):
                    out.append(int(line.split()[1]) / 1024)
        return out


@contextmanager
def served(url: str, workers: int = 2) -> Iterator[Server]:
    """`kiezledger serve --workers N` on `url` (tables made first), answering /healthz."""
    import requests

    token = admin_token(url)
    port = free_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed below, after the server)
    # Its kept answers in a folder of its own (not ./var/cache), removed afterwards.
    answers = tempfile.TemporaryDirectory(prefix="kl-answers-")  # noqa: SIM115
    # `python -m cli.main serve`: the gunicorn master is this very process.
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "--database-url", url, "serve",
         "--workers", str(workers), "--port", str(port)],
        cwd=ROOT, stdout=log, stderr=log,
        env={**os.environ, "PYTHONPATH": str(ROOT), "KIEZLEDGER_CACHE_DIR": answers.name})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if requests.get(base + "/healthz", timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"serve did not start: {log.read()[-3000:].decode()}")
            time.sleep(0.2)
        server = Server(base, token, process)
        while len(server.worker_pids()) < workers and time.monotonic() < deadline:
            time.sleep(0.2)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        answers.cleanup()


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def timed_gets(session: Any, url: str, n: int, *, headers: dict[str, str] | None = None,
               check: Callable[[Any], None] | None = None) -> list[float]:
    """Milliseconds of `n` GETs of `url`, one after another on one keep-alive session."""
    out = []
    for _ in range(n):
        t = time.perf_counter()
        response = session.get(url, headers=headers)
        _ = response.content
        out.append((time.perf_counter() - t) * 1000)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code} {response.text[:300]}")
        if check is not None:
            check(response)
    return out


def save_all(app: Any, records: list[Any], chunk: int = 500) -> None:
    """Batched saves of records with pending events."""
    batch: list[Any] = []
    for record in records:
        batch.append(record)
        if len(batch) >= chunk:
            app.save(*batch)
            batch = []
    if batch:
        app.save(*batch)


def catch_up(url: str) -> None:
    from projections import Database, ProjectionRunner
    from projections.registry import all_projections
    from store.ledger import open_ledger

    app = open_ledger(url)
    db = Database.from_url(url)
    try:
        runner = ProjectionRunner(app, db, all_projections(app))
        runner.setup()
        runner.catch_up()
    finally:
        db.close()
        app.close()


@contextmanager
def ledgers_of(ctx: Any, quick_events: int = 20_000, events: int = 100_000
               ) -> Iterator[tuple[str, int, str]]:
    """(store, events, url) of each ledger of the run; run alone (ledgers without a URL), a
    ledger of its own per store, built like the harness's (bench/projections.py)."""
    from bench.projections import build_ledger
    from store.ledger import open_ledger

    found: list[tuple[str, int, str]] = []
    with ExitStack() as stack:
        for ledger in ctx.ledgers:
            if ledger.url:
                found.append((ledger.store, ledger.events, ledger.url))
                continue
            url = stack.enter_context(scratch_url(ledger.store, ctx.scratch))
            app = open_ledger(url)
            try:
                n = sum(build_ledger(app, quick_events if ctx.quick else events).values())
            finally:
                app.close()
            catch_up(url)
            found.append((ledger.store, n, url))
        yield found
