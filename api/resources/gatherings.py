"""Gatherings: open assemblies, future workshops, summits and actions that took place."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import Count, IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_reads,
    ledger,
    write,
)
from ledger.domain.processes import GATHERING_FORMATS, Gathering

blp = Blueprint("gatherings", __name__, url_prefix="/v1/gatherings",
                description="Gatherings held in a process, with attendance")


class GatheringIn(Schema):
    process_id = fields.UUID(required=True)
    format = Text(required=True, validate=validate.OneOf(GATHERING_FORMATS))
    title = Text(required=True, validate=validate.Length(min=1, max=500))
    held_on = IsoDate(required=True)
    place = Text(allow_none=True, validate=validate.Length(max=500))
    attendance = Count(allow_none=True)


class GatheringOut(ResourceOut):
    process_id = fields.UUID(dump_only=True)
    format = fields.String(dump_only=True)
    title = fields.String(dump_only=True)
    held_on = fields.Date(dump_only=True)
    place = fields.String(allow_none=True, dump_only=True)
    attendance = fields.Integer(allow_none=True, dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(GatheringIn)
@blp.response(201, GatheringOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def record_gathering(body: dict[str, Any]) -> Any:
    """Record a gathering that took place"""
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().record_gathering, created=True, **body)


add_reads(blp, Gathering, GatheringOut)
