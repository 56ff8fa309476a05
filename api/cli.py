"""`kiezledger`: the command line. Each subcommand is one entry in `SUBCOMMANDS`.

    kiezledger init                      create the event, side and read-model tables once
    kiezledger serve [--demo]            init, then gunicorn with the app built in each worker
    kiezledger demo                      load the demo history if the store is empty
    kiezledger project [--only NAME ...]  read-model worker following the log (until SIGTERM)
    kiezledger rebuild --all | NAME ... | --list   rebuild read models from position 0
    kiezledger token create --role R --name N [--scope PROCESS_ID ...] [--expires-in-days D]
    kiezledger token revoke NAME         revoke a token at once
    kiezledger token list                every token, without the tokens
    kiezledger verify                    check the stored events against the hash chain
    kiezledger verify --input F [--checkpoint C] [--public-key K]   check an export offline
    kiezledger export --output F [--checkpoint-output C]            the whole ledger, NDJSON
    kiezledger import --input F          restore an export into an empty store
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

from api.progress import progress_bar
from store.config import database_url

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
    from store.signing import load_signing_key

    with init_lock(url):
        services = build(url, create_table=True)
        try:
            # Made here, once, so that every web process signs with the same key.
            load_signing_key(services.ledger)
        finally:
            services.close()


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


def issue_token(services: Any, name: str, role: str, scope: list[str],
                expires_in_days: int | None = None) -> str:
    from datetime import UTC, datetime, timedelta

    from api.tokens import MAX_DAYS, DuplicateName
    from ledger.domain.processes import Process
    from ledger.errors import LedgerError

    try:
        ids = sorted({str(services.ledger.find(Process, UUID(s), field="scope").id)
                      for s in scope})
    except (ValueError, LedgerError) as exc:
        raise CommandError(f"--scope: {exc}") from exc
    expires_at = None
    if expires_in_days is not None:
        if not 1 <= expires_in_days <= MAX_DAYS:
            raise CommandError(f"--expires-in-days: 1 to {MAX_DAYS}")
        expires_at = datetime.now(UTC) + timedelta(days=expires_in_days)
    try:
        return services.tokens.create(name, role, ids, expires_at)
    except (DuplicateName, ValueError) as exc:
        raise CommandError(str(exc)) from exc


def run_token_create(args: argparse.Namespace) -> int:
    init_stores(args.url)
    services = open_services(args.url)
    try:
        token = issue_token(services, args.name, args.role, args.scope, args.expires_in_days)
    finally:
        services.close()
    scope = ", ".join(args.scope) if args.scope else "every process"
    expiry = (f", expires in {args.expires_in_days} days" if args.expires_in_days is not None
              else "")
    print(f"token {args.name!r} ({args.role}, {scope}{expiry}); it is shown only this once:")
    print(token)
    return 0


def run_token_revoke(args: argparse.Namespace) -> int:
    from api.tokens import UnknownToken

    services = open_services(args.url)
    try:
        info = services.tokens.revoke(args.name)
    except UnknownToken as exc:
        raise CommandError(str(exc)) from exc
    finally:
        services.close()
    print(f"token {info.name!r} revoked at {info.revoked_at.isoformat()}")  # type: ignore[union-attr]
    return 0


def run_token_list(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    services = open_services(args.url)
    try:
        infos = services.tokens.list()
    finally:
        services.close()
    now = datetime.now(UTC)
    for info in infos:
        print("\t".join((
            info.name, info.role, ",".join(info.scope) or "*", info.state(now),
            info.created_at.isoformat(timespec="seconds"),
            info.expires_at.isoformat(timespec="seconds") if info.expires_at else "-",
            info.revoked_at.isoformat(timespec="seconds") if info.revoked_at else "-",
        )))
    return 0


def add_token(subparsers: Any) -> None:
    p = subparsers.add_parser("token", help="manage API tokens")
    actions = p.add_subparsers(dest="action", required=True)
    create = actions.add_parser("create", help="issue a token and print it (last line)")
    create.add_argument("--role", required=True, choices=("admin", "editor", "auditor"))
    create.add_argument("--name", required=True)
    create.add_argument("--scope", action="append", default=[], metavar="PROCESS_ID",
                        help="limit the token to this process (repeatable; none = all)")
    create.add_argument("--expires-in-days", type=int, default=None, metavar="DAYS",
                        help="the token stops working after this many days (default: never)")
    create.set_defaults(run=run_token_create)
    revoke = actions.add_parser("revoke", help="revoke a token at once (its name stays taken)")
    revoke.add_argument("name")
    revoke.set_defaults(run=run_token_revoke)
    listing = actions.add_parser("list", help="every token, tab-separated: name, role, scope, "
                                              "state, created, expires, revoked")
    listing.set_defaults(run=run_token_list)


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
    gunicorn_app(options, {"KIEZLEDGER_DATABASE_URL": args.url, "CREATE_TABLE": False,
                           "KIEZLEDGER_PROJECTIONS": args.projections}).run()
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
    p.add_argument("--projections", choices=("inprocess", "workers"), default=None,
                   help="who keeps the read models up to date: the web workers themselves "
                        "(inprocess), or `kiezledger project` workers that a write waits for "
                        "(workers); default: KIEZLEDGER_PROJECTIONS, else inprocess")
    p.set_defaults(run=run_serve)


# --- read models: project, rebuild -----------------------------------------------------------


def add_project(subparsers: Any) -> None:
    from api.cli_projections import add_project as add

    add(subparsers)


def add_rebuild(subparsers: Any) -> None:
    from api.cli_projections import add_rebuild as add

    add(subparsers)


# --- integrity: verify, export, import ----------------------------------------------------


def read_checkpoint(path: str) -> dict[str, Any]:
    """A checkpoint from a file: as `export --checkpoint-output` writes it, the answer of
    GET /v1/integrity (its `checkpoint`), or an export's checkpoint line (its `data`)."""
    import json

    try:
        with open(path, encoding="utf-8") as f:
            found = json.load(f)
    except (OSError, ValueError) as exc:
        raise CommandError(f"--checkpoint: {exc}") from exc
    if isinstance(found, dict) and "signature" not in found:
        found = found.get("checkpoint") or found.get("data") or found
    if not isinstance(found, dict) or not {"position", "hash"} <= set(found):
        raise CommandError(f"--checkpoint: {path} holds no checkpoint "
                           "(position, hash, signed_at, public_key, signature)")
    return found


