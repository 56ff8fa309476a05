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
    kiezledger report accountability --process ID ...   (see cli/report.py)

Each group of subcommands is one module of this package with `add_<name>(subparsers)` (which
sets `run=` on its parser); a later subcommand adds its module and an entry in `SUBCOMMANDS`.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable
from typing import Any

from cli import readmodels, report, serve, stores, tokens, trust
from cli.common import CommandError
from store.config import database_url

SUBCOMMANDS: dict[str, Callable[[Any], None]] = {
    "init": stores.add_init,
    "serve": serve.add_serve,
    "demo": serve.add_demo,
    "token": tokens.add_token,
    "project": readmodels.add_project,
    "rebuild": readmodels.add_rebuild,
    "verify": trust.add_verify,
    "export": trust.add_export,
    "import": trust.add_import,
    "report": report.add_report,
}


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
