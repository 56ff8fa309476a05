"""Cooperations (Kooperationen): edges between two actors, from a date, maybe until a date."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    write,
)
from ledger.domain.actors import COOPERATION_KINDS, Cooperation

blp = Blueprint("cooperations", __name__, url_prefix="/v1/cooperations",
                description="Cooperations between two actors")


class CooperationIn(Schema):
    actor_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(equal=2))
    kind = Text(required=True, validate=validate.OneOf(COOPERATION_KINDS))
    started_on = IsoDate(required=True)
    process_id = fields.UUID(allow_none=True)


class EndIn(Schema):
    ended_on = IsoDate(required=True)


class CooperationOut(ResourceOut):
    actor_ids = fields.List(fields.UUID(), dump_only=True)
    kind = fields.String(dump_only=True)
    started_on = fields.Date(dump_only=True)
    ended_on = fields.Date(allow_none=True, dump_only=True)
    process_id = fields.UUID(allow_none=True, dump_only=True)
    status = fields.String(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(CooperationIn)
@blp.response(201, CooperationOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def start_cooperation(body: dict[str, Any]) -> Any:
    """Start a cooperation (any editor; with a process_id, one in the token's scope)"""
    auth.check_scope(body.get("process_id"), field="process_id")
    return write(ledger().start_cooperation, created=True, **body)


add_action(blp, Cooperation, CooperationOut, "end", EndIn, "end_cooperation",
           "End a cooperation")


add_reads(blp, Cooperation, CooperationOut)