def last_checkpoint_line(path: str) -> dict[str, Any] | None:
    """The `data` of an export's final checkpoint line, if it has one."""
    import json

    from ledger.archive import CHECKPOINT_TYPE

    last = None
    with open(path, encoding="utf-8") as f:
        for raw in f:
            if raw.strip():
                last = raw
    try:
        line = json.loads(last) if last else None
    except ValueError:
        return None
    if isinstance(line, dict) and line.get("type") == CHECKPOINT_TYPE:
        return line.get("data")
    return None


def report_verification(result: dict[str, Any], what: str) -> int:
    if result["ok"]:
        head = result["head"]
        print(f"{what}: ok, {result['checked']} events verified; head position "
              f"{head['position']}, hash {head['hash']}")
        return 0
    where = result["first_bad_position"]
    print(f"kiezledger verify: {what} does NOT verify: "
          + (f"first bad position {where}: " if where is not None else "")
          + str(result["reason"]), file=sys.stderr)
    return 1


def verify_offline(args: argparse.Namespace) -> int:
    """An export (and a checkpoint published earlier) checked without any database."""
    from ledger.archive import verify_export

    public_key = None
    if args.public_key:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        try:
            with open(args.public_key, "rb") as f:
                public_key = load_pem_public_key(f.read())
        except (OSError, ValueError) as exc:
            raise CommandError(f"--public-key: not a public key in PEM: {exc}") from exc
        if not isinstance(public_key, Ed25519PublicKey):
            raise CommandError("--public-key: not an Ed25519 public key")
    checkpoint = read_checkpoint(args.checkpoint) if args.checkpoint else None
    if checkpoint is None and public_key is not None:
        checkpoint = last_checkpoint_line(args.input)  # pin the export's own signer
    if checkpoint is not None and public_key is None:
        print("note: the checkpoint's signature was checked with the key inside it; pass "
              "--public-key (GET /v1/integrity/key) to check who signed it", file=sys.stderr)
    try:
        with open(args.input, encoding="utf-8") as inp, \
                progress_bar("verify", args.quiet) as progress:
            result = verify_export(inp, checkpoint, public_key=public_key, progress=progress)
    except OSError as exc:
        raise CommandError(f"--input: {exc}") from exc
    return report_verification(result, args.input)


def run_verify(args: argparse.Namespace) -> int:
    if args.input is None:
        if args.checkpoint or args.public_key:
            raise CommandError("--checkpoint and --public-key check an export: add --input")
        return verify_store_cli(args)
    return verify_offline(args)


def verify_store_cli(args: argparse.Namespace) -> int:
    """The store itself: every stored event against the recorded chain and checkpoints.
    Changes nothing (no tables made, no triggers reinstalled: they are evidence)."""
    from projections.integrity import verify_store
    from store.guards import guards_installed

    services = open_services(args.url)
    try:
        try:
            services.refresh()  # the integrity read model up to the head (in-process mode)
        except Exception as exc:  # e.g. events deleted under it: verify says where
            logger.warning("the read models could not catch up: %s", exc)
        total = services.ledger.recorder.max_notification_id() or 0
        with progress_bar("verify", args.quiet) as progress:
            result = verify_store(services.ledger, services.db, progress=progress)
            progress(result["checked"], total)
        guarded = guards_installed(services.ledger)
    finally:
        services.close()
    if not guarded:
        print("warning: the triggers that refuse edits of stored events are missing; "
              "`kiezledger init` puts them back", file=sys.stderr)
    return report_verification(result, redact(args.url))


