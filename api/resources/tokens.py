"""API tokens (admin): issued here and shown once, listed without their digests, revoked."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from api import auth, services
from api.errors import Problem
from api.fields import Moment, Text
from api.resources.common import IDEMPOTENCY_DOC, Blueprint, ledger
from api.tokens import (
    MAX_DAYS,
    NAME_PATTERN,
    NAME_RULE,
    ROLES,
    DuplicateName,
    TokenInfo,
    UnknownToken,
)
from ledger.domain.processes import Process
from ledger.errors import NotFound

blp = Blueprint("tokens", __name__, url_prefix="/v1/tokens",
                description="Bearer tokens (admin): issued and shown once, listed, revoked")


class TokenIn(Schema):
    name = Text(required=True, validate=validate.Regexp(NAME_PATTERN, error=NAME_RULE + "."),
                metadata={"pattern": "^" + NAME_PATTERN.removesuffix("\\Z") + "$"})
    role = Text(required=True, validate=validate.OneOf(ROLES))
    scope = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=1000),
                        metadata={"description": "Process ids; empty means every process."})
    expires_at = Moment(allow_none=True, metadata={
        "description": "When the token stops working (ISO 8601, in the future; naive means "
                       "UTC). Leave out, with `expires_in_days`, for a token that does not "
                       "expire."})
    expires_in_days = fields.Integer(strict=True, allow_none=True,
                                     validate=validate.Range(min=1, max=MAX_DAYS),
                                     metadata={"description": "Expires this many days from now "
                                                              "(instead of `expires_at`)."})

    @validates_schema
    def one_expiry(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("expires_at") is not None and data.get("expires_in_days") is not None:
            raise ValidationError("Give expires_at or expires_in_days, not both.",
                                  field_name="expires_in_days")
        at = data.get("expires_at")
        if at is not None and at <= datetime.now(UTC):
            raise ValidationError("Must lie in the future.", field_name="expires_at")


class TokenInfoOut(Schema):
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    scope = fields.List(fields.String(), dump_only=True,
                        metadata={"description": "Process ids; empty means every process."})
    created_at = fields.DateTime(dump_only=True)
    expires_at = fields.DateTime(allow_none=True, dump_only=True)
    revoked_at = fields.DateTime(allow_none=True, dump_only=True)
    state = fields.String(dump_only=True, metadata={"enum": ["active", "expired", "revoked"]})


class TokenOut(TokenInfoOut):
    token = fields.String(dump_only=True, metadata={"description": "Shown only this once."})


class TokenListOut(Schema):
    items = fields.List(fields.Nested(TokenInfoOut), dump_only=True)


def shown(info: TokenInfo) -> dict[str, Any]:
    return {
        "name": info.name, "role": info.role, "scope": info.scope,
        "created_at": info.created_at, "expires_at": info.expires_at,
        "revoked_at": info.revoked_at, "state": info.state(datetime.now(UTC)),
    }


@blp.route("", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(201, TokenOut)
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    """Issue a token (admin only); optionally expiring

    The token is shown once and never stored, so this write takes no `Idempotency-Key` (a
    replay would have to keep the secret): it answers 400 with one. Repeating a request
    whose answer was lost answers 409 for the name already taken; revoke it and issue
    another.
    """
    token, info = issue(**body)
    return {"token": token, **shown(info)}


def issue(name: str, role: str, scope: list[Any], expires_at: datetime | None = None,
          expires_in_days: int | None = None) -> tuple[str, TokenInfo]:
    """Issue a token as the caller (admin only), from what `TokenIn` loaded: (the token,
    what is kept). The web pages issue through this too. An unknown process in `scope` is
    refused (422 at `scope`), a name taken already answers 409."""
    auth.require_role("admin")
    process_ids = sorted({str(ledger().find(Process, pid, field="scope").id) for pid in scope})
    if expires_in_days is not None:
        expires_at = datetime.now(UTC) + timedelta(days=expires_in_days)
    try:
        return services.current().tokens.issue(name, role, process_ids, expires_at)
    except DuplicateName as exc:
        raise Problem(409, "Conflict", str(exc), slug="duplicate-name",
                      errors={"name": [str(exc)]}) from exc


@blp.route("", methods=["GET"])
@blp.response(200, TokenListOut)
def list_tokens() -> dict[str, Any]:
    """Every token by name, revoked and expired ones too, without the tokens (admin only)"""
    return {"items": [shown(info) for info in listed()]}


def listed() -> list[TokenInfo]:
    """Every token as kept, without its digest (admin only); the web pages list these too."""
    auth.require_role("admin")
    return services.current().tokens.list()


@blp.route("/<string:name>", methods=["DELETE"])
@blp.response(204)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def revoke_token(name: str) -> None:
    """Revoke a token at once (admin only); revoking again changes nothing"""
    revoke(name)


def revoke(name: str) -> TokenInfo:
    """Revoke the token `name` as the caller (admin only; 404 for an unknown name); the web
    pages revoke through this too."""
    auth.require_role("admin")
    try:
        return services.current().tokens.revoke(name)
    except UnknownToken as exc:
        raise Problem(404, NotFound.title, str(exc), slug="not-found") from exc
