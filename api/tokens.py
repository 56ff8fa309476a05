"""API tokens: random, shown once, stored only as their SHA-256 (table `api_tokens`).

A token may expire (`expires_at`) and may be revoked (`revoked_at`); neither row is ever
deleted, so a name stays taken for good and the `recorded_by` of old events keeps naming one
token. Authentication looks a token up by its digest, compares the digest in constant time,
and answers None alike for unknown, revoked and expired tokens: the caller cannot tell them
apart, and each costs one indexed lookup (missing and malformed tokens do the same lookup
with a dummy digest, see `api.auth`).
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, overload

from store import tokens as table
from store.sql import Database

ROLES = ("admin", "editor", "auditor")
PREFIX = "kl_"
NAME_PATTERN = r"[A-Za-z0-9][A-Za-z0-9._@:-]{0,99}\Z"
NAME_RULE = "1-100 letters, digits or . _ @ : - (starting with a letter or digit)"
MAX_DAYS = 3650  # the longest `expires_in_days`

class DuplicateName(Exception):
    """A token with this name exists already."""


class UnknownToken(Exception):
    """No token has this name."""


@dataclass(frozen=True)
class Principal:
    """Who is calling: the token's name is stamped on events as `recorded_by`."""

    name: str
    role: str
    scope: frozenset[str] = frozenset()  # process ids as str; empty = unscoped

    @property
    def scoped(self) -> bool:
        return bool(self.scope)

    def covers(self, process_id: object) -> bool:
        """May this principal act on (or see) a record of `process_id`? None = no process."""
        return not self.scope or process_id is None or str(process_id) in self.scope


@dataclass(frozen=True)
class TokenInfo:
    """A token as listed: everything but its digest."""

    name: str
    role: str
    scope: list[str]
    created_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None

    def state(self, now: datetime) -> str:
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at is not None and self.expires_at <= now:
            return "expired"
        return "active"


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


# Looked up when there is no token to look up, so that a missing or malformed token costs
# what an unknown one does. No token has this digest (it is not a SHA-256 of anything).
DUMMY_DIGEST = "0" * 64


def _now() -> datetime:
    return datetime.now(UTC)


@overload
def _moment(value: str) -> datetime: ...
@overload
def _moment(value: None) -> None: ...
def _moment(value: str | None) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


class TokenStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    def create(self, name: str, role: str, scope: list[str] | tuple[str, ...] = (),
               expires_at: datetime | None = None) -> str:
        """Issue a token and answer it; only its digest is kept."""
        return self.issue(name, role, scope, expires_at)[0]

    def issue(self, name: str, role: str, scope: list[str] | tuple[str, ...] = (),
              expires_at: datetime | None = None) -> tuple[str, TokenInfo]:
        """Issue a token: (the token, what is kept about it)."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {', '.join(ROLES)}")
        if not re.match(NAME_PATTERN, name):
            raise ValueError(f"a token name is {NAME_RULE}")
        now = _now()
        if expires_at is not None:
            if expires_at.tzinfo is None:
                expires_at = expires_at.replace(tzinfo=UTC)
            expires_at = expires_at.astimezone(UTC)
            if expires_at <= now:
                raise ValueError("expires_at must lie in the future")
        token = PREFIX + secrets.token_urlsafe(32)
        scope_list = sorted({str(s) for s in scope})
        created = table.insert(
            self.db, digest(token), name, role, json.dumps(scope_list), now.isoformat(),
            expires_at.isoformat() if expires_at is not None else None,
        )
        if not created:
            raise DuplicateName(f"a token named {name!r} exists already")
        return token, TokenInfo(name, role, scope_list, now, expires_at, None)

    def principal(self, token: str | None) -> Principal | None:
        """The principal of a valid token; None for a missing, unknown, revoked or expired
        one, after the same work in each case (one lookup by digest)."""
        wanted = digest(token) if token else DUMMY_DIGEST
        row = table.by_digest(self.db, wanted)
        stored, name, role, scope, expires_at, revoked_at = row or (DUMMY_DIGEST, "", "", "[]",
                                                                    None, None)
        matches = hmac.compare_digest(stored.encode("ascii"), wanted.encode("ascii"))
        expiry = _moment(expires_at)
        usable = (row is not None and token is not None and matches and revoked_at is None
                  and (expiry is None or _now() < expiry))
        return Principal(name, role, frozenset(json.loads(scope))) if usable else None

    def revoke(self, name: str) -> TokenInfo:
        """Revoke the token `name` (at once, in every worker). Revoking again changes
        nothing; an unknown name raises UnknownToken."""
        table.mark_revoked(self.db, name, _now().isoformat())
        found = self.get(name)
        if found is None:
            raise UnknownToken(f"no token is named {name!r}")
        return found

    def get(self, name: str) -> TokenInfo | None:
        rows = self._infos(table.listed(self.db, name))
        return rows[0] if rows else None

    def list(self) -> builtins.list[TokenInfo]:  # `list` below is this method
        """Every token, by name (revoked and expired ones too)."""
        return self._infos(table.listed(self.db))

    @staticmethod
    def _infos(rows: builtins.list[tuple[Any, ...]]) -> builtins.list[TokenInfo]:
        return [
            TokenInfo(name, role, json.loads(scope), _moment(created),
                      _moment(expires), _moment(revoked))
            for name, role, scope, created, expires, revoked in rows
        ]

    def names(self, prefix: str = "") -> builtins.list[str]:
        return sorted(name for name in table.names(self.db) if name.startswith(prefix))