def add_verify(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "verify", help="check the hash chain: of the store, or of an export offline",
        description="Without --input: recompute the hash chain over the store's events and "
                    "compare it with the recorded chain and every checkpoint handed out. "
                    "With --input: check an export without any database, optionally against "
                    "a checkpoint published earlier. Exit status 0 when it verifies, 1 when "
                    "not (naming the first bad position on stderr).")
    p.add_argument("--input", metavar="FILE", help="an export (NDJSON) to check offline")
    p.add_argument("--checkpoint", metavar="FILE",
                   help="a checkpoint published earlier (JSON): its hash must occur in the "
                        "export's chain")
    p.add_argument("--public-key", metavar="FILE",
                   help="the deployment's public key (PEM, GET /v1/integrity/key) that must "
                        "have signed the checkpoint")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_verify)


def write_json(path: str, obj: Any) -> None:
    import json

    atomic_write(path, lambda f: f.write(json.dumps(obj, indent=2) + "\n"))


def atomic_write(path: str, write: Callable[[Any], Any]) -> Any:
    """Write a file through a temporary one beside it: a failed run leaves no half file."""
    import os
    import tempfile

    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".kiezledger-", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            answer = write(f)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    return answer


def run_export(args: argparse.Namespace) -> int:
    from ledger import archive
    from projections.integrity import record_checkpoint

    services = open_services(args.url)
    try:
        with progress_bar("export", args.quiet) as progress:
            if args.output == "-":
                cp = archive.export(services.ledger, sys.stdout, progress)
                sys.stdout.flush()
            else:
                cp = atomic_write(args.output, lambda f: archive.export(services.ledger, f,
                                                                         progress))
        if cp["position"] and services.db.has_table("integrity_checkpoints"):
            record_checkpoint(services.db, cp)  # handed out: `verify` checks against it
    finally:
        services.close()
    if args.checkpoint_output:
        write_json(args.checkpoint_output, cp)
    print(f"exported the ledger up to position {cp['position']}, head hash {cp['hash']}"
          + (f" to {args.output}" if args.output != "-" else ""),
          file=sys.stderr if args.output == "-" else sys.stdout)
    return 0


def add_export(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "export", help="write the whole ledger as CloudEvents NDJSON (with a signed checkpoint)",
        description="Writes personal keys, every stored event (with position, hash, "
                    "recorded_at, recorded_by and its stored bytes) and a final signed "
                    "checkpoint line. The file holds the live personal keys of everyone not "
                    "erased: guard it like the database.")
    p.add_argument("--output", required=True, metavar="FILE", help="the file (- for stdout)")
    p.add_argument("--checkpoint-output", metavar="FILE",
                   help="also write the signed checkpoint of the export as JSON, to publish")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_export)


def run_import(args: argparse.Namespace) -> int:
    from ledger.archive import ArchiveError, import_
    from projections.integrity import checkpoint

    init_stores(args.url)
    services = open_services(args.url)
    try:
        try:
            with open(args.input, encoding="utf-8") as inp, \
                    progress_bar("import", args.quiet) as progress:
                result = import_(services.ledger, inp, progress)
        except OSError as exc:
            raise CommandError(f"--input: {exc}") from exc
        except ArchiveError as exc:
            raise CommandError(str(exc)) from exc
        from projections.registry import all_projections
        from projections.runner import ProjectionRunner

        runner = ProjectionRunner(services.ledger, services.db,
                                  all_projections(services.ledger))
        with progress_bar("read models", args.quiet) as progress:
            runner.catch_up(progress=progress)
        checkpoint(services.ledger, services.db)  # kept: the restored head, signed here
    finally:
        services.close()
    print(f"imported {result['events']} events and {result['keys']} personal keys; head "
          f"position {result['position']}, hash {result['hash']} (the export's)")
    return 0


def add_import(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "import", help="restore an export into an empty store, verified, same head hash",
        description="Refuses a store that holds any event. Verifies the file first, writes "
                    "keys and events byte for byte, checks the head hash equals the "
                    "export's, then brings the read models up to date. API tokens are not "
                    "part of an export: issue new ones with `kiezledger token create`.")
    p.add_argument("--input", required=True, metavar="FILE", help="an export (NDJSON)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(run=run_import)


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
    "project": add_project,
    "rebuild": add_rebuild,
    "verify": add_verify,
    "export": add_export,
    "import": add_import,
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
