"""The neighbourhood charter (Kiez-Charta): clauses that change only by adopted proposals."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import DerivedList, IsoDate, Text
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_reads,
    ledger,
    write,
)
from ledger.domain.charters import Charter

blp = Blueprint("charters", __name__, url_prefix="/v1/charters",
                description="Charters and their clauses, each with the decision behind it")


class CharterIn(Schema):
    process_id = fields.UUID(required=True)
    title = Text(required=True, validate=validate.Length(min=1, max=500))
    established_on = IsoDate(required=True)


class DecisionOut(Schema):
    proposal_id = fields.UUID()
    amendment_ids = fields.List(fields.UUID())
    vote_id = fields.UUID()
    gathering_id = fields.UUID()
    decided_on = fields.Date()


class ClauseOut(Schema):
    clause_id = fields.UUID()
    number = fields.Integer()
    heading = fields.String()
    text = fields.String()
    adopted_by = fields.Nested(DecisionOut)


class CharterOut(ResourceOut):
    process_id = fields.UUID(dump_only=True)
    title = fields.String(dump_only=True)
    established_on = fields.Date(dump_only=True)
    clauses = DerivedList(fields.Nested(ClauseOut), Charter.clause_list)


@blp.route("", methods=["POST"])
@blp.arguments(CharterIn)
@blp.response(201, CharterOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def establish_charter(body: dict[str, Any]) -> Any:
    """Establish a charter for a process"""
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().establish_charter, created=True, **body)


add_reads(blp, Charter, CharterOut)
