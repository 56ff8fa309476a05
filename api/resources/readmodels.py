"""What the read-model endpoints share (charter text and diff, timeline, network, commitments
board): content negotiation, day fields, date ranges, and reading an up-to-date read model.

Each of them reads a projection (`projections/`), never the events of a request's records:

- in-process mode (`KIEZLEDGER_PROJECTIONS=inprocess`, the default) a read first brings the
  read models up to the head of the log, as the lists do;
- in worker mode it reads what the `kiezledger project` workers have applied (a client's own
  writes are there already: each write waited for them, see `api.services`).
"""

from __future__ import annotations

from typing import Any

from flask import Response, request
from marshmallow import Schema, ValidationError, fields, validates_schema

from api import services
from api.errors import Problem
from api.resources.formats import body_schema
from store.sql import Database

JSON = "application/json"
VARY = {"Vary": "Accept"}


def Day(**kwargs: Any) -> fields.String:
    """A domain day in an answer (`YYYY-MM-DD`); the read models keep days as ISO text."""
    metadata = {"format": "date", "example": "2022-09-01", **kwargs.pop("metadata", {})}
    return fields.String(metadata=metadata, **kwargs)


def negotiate(*offers: str) -> str:
    """The offer the client's `Accept` prefers; JSON (the first offer) when it sends none
    or accepts anything. 406 only when it explicitly accepts none of the offers."""
    if not request.headers.get("Accept", "").strip():
        return offers[0]
    best = request.accept_mimetypes.best_match(offers)
    if best is None:
        raise Problem(406, "Not Acceptable", f"This resource is available as {', '.join(offers)}.",
                      slug="not-acceptable")
    return best


def alternative(content_type: str, description: str) -> dict[str, Any]:
    """OpenAPI: another representation of the 200 answer, chosen by `Accept`."""
    return {"responses": {200: {"content": {content_type: {
        "schema": body_schema(content_type, description)}}}}}


def text_response(body: str, content_type: str) -> Response:
    return Response(body, status=200, content_type=f"{content_type}; charset=utf-8",
                    headers=VARY)


def fresh_db() -> Database:
    """The read-side database (a read replica when one is chosen for this request), its
    read models caught up first in in-process mode."""
    svc = services.current()
    svc.refresh()
    return services.read_db()


def not_projected_yet(what: str) -> Problem:
    """The ledger has the record but the read models do not yet (workers behind)."""
    return Problem(503, "Service Unavailable",
                   f"The read models have not reached this {what} yet; try again shortly.",
                   slug="projections-behind", headers={"Retry-After": "1"})


class DayRange(Schema):
    """A query with `from` and `to` (inclusive domain days, declared by the subclass as
    `from_` with data_key "from", and `to`): `from` must not be after `to`."""

    @validates_schema
    def from_not_after_to(self, data: dict[str, Any], **kwargs: Any) -> None:
        start, end = data.get("from_"), data.get("to")
        if start is not None and end is not None and start > end:
            raise ValidationError("`from` must not be after `to`.", field_name="from")
