"""`kiezledger verify`, `export` and `import`: the hash chain, and the ledger as a file."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from cli.common import CommandError, open_services, redact
from cli.progress import progress_bar
from cli.stores import init_stores

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

logger = logging.getLogger("kiezledger")


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
    try:
        with open(path, encoding="utf-8") as f:
            for raw in f:
                if raw.strip():
                    last = raw
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(f"--input: {exc}") from exc
    try:
        line = json.loads(last) if last else None
    except ValueError:
        return None
    if isinstance(line, dict) and line.get("type") == CHECKPOINT_TYPE:
        return line.get("data")
    return None


def report_verification(result: Mapping[str, Any], what: str) -> int:
    """`result` as `ledger.integrity.verify` answers it (a `Verification`)."""
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

    public_key: Ed25519PublicKey | None = None
    if args.public_key:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
        from cryptography.hazmat.primitives.serialization import load_pem_public_key

        try:
            with open(args.public_key, "rb") as f:
                loaded = load_pem_public_key(f.read())
        except (OSError, ValueError) as exc:
            raise CommandError(f"--public-key: not a public key in PEM: {exc}") from exc
        if not isinstance(loaded, Ed25519PublicKey):
            raise CommandError("--public-key: not an Ed25519 public key")
        public_key = loaded
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
    except (OSError, UnicodeDecodeError) as exc:
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
    Changes nothing but adding its result to `verify_runs` (for /metrics): no tables made, no
    triggers reinstalled (they are evidence)."""
    from queries.integrity import verify_store
    from store import verifications
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
        verifications.record(services.db, result["ok"], result["checked"],
                             result["first_bad_position"])
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
    from queries.integrity import checkpoint

    init_stores(args.url)
    services = open_services(args.url)
    try:
        try:
            with open(args.input, encoding="utf-8") as inp, \
                    progress_bar("import", args.quiet) as progress:
                result = import_(services.ledger, inp, progress)
        except (OSError, UnicodeDecodeError) as exc:
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
