"""A PostgreSQL server for the tests: found, or started as a throwaway cluster.

Order of attempts (see `find_or_start_server`):

1. The server at `KIEZLEDGER_TEST_PG` (default `postgresql://postgres@127.0.0.1:5432/postgres`),
   if it answers a connection.
2. A throwaway cluster: `initdb` + `pg_ctl` from `KIEZLEDGER_PG_BIN`, else the newest
   `/usr/lib/postgresql/*/bin`, else `PATH`, in a temporary directory, trust authentication,
   listening on 127.0.0.1 at a free port with its unix socket inside that directory. As root it
   runs as the `postgres` OS user (initdb refuses root). `PgServer.close()` stops and removes it.
3. Otherwise `PostgresUnavailable`, whose message says what was tried.

Nothing here depends on pytest, so scripts can use it too.
"""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BIN_GLOB = "/usr/lib/postgresql/*/bin"
DATABASE_PREFIX = "kl_test_"


class PostgresUnavailable(RuntimeError):
    """No server answers and none could be started."""


def configured_admin_url() -> str:
    return os.environ.get("KIEZLEDGER_TEST_PG") or DEFAULT_ADMIN_URL


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def connect_error(url: str, timeout: int = 3) -> str | None:
    """None if a server at `url` accepts a connection and a query, else why not."""
    try:
        with psycopg.connect(url, autocommit=True, connect_timeout=timeout) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        lines = str(exc).strip().splitlines()
        return f"{type(exc).__name__}: {lines[0] if lines else exc!r}"
    return None


def with_database(url: str, dbname: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + dbname, fragment=""))


# --- databases --------------------------------------------------------------------------------


def database_exists(admin_url: str, dbname: str) -> bool:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    return row is not None


def create_database(admin_url: str, dbname: str) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(dbname)))


def drop_database(admin_url: str, dbname: str) -> None:
    """Drop it even while connections (an application's pool) are still open."""
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(dbname))
        )


@contextmanager
def fresh_database(admin_url: str, prefix: str = DATABASE_PREFIX) -> Iterator[str]:
    """Create a uniquely named empty database, yield its URL, drop it afterwards."""
    dbname = prefix + uuid.uuid4().hex[:16]
    create_database(admin_url, dbname)
    try:
        yield with_database(admin_url, dbname)
    finally:
        drop_database(admin_url, dbname)


# --- throwaway cluster ------------------------------------------------------------------------


def _version_key(bindir: Path) -> tuple[int, ...]:
    try:
        return tuple(int(p) for p in bindir.parent.name.split("."))
    except ValueError:
        return (0,)


