"""`kiezledger`: the command line. Each subcommand is one entry in `SUBCOMMANDS`.

    kiezledger init                      create the event, side and read-model tables once
    kiezledger serve [--demo]            init, then gunicorn with the app built in each worker
    kiezledger demo                      load the demo history if the store is empty
    kiezledger token create --role R --name N [--scope PROCESS_ID ...]
    kiezledger report funding --funder ID --from D --to D [--format F] [--lang L] [--output F|-]
    kiezledger report accountability --process ID ...   (see api/cli_report.py)

A later subcommand adds `add_<name>(subparsers)` (which sets `run=` on its parser) and an
entry in `SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from ledger.config import database_url

INIT_LOCK_KEY = 0x4B4C494E  # "KLIN": one `init` at a time per PostgreSQL database

logger = logging.getLogger("kiezledger")


class CommandError(Exception):
    """A refusal worth one line on stderr and exit status 1."""


# --- init ------------------------------------------------------------------------------------


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

    with init_lock(url):
        build(url, create_table=True).close()


def run_init(args: argparse.Namespace) -> int:
    init_stores(args.url)
    print(f"tables ready in {redact(args.url)}")
    return 0


def add_init(subparsers: Any) -> None:
    p = subparsers.add_parser("init", help="create the tables (once; safe to repeat)")
    p.set_defaults(run=run_init)


# --- tokens ----------------------------------------------------------------------------------


def open_services(url: str) -> Any:
    from api.services import build

    return build(url, create_table=False)


def issue_token(services: Any, name: str, role: str, scope: list[str]) -> str:
    from api.tokens import DuplicateName
    from ledger.domain.processes import Process
    from ledger.errors import LedgerError

    try:
        ids = sorted({str(services.ledger.find(Process, UUID(s), field="scope").id)
                      for s in scope})
    except (ValueError, LedgerError) as exc:
        raise CommandError(f"--scope: {exc}") from exc
    try:
        return services.tokens.create(name, role, ids)
    except (DuplicateName, ValueError) as exc:
        raise CommandError(str(exc)) from exc


def run_token_create(args: argparse.Namespace) -> int:
    init_stores(args.url)
    services = open_services(args.url)
    try:
        token = issue_token(services, args.name, args.role, args.scope)
    finally:
        services.close()
    scope = ", ".join(args.scope) if args.scope else "every process"
    print(f"token {args.name!r} ({args.role}, {scope}); it is shown only this once:")
    print(token)
    return 0


def add_token(subparsers: Any) -> None:
    p = subparsers.add_parser("token", help="manage API tokens")
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="issue a token and print it (last line)")
    create.add_argument("--role", required=True, choices=("admin", "editor", "auditor"))
    create.add_argument("--name", required=True)
    create.add_argument("--scope", action="append", default=[], metavar="PROCESS_ID",
                        help="limit the token to this process (repeatable; none = all)")
    create.set_defaults(run=run_token_create)


# --- demo ------------------------------------------------------------------------------------


def load_demo_if_empty(services: Any) -> bool:
    """Load the demo history into an empty store; False if it held events already."""
    if services.ledger.recorder.max_notification_id():
        return False
    from ledger.demo import load_demo

    load_demo(services.ledger)
    services.refresh()
    return True


def demo_admin_token(services: Any) -> tuple[str, str]:
    from api.tokens import DuplicateName

    n = len(services.tokens.names("demo-admin-")) + 1
    while True:
        name = f"demo-admin-{n}"
        try:
            return name, services.tokens.create(name, "admin")
        except DuplicateName:
            n += 1


def prepare_demo(url: str) -> str:
    """Tables, the demo history if the store is empty, and a fresh admin token."""
    init_stores(url)
    services = open_services(url)
    try:
        if load_demo_if_empty(services):
            print(f"loaded the demo history into {redact(url)}")
        else:
            print(f"{redact(url)} already holds events: the demo was not loaded")
        name, token = demo_admin_token(services)
    finally:
        services.close()
    print(f"admin token {name!r}, shown only this once:")
    return token


def run_demo(args: argparse.Namespace) -> int:
    print(prepare_demo(args.url))
    return 0


def add_demo(subparsers: Any) -> None:
    p = subparsers.add_parser("demo", help="load the demo history if the store is empty, "
                                           "and print a new admin token (last line)")
    p.set_defaults(run=run_demo)


# --- serve -----------------------------------------------------------------------------------


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


def run_serve(args: argparse.Namespace) -> int:
    init_stores(args.url)
    if args.demo:
        print(prepare_demo(args.url), flush=True)
    options = {
        "bind": f"{args.host}:{args.port}",
        "workers": args.workers,
        "threads": args.threads,
        "worker_class": "gthread" if args.threads > 1 else "sync",
        "preload_app": False,
        "timeout": 60,
        "graceful_timeout": 10,
        "accesslog": "-" if args.access_log else None,
    }
    # The workers find the tables made above: none of them creates any (no start-up race).
    gunicorn_app(options, {"KIEZLEDGER_DATABASE_URL": args.url, "CREATE_TABLE": False}).run()
    return 0


def add_serve(subparsers: Any) -> None:
    p = subparsers.add_parser("serve", help="create the tables, then serve the API (gunicorn)")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--threads", type=int, default=1, help="threads per worker (gthread if > 1)")
    p.add_argument("--access-log", action="store_true", help="log each request to stdout")
    p.add_argument("--demo", action="store_true",
                   help="load the demo history if the store is empty; print an admin token")
    p.set_defaults(run=run_serve)


# --- report ----------------------------------------------------------------------------------


def add_report(subparsers: Any) -> None:
    from api.cli_report import add_report as add  # its own module: reports are heavy

    add(subparsers)


# --- main ------------------------------------------------------------------------------------

SUBCOMMANDS: dict[str, Callable[[Any], None]] = {
    "init": add_init,
    "serve": add_serve,
    "demo": add_demo,
    "token": add_token,
    "report": add_report,
}


def redact(url: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password is None:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.password, "***", 1)))


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="kiezledger", description="Kiezledger: the participation "
                                "ledger. The store is KIEZLEDGER_DATABASE_URL "
                                "(sqlite:///path or postgresql://...).")
    p.add_argument("--database-url", dest="url", default=None,
                   help="overrides KIEZLEDGER_DATABASE_URL")
    subparsers = p.add_subparsers(dest="command", required=True)
    for add in SUBCOMMANDS.values():
        add(subparsers)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    args.url = args.url or database_url()
    logging.basicConfig(level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return args.run(args)
    except CommandError as exc:
        print(f"kiezledger {args.command}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    raise SystemExit(main())
