"""API tokens (admin): issued here, shown once."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth, services
from api.errors import Problem
from api.fields import Text
from api.resources.common import IDEMPOTENCY_DOC, Blueprint, ledger
from api.tokens import NAME_PATTERN, NAME_RULE, ROLES, DuplicateName
from ledger.domain.processes import Process

blp = Blueprint("tokens", __name__, url_prefix="/v1/tokens",
                description="Bearer tokens: admin issues them; each is shown once")


class TokenIn(Schema):
    name = Text(required=True, validate=validate.Regexp(NAME_PATTERN, error=NAME_RULE + "."))
    role = Text(required=True, validate=validate.OneOf(ROLES))
    scope = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=1000),
                        metadata={"description": "Process ids; empty means every process."})


class TokenOut(Schema):
    token = fields.String(dump_only=True, metadata={"description": "Shown only this once."})
    name = fields.String(dump_only=True)
    role = fields.String(dump_only=True)
    scope = fields.List(fields.String(), dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(201, TokenOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def create_token(body: dict[str, Any]) -> dict[str, Any]:
    """Issue a token (admin only)"""
    auth.require_role("admin")
    scope = sorted({str(ledger().find(Process, pid, field="scope").id) for pid in body["scope"]})
    try:
        token = services.current().tokens.create(body["name"], body["role"], scope)
    except DuplicateName as exc:
        raise Problem(409, "Conflict", str(exc), slug="duplicate-name",
                      errors={"name": [str(exc)]}) from exc
    return {"token": token, "name": body["name"], "role": body["role"], "scope": scope}
