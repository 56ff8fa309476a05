"""A real PostgreSQL streaming replica: a throwaway primary (tests.pg), `pg_basebackup -R` into
a temporary directory, the replica on a second port. `kiezledger serve --workers 2` reads from
it through KIEZLEDGER_READ_URLS; `kiezledger project` keeps the primary's read models.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
import requests

from tests.api.server import Server, command, wait_until_healthy
from tests.conftest import postgres_unavailable
from tests.pg import (
    PostgresUnavailable,
    ThrowawayCluster,
    _as_user,
    _server_os_user,
    find_bindir,
    free_port,
    with_database,
)
from tests.test_deploy_compose import sample

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def primary() -> Iterator[ThrowawayCluster]:
    bindir = find_bindir()
    if bindir is None:
        postgres_unavailable("no PostgreSQL server binaries for a throwaway primary")
    try:
        cluster = ThrowawayCluster.start(bindir)
    except PostgresUnavailable as exc:
        postgres_unavailable(str(exc))
    try:
        yield cluster
    finally:
        cluster.stop()


class Replica:
    def __init__(self, source: ThrowawayCluster) -> None:
        self.source = source
        self.user = _server_os_user()
        self.root = Path(tempfile.mkdtemp(prefix="kiezledger-replica-"))
        if self.user is not None:
            os.chown(self.root, self.user.pw_uid, self.user.pw_gid)
        self.port = free_port()

    def run(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(_as_user(self.user, argv), cwd=self.root, capture_output=True,
                              text=True, timeout=120,
                              env={k: v for k, v in os.environ.items()
                                   if not k.startswith("PG")})
        assert done.returncode == 0, (argv, done.stdout, done.stderr, self.log())
        return done

    def log(self) -> str:
        path = self.root / "server.log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def start(self) -> None:
        bindir = self.source.bindir
        data = self.root / "data"
        if not data.exists():
            self.run([str(bindir / "pg_basebackup"), "-D", str(data), "-R", "-X", "stream",
                      "--checkpoint=fast", "-h", "127.0.0.1", "-p", str(self.source.port),
                      "-U", "postgres"])
        options = (f"-p {self.port} -c listen_addresses=127.0.0.1 "
                   f"-c unix_socket_directories={self.root} -c hot_standby=on -c fsync=off "
                   "-c max_connections=200")  # no fewer than the primary
        self.run([str(bindir / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"),
                  "-o", options, "-w", "-t", "60", "start"])

    def stop(self) -> None:
        self.run([str(self.source.bindir / "pg_ctl"), "-D", str(self.root / "data"),
                  "-m", "fast", "-w", "stop"])

    def url(self, dbname: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{dbname}"

    def remove(self) -> None:
        subprocess.run(_as_user(self.user, [str(self.source.bindir / "pg_ctl"), "-D",
                                            str(self.root / "data"), "-m", "immediate",
                                            "stop"]),
                       capture_output=True, timeout=60, check=False)
        shutil.rmtree(self.root, ignore_errors=True)


def sql(url: str, statement: str) -> object:
    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute(statement).fetchone()
    return None if row is None else row[0]


def wait_for(check, what: str, timeout: float = 30) -> object:
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


@contextmanager
def process(argv: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen]:
    with log.open("w") as out:
        p = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                             text=True)
    try:
        yield p
    finally:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def test_reads_go_to_a_streaming_replica_with_read_your_writes(tmp_path):
    with primary() as cluster:
        dbname = "kiezledger"
        with psycopg.connect(cluster.admin_url, autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {dbname}")
        url = with_database(cluster.admin_url, dbname)
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("KIEZLEDGER_", "PROMETHEUS_"))}
        env.update(KIEZLEDGER_DATABASE_URL=url, KIEZLEDGER_PROJECTIONS="workers",
                   KIEZLEDGER_SIGNING_KEY_FILE=str(tmp_path / "signing-key.pem"))
        done = subprocess.run([*command(), "init"], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        done = subprocess.run([*command(), "token", "create", "--role", "admin", "--name",
                               "admin"], cwd=ROOT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        auth = {"Authorization": f"Bearer {done.stdout.strip().splitlines()[-1]}"}

        replica = Replica(cluster)
        try:
            replica.start()
            replica_url = replica.url(dbname)
            assert sql(replica_url, "SELECT pg_is_in_recovery()") is True
            port = free_port()
            serve_env = {**env, "KIEZLEDGER_READ_URLS": replica_url,
                         "KIEZLEDGER_READ_MAX_LAG": "3", "KIEZLEDGER_READ_WAIT": "0.5"}
            with process([*command(), "project"], env, tmp_path / "project.log"), \
                    process([*command(), "serve", "--port", str(port), "--workers", "2"],
                            serve_env, tmp_path / "serve.log") as server:
                base = f"http://127.0.0.1:{port}"
                log = (tmp_path / "serve.log").open()
                wait_until_healthy(Server(base, server, log))

                def post(name: str) -> requests.Response:
                    r = requests.post(base + "/v1/actors", json={"kind": "person",
                                                                 "name": name},
                                      headers=auth, timeout=30)
                    assert r.status_code == 201, r.text
                    return r

                def names(**headers: str) -> tuple[list[str], str]:
                    r = requests.get(base + "/v1/actors", params={"limit": 200},
                                     headers={**auth, **headers}, timeout=30)
                    assert r.status_code == 200, r.text
                    return [a["name"] for a in r.json()["items"]], \
                        r.headers["Kiezledger-Read-From"]

                # Read your writes: the replica answers once it replayed the write's position.
                position = post("Ada").headers["Kiezledger-Position"]
                shown, source = names(**{"Kiezledger-Min-Position": position})
                assert "Ada" in shown and source == "replica"
                assert names()[1] == "replica"
                bad = requests.get(base + "/v1/actors", timeout=10,
                                   headers={**auth, "Kiezledger-Min-Position": "soon"})
                assert bad.status_code == 400

                # A replica that stops replaying: a read that must see a new write goes to
                # the primary after the bounded wait; the lag shows in /metrics; past the
                # limit (3) the replica is taken out for every read.
                sql(replica_url, "SELECT pg_wal_replay_pause()")
                position = post("Bea").headers["Kiezledger-Position"]
                shown, source = names(**{"Kiezledger-Min-Position": position})
                assert "Bea" in shown and source == 'primary; reason="behind"'
                for name in ("Cem", "Dana", "Emil"):
                    post(name)

                def lagging() -> str | None:
                    text = requests.get(base + "/metrics", timeout=10).text
                    return text if (sample(text, "kiezledger_replica_lag_events") or 0) >= 4 \
                        else None
                text = str(wait_for(lagging, "the replica's lag in /metrics"))
                assert sample(text, "kiezledger_replica_up") == 0
                assert wait_for(lambda: names()[1] == 'primary; reason="no-replica"',
                                "the lagging replica to be taken out")

                sql(replica_url, "SELECT pg_wal_replay_resume()")
                assert wait_for(lambda: names()[1] == "replica", "the replica back in")

                def caught_up() -> str | None:
                    text = requests.get(base + "/metrics", timeout=10).text
                    return text if sample(text, "kiezledger_replica_lag_events") == 0 else None
                text = str(wait_for(caught_up, "the replica to catch up"))
                assert sample(text, "kiezledger_replica_up") == 1

                # Counted across both workers: totals never go backwards between scrapes.
                totals = []
                for _ in range(8):
                    names()
                    text = requests.get(base + "/metrics", timeout=10).text
                    totals.append(sample(text, "kiezledger_http_requests_total",
                                         endpoint="/v1/actors", method="GET", status="200"))
                assert totals == sorted(totals) and totals[-1] - totals[0] == 7, totals

                # A stopped replica: reads go to the primary, without an error.
                replica.stop()
                for _ in range(4):
                    shown, source = names()
                    assert "Emil" in shown and source.startswith("primary")
                text = requests.get(base + "/metrics", timeout=10).text
                assert sample(text, "kiezledger_replica_up") == 0

                server.send_signal(signal.SIGTERM)
                assert server.wait(timeout=40) == 0
                log.close()
            output = (tmp_path / "serve.log").read_text()
            assert "Traceback" not in output, output[-3000:]
        finally:
            replica.remove()
