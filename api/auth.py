"""Bearer tokens, roles and process scopes."""

from __future__ import annotations

from flask import g, request

from api import services
from api.errors import Problem
from api.tokens import Principal

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


def check_scope(process_id: object) -> None:
    """Refuse a record of a process outside the token's scope (None: no process, allowed)."""
    if not principal().covers(process_id):
        raise forbidden(f"the token's scope does not include process {process_id}")
