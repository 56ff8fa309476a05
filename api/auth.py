"""Bearer tokens, roles and process scopes."""

from __future__ import annotations

from flask import g, request

from api import services
from api.errors import Problem
from api.tokens import Principal
from ledger.errors import NotFound, UnknownReference

WRITERS = ("admin", "editor")
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="kiezledger"'}


def unauthorized() -> Problem:
    # One answer for a missing, malformed, unknown, revoked or expired token: it tells nothing.
    return Problem(401, "Unauthorized", "A valid bearer token is required.",
                   slug="unauthorized", headers=CHALLENGE)


def forbidden(detail: str) -> Problem:
    return Problem(403, "Forbidden", detail, slug="forbidden")


MAX_TOKEN_LENGTH = 200


def authenticate() -> Principal:
    """The caller's principal, or the one 401. Every failure costs the same work: one token
    lookup by digest (a missing or malformed token looks up a dummy digest)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return authenticate_token(token.strip() if scheme.lower() == "bearer" else None)


def authenticate_token(token: str | None) -> Principal:
    """The principal of a token however it came (a header, a web session), or the one 401."""
    wellformed = token is not None and 0 < len(token) <= MAX_TOKEN_LENGTH
    principal = services.current().tokens.principal(token if wellformed else None)
    if principal is None:
        raise unauthorized()
    g.principal = principal
    return principal


def principal() -> Principal:
    return g.principal


def require_role(*roles: str) -> Principal:
    who = principal()
    if who.role not in roles:
        raise forbidden(f"this needs the role {' or '.join(roles)}; the token is {who.role}")
    return who


def require_unscoped() -> Principal:
    who = principal()
    if who.scoped:
        raise forbidden("this needs a token that is not limited to some processes")
    return who


def check_scope(process_id: object, *, field: str | None = None) -> None:
    """Refuse a process outside the token's scope (None: no process, allowed) exactly as an
    unknown process is refused: 404 for a process named in the path or query, 422 for one
    named in `field` of the body. A scoped token learns nothing about the processes it does
    not cover, not even that they exist."""
    if not principal().covers(process_id):
        if field is not None:
            raise UnknownReference(f"no process with id {process_id}", field=field)
        raise NotFound(f"no process with id {process_id}")


def check_record_scope(noun: str, id: object, process_id: object) -> None:
    """Refuse a record (named by `id`) of a process outside the token's scope exactly as an
    unknown id is refused (404, "no <noun> with id <id>"). A record without a process is
    readable by every token."""
    if not principal().covers(process_id):
        raise NotFound(f"no {noun} with id {id}")


def check_may_change(noun: str, id: object, process_id: object) -> None:
    """A write to an existing record: a record of an out-of-scope process answers as an
    unknown one (404); a record without a process (a cooperation without process_id), which
    every token can see, only an unscoped token may change (403)."""
    check_record_scope(noun, id, process_id)
    if process_id is None and principal().scoped:
        raise forbidden(f"this {noun} belongs to no process; only a token that is not "
                        "limited to some processes may change it")
