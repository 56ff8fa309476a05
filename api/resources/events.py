"""The global log: every stored event in order, as CloudEvents 1.0 (`queries.log`).

`Accept: application/cloudevents-batch+json` answers the CloudEvents JSON batch format (a
JSON array of events) that CloudEvents tooling reads directly; otherwise the events are
wrapped as `{"events": [...]}` (application/json).
"""

from __future__ import annotations

import os
from typing import Any

from flask import Response, current_app, json
from marshmallow import Schema, fields, validate

from api import auth, services
from api.resources.common import Blueprint
from api.resources.readmodels import JSON, VARY, negotiate
from queries.log import read_log
from queries.records import chain_hashes

blp = Blueprint("events", __name__, url_prefix="/v1/events",
                description="The global event log as CloudEvents (needs an unscoped token)")

DEFAULT_LIMIT, MAX_LIMIT = 100, 1000
BATCH = "application/cloudevents-batch+json"
SOURCE_ENV = "KIEZLEDGER_EVENT_SOURCE"


class LogQuery(Schema):
    after = fields.Integer(load_default=0, validate=validate.Range(min=0, max=2**62),
                           metadata={"description": "The last position already seen."})
    limit = fields.Integer(load_default=DEFAULT_LIMIT,
                           validate=validate.Range(min=1, max=MAX_LIMIT))


def _optional(description: str, **metadata: Any) -> dict[str, Any]:
    return {"description": description, "optional": True, **metadata}


class CloudEventOut(Schema):
    specversion = fields.String(metadata={"enum": ["1.0"]})
    id = fields.String(metadata={"description": "<record id>:<version>"})
    source = fields.String(metadata={
        "description": f"The deployment: `{SOURCE_ENV}`, else `urn:kiezledger:ledger:<id of "
                       "the ledger's first record>`"})
    type = fields.String(metadata={"example": "org.kiezledger.proposal.submitted.v1"})
    subject = fields.String(metadata={"example": "proposals/<id>"})
    time = fields.String(metadata={"description": "When the ledger recorded it",
                                   "format": "date-time"})
    datacontenttype = fields.String(metadata={"enum": ["application/json"]})
    data = fields.Dict()
    position = fields.Integer()
    hash = fields.String(metadata=_optional(
        "The chain hash at this event (hex SHA-256; see /v1/integrity); absent while not "
        "computed yet"))
    recordedby = fields.String(metadata=_optional("The token that recorded it"))
    occurredon = fields.String(metadata=_optional("The domain date (absent for events "
                                                  "without one)", format="date"))


class LogOut(Schema):
    events = fields.List(fields.Nested(CloudEventOut), dump_only=True)


def event_source() -> str | None:
    """The configured `source` of the feed's events (None: `queries.log.default_source`)."""
    configured = current_app.config.get(SOURCE_ENV) or os.environ.get(SOURCE_ENV, "")
    return configured.strip() or None


@blp.route("", methods=["GET"])
@blp.doc(operationId="list_events", responses={200: {"content": {BATCH: {"schema": {
    "type": "array", "items": {"$ref": "#/components/schemas/CloudEventOut"}}}}}})
@blp.arguments(LogQuery, location="query")
@blp.response(200, LogOut)
def global_log(query: dict[str, Any]) -> Any:
    """The global log after position `after`; a token limited to some processes gets 403
    (`Accept: application/cloudevents-batch+json` for the CloudEvents batch format)"""
    auth.require_unscoped()
    wanted = negotiate(JSON, BATCH)
    svc = services.current()
    events = read_log(
        svc.ledger, after=query["after"], limit=query["limit"], source=event_source(),
        hashes=lambda positions: chain_hashes(svc.db, positions, refresh=svc.refresh))
    if wanted == BATCH:
        return Response(json.dumps(events) + "\n", status=200, content_type=BATCH,
                        headers=VARY)
    return {"events": events}, VARY
