"""`kiezledger demo` and `kiezledger serve [--demo]`: the demo history and the web server."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import glob
import logging
import os
import runpy
import shutil
import sys
import tempfile
from typing import Any

from cli.common import CommandError, open_services, redact
from cli.stores import init_stores

DEMO_PREFIX = "demo-admin-"


def load_demo_if_empty(services: Any) -> bool:
    """Load the demo history into an empty store; False if it held events already."""
    if services.ledger.recorder.max_notification_id():
        return False
    from cli.demo import load_demo

    load_demo(services.ledger)
    services.refresh()
    return True


def demo_admin_token(services: Any) -> tuple[str, str]:
    from api.tokens import DuplicateName

    n = len(services.tokens.names(DEMO_PREFIX)) + 1
    while True:
        name = f"{DEMO_PREFIX}{n}"
        try:
            return name, services.tokens.create(name, "admin")
        except DuplicateName:
            n += 1


def revoke_earlier_demo_tokens(services: Any, keep: str) -> list[str]:
    """Revoke every active `demo-admin-*` token but `keep`: one demo admin token works."""
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    earlier = [info.name for info in services.tokens.list()
               if info.name.startswith(DEMO_PREFIX) and info.name != keep
               and info.state(now) == "active"]
    for name in earlier:
        services.tokens.revoke(name)
    return earlier


def prepare_demo(url: str) -> str:
    """Tables, the demo history if the store is empty, and a fresh admin token (the earlier
    demo admin tokens are revoked)."""
    init_stores(url)
    services = open_services(url)
    try:
        if load_demo_if_empty(services):
            print(f"loaded the demo history into {redact(url)}")
        else:
            print(f"{redact(url)} already holds events: the demo was not loaded")
        name, token = demo_admin_token(services)
        revoked = revoke_earlier_demo_tokens(services, keep=name)
    finally:
        services.close()
    if revoked:
        print(f"revoked the earlier demo admin token{'s' if len(revoked) > 1 else ''} "
              f"{', '.join(map(repr, revoked))}")
    print(f"admin token {name!r}, shown only this once:")
    return token


def run_demo(args: argparse.Namespace) -> int:
    print(prepare_demo(args.url))
    return 0


def add_demo(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="load the demo history if the store is empty, "
                                           "and print a new admin token (last line); the "
                                           "earlier demo admin tokens are revoked")
    p.set_defaults(run=run_demo)


# Threads per worker: more than a handful, so a worker holding four connections that never
# finish their request line still answers others (gunicorn spreads connections unevenly).
THREADS = 8


def gunicorn_app(options: dict[str, Any], app_config: dict[str, Any]) -> Any:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        """Never preloads: each worker builds its own app (and database pools) after the fork."""

        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            from api import create_app

            return create_app(app_config)

    return Server()


def config_file(path: str) -> dict[str, Any]:
    """The gunicorn settings a config file (Python, as gunicorn's own `-c`) sets."""
    from gunicorn.config import Config

    try:
        found = runpy.run_path(path)
    except OSError as exc:
        raise CommandError(f"--config: {exc}") from exc
    known = Config().settings
    return {k: v for k, v in found.items() if k in known and not k.startswith("_")}


def metrics_dir() -> str:
    """PROMETHEUS_MULTIPROC_DIR for the workers' shared counts: the environment's (emptied of
    an earlier run's files), else a temporary directory removed at exit."""
    from api.metrics import MULTIPROC_ENV

    chosen = os.environ.get(MULTIPROC_ENV)
    if chosen:
        os.makedirs(chosen, exist_ok=True)
        for stale in glob.glob(os.path.join(chosen, "*.db")):
            os.remove(stale)
        return chosen
    made = tempfile.mkdtemp(prefix="kiezledger-metrics-")
    atexit.register(shutil.rmtree, made, True)
    os.environ[MULTIPROC_ENV] = made
    return made


def worker_exited(server: Any, worker: Any) -> None:
    """gunicorn's child_exit hook: a dead worker's live gauges leave the shared counts (its
    counters stay: totals never go backwards)."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)


def default_workers() -> int:
    raw = os.environ.get("KIEZLEDGER_WORKERS", "")
    if raw:
        if not raw.isdigit() or int(raw) < 1:
            raise CommandError(f"KIEZLEDGER_WORKERS must be a whole number >= 1, not {raw!r}")
        return int(raw)
    return (os.cpu_count() or 1) + 1


def log_requests_to_stderr() -> None:
    """The access log (`api.requestlog`): its JSON lines alone on stderr, one per request."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    access = logging.getLogger("kiezledger.access")
    access.handlers[:] = [handler]
    access.setLevel(logging.INFO)
    access.propagate = False


def preload_libraries() -> None:
    """Import igraph (queries/network.py) before the workers fork, so that they share it:
    it brings matplotlib along, whose import took each worker's first network answer
    0.5-1 s, and whose 20 MB each worker would otherwise load for itself. Nothing of it is
    opened (no pool, no thread, no file) that a fork could share wrongly."""
    with contextlib.suppress(ImportError):
        import igraph  # type: ignore[import-untyped]  # noqa: F401


def preload_network(url: str) -> None:
    """Read the cooperations once before the workers fork (queries/network_edges.py): they
    share the copy, and a worker's first network answer reads only what changed since
    (reading all 47,523 of a city took that answer 200 ms more)."""
    from queries.network import preload
    from store.sql import Database

    db = Database.from_url(url)
    try:
        preload(db)
    except Exception as error:  # noqa: BLE001 - only a head start: the workers read anyway
        # e.g. a read model of an earlier release, rebuilt at the first catch-up
        print(f"kiezledger serve: cooperations not read ahead ({error})", file=sys.stderr)
    finally:
        db.close()


def run_serve(args: argparse.Namespace) -> int:
    if (args.threads is not None and args.threads < 1) or \
            (args.workers is not None and args.workers < 1):
        raise CommandError("--workers and --threads must be at least 1")
    from_file = config_file(args.config) if args.config else {}
    log_requests_to_stderr()  # before the workers fork: each inherits it
    metrics_dir()  # before the workers fork, and before any of them counts
    init_stores(args.url)
    preload_libraries()
    if args.demo:
        print(prepare_demo(args.url), flush=True)
    preload_network(args.url)
    options = {
        "bind": "127.0.0.1:8000",
        "workers": default_workers(),
        "threads": THREADS,
        # Threaded workers, as gunicorn's docs advise for clients not behind a buffering
        # proxy: a sync worker is held by one client that sends half a request line, so two
        # such sockets stopped the default server. A gthread worker reads each request in a
        # thread of its pool and keeps idle keep-alive connections in its poller, so a few
        # dribbling connections hold a few threads and the others go on answering.
        "worker_class": "gthread",
        "timeout": 30,  # a worker whose main loop is silent this long is restarted
        "graceful_timeout": 10,
        "keepalive": 5,  # seconds an idle keep-alive connection stays open
        "accesslog": "-" if args.access_log else None,
        **from_file,
        "preload_app": False,  # whatever a file says: pools made before a fork are shared
        "child_exit": worker_exited,
    }
    if args.host is not None or args.port is not None:
        options["bind"] = f"{args.host or '127.0.0.1'}:{args.port or 8000}"
    if args.workers is not None:
        options["workers"] = args.workers
    if args.threads is not None:
        options["threads"] = args.threads
    # The workers find the tables made above: none of them creates any (no start-up race).
    gunicorn_app(options, {"KIEZLEDGER_DATABASE_URL": args.url, "CREATE_TABLE": False,
                           "KIEZLEDGER_PROJECTIONS": args.projections}).run()
    return 0


def add_serve(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="create the tables, then serve the API (gunicorn)")
    p.add_argument("--config", metavar="FILE",
                   help="gunicorn settings (a Python file as for gunicorn -c, e.g. "
                        "deploy/gunicorn.conf.py); the options below override it")
    p.add_argument("--host", default=None, help="default 127.0.0.1 (or the file's bind)")
    p.add_argument("--port", type=int, default=None, help="default 8000")
    p.add_argument("--workers", type=int, default=None,
                   help="default KIEZLEDGER_WORKERS, else the CPU count + 1")
    p.add_argument("--threads", type=int, default=None,
                   help=f"threads per (gthread) worker, default {THREADS}")
    p.add_argument("--access-log", action="store_true",
                   help="also gunicorn's own access log, on stdout (the JSON access log "
                        "is always on stderr)")
    p.add_argument("--demo", action="store_true",
                   help="load the demo history if the store is empty; print an admin token "
                        "(earlier demo admin tokens are revoked)")
    p.add_argument("--projections", choices=("inprocess", "workers"), default=None,
                   help="who keeps the read models up to date: the web workers themselves "
                        "(inprocess), or `kiezledger project` workers that a write waits for "
                        "(workers); default: KIEZLEDGER_PROJECTIONS, else inprocess")
    p.set_defaults(run=run_serve)
