"""`kiezledger token create | revoke | list`: API tokens."""

from __future__ import annotations

import argparse
from typing import Any
from uuid import UUID

from cli.common import CommandError, open_services
from cli.stores import init_stores

LIST_COLUMNS = ("name", "role", "scope", "state", "created", "expires", "revoked")


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
    print(f"token {info.name!r} revoked at {info.revoked_at.isoformat()}")
    return 0


def run_token_list(args: argparse.Namespace) -> int:
    from datetime import UTC, datetime

    services = open_services(args.url)
    try:
        infos = services.tokens.list()
    finally:
        services.close()
    now = datetime.now(UTC)
    print("\t".join(LIST_COLUMNS))
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
    listing = actions.add_parser("list", help="every token, tab-separated under a header row: "
                                              "name, role, scope, state, created, expires, "
                                              "revoked")
    listing.set_defaults(run=run_token_list)
