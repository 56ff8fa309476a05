"""The global log: every stored event in order, as CloudEvents 1.0 JSON objects."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth, services
from api.resources.common import Blueprint
from queries.log import read_log
from queries.records import chain_hashes

blp = Blueprint("events", __name__, url_prefix="/v1/events",
                description="The global event log as CloudEvents (needs an unscoped token)")

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000


class LogQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62),
                           metadata={"description": "The last position already seen."})
    limit = fields.Integer(load_default=DEFAULT_LIMIT,
                           validate=validate.Range(min=1, max=MAX_LIMIT))


class CloudEventOut(Schema):
    specversion = fields.String()
    id = fields.String(metadata={"description": "<originator id>:<version>"})
    source = fields.String()
    type = fields.String(metadata={"example": "kiezledger.Proposal.Submitted"})
    subject = fields.String(metadata={"example": "proposals/<id>"})
    time = fields.String(metadata={"description": "When the ledger recorded it"})
    datacontenttype = fields.String()
    data = fields.Dict()
    position = fields.Integer()
    hash = fields.String(allow_none=True, metadata={
        "description": "The chain hash at this event (hex SHA-256; see /v1/integrity)"})
    recordedby = fields.String(allow_none=True)
    occurredon = fields.String(allow_none=True, metadata={"description": "The domain date"})


class LogOut(Schema):
    events = fields.List(fields.Nested(CloudEventOut), dump_only=True)


@blp.route("", methods=["GET"])
@blp.arguments(LogQuery, location="query")
@blp.response(200, LogOut)
def global_log(query: dict[str, Any]) -> dict[str, Any]:
    """The global log after position `after`; a token limited to some processes gets 403"""
    auth.require_unscoped()
    svc = services.current()
    return {"events": read_log(
        svc.ledger, after=query["after"], limit=query["limit"],
        hashes=lambda positions: chain_hashes(svc.db, positions, refresh=svc.refresh))}