def find_bindir() -> Path | None:
    """A directory holding initdb, pg_ctl and postgres, newest version first."""
    override = os.environ.get("KIEZLEDGER_PG_BIN")
    if override:
        candidates = [Path(override)]
    else:
        candidates = sorted((Path(p) for p in glob.glob(BIN_GLOB)), key=_version_key, reverse=True)
        on_path = shutil.which("initdb")
        if on_path:
            candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        if all(os.access(bindir / name, os.X_OK) for name in ("initdb", "pg_ctl", "postgres")):
            return bindir
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_os_user() -> pwd.struct_passwd | None:
    """The unprivileged OS user to run the server as when we are root, else None."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    raise PostgresUnavailable("running as root and neither OS user 'postgres' nor 'nobody' exists")


def _as_user(user: pwd.struct_passwd | None, argv: list[str]) -> list[str]:
    if user is None:
        return argv
    if shutil.which("runuser"):
        return ["runuser", "-u", user.pw_name, "--", *argv]
    return ["su", "-s", "/bin/sh", user.pw_name, "-c", shlex.join(argv)]


@dataclass
class ThrowawayCluster:
    bindir: Path
    root: Path
    port: int
    os_user: str
    _stopped: bool = field(default=False, repr=False)

    @property
    def datadir(self) -> Path:
        return self.root / "data"

    @property
    def logfile(self) -> Path:
        return self.root / "server.log"

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    @classmethod
    def start(cls, bindir: Path, attempts: int = 3) -> ThrowawayCluster:
        user = _server_os_user()
        root = Path(tempfile.mkdtemp(prefix="kiezledger-pg-"))
        if user is not None:
            os.chown(root, user.pw_uid, user.pw_gid)
        os_user = user.pw_name if user else pwd.getpwuid(os.geteuid()).pw_name

        def run(argv: list[str], timeout: int) -> subprocess.CompletedProcess[str]:
            return subprocess.run(
                _as_user(user, argv),
                cwd=root,
                capture_output=True,
                text=True,
                timeout=timeout,
                env={k: v for k, v in os.environ.items() if not k.startswith("PG")},
            )

        try:
            done = run(
                [
                    str(bindir / "initdb"),
                    "-D", str(root / "data"),
                    "-U", "postgres",
                    "--auth=trust",
                    "--encoding=UTF8",
                    "--no-locale",
                    "--no-sync",
                ],
                timeout=120,
            )
            if done.returncode != 0:
                raise PostgresUnavailable(f"initdb failed: {(done.stderr or done.stdout).strip()}")
            failures = []
            for _ in range(attempts):
                cluster = cls(bindir=bindir, root=root, port=free_port(), os_user=os_user)
                options = " ".join(
                    [
                        f"-p {cluster.port}",
                        "-c listen_addresses=127.0.0.1",
                        f"-c unix_socket_directories={shlex.quote(str(root))}",
                        # A throwaway cluster needs no durability.
                        "-c fsync=off",
                        "-c synchronous_commit=off",
                        "-c full_page_writes=off",
                        "-c max_connections=200",
                    ]
                )
                done = run(
                    [
                        str(bindir / "pg_ctl"),
                        "-D", str(cluster.datadir),
                        "-l", str(cluster.logfile),
                        "-o", options,
                        "-w", "-t", "60",
                        "start",
                    ],
                    timeout=90,
                )
                if done.returncode == 0:
                    atexit.register(cluster.stop)
                    return cluster
                failures.append(f"port {cluster.port}: {cluster.log_tail()}")
                # A failed start can leave a half-started server behind.
                run([str(bindir / "pg_ctl"), "-D", str(cluster.datadir), "-m", "immediate",
                     "stop"], 30)
            raise PostgresUnavailable("pg_ctl start failed: " + " | ".join(failures))
        except BaseException:
            shutil.rmtree(root, ignore_errors=True)
            raise

    def log_tail(self, lines: int = 5) -> str:
        try:
            text = self.logfile.read_text(errors="replace")
            return " / ".join(text.strip().splitlines()[-lines:])
        except OSError:
            return "(no server log)"

    def stop(self) -> None:
        """Stop the server and remove its directory; safe to call twice."""
        if self._stopped:
            return
        self._stopped = True
        user = pwd.getpwnam(self.os_user) if os.geteuid() == 0 else None
        subprocess.run(
            _as_user(user, [str(self.bindir / "pg_ctl"), "-D", str(self.datadir),
                            "-m", "immediate", "-w", "stop"]),
            cwd=self.root,
            capture_output=True,
            timeout=60,
        )
        shutil.rmtree(self.root, ignore_errors=True)


# --- finding a server ---------------------------------------------------------------------------


@dataclass
class PgServer:
    admin_url: str
    description: str
    cluster: ThrowawayCluster | None = None

    def close(self) -> None:
        if self.cluster is not None:
            self.cluster.stop()


def find_or_start_server() -> PgServer:
    url = configured_admin_url()
    error = connect_error(url)
    if error is None:
        return PgServer(url, f"the server at {redact(url)}")
    bindir = find_bindir()
    if bindir is None:
        raise PostgresUnavailable(
            f"nothing usable answers at {redact(url)} ({error}), and no PostgreSQL server "
            f"binaries (initdb, pg_ctl, postgres) were found in {BIN_GLOB} or on PATH; "
            "set KIEZLEDGER_TEST_PG to a server, or install PostgreSQL"
        )
    try:
        cluster = ThrowawayCluster.start(bindir)
    except (PostgresUnavailable, OSError, subprocess.SubprocessError) as exc:
        raise PostgresUnavailable(
            f"nothing usable answers at {redact(url)} ({error}), and a throwaway cluster "
            f"from {bindir} did not start: {exc}"
        ) from exc
    return PgServer(
        cluster.admin_url,
        f"a throwaway cluster from {bindir} on 127.0.0.1:{cluster.port} "
        f"(nothing usable answered at {redact(url)})",
        cluster,
    )
