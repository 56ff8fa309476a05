"""`kiezledger report`: the funding and accountability reports as files, the same bytes the API
answers (HTML and PDF differ only in their generation time).

    kiezledger report funding --funder ID --from D --to D [--format F] [--lang de|en]
        [--output FILE]
    kiezledger report accountability --process ID --from D --to D [...]
    kiezledger report proof-of-use --funding ID --from D --to D [...]

`--format` is json, csv, html or pdf; without it the suffix of `--output` decides, else JSON.
`--output -` writes the report to stdout; without `--output` it is written to the current
directory under the name the API suggests (`funding-report_<funder>_<from>_<to>.<format>`).
The path written is printed. The command line reads the store directly: no token, no scope
(it is the operator's tool, like `token create`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from cli.common import CommandError, open_services
from cli.stores import init_stores

SUBJECTS = {"funding": ("--funder", "funder id (an actor)"),
            "accountability": ("--process", "process id"),
            "proof-of-use": ("--funding", "funding id")}


def output_format(args: argparse.Namespace) -> str:
    from queries.reports import FORMATS

    if args.format:
        return args.format
    if args.output and args.output != "-":
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix in FORMATS:
            return suffix
    return "json"


def write_atomically(path: Path, body: bytes) -> None:
    """A reader never sees half a report: written beside the target, then renamed over it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.chmod(tmp, 0o644 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def run_report(args: argparse.Namespace) -> int:
    from ledger.errors import LedgerError
    from queries.reports.make import ReportsUnavailable, make_report

    logging.getLogger("fontTools").setLevel(logging.WARNING)  # the PDF's font subsetting
    fmt = output_format(args)
    init_stores(args.url)
    services = open_services(args.url)
    try:
        if args.kind == "proof-of-use":
            from queries.reports.proof_make import make_proof

            made = make_proof(services, args.subject, args.from_, args.to, fmt=fmt,
                              lang=args.lang)
        else:
            made = make_report(services, args.kind, args.subject, args.from_, args.to,
                               fmt=fmt, lang=args.lang)
    except (LedgerError, ReportsUnavailable) as exc:
        raise CommandError(str(exc)) from exc
    finally:
        services.close()
    if args.output == "-":
        sys.stdout.flush()
        sys.stdout.buffer.write(made.body)
        sys.stdout.buffer.flush()
        return 0
    path = Path(args.output) if args.output else Path(made.filename)
    try:
        write_atomically(path, made.body)
    except OSError as exc:
        raise CommandError(f"--output: cannot write {path}: {exc.strerror or exc}") from exc
    print(path)
    return 0


def add_report(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "report",
        help="write a funding, accountability or proof-of-use report (json, csv, html, pdf)")
    kinds = p.add_subparsers(dest="kind", required=True)
    for kind, (option, what) in SUBJECTS.items():
        k = kinds.add_parser(kind, help=f"the {kind} report of one {what.split()[0]}")
        k.add_argument(option, dest="subject", required=True, metavar="ID", help=what)
        k.add_argument("--from", dest="from_", required=True, metavar="YYYY-MM-DD",
                       help="first day of the period (included)")
        k.add_argument("--to", required=True, metavar="YYYY-MM-DD",
                       help="last day of the period (included)")
        k.add_argument("--format", choices=("json", "csv", "html", "pdf"), default=None,
                       help="default: the suffix of --output, else json")
        k.add_argument("--lang", choices=("de", "en"), default="de",
                       help="language of HTML and PDF (default de)")
        k.add_argument("--output", "-o", default=None, metavar="FILE",
                       help="where to write it; - for stdout; default: the suggested file "
                            "name in the current directory")
        k.set_defaults(run=run_report)
