"""The deployment's signing key file, and checkpoints signed with it.

The key is a PEM file: `KIEZLEDGER_SIGNING_KEY_FILE`, else `signing-key.pem` beside the SQLite
database, else `./var/signing-key.pem`; made on first use, readable by its owner only.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from ledger import integrity
from store import layout

SIGNING_KEY_ENV = "KIEZLEDGER_SIGNING_KEY_FILE"
SIGNING_KEY_NAME = "signing-key.pem"
DEFAULT_SIGNING_KEY_FILE = Path("var") / SIGNING_KEY_NAME


def signing_key_path(app: Any = None) -> Path:
    configured = os.environ.get(SIGNING_KEY_ENV)
    if configured:
        return Path(configured)
    dbname = layout.sqlite_file(app.recorder) if app is not None else None
    if dbname:
        return Path(dbname).parent / SIGNING_KEY_NAME
    return DEFAULT_SIGNING_KEY_FILE


def _write_new_key(path: Path) -> None:
    """Create the key file atomically with mode 0600; a concurrent creator may win."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    fd, tmp = tempfile.mkstemp(prefix=".signing-key-", dir=path.parent)  # mode 0600
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pem)
            f.flush()
            os.fsync(f.fileno())
        # os.link fails if another process made it first: theirs is kept
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        os.unlink(tmp)


def load_signing_key(app: Any = None) -> Ed25519PrivateKey:
    path = signing_key_path(app)
    if not path.exists():
        _write_new_key(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def public_key_pem(app: Any = None) -> str:
    """The deployment's public key (PEM, SubjectPublicKeyInfo): publish it to funders."""
    return integrity.public_pem(load_signing_key(app))


def sign(position: int, digest: str, app: Any = None,
         signed_at: str | None = None) -> integrity.Checkpoint:
    return integrity.signed_checkpoint(load_signing_key(app), position, digest, signed_at)


def checkpoint(app: Any) -> integrity.Checkpoint:
    """The head of the log, signed with the deployment's key."""
    position, digest = integrity.head(app)
    return sign(position, digest, app)
