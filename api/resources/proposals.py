"""Proposals (Vorschläge / Anträge), possibly changing a charter clause, and their amendments."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from marshmallow import Schema, fields, validate

from api import auth
from api.fields import IsoDate, Text
from api.resources.amendments import AmendmentOut, WithdrawnOnIn
from api.resources.common import (
    IDEMPOTENCY_DOC,
    Blueprint,
    ResourceOut,
    add_action,
    add_reads,
    ledger,
    may_write_to,
    write,
)
from ledger.domain.charters import CLAUSE_ACTIONS
from ledger.domain.proposals import Proposal

blp = Blueprint("proposals", __name__, url_prefix="/v1/proposals",
                description="Proposals put to a decision, and their amendments")

AUTHORS = validate.Length(min=1, max=100)


class ClauseChangeIn(Schema):
    action = Text(required=True, validate=validate.OneOf(CLAUSE_ACTIONS))
    clause_id = fields.UUID(allow_none=True)
    heading = Text(allow_none=True, validate=validate.Length(min=1, max=500))


class ProposalIn(Schema):
    process_id = fields.UUID(required=True)
    title = Text(required=True, validate=validate.Length(min=1, max=500))
    text = Text(required=True, validate=validate.Length(min=1, max=100000))
    author_ids = fields.List(fields.UUID(), required=True, validate=AUTHORS)
    submitted_on = IsoDate(required=True)
    charter_id = fields.UUID(allow_none=True)
    clause = fields.Nested(ClauseChangeIn, allow_none=True)


class AmendmentIn(Schema):
    author_ids = fields.List(fields.UUID(), required=True, validate=AUTHORS)
    text = Text(required=True, validate=validate.Length(min=1, max=100000))
    rationale = Text(allow_none=True, validate=validate.Length(max=20000))
    submitted_on = IsoDate(required=True)


class ClauseChangeOut(Schema):
    action = fields.String()
    clause_id = fields.UUID(allow_none=True)
    heading = fields.String(allow_none=True)
    new_clause_id = fields.UUID(allow_none=True)


class ProposalOut(ResourceOut):
    process_id = fields.UUID(dump_only=True)
    title = fields.String(dump_only=True)
    text = fields.String(dump_only=True)
    original_text = fields.String(dump_only=True)
    author_ids = fields.List(fields.UUID(), dump_only=True)
    submitted_on = fields.Date(dump_only=True)
    charter_id = fields.UUID(allow_none=True, dump_only=True)
    clause = fields.Nested(ClauseChangeOut, allow_none=True, dump_only=True)
    status = fields.String(dump_only=True)
    amendment_ids = fields.List(fields.UUID(), dump_only=True)
    adopted_amendment_ids = fields.List(fields.UUID(), dump_only=True)
    decided_by = fields.UUID(allow_none=True, dump_only=True)
    decided_on = fields.Date(allow_none=True, dump_only=True)
    withdrawn_on = fields.Date(allow_none=True, dump_only=True)


@blp.route("", methods=["POST"])
@blp.arguments(ProposalIn)
@blp.response(201, ProposalOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def submit_proposal(body: dict[str, Any]) -> Any:
    """Submit a proposal; with `charter_id` and `clause` it would change that charter"""
    auth.check_scope(body["process_id"], field="process_id")
    return write(ledger().submit_proposal, created=True, **body)


add_action(blp, Proposal, ProposalOut, "withdraw", WithdrawnOnIn, "withdraw_proposal",
           "Withdraw a proposal that is still open")


@blp.route("/<uuid:id>/amendments", methods=["POST"])
@blp.arguments(AmendmentIn)
@blp.response(201, AmendmentOut)
@blp.doc(parameters=[IDEMPOTENCY_DOC])
def submit_amendment(body: dict[str, Any], id: UUID) -> Any:
    """Submit an amendment to an open proposal"""
    may_write_to(Proposal, id)
    return write(ledger().submit_amendment, id, created=True, **body)


add_reads(blp, Proposal, ProposalOut)
