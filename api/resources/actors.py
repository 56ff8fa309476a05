"""Actors (Akteur:innen): who takes part."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api.fields import Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_reads,
    ledger,
    write,
)
from ledger.domain.actors import ACTOR_KINDS, Actor

blp = Blueprint("actors", __name__, url_prefix="/v1/actors",
                description="Actors: people, initiatives, shops, schools, offices, funders")


class ActorIn(Schema):
    kind = Text(required=True, validate=validate.OneOf(ACTOR_KINDS))
    name = Text(required=True, validate=validate.Length(min=1, max=500))
    district = Text(allow_none=True, validate=validate.Length(max=200))
    kiez = Text(allow_none=True, validate=validate.Length(max=200))
    contact = Text(allow_none=True, validate=validate.Length(max=500))


class ActorOut(ResourceOut):
    kind = fields.String(dump_only=True)
    name = fields.String(dump_only=True)
    district = fields.String(allow_none=True, dump_only=True)
    kiez = fields.String(allow_none=True, dump_only=True)
    contact = fields.String(allow_none=True, dump_only=True)
    erased = fields.Boolean(dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(ActorIn)
@blp.response(201, ActorOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def register_actor(body: dict[str, Any]) -> Any:
    """Register an actor (any editor)"""
    return write(ledger().register_actor, created=True, **body)


add_reads(blp, Actor, ActorOut)
