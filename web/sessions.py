"""Server-side sign-in sessions (table `web_sessions`, beside `api_tokens`).

The browser holds only a random session id. The row is keyed by the id's SHA-256 and holds
the pasted token encrypted with a key derived from the id, so neither the cookie alone nor
the table alone yields a token. Every request decrypts the token and authenticates it as
the API does (`api.auth.authenticate_token`): revocation and expiry apply at once.

`web_secrets` keeps the one key every worker signs CSRF tokens with.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from store import sessions as table
from store.sql import Database

LIFETIME = timedelta(hours=12)  # a signed-in browser asks for the token again after this


def _now() -> datetime:
    return datetime.now(UTC)


def _hash(session_id: str) -> str:
    return hashlib.sha256(b"id:" + session_id.encode("utf-8", "surrogatepass")).hexdigest()


def _key(session_id: str) -> bytes:
    return hashlib.sha256(b"key:" + session_id.encode("utf-8", "surrogatepass")).digest()


class SessionStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def open(self, token: str) -> str:
        """Keep `token` for a new session; answer the session id for the cookie."""
        session_id = secrets.token_urlsafe(32)
        nonce = secrets.token_bytes(12)
        sealed = nonce + AESGCM(_key(session_id)).encrypt(nonce, token.encode(), None)
        now = _now()
        table.insert(self.db, _hash(session_id), sealed.hex(), now.isoformat(),
                     (now + LIFETIME).isoformat())
        return session_id

    def token(self, session_id: str | None) -> str | None:
        """The session's token; None for no, unknown, expired or damaged sessions."""
        if not session_id or len(session_id) > 100:
            return None
        row = table.find(self.db, _hash(session_id))
        if row is None or datetime.fromisoformat(row[1]) <= _now():
            return None
        sealed = bytes.fromhex(row[0])
        try:
            return AESGCM(_key(session_id)).decrypt(sealed[:12], sealed[12:], None).decode()
        except Exception:
            return None

    def close(self, session_id: str | None) -> None:
        """Sign out: the row goes (expired rows of anyone go too)."""
        if session_id:
            table.delete(self.db, _hash(session_id), _now().isoformat())
